// libFuzzer target: the parameter file reader (src/lang/param_file.hpp) on any bytes, and the
// writer on whatever it reads.
#include "harness.hpp"
#include "report.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    chainrule::fuzz::abort_on(chainrule::fuzz::check_param_file({reinterpret_cast<const char*>(data), size}));
    return 0;
}
