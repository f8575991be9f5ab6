// Light rewrites applied when a node is built: constant folding and identities that keep the
// value wherever the expression is defined. Nothing here expands or reorders beyond putting a
// numeric coefficient first in a product.
#include "chainrule/core/error.hpp"
#include "chainrule/graph/graph.hpp"

#include <cln/integer.h>

namespace chainrule {

namespace {

std::string shown(const rational& q) { return to_string(q); }

}  // namespace

node_id graph::fold_unary(op f, node_id u) {
    if (f == op::named) throw usage_error("graph::apply: named nodes are made by named()");
    if (!is_constant(u)) return make(f, u);
    const rational c = value(u);
    switch (f) {
    case op::exp:  // exp(0) = 1
        if (cln::zerop(c)) return constant(1);
        break;
    case op::log:  // log(1) = 0; log(c) undefined for c <= 0
        if (!cln::plusp(c)) throw domain_error("log of the constant " + shown(c) + " is undefined");
        if (c == 1) return constant(0);
        break;
    case op::sqrt:  // sqrt(p^2/q^2) = p/q; undefined for c < 0
        if (cln::minusp(c)) throw domain_error("sqrt of the negative constant " + shown(c));
        if (auto r = exact_power(c, rational(1) / 2)) return constant(*r);
        break;
    case op::sin:
    case op::tan:
    case op::tanh:  // sin(0) = tan(0) = tanh(0) = 0
        if (cln::zerop(c)) return constant(0);
        break;
    case op::cos:
    case op::cosh:  // cos(0) = cosh(0) = 1
        if (cln::zerop(c)) return constant(1);
        break;
    case op::sigmoid:  // sigmoid(0) = 1/2
        if (cln::zerop(c)) return constant(rational(1) / 2);
        break;
    case op::softplus: break;  // softplus(c) = log(1 + e^c) is never rational
    case op::relu: return constant(cln::plusp(c) ? c : rational(0));
    case op::abs: return constant(cln::abs(c));
    case op::step: return constant(cln::plusp(c) ? 1 : 0);
    case op::sign: return constant(cln::plusp(c) ? 1 : cln::minusp(c) ? -1 : 0);
    case op::named: break;  // refused below
    case op::constant:
    case op::variable:
    case op::add:
    case op::mul:
    case op::pow:
    case op::max:
    case op::min: break;
    }
    return make(f, u);
}

node_id graph::fold_binary(op f, node_id u, node_id v) {
    const bool cu = is_constant(u), cv = is_constant(v);
    switch (f) {
    case op::add:
        if (cu && cv) return constant(value(u) + value(v));
        if (is_constant(u, 0)) return v;  // 0 + v = v
        if (is_constant(v, 0)) return u;  // u + 0 = u
        return make(f, u, v);
    case op::mul: {
        if (cu && cv) return constant(value(u) * value(v));
        if (cv) std::swap(u, v);  // coefficient first: u*c = c*u
        if (!is_constant(u)) return make(f, u, v);
        const rational c = value(u);
        if (cln::zerop(c)) return u;  // 0 * v = 0
        if (c == 1) return v;         // 1 * v = v
        // c * (d * w) = (c d) * w; with c = d = -1 this removes a double negation
        // a copy: constant() may grow the node table, which would leave a reference dangling
        const node inner = at(v);
        if (inner.kind == op::mul && is_constant(inner.lhs))
            return mul(constant(c * value(inner.lhs)), inner.rhs);
        return make(f, u, v);
    }
    case op::pow:
        if (cu && cv) {
            if (cln::zerop(value(u)) && cln::minusp(value(v)))
                throw domain_error("division by zero: 0 raised to the power " + shown(value(v)));
            if (cln::minusp(value(u)) && !is_integer(value(v)))
                throw domain_error("the negative constant " + shown(value(u)) +
                                   " raised to the non-integer power " + shown(value(v)));
            if (auto r = exact_power(value(u), value(v))) return constant(*r);
        }
        if (is_constant(v, 1)) return u;            // u^1 = u
        if (is_constant(v, 0)) return constant(1);  // u^0 = 1
        if (is_constant(u, 1)) return u;            // 1^v = 1
        if (is_constant(v, -1) && at(u).kind == op::add) {
            // (1 + e^w)^-1 = sigmoid(-w), so 1/(1 + exp(-x)) reads as sigmoid(x) and its
            // derivative as sigmoid(x)*(1 - sigmoid(x))
            const node sum = at(u);
            const node_id other = is_constant(sum.lhs, 1) ? sum.rhs : is_constant(sum.rhs, 1) ? sum.lhs : no_node;
            if (other != no_node && at(other).kind == op::exp) return apply(op::sigmoid, neg(at(other).lhs));
        }
        return make(f, u, v);
    case op::max:
    case op::min:
        if (u == v) return u;  // max(u, u) = min(u, u) = u
        if (cu && cv) {
            const bool first = f == op::max ? value(u) >= value(v) : value(u) <= value(v);
            return first ? u : v;
        }
        return make(f, u, v);
    case op::constant:
    case op::variable:
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
    case op::named: break;
    }
    return make(f, u, v);
}

}  // namespace chainrule
