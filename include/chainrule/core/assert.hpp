#pragma once
/// \file
/// Internal invariant checks. A failed assertion is a bug in chainrule, not a caller mistake:
/// it reports file and line and aborts (caller mistakes throw chainrule::error instead).

namespace chainrule::detail {
[[noreturn]] void assertion_failed(const char* condition, const char* file, int line);
}

/// Checks an internal invariant; active in every build type.
#define CHAINRULE_ASSERT(condition)                                              \
    do {                                                                         \
        if (!(condition))                                                        \
            ::chainrule::detail::assertion_failed(#condition, __FILE__, __LINE__); \
    } while (false)
