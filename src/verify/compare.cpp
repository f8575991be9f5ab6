// Comparing at a point. A float difference d_k at precision p_k is judged against d_(k-1):
// - it vanished (d_k = 0, or |d_k| < |d_(k-1)| 2^(-bits(p_(k-1))/2)): rounding noise, equal;
// - |d_k - d_(k-1)| <= 2^-20 |d_k|: stable, a real difference;
// - otherwise the precision doubles.
#include "compare.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/numeric/evaluate.hpp"

#include <cln/cln.h>

namespace chainrule::verify {

namespace {

side_value exact_side(const rational& q, int digits) { return {q, to_decimal(q, digits)}; }

side_value float_side(const cln::cl_F& x, int digits) { return {std::nullopt, to_decimal(cln::rational(x), digits)}; }

// bits of a precision given in decimal digits
long bits(int digits) { return static_cast<long>(digits * 3.33) + 1; }

}  // namespace

point_comparison compare_at(const graph& g, node_id lhs, node_id rhs, const point& p, int digits, int max_digits) {
    const node_id roots[] = {lhs, rhs};
    point_comparison out;
    try {
        const std::vector<rational> v = numeric::evaluate(g, roots, p, numeric::arithmetic<rational>());
        if (v[0] == v[1]) {
            out.outcome = point_verdict::equal;
        } else {
            out.outcome = point_verdict::differ;
            out.lhs = exact_side(v[0], digits);
            out.rhs = exact_side(v[1], digits);
            out.difference = exact_side(v[0] - v[1], digits);
        }
        return out;
    } catch (const numeric::not_rational&) {
    } catch (const chainrule::domain_error& x) {
        return {point_verdict::undefined, 0, {}, {}, {}, x.what()};
    } catch (const chainrule::limit_error&) {
        // exact numbers too large: floats decide
    }
    std::optional<cln::cl_F> previous;
    int previous_digits = 0;
    for (int working = digits + 10; working <= max_digits; working *= 2) {
        std::vector<cln::cl_F> v;
        try {
            v = numeric::evaluate(g, roots, p, numeric::arithmetic<cln::cl_F>(working));
        } catch (const chainrule::domain_error& x) {
            return {point_verdict::undefined, working, {}, {}, {}, x.what()};
        } catch (const chainrule::error& x) {
            return {point_verdict::undecided, working, {}, {}, {}, x.what()};
        }
        const cln::cl_F d = v[0] - v[1];
        if (previous) {
            const bool vanished =
                cln::zerop(d) ||
                (!cln::zerop(*previous) && cln::float_exponent(d) < cln::float_exponent(*previous) - bits(previous_digits) / 2);
            if (vanished) return {point_verdict::equal, previous_digits, {}, {}, {}, {}};
            const cln::cl_F change = d - *previous;
            const bool stable = !cln::zerop(*previous) &&
                                (cln::zerop(change) || cln::float_exponent(change) < cln::float_exponent(d) - 20);
            if (stable) {
                out.outcome = point_verdict::differ;
                out.digits = previous_digits;
                out.lhs = float_side(v[0], digits);
                out.rhs = float_side(v[1], digits);
                out.difference = float_side(d, digits);
                return out;
            }
        }
        previous = d;
        previous_digits = working;
    }
    out.why = "the difference did not settle within " + std::to_string(max_digits) + " digits";
    return out;
}

}  // namespace chainrule::verify
