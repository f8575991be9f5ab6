// libFuzzer target: whole programs through lang::session::run_program (parse, lower,
// differentiate, claims, checks, eval, show as c, training with a few epochs), in a sandbox
// directory: paths that would leave it are skipped, and so is training of more than a few
// epochs. Compiled code and the object cache go under the sandbox too (TMPDIR,
// XDG_CACHE_HOME).
#include "harness.hpp"
#include "report.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string_view>

namespace {

std::unique_ptr<chainrule::fuzz::sandbox> box;      // the programs' directory
std::unique_ptr<chainrule::fuzz::sandbox> scratch;  // TMPDIR and the object cache

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    box = std::make_unique<chainrule::fuzz::sandbox>();
    scratch = std::make_unique<chainrule::fuzz::sandbox>();
    std::filesystem::create_directories(scratch->path() / "cache");
    ::setenv("TMPDIR", scratch->path().c_str(), 1);
    ::setenv("XDG_CACHE_HOME", (scratch->path() / "cache").c_str(), 1);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto outcome = chainrule::fuzz::check_program({reinterpret_cast<const char*>(data), size}, *box);
    chainrule::fuzz::abort_on(outcome.problem);
    return 0;
}
