// Every local derivative rule of chainrule, one case per op. u is the first operand of the
// node n, v the second; each rule builds d n / d u (operand 0) or d n / d v (operand 1) as nodes
// of the same graph, reusing n itself where the derivative is written through it
// (exp, tan, tanh, cosh, sigmoid, sqrt, pow), so a rule adds at most a handful of nodes.
#include "chainrule/diff/partials.hpp"

#include "chainrule/core/error.hpp"

#include <string>

namespace chainrule {

namespace {

void check_operand(const graph& g, node_id n, int operand, const char* where) {
    const op o = g.at(n).kind;  // throws usage_error for an unknown id
    if (arity(o) == 0)
        throw usage_error(std::string(where) + ": node " + std::to_string(n) + " is a " +
                          std::string(name(o)) + ", a leaf without operands");
    if (operand < 0 || operand >= arity(o))
        throw usage_error(std::string(where) + ": node " + std::to_string(n) + " ('" +
                          std::string(name(o)) + "') has no operand " + std::to_string(operand) +
                          " (it has " + std::to_string(arity(o)) + ")");
}

node_id constant(graph& g, long q) { return g.constant(rational(q)); }

// 1 - w
node_id one_minus(graph& g, node_id w) { return g.sub(constant(g, 1), w); }

}  // namespace

node_id local_partial(graph& g, node_id n, int operand) {
    check_operand(g, n, operand, "local_partial");
    const node x = g.at(n);
    const node_id u = x.lhs, v = x.rhs;
    switch (x.kind) {
    case op::constant:
    case op::variable: break;  // refused by check_operand
    case op::add:  // d (u + v) = du + dv
        return constant(g, 1);
    case op::mul:  // d (u v) = v du + u dv
        return operand == 0 ? v : u;
    case op::pow:
        if (operand == 0) {
            // d u^c = c u^(c-1) du, for a constant exponent c
            if (g.is_constant(v)) return g.mul(v, g.pow(u, g.constant(g.value(v) - 1)));
            // d u^v = v u^(v-1) du + ...
            return g.mul(v, g.pow(u, g.sub(v, constant(g, 1))));
        }
        // d u^v = ... + u^v log(u) dv
        if (g.is_constant(u)) {
            const rational& c = g.value(u);
            if (cln::zerop(c)) return constant(g, 0);  // 0^v = 0 where it is defined
            if (cln::minusp(c))
                throw domain_error("local_partial: d (" + to_string(c) + ")^v/dv at node " +
                                   std::to_string(n) + " needs log(" + to_string(c) +
                                   "), undefined for a negative base");
        }
        return g.mul(n, g.apply(op::log, u));
    case op::exp:  // d exp(u) = exp(u) du
        return n;
    case op::log:  // d log(u) = u^-1 du
        return g.pow(u, constant(g, -1));
    case op::sqrt:  // d sqrt(u) = 1/(2 sqrt(u)) du, built as (1/2) sqrt(u)^-1
        return g.mul(g.constant(rational(1) / 2), g.pow(n, constant(g, -1)));
    case op::sin:  // d sin(u) = cos(u) du
        return g.apply(op::cos, u);
    case op::cos:  // d cos(u) = -sin(u) du
        return g.neg(g.apply(op::sin, u));
    case op::tan:  // d tan(u) = (1 + tan(u)^2) du
        return g.add(constant(g, 1), g.pow(n, constant(g, 2)));
    case op::tanh:  // d tanh(u) = (1 - tanh(u)^2) du
        return one_minus(g, g.pow(n, constant(g, 2)));
    case op::cosh:  // d cosh(u) = tanh(u) cosh(u) du   (there is no sinh op)
        return g.mul(g.apply(op::tanh, u), n);
    case op::sigmoid:  // d sigmoid(u) = sigmoid(u) (1 - sigmoid(u)) du
        return g.mul(n, one_minus(g, n));
    case op::softplus:  // d softplus(u) = sigmoid(u) du
        return g.apply(op::sigmoid, u);
    case op::relu:  // d relu(u) = step(u) du   (0 at 0)
        return g.apply(op::step, u);
    case op::abs:  // d abs(u) = sign(u) du   (0 at 0)
        return g.apply(op::sign, u);
    case op::step:  // d step(u) = 0   (almost everywhere; the jump at 0 is not differentiated)
        return constant(g, 0);
    case op::sign:  // d sign(u) = 0   (almost everywhere; the jump at 0 is not differentiated)
        return constant(g, 0);
    case op::max: {
        // d max(u, v) = (1 - step(v - u)) du + step(v - u) dv   (a tie goes to u)
        const node_id v_wins = g.apply(op::step, g.sub(v, u));
        return operand == 0 ? one_minus(g, v_wins) : v_wins;
    }
    case op::min: {
        // d min(u, v) = (1 - step(u - v)) du + step(u - v) dv   (a tie goes to u)
        const node_id v_wins = g.apply(op::step, g.sub(u, v));
        return operand == 0 ? one_minus(g, v_wins) : v_wins;
    }
    case op::named:  // a definition a = u: d a = du
        return constant(g, 1);
    }
    throw usage_error("local_partial: node " + std::to_string(n) + " has an unknown op");
}

std::string_view rule_text(op o, int operand) {
    if (operand < 0 || operand >= arity(o))
        throw usage_error("rule_text: '" + std::string(name(o)) + "' has no operand " +
                          std::to_string(operand));
    const bool first = operand == 0;
    switch (o) {
    case op::constant:
    case op::variable: break;  // no operands: refused above
    case op::add: return first ? "d (u + v)/du = 1" : "d (u + v)/dv = 1";
    case op::mul: return first ? "d (u v)/du = v" : "d (u v)/dv = u";
    case op::pow: return first ? "d u^v/du = v u^(v - 1)" : "d u^v/dv = u^v log(u)";
    case op::exp: return "d exp(u)/du = exp(u)";
    case op::log: return "d log(u)/du = u^-1";
    case op::sqrt: return "d sqrt(u)/du = 1/(2 sqrt(u))";
    case op::sin: return "d sin(u)/du = cos(u)";
    case op::cos: return "d cos(u)/du = -sin(u)";
    case op::tan: return "d tan(u)/du = 1 + tan(u)^2";
    case op::tanh: return "d tanh(u)/du = 1 - tanh(u)^2";
    case op::cosh: return "d cosh(u)/du = tanh(u) cosh(u)";
    case op::sigmoid: return "d sigmoid(u)/du = sigmoid(u) (1 - sigmoid(u))";
    case op::softplus: return "d softplus(u)/du = sigmoid(u)";
    case op::relu: return "d relu(u)/du = step(u)";
    case op::abs: return "d abs(u)/du = sign(u)";
    case op::step: return "d step(u)/du = 0";
    case op::sign: return "d sign(u)/du = 0";
    case op::max: return first ? "d max(u, v)/du = 1 - step(v - u)" : "d max(u, v)/dv = step(v - u)";
    case op::min: return first ? "d min(u, v)/du = 1 - step(u - v)" : "d min(u, v)/dv = step(u - v)";
    case op::named: return "d a/du = 1 for a definition a = u";
    }
    throw usage_error("rule_text: unknown op");
}

}  // namespace chainrule
