// `check L`: symbolic gradient vs numeric tape (double, 50 digits) vs finite differences.
#include "chainrule/verify/cross_check.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/numeric/evaluate.hpp"
#include "chainrule/numeric/finite_difference.hpp"
#include "chainrule/numeric/tape.hpp"
#include "sampler.hpp"

#include <cln/cln.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace chainrule::verify {

namespace {

constexpr int reference_digits = 60;
constexpr int max_reference_digits = 1000;
constexpr int max_attempts_per_point = 40;

// The symbolic gradient's values at p, settled: evaluated at 60 digits, then at twice the digits
// until two successive precisions agree to 40 digits in every component (cancellations such as
// 1 - tanh(200)^2 need hundreds of digits); empty when they never do.
std::optional<std::vector<cln::cl_F>> settled(const graph& g, std::span<const node_id> roots, const point& p) {
    std::vector<cln::cl_F> previous = numeric::evaluate(g, roots, p, numeric::arithmetic<cln::cl_F>(reference_digits));
    for (int digits = 2 * reference_digits; digits <= max_reference_digits; digits *= 2) {
        std::vector<cln::cl_F> current = numeric::evaluate(g, roots, p, numeric::arithmetic<cln::cl_F>(digits));
        bool agree = true;
        for (std::size_t k = 0; k < current.size() && agree; ++k) {
            const cln::cl_F change = cln::abs(current[k] - previous[k]);
            agree = cln::zerop(change) ||
                    (!cln::zerop(current[k]) && cln::float_exponent(change) < cln::float_exponent(current[k]) - 133);
        }
        if (agree) return current;
        previous = std::move(current);
    }
    return std::nullopt;
}

// r (>= 0) as a double without CLN's underflow and overflow exceptions (double_approx throws
// floating_point_underflow_exception below double's range): a ratio below the smallest normal
// double is that smallest double, not 0 (0 means every digit agreed); one above the largest is
// infinity
double saturated_double(const cln::cl_F& r) {
    if (cln::zerop(r)) return 0.0;
    const long e = cln::float_exponent(r);  // 2^(e-1) <= r < 2^e
    if (e < std::numeric_limits<double>::min_exponent) return std::numeric_limits<double>::min();
    if (e > std::numeric_limits<double>::max_exponent) return HUGE_VAL;
    return cln::double_approx(r);
}

// finite v exactly as a CLN float of reference_digits: v = m 2^e with m 2^53 an integer
// (cl_float(double) throws floating_point_underflow_exception on subnormal doubles, which the
// double tape gives for values such as y^1999)
cln::cl_F exact_float(double v) {
    int e = 0;
    const double m = std::frexp(v, &e);
    const auto mantissa = static_cast<long long>(std::ldexp(m, 53));  // exact: |m| < 1
    return cln::scale_float(cln::cl_float(cln::cl_I(mantissa), cln::float_format(reference_digits)), e - 53);
}

// max_k |x_k - ref_k| / max_k |ref_k| (normwise), in double; 0 when both are 0
template <class T, class Convert>
std::pair<double, std::size_t> relative_error(const std::vector<T>& x, const std::vector<cln::cl_F>& ref, Convert convert) {
    cln::cl_F scale = cln::cl_float(0, cln::float_format(reference_digits));
    for (const cln::cl_F& r : ref) scale = cln::max(scale, cln::abs(r));
    cln::cl_F worst_difference = cln::cl_float(0, cln::float_format(reference_digits));
    std::size_t at = 0;
    if constexpr (std::is_same_v<T, double>) {
        // an infinite or NaN witness disagrees without measure (CLN cannot take it)
        for (std::size_t k = 0; k < x.size(); ++k)
            if (!std::isfinite(x[k])) return {HUGE_VAL, k};
    }
    for (std::size_t k = 0; k < ref.size(); ++k) {
        const cln::cl_F d = cln::abs(convert(x[k]) - ref[k]);
        if (d > worst_difference) worst_difference = d, at = k;
    }
    if (cln::zerop(worst_difference)) return {0.0, ref.size()};
    if (cln::zerop(scale)) return {HUGE_VAL, at};
    return {saturated_double(worst_difference / scale), at};
}

void worst(disagreement& d, std::pair<double, std::size_t> e, const std::vector<std::string>& names) {
    if (e.first > d.relative) d = {e.first, names[e.second]};
}

}  // namespace

cross_check_result cross_check(graph& g, node_id output, std::span<const node_id> wrt, std::span<const fact> facts,
                               int points, std::uint64_t seed) {
    cross_check_result out;
    for (node_id v : wrt) out.wrt.push_back(g.variable_of(v).name);
    const std::vector<node_id> symbolic = reverse_gradient(g, output, wrt);

    std::vector<fact> constraints;
    for (const fact& f : facts)
        if (f.rel != relation::equal) constraints.push_back(f);
    const node_id root[] = {output};
    sampler draw(g, variables_of(g, root), constraints, seed);  // the facts' variables are drawn too

    const numeric::tape<double> tape_d(g, output, wrt);
    const numeric::tape<cln::cl_F> tape_f(g, output, wrt);
    const numeric::arithmetic<double> in_double;
    const numeric::arithmetic<cln::cl_F> in_digits(out.tape_digits_used);

    for (int attempt = 0; out.points < points && attempt < points * max_attempts_per_point; ++attempt) {
        const point p = draw.draw();
        if (!draw.admits(p)) continue;
        try {
            const std::optional<std::vector<cln::cl_F>> ref = settled(g, symbolic, p);
            if (!ref) {
                ++out.skipped;
                continue;
            }
            const numeric::tape_gradient<double> d = tape_d.run(p, in_double);
            const numeric::tape_gradient<cln::cl_F> f = tape_f.run(p, in_digits);
            const std::vector<double> fd = numeric::central_differences(g, output, wrt, p, in_double);
            const auto from_double = [](double v) { return exact_float(v); };
            const auto from_float = [](const cln::cl_F& v) { return v; };
            worst(out.tape_double, relative_error(d.gradient, *ref, from_double), out.wrt);
            worst(out.tape_digits, relative_error(f.gradient, *ref, from_float), out.wrt);
            worst(out.finite_difference, relative_error(fd, *ref, from_double), out.wrt);
            ++out.points;
        } catch (const chainrule::domain_error&) {
            ++out.skipped;
        }
    }
    if (out.points == 0)
        throw usage_error("no point of the domain could be evaluated (" + std::to_string(out.skipped) +
                          " points were undefined)");
    return out;
}

}  // namespace chainrule::verify
