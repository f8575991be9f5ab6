#pragma once
/// \file
/// Expression handles: a node of a graph with C++ operators, so models read as formulas:
/// `auto L = pow(sigmoid(w*x + b) - y, 2) / 2;`

#include "chainrule/graph/graph.hpp"

#include <concepts>

namespace chainrule {

/// A node of a graph, with arithmetic operators and the functions of `op`.
/// Cheap to copy; valid as long as its graph lives.
class expr {
public:
    /// The node `id` of graph `g`.
    expr(graph& g, node_id id) : graph_(&g), id_(id) { g.at(id); }

    /// The graph this expression belongs to.
    graph& owner() const noexcept { return *graph_; }
    /// The node id.
    node_id id() const noexcept { return id_; }

    friend bool operator==(const expr& a, const expr& b) noexcept {
        return a.graph_ == b.graph_ && a.id_ == b.id_;
    }

private:
    graph* graph_;
    node_id id_;
};

/// A number accepted next to an expression: integers and exact rationals. Floating-point
/// numbers are refused at compile time because 0.1 is not 1/10; write rational(1, 10).
template <class T>
concept exact_number = std::integral<T> || std::same_as<T, rational>;

/// The constant q in g.
expr constant(graph& g, const rational& q);
/// An input variable of g.
expr input(graph& g, const std::string& name);
/// A param variable of g.
expr param(graph& g, const std::string& name);

expr operator+(const expr& a, const expr& b);
expr operator-(const expr& a, const expr& b);
expr operator*(const expr& a, const expr& b);
/// a / b; throws domain_error when b is the constant 0.
expr operator/(const expr& a, const expr& b);
expr operator-(const expr& a);
expr pow(const expr& a, const expr& b);
expr max(const expr& a, const expr& b);
expr min(const expr& a, const expr& b);
expr exp(const expr& a);
expr log(const expr& a);
expr sqrt(const expr& a);
expr sin(const expr& a);
expr cos(const expr& a);
expr tan(const expr& a);
expr tanh(const expr& a);
expr cosh(const expr& a);
expr sigmoid(const expr& a);
expr softplus(const expr& a);
expr relu(const expr& a);
expr abs(const expr& a);
expr step(const expr& a);
/// sign(a): 1, -1 or 0.
expr sign(const expr& a);

/// The constant q in the graph of `like`.
inline expr lift(const expr& like, const rational& q) { return constant(like.owner(), q); }
template <std::integral T>
expr lift(const expr& like, T n) { return constant(like.owner(), rational(static_cast<long>(n))); }

#define CHAINRULE_MIXED_OPERATOR(OP)                                                   \
    template <exact_number T>                                                          \
    expr operator OP(const expr& a, const T& b) { return a OP lift(a, b); }            \
    template <exact_number T>                                                          \
    expr operator OP(const T& a, const expr& b) { return lift(b, a) OP b; }            \
    template <std::floating_point T>                                                   \
    expr operator OP(const expr&, T) = delete; /* write rational(1, 10), not 0.1 */    \
    template <std::floating_point T>                                                   \
    expr operator OP(T, const expr&) = delete;
CHAINRULE_MIXED_OPERATOR(+)
CHAINRULE_MIXED_OPERATOR(-)
CHAINRULE_MIXED_OPERATOR(*)
CHAINRULE_MIXED_OPERATOR(/)
#undef CHAINRULE_MIXED_OPERATOR

template <exact_number T>
expr pow(const expr& a, const T& b) { return pow(a, lift(a, b)); }
template <exact_number T>
expr pow(const T& a, const expr& b) { return pow(lift(b, a), b); }
template <exact_number T>
expr max(const expr& a, const T& b) { return max(a, lift(a, b)); }
template <exact_number T>
expr min(const expr& a, const T& b) { return min(a, lift(a, b)); }

}  // namespace chainrule
