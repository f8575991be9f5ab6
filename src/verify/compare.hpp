#pragma once
// Two scalar nodes compared at one point: exactly where both are rational there, otherwise in
// ball arithmetic (numeric/ball.hpp) at a rising precision, until the ball of lhs - rhs excludes
// 0 (a certified difference) or the ceiling is reached with 0 still inside (equal within the
// ball's bound). There is no relative cutoff: a difference of 10^-1000 is found at the first
// precision whose ball is narrower than it.

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
    // differ (not exact): "left - right < -9.9e-151", the ball's certificate that it is not 0;
    // equal (not exact): "|left - right| <= 1.01e-9990", the bound the balls certified
    std::string certificate;
    long bound_exponent = 0;         // equal (not exact): |left - right| < 2^bound_exponent
    std::string why;                 // undefined or undecided: what happened
};

// Compares lhs and rhs at p: balls from `digits` + 10 significant digits, doubling up to
// max_digits; values are shown with `digits` significant digits.
point_comparison compare_at(const graph& g, node_id lhs, node_id rhs, const point& p, int digits, int max_digits);

}  // namespace chainrule::verify
