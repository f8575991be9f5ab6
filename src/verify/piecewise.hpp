#pragma once
// Proofs by cases over the kinks: a difference built from relu, abs, step, sign, max and min is
// 0 when it is 0 in every sign region of the kink functions (k > 0, k = 0, k < 0 for each k: the
// argument of relu, abs, step and sign, u - v for max and min), each region with its branches
// in place: relu(u) = u or 0, abs(u) = u, 0 or -u, step(u) = 1 or 0, sign(u) = 1, 0 or -1, a
// tie of max or min the first operand. A region k = 0 is entered by solving k for a variable it
// has a constant coefficient in (so the solution is the whole surface); a region a numeric sign
// or a ratio of kink functions rules out is skipped.

#include <ginac/ginac.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace chainrule::verify {

// How a proof by cases went, when it went through: "by cases over the sign regions of 2 kinks
// (9 regions)".
// Nothing when e has no kink, more than max_kinks kink functions, nested kinks, a surface it
// cannot enter, or a region where `is_zero` does not hold. `is_zero` may throw; a region where
// it throws GiNaC's division by zero is one where e is undefined throughout.
std::optional<std::string> zero_by_cases(const GiNaC::ex& e, const std::function<bool(const GiNaC::ex&)>& is_zero,
                                         std::size_t max_kinks = 4);

}  // namespace chainrule::verify
