#pragma once
// Internal: an undefined value (numeric::undefined_value) said as a user reads it: the node's
// expression and the inputs it reads, at the point where it failed.

#include "chainrule/lang/session.hpp"
#include "chainrule/numeric/scalar.hpp"
#include "chainrule/numeric/undefined.hpp"

#include <string>

namespace chainrule::lang {

/// "log(x - 1) is undefined at x = 1: log(0) of a number <= 0" (or "... overflows in double at
/// ..." for value_failure::overflow): `node` of s's model printed as the display shows it (cut at
/// 80 characters), the variables it reaches with their values at `at` (the first 8), and `reason`.
std::string describe_undefined(session& s, node_id node, const std::string& reason, const numeric::point& at,
                               numeric::value_failure failure = numeric::value_failure::undefined);

}  // namespace chainrule::lang
