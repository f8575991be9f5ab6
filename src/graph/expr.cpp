#include "chainrule/graph/expr.hpp"

#include "chainrule/core/error.hpp"

namespace chainrule {

namespace {

graph& common_graph(const expr& a, const expr& b) {
    if (&a.owner() != &b.owner()) throw usage_error("cannot combine expressions of two different graphs");
    return a.owner();
}

expr binary(op f, const expr& a, const expr& b) {
    graph& g = common_graph(a, b);
    return expr(g, g.apply(f, a.id(), b.id()));
}

expr unary(op f, const expr& a) { return expr(a.owner(), a.owner().apply(f, a.id())); }

}  // namespace

expr constant(graph& g, const rational& q) { return expr(g, g.constant(q)); }
expr input(graph& g, const std::string& name) { return expr(g, g.input(name)); }
expr param(graph& g, const std::string& name) { return expr(g, g.param(name)); }

expr operator+(const expr& a, const expr& b) { return binary(op::add, a, b); }
expr operator-(const expr& a, const expr& b) {
    graph& g = common_graph(a, b);
    return expr(g, g.sub(a.id(), b.id()));
}
expr operator*(const expr& a, const expr& b) { return binary(op::mul, a, b); }
expr operator/(const expr& a, const expr& b) {
    graph& g = common_graph(a, b);
    return expr(g, g.div(a.id(), b.id()));
}
expr operator-(const expr& a) { return expr(a.owner(), a.owner().neg(a.id())); }
expr pow(const expr& a, const expr& b) { return binary(op::pow, a, b); }
expr max(const expr& a, const expr& b) { return binary(op::max, a, b); }
expr min(const expr& a, const expr& b) { return binary(op::min, a, b); }
expr exp(const expr& a) { return unary(op::exp, a); }
expr log(const expr& a) { return unary(op::log, a); }
expr sqrt(const expr& a) { return unary(op::sqrt, a); }
expr sin(const expr& a) { return unary(op::sin, a); }
expr cos(const expr& a) { return unary(op::cos, a); }
expr tan(const expr& a) { return unary(op::tan, a); }
expr tanh(const expr& a) { return unary(op::tanh, a); }
expr cosh(const expr& a) { return unary(op::cosh, a); }
expr sigmoid(const expr& a) { return unary(op::sigmoid, a); }
expr softplus(const expr& a) { return unary(op::softplus, a); }
expr relu(const expr& a) { return unary(op::relu, a); }
expr abs(const expr& a) { return unary(op::abs, a); }
expr step(const expr& a) { return unary(op::step, a); }
expr sign(const expr& a) { return unary(op::sign, a); }

}  // namespace chainrule
