// Exact values and decimals of variable-free nodes. Every GiNaC and CLN call below is inside a
// translation to chainrule errors (evaluate() at the bottom).
#include "chainrule/lang/evaluate.hpp"

#include "chainrule/simplify/print.hpp"

#include "chainrule/core/assert.hpp"
#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/numeric/certified.hpp"

#include <cln/float.h>
#include <cln/integer.h>
#include <cln/real.h>
#include <ginac/ginac.h>

#include <algorithm>
#include <cmath>

namespace chainrule::lang {

namespace {

using GiNaC::numeric;

rational as_rational(const numeric& x) { return cln::the<cln::cl_RA>(x.to_cl_N()); }

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
        case op::sign:
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
        out[i].digits = digits;
        if (g.is_constant(roots[i])) {
            out[i].rational_value = g.value(roots[i]);
            continue;
        }
        // exact step: GiNaC's automatic evaluation, on small inputs only (a deeper or larger
        // expression goes to the decimal step as it is)
        const node_id one[] = {roots[i]};
        if (fits_exact_step(g, g.reachable(one), limits)) {
            try {
                const GiNaC::ex e = to_ginac(g, roots[i], ginac_limits{5000, 500});
                if (GiNaC::is_exactly_a<numeric>(e) && GiNaC::ex_to<numeric>(e).is_rational()) {
                    out[i].rational_value = as_rational(GiNaC::ex_to<numeric>(e));
                    out[i].exact = g.constant(*out[i].rational_value);
                    continue;
                }
                // the closed form GiNaC's evaluation gives, when it is much shorter (at most 2/3 of
                // the tree: regrouping alone keeps the formula as the model wrote it):
                // exp(1)*exp(2)/exp(2) is exp(1) (a constant's power and its inverse cancel)
                try {
                    const node_id simpler = from_ginac(g, e, ginac_limits{5000, 500});
                    if (3 * measure_tree(g, simpler).size <= 2 * measure_tree(g, roots[i]).size) out[i].exact = simpler;
                } catch (const chainrule::error&) {
                    // a form the graph cannot take back: keep the expression as built
                }
            } catch (const limit_error&) {
            }
        }
        pending.push_back(i);
    }
    for (exact_value& v : out)
        if (v.rational_value) v.decimal = to_decimal(*v.rational_value, digits);
    if (pending.empty()) return out;

    // decimal step: certified balls (numeric/certified.hpp)
    std::vector<node_id> wanted;
    for (std::size_t i : pending) wanted.push_back(roots[i]);
    std::vector<chainrule::numeric::certified_value> values;
    try {
        values = chainrule::numeric::certify(g, wanted, {}, digits, limits.certified);
    } catch (const chainrule::numeric::uncertain& x) {
        throw domain_error("the value " + std::string(x.what()));
    }
    for (std::size_t k = 0; k < pending.size(); ++k) {
        exact_value& v = out[pending[k]];
        if (values[k].exact) {  // rational after all, found exactly by the balls
            v.rational_value = *values[k].exact;
            v.exact = g.constant(*values[k].exact);
        }
        v.decimal = std::move(values[k].decimal);
        v.digits = values[k].digits;
    }
    return out;
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
    if (limits.certified.max_bits < limits.certified.start_bits)
        throw usage_error("evaluate: the precision ceiling is below the first precision");
    if (const std::vector<node_id> free = free_variables(g, roots); !free.empty())
        throw usage_error("evaluate: the value depends on the variable '" + g.variable_of(free[0]).name + "'");
    try {
        return evaluate_all(g, roots, digits, limits);
    } catch (const chainrule::error&) {
        throw;
    } catch (const cln::division_by_0_exception&) {
        throw domain_error("division by zero");
    } catch (const std::exception& x) {
        throw algebra_error(std::string("evaluating the value failed: GiNaC reports '") + x.what() + "'");
    }
}

}  // namespace chainrule::lang
