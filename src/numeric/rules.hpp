#pragma once
// Internal: the tape's numeric derivative rules, one case per op. These are the independent
// oracle of chainrule's symbolic rules (src/diff/partials.cpp): written again here, by hand, on
// numbers, sometimes in a different but equal form (tanh, sigmoid), and never calling the
// symbolic rules or GiNaC. The non-smooth conventions are the symbolic ones: relu'(0) = 0,
// step' = sign' = 0, abs'(u) = step(u) - step(-u) (= sign(u), which the symbolic rule builds),
// a tie of max or min goes to u.
//
// u is the value of the first operand, v of the second, y of the node itself, ybar its adjoint
// (d output / d node); each rule adds ybar * d y/du to u's adjoint and ybar * d y/dv to v's,
// for the operands that depend on some wrt variable (`active`).

#include "primal.hpp"

namespace chainrule::numeric::detail {

/// Adds the contributions of instruction i's adjoint to its operands' adjoints.
template <class T>
void propagate(const program& p, slot i, const std::vector<T>& value, std::vector<T>& adjoint,
               const std::vector<char>& active, const arithmetic<T>& a, const context& where) {
    const instruction& in = p.instructions()[i];
    const T ybar = adjoint[i];
    const T& y = value[i];
    const bool du = in.lhs != no_slot && active[in.lhs];
    const bool dv = in.rhs != no_slot && active[in.rhs];
    switch (in.kind) {
    case op::constant:
    case op::variable: return;  // leaves: nothing below them
    case op::add:  // d (u + v) = du + dv
        if (du) adjoint[in.lhs] += ybar;
        if (dv) adjoint[in.rhs] += ybar;
        return;
    case op::mul:  // d (u v) = v du + u dv
        if (du) adjoint[in.lhs] += ybar * value[in.rhs];
        if (dv) adjoint[in.rhs] += ybar * value[in.lhs];
        return;
    case op::pow: {
        const T &u = value[in.lhs], &v = value[in.rhs];
        if (du) {
            if (const rational* c = p.constant_exponent(i)) {
                // d u^c = c u^(c-1) du   (c = 0: u^0 = 1, derivative 0 even at u = 0)
                if (!cln::zerop(*c)) {
                    const rational c1 = *c - 1;
                    adjoint[in.lhs] += ybar * a.constant(*c) * power(u, &c1, u, a, where);
                }
            } else {
                // d u^v = v u^(v-1) du + ...
                adjoint[in.lhs] += ybar * v * power(u, nullptr, v - a.constant(1), a, where);
            }
        }
        if (dv) {
            // d u^v = ... + u^v log(u) dv   (only for a non-constant exponent: constants are
            // never active, so log is never taken of a base whose exponent is a constant)
            const instruction& base = p.instructions()[in.lhs];
            const bool zero_base = base.kind == op::constant && cln::zerop(p.constants()[base.payload]);
            if (!zero_base)  // 0^v = 0 wherever it is defined (v > 0): derivative 0
                adjoint[in.rhs] += ybar * y * checked_log(u, a, where);
        }
        return;
    }
    case op::exp:  // d exp(u) = exp(u) du
        if (du) adjoint[in.lhs] += ybar * y;
        return;
    case op::log:  // d log(u) = du / u   (u > 0: the forward sweep checked)
        if (du) adjoint[in.lhs] += ybar / value[in.lhs];
        return;
    case op::sqrt:  // d sqrt(u) = du / (2 sqrt(u)), undefined at u = 0
        if (du) {
            if (a.sign(y) == 0) undefined(where, "the derivative of sqrt at 0 (infinite)");
            adjoint[in.lhs] += ybar / (a.constant(2) * y);
        }
        return;
    case op::sin:  // d sin(u) = cos(u) du
        if (du) adjoint[in.lhs] += ybar * a.cos(value[in.lhs]);
        return;
    case op::cos:  // d cos(u) = -sin(u) du
        if (du) adjoint[in.lhs] -= ybar * a.sin(value[in.lhs]);
        return;
    case op::tan:  // d tan(u) = (1 + tan(u)^2) du
        if (du) adjoint[in.lhs] += ybar * (a.constant(1) + y * y);
        return;
    case op::tanh:
        // d tanh(u) = (1 - tanh(u)^2) du = sech(u)^2 du, computed as 4t / (1 + t)^2 with
        // t = exp(-2|u|): no cancellation where tanh(u) is close to +-1
        if (du) {
            const T& u = value[in.lhs];
            const T t = a.exp(a.constant(-2) * (a.sign(u) < 0 ? -u : u));
            const T s = a.constant(1) + t;
            adjoint[in.lhs] += ybar * (a.constant(4) * t / (s * s));
        }
        return;
    case op::cosh:  // d cosh(u) = sinh(u) du
        if (du) adjoint[in.lhs] += ybar * a.sinh(value[in.lhs]);
        return;
    case op::sigmoid:
        // d sigmoid(u) = sigmoid(u) (1 - sigmoid(u)) du = sigmoid(u) sigmoid(-u) du: both factors
        // by the stable sigmoid, no cancellation in 1 - sigmoid(u) for large u
        if (du) adjoint[in.lhs] += ybar * (y * a.sigmoid(-value[in.lhs]));
        return;
    case op::softplus:  // d softplus(u) = sigmoid(u) du
        if (du) adjoint[in.lhs] += ybar * a.sigmoid(value[in.lhs]);
        return;
    case op::relu:  // d relu(u) = step(u) du   (0 at 0)
        if (du) adjoint[in.lhs] += ybar * a.step(value[in.lhs]);
        return;
    case op::abs:  // d abs(u) = (step(u) - step(-u)) du   (0 at 0)
        if (du) {
            const T& u = value[in.lhs];
            adjoint[in.lhs] += ybar * (a.step(u) - a.step(-u));
        }
        return;
    case op::step:  // d step(u) = 0   (the jump at 0 is not differentiated)
        return;
    case op::sign:  // d sign(u) = 0   (the jump at 0 is not differentiated)
        return;
    case op::named:  // a name for u: d y = du
        if (du) adjoint[in.lhs] += ybar;
        return;
    case op::max: {
        // d max(u, v) = (1 - step(v - u)) du + step(v - u) dv   (a tie goes to u)
        const T w = a.step(value[in.rhs] - value[in.lhs]);
        if (du) adjoint[in.lhs] += ybar * (a.constant(1) - w);
        if (dv) adjoint[in.rhs] += ybar * w;
        return;
    }
    case op::min: {
        // d min(u, v) = (1 - step(u - v)) du + step(u - v) dv   (a tie goes to u)
        const T w = a.step(value[in.lhs] - value[in.rhs]);
        if (du) adjoint[in.lhs] += ybar * (a.constant(1) - w);
        if (dv) adjoint[in.rhs] += ybar * w;
        return;
    }
    }
}

}  // namespace chainrule::numeric::detail
