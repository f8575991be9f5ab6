#include "chainrule/core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace chainrule::detail {

void assertion_failed(const char* condition, const char* file, int line) {
    std::fprintf(stderr, "chainrule: internal error: %s:%d: assertion '%s' failed\n", file, line,
                 condition);
    std::abort();
}

}  // namespace chainrule::detail
