#pragma once
// Whether a symbolic proof may run away: GiNaC's normal() cannot be interrupted, so a proof that
// may run long goes to a child process with a time budget (isolated.hpp), and only a proof that
// is certainly small runs in this process (a fork costs about a millisecond, which an indexed
// claim of 10,000 cases would pay 10,000 times).

#include "chainrule/graph/graph.hpp"

#include <span>

namespace chainrule::verify {

// Whether normal(lhs - rhs) over the roots' DAG may take long: transcendental functions or
// variable powers nested past 4 deep, a constant exponent past 64, or more than
// max_inline_terms terms in the numerator and denominator of some node multiplied out over a
// common denominator (an upper bound, computed without expanding anything).
bool proof_may_run_away(const graph& g, std::span<const node_id> roots);

// The bound proof_may_run_away allows a proof in this process.
inline constexpr double max_inline_terms = 5000;

}  // namespace chainrule::verify
