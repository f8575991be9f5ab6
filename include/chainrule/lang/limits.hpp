#pragma once
/// \file
/// The limits of a session a user may raise (`chainrule run --limit NAME=N`), by name, and the
/// fixed limits that guard the stack and the number parser, for the help text and the README.
/// Each limit refuses its input with a located error that names the limit; raising one trades
/// that refusal for time and memory.

#include "chainrule/lang/session.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace chainrule::lang {

/// One limit of session_options.
struct limit_info {
    std::string_view name;     ///< as --limit writes it: "elements"
    std::string_view meaning;  ///< one line: what it bounds
    std::uint64_t (*get)(const session_options&);
    void (*set)(session_options&, std::uint64_t);
    std::uint64_t least;       ///< the smallest value allowed
    std::uint64_t most;        ///< the largest value allowed
};

/// Every limit --limit may set, in the order the help lists them.
std::span<const limit_info> session_limits();

/// One limit fixed at compile time (the parser's, GiNaC's guards).
struct fixed_limit {
    std::string_view what;
    std::uint64_t value;
};

/// The fixed limits.
std::span<const fixed_limit> fixed_limits();

/// Sets the limit that `assignment` ("NAME=N", N a whole number, with an optional e-exponent as
/// in 1e6) names in o. Throws usage_error naming the mistake: an unknown name (with the known
/// ones), a malformed or out-of-range number.
void set_limit(session_options& o, std::string_view assignment);

/// The help text of the limits: each name, its default and meaning, then the fixed ones.
std::string limits_help();

}  // namespace chainrule::lang
