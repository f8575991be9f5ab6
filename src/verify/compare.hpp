#pragma once
// Two scalar nodes compared at one point: exactly where both are rational there, otherwise with
// CLN floats at rising precision until the difference either vanishes with the precision or is
// stable and nonzero.

#include "chainrule/graph/graph.hpp"
#include "chainrule/verify/equivalence.hpp"
#include "sampler.hpp"

namespace chainrule::verify {

// How a point came out.
enum class point_verdict { equal, differ, undefined, undecided };

struct point_comparison {
    point_verdict outcome = point_verdict::undecided;
    int digits = 0;                  // working digits that decided; 0 when exact
    side_value lhs, rhs, difference; // filled when outcome is differ
    std::string why;                 // undefined or undecided: what happened
};

// Compares lhs and rhs at p: floats start at `digits` + 10 significant digits and double up to
// max_digits; values are shown with `digits` significant digits.
point_comparison compare_at(const graph& g, node_id lhs, node_id rhs, const point& p, int digits, int max_digits);

}  // namespace chainrule::verify
