// The cost bounds of proof_cost.hpp: a walk over the DAG, operands first, with no expansion.
#include "proof_cost.hpp"

#include "chainrule/core/rational.hpp"

#include <cln/integer.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <vector>

namespace chainrule::verify {

namespace {

// Nesting of transcendental functions and variable powers beyond which a proof runs in a child,
// and the largest constant exponent (numerator or denominator) a proof here may meet: normal()
// multiplies (x + 1)^(2^30) out.
constexpr int max_inline_function_depth = 4;
constexpr long max_inline_exponent = 64;

// Term counts past this are all "too many" (and stay finite in double).
constexpr double saturated = 1e18;

// An upper bound on the terms of a node's numerator and denominator, each multiplied out.
struct terms {
    double numerator = 1, denominator = 1;
};

double capped(double x) { return std::min(x, saturated); }

// u^k multiplied out has at most terms(u)^k terms.
double power_terms(double base, long k) { return capped(std::pow(base, static_cast<double>(k))); }

bool deepens(const graph& g, const node& x) {
    switch (x.kind) {
    case op::pow: return !g.is_constant(x.rhs);
    case op::exp:
    case op::log:
    case op::sin:
    case op::cos:
    case op::tan:
    case op::tanh:
    case op::cosh:
    case op::sigmoid:
    case op::softplus: return true;
    case op::constant:
    case op::variable:
    case op::add:
    case op::mul:
    case op::max:
    case op::min:
    case op::sqrt:
    case op::relu:
    case op::abs:
    case op::step:
    case op::sign:
    case op::named: return false;
    }
    return true;
}

}  // namespace

bool proof_may_run_away(const graph& g, std::span<const node_id> roots) {
    const std::vector<node_id> order = g.reachable(roots);  // operands first
    std::unordered_map<node_id, int> depth;
    std::unordered_map<node_id, terms> count;
    double most = 0;
    for (node_id n : order) {
        const node x = g.at(n);
        int d = 0;
        if (arity(x.kind) >= 1) d = depth[x.lhs];
        if (arity(x.kind) == 2) d = std::max(d, depth[x.rhs]);
        terms t;
        if (x.kind == op::add || x.kind == op::mul) {
            const terms a = count[x.lhs], b = count[x.rhs];
            // a/b + c/d = (a d + c b)/(b d); (a/b)(c/d) = (a c)/(b d)
            t.numerator = x.kind == op::add ? capped(a.numerator * b.denominator + b.numerator * a.denominator)
                                            : capped(a.numerator * b.numerator);
            t.denominator = capped(a.denominator * b.denominator);
        } else if (x.kind == op::pow && g.is_constant(x.rhs)) {
            const rational& e = g.value(x.rhs);
            if (cln::abs(cln::numerator(e)) > max_inline_exponent || cln::denominator(e) > max_inline_exponent)
                return true;
            const long k = cln::cl_I_to_long(cln::abs(cln::numerator(e)));
            const terms a = count[x.lhs];
            // (a/b)^k = a^k/b^k, (a/b)^-k = b^k/a^k
            t.numerator = power_terms(cln::minusp(e) ? a.denominator : a.numerator, k);
            t.denominator = power_terms(cln::minusp(e) ? a.numerator : a.denominator, k);
        } else if (x.kind == op::named) {
            t = count[x.lhs];
        }
        // any other node is an atom of its parent's normal form (its operands count on their own)
        depth[n] = d + (deepens(g, x) ? 1 : 0);
        if (depth[n] > max_inline_function_depth) return true;
        count[n] = t;
        most = std::max(most, t.numerator + t.denominator);
    }
    // the difference of the first two roots, which normal() is handed
    if (roots.size() >= 2) {
        const terms a = count[roots[0]], b = count[roots[1]];
        most = std::max(most, capped(a.numerator * b.denominator + b.numerator * a.denominator) +
                                  capped(a.denominator * b.denominator));
    }
    return most > max_inline_terms;
}

}  // namespace chainrule::verify
