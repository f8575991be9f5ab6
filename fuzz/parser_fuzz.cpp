// libFuzzer target: the lexer and the parser (lang/lexer.hpp, lang/parser.hpp) on any bytes.
#include "harness.hpp"
#include "report.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    chainrule::fuzz::abort_on(chainrule::fuzz::check_parser({reinterpret_cast<const char*>(data), size}));
    return 0;
}
