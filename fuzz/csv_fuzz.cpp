// libFuzzer target: the CSV reader (optim/csv.hpp) on any bytes.
#include "harness.hpp"
#include "report.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    chainrule::fuzz::abort_on(chainrule::fuzz::check_csv({reinterpret_cast<const char*>(data), size}));
    return 0;
}
