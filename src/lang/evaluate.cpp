// Exact values and decimals of variable-free nodes. Every GiNaC and CLN call below is inside a
// translation to chainrule errors (evaluate() at the bottom).
#include "chainrule/lang/evaluate.hpp"

#include "chainrule/core/assert.hpp"
#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_bridge.hpp"

#include <cln/float.h>
#include <cln/integer.h>
#include <cln/real.h>
#include <ginac/ginac.h>

#include <algorithm>
#include <cmath>

namespace chainrule::lang {

namespace {

using GiNaC::numeric;

numeric exact(const rational& q) { return numeric(cln::cl_N(q)); }

rational as_rational(const numeric& x) { return cln::the<cln::cl_RA>(x.to_cl_N()); }

cln::cl_F as_float(const numeric& x) { return cln::the<cln::cl_F>(x.to_cl_N()); }

// floor(log10 |x|) for a nonzero value, roughly (only used for limits and messages)
double decimal_exponent(const numeric& x) {
    if (x.is_rational()) {
        const rational q = cln::abs(as_rational(x));
        return (static_cast<double>(cln::integer_length(cln::numerator(q))) -
                static_cast<double>(cln::integer_length(cln::denominator(q)))) *
               0.30103;
    }
    return static_cast<double>(cln::float_exponent(as_float(x))) * 0.30103;
}

// One pass over the reached nodes at a working precision of `precision` decimal digits.
class numeric_pass {
public:
    explicit numeric_pass(long precision) : format_(cln::float_format(precision)), precision_(precision) {}

    numeric value_of(const graph& g, node_id n, const std::vector<numeric>& v) {
        const node x = g.at(n);
        switch (x.kind) {
        case op::constant: return exact(g.value(n));
        case op::variable: CHAINRULE_ASSERT(false); break;  // evaluate() checked
        case op::add: return v[x.lhs] + v[x.rhs];
        case op::mul: return v[x.lhs] * v[x.rhs];
        case op::pow: return power(v[x.lhs], v[x.rhs]);
        case op::exp: return exp_of(v[x.lhs]);
        case op::log:  // log u, defined for u > 0
            if (!v[x.lhs].is_positive())
                throw domain_error(v[x.lhs].is_zero() ? "log(0) is undefined" : "log of a negative value is undefined");
            return GiNaC::log(real(v[x.lhs]));
        case op::sqrt:  // sqrt u, defined for u >= 0
            if (v[x.lhs].is_negative()) throw domain_error("sqrt of a negative value is undefined");
            return GiNaC::sqrt(real(v[x.lhs]));
        case op::sin: return GiNaC::sin(periodic(v[x.lhs], "sin"));
        case op::cos: return GiNaC::cos(periodic(v[x.lhs], "cos"));
        case op::tan: return GiNaC::tan(periodic(v[x.lhs], "tan"));
        case op::tanh: return GiNaC::tanh(real(bounded(v[x.lhs], "tanh")));
        case op::cosh: return GiNaC::cosh(real(bounded(v[x.lhs], "cosh")));
        case op::sigmoid: {  // sigmoid(u) = 1 / (1 + exp(-u))
            return numeric(1) / (numeric(1) + exp_of(-v[x.lhs]));
        }
        case op::softplus: {  // softplus(u) = log(1 + exp(u)) = u + log(1 + exp(-u)), the latter for u > 0
            const numeric u = real(v[x.lhs]);
            return u.is_positive() ? u + GiNaC::log(numeric(1) + exp_of(-u)) : GiNaC::log(numeric(1) + exp_of(u));
        }
        case op::relu: return v[x.lhs].is_positive() ? v[x.lhs] : numeric(0);
        case op::abs: return GiNaC::abs(v[x.lhs]);
        case op::step: return v[x.lhs].is_positive() ? numeric(1) : numeric(0);
        case op::max: return v[x.lhs] >= v[x.rhs] ? v[x.lhs] : v[x.rhs];  // a tie goes to the first
        case op::min: return v[x.lhs] <= v[x.rhs] ? v[x.lhs] : v[x.rhs];
        case op::named: return v[x.lhs];
        }
        return numeric(0);
    }

private:
    // x as a float of the working precision (floats are kept as they are)
    numeric real(const numeric& x) const {
        if (!x.is_rational()) return x;
        return numeric(cln::cl_float(as_rational(x), format_));
    }

    // x itself, refused when |x| >= 10^19: exp(x) leaves CLN's exponent range (about
    // 2^(2^63)), and CLN would try to reduce x by log 2 at x's own size first
    static const numeric& bounded(const numeric& x, const char* f) {
        if (!x.is_zero() && decimal_exponent(x) > 18)
            throw limit_error(std::string(f) + " of a number near 10^" + std::to_string(std::lround(decimal_exponent(x))) +
                                  " is beyond the floating-point range",
                              18, static_cast<std::size_t>(decimal_exponent(x)));
        return x;
    }

    // exp(x) in the working precision
    numeric exp_of(const numeric& x) const { return GiNaC::exp(real(bounded(x, "exp"))); }

    // The argument of sin, cos, tan: an exact argument is converted with enough extra digits
    // for its integer part, so the reduction by 2 pi keeps the working precision; a float as
    // large as 2^100000 is refused (reducing it would need pi to that many bits).
    numeric periodic(const numeric& x, const char* f) const {
        const double e = x.is_zero() ? 0 : decimal_exponent(x);
        if (e > 30000)
            throw limit_error(std::string(f) + " of a number near 10^" + std::to_string(std::lround(e)) +
                                  " cannot be evaluated",
                              30000, static_cast<std::size_t>(e));
        if (!x.is_rational()) return x;
        const long extra = e > 0 ? static_cast<long>(e) + 1 : 0;
        return numeric(cln::cl_float(as_rational(x), cln::float_format(precision_ + extra)));
    }

    // u^v: exact for rationals with small integer exponents, floating point otherwise
    // (repeated squaring for integer exponents, exp(v log u) for the others)
    numeric power(const numeric& u, const numeric& v) const {
        if (u.is_zero()) {
            if (v.is_zero()) return numeric(1);
            if (v.is_negative()) throw domain_error("division by zero: 0 raised to a negative power");
            return numeric(0);
        }
        if (v.is_integer()) {
            if (u.is_rational() && cln::abs(as_rational(v)) <= 1000 &&
                cln::integer_length(cln::numerator(as_rational(u))) + cln::integer_length(cln::denominator(as_rational(u))) <= 64)
                return u.power(v);
            return real(u).power(v);
        }
        if (u.is_negative()) throw domain_error("a negative value raised to a non-integer power is not real");
        return exp_of(real(v) * GiNaC::log(real(u)));
    }

    cln::float_format_t format_;
    long precision_;
};

// The decimal of a value, or the reason there is none.
std::string decimal_of(const numeric& x, int digits, const evaluation_limits& limits) {
    if (x.is_rational()) return to_decimal(as_rational(x), digits);
    const double e = decimal_exponent(x);
    if (std::abs(e) > static_cast<double>(limits.max_decimal_exponent))
        throw limit_error("the value is near 10^" + std::to_string(std::lround(e)) +
                              ", too far from 1 to show as a decimal",
                          static_cast<std::size_t>(limits.max_decimal_exponent), static_cast<std::size_t>(std::abs(e)));
    return to_decimal(cln::rational(as_float(x)), digits);
}

// Whether GiNaC may evaluate the nodes `order` exactly without building huge numbers: every
// exponent a small constant, and a bound on the digits of every exact intermediate.
bool fits_exact_step(const graph& g, const std::vector<node_id>& order, const evaluation_limits& limits) {
    if (order.size() > limits.max_exact_nodes) return false;
    std::vector<std::size_t> digits(order.empty() ? 0 : order.back() + 1, 0);
    for (node_id n : order) {
        const node& x = g.at(n);
        std::size_t d = 0;
        switch (x.kind) {
        case op::constant: d = decimal_size(g.value(n)); break;
        case op::variable: return false;
        case op::add:
        case op::max:
        case op::min: d = std::max(digits[x.lhs], digits[x.rhs]) + 1; break;
        case op::mul: d = digits[x.lhs] + digits[x.rhs]; break;
        case op::pow: {
            if (!g.is_constant(x.rhs)) return false;
            const rational& q = g.value(x.rhs);
            if (cln::abs(cln::numerator(q)) > 1000 || cln::denominator(q) > 1000) return false;
            d = digits[x.lhs] * static_cast<std::size_t>(cln::cl_I_to_long(cln::abs(cln::numerator(q)))) + 1;
            break;
        }
        case op::exp:
        case op::log:
        case op::sqrt:
        case op::sin:
        case op::cos:
        case op::tan:
        case op::tanh:
        case op::cosh:
        case op::sigmoid:
        case op::softplus:
        case op::relu:
        case op::abs:
        case op::step:
        case op::named: d = digits[x.lhs]; break;
        }
        if (d > limits.max_exact_digits) return false;
        digits[n] = d;
    }
    return true;
}

std::vector<exact_value> evaluate_all(graph& g, std::span<const node_id> roots, int digits,
                                      const evaluation_limits& limits) {
    std::vector<exact_value> out(roots.size());
    std::vector<std::size_t> pending;  // roots whose value is not known to be rational
    for (std::size_t i = 0; i < roots.size(); ++i) {
        out[i].exact = roots[i];
        if (g.is_constant(roots[i])) {
            out[i].rational_value = g.value(roots[i]);
            continue;
        }
        // exact step: GiNaC's automatic evaluation, on small inputs only
        const node_id one[] = {roots[i]};
        if (fits_exact_step(g, g.reachable(one), limits)) {
            const GiNaC::ex e = to_ginac(g, roots[i], ginac_limits{5000, 500});
            if (GiNaC::is_exactly_a<numeric>(e) && GiNaC::ex_to<numeric>(e).is_rational()) {
                out[i].rational_value = as_rational(GiNaC::ex_to<numeric>(e));
                out[i].exact = g.constant(*out[i].rational_value);
                continue;
            }
        }
        pending.push_back(i);
    }
    for (exact_value& v : out)
        if (v.rational_value) v.decimal = to_decimal(*v.rational_value, digits);
    if (pending.empty()) return out;

    // decimal step: increasing precisions until two successive ones agree
    std::vector<node_id> wanted;
    for (std::size_t i : pending) wanted.push_back(roots[i]);
    const std::vector<node_id> order = g.reachable(wanted);
    std::vector<numeric> values(order.back() + 1);
    std::vector<std::string> previous(pending.size());
    std::vector<char> settled(pending.size(), 0);
    const long precisions[] = {digits + 12L, 2L * digits + 30, 4L * digits + 60, 8L * digits + 120};
    for (std::size_t round = 0; round < std::size(precisions); ++round) {
        numeric_pass pass(precisions[round]);
        for (node_id n : order) values[n] = pass.value_of(g, n, values);
        bool all = true;
        for (std::size_t k = 0; k < pending.size(); ++k) {
            if (settled[k]) continue;
            const numeric& x = values[roots[pending[k]]];
            // a floating-point 0 comes from cancellation: it never settles (at higher
            // precisions a value such as exp(10^-100) - 1 shows its digits, an exact 0 does not)
            const bool cancelled = !x.is_rational() && x.is_zero();
            std::string shown = cancelled ? std::string() : decimal_of(x, digits, limits);
            if (x.is_rational() || (!cancelled && round > 0 && shown == previous[k])) {
                settled[k] = 1;
                out[pending[k]].decimal = std::move(shown);
            } else {
                previous[k] = std::move(shown);
                all = false;
            }
        }
        if (all) return out;
    }
    throw domain_error("the value cannot be computed reliably to " + std::to_string(digits) +
                       " digits: it changes with the working precision (it may be exactly 0, computed "
                       "through cancellation, or divide by such a value)");
}

}  // namespace

std::vector<node_id> free_variables(const graph& g, std::span<const node_id> roots) {
    std::vector<node_id> out;
    for (node_id n : g.reachable(roots))
        if (g.is_variable(n)) out.push_back(n);
    return out;
}

std::vector<exact_value> evaluate(graph& g, std::span<const node_id> roots, int digits, evaluation_limits limits) {
    if (digits < 1 || digits > 1000) throw usage_error("evaluate: digits must be between 1 and 1000");
    if (const std::vector<node_id> free = free_variables(g, roots); !free.empty())
        throw usage_error("evaluate: the value depends on the variable '" + g.variable_of(free[0]).name + "'");
    try {
        return evaluate_all(g, roots, digits, limits);
    } catch (const chainrule::error&) {
        throw;
    } catch (const cln::floating_point_overflow_exception&) {
        throw limit_error("the value overflows the floating-point range (it is beyond 10^(10^18))", 0, 1);
    } catch (const cln::floating_point_underflow_exception&) {
        throw limit_error("the value underflows the floating-point range (it is below 10^(-10^18))", 0, 1);
    } catch (const cln::division_by_0_exception&) {
        throw domain_error("division by zero");
    } catch (const std::exception& x) {
        throw algebra_error(std::string("evaluating the value failed: GiNaC reports '") + x.what() + "'");
    }
}

}  // namespace chainrule::lang
