#pragma once
/// \file
/// The hash-consed DAG of scalar nodes. Building the same node twice returns the same id, and
/// an operand's id is always smaller than its user's, so ascending ids are a topological order.

#include "chainrule/core/rational.hpp"
#include "chainrule/graph/op.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace chainrule {

/// Index of a node in its graph.
using node_id = std::uint32_t;

/// The id no node has.
inline constexpr node_id no_node = std::numeric_limits<node_id>::max();

/// Whether a variable is data (input) or trainable (param).
enum class variable_kind : std::uint8_t { input, param };

/// One scalar node: an op and up to two operands. `payload` indexes the constant or variable
/// tables for leaves, and the label table for named nodes.
struct node {
    op kind = op::constant;
    node_id lhs = no_node;
    node_id rhs = no_node;
    std::uint32_t payload = 0;
};

/// A named variable of the graph.
struct variable_info {
    std::string name;
    variable_kind kind = variable_kind::input;
    node_id id = no_node;
};

/// A DAG of scalar nodes with hash-consing and light, value-preserving rewrites at construction.
/// Not thread-safe: keep one graph on one thread.
class graph {
public:
    graph();

    // --- leaves
    /// The node of the exact constant q.
    node_id constant(const rational& q);
    /// The variable `name`; the same name gives the same node. Throws usage_error when `name`
    /// exists with another kind or is not an identifier.
    node_id variable(const std::string& name, variable_kind kind);
    /// An input (data) variable.
    node_id input(const std::string& name) { return variable(name, variable_kind::input); }
    /// A trainable parameter.
    node_id param(const std::string& name) { return variable(name, variable_kind::param); }

    // --- operations (with constant folding and identities; see rewrite.cpp)
    /// f(u) for a one-operand op.
    node_id apply(op f, node_id u);
    /// f(u, v) for a two-operand op.
    node_id apply(op f, node_id u, node_id v);
    node_id add(node_id u, node_id v) { return apply(op::add, u, v); }
    node_id mul(node_id u, node_id v) { return apply(op::mul, u, v); }
    node_id pow(node_id u, node_id v) { return apply(op::pow, u, v); }
    /// u - v, built as u + (-1)*v.
    node_id sub(node_id u, node_id v);
    /// -u, built as (-1)*u.
    node_id neg(node_id u);
    /// u / v, built as u * v^(-1). Throws domain_error when v is the constant 0.
    node_id div(node_id u, node_id v);

    /// The node f(u, v) exactly as given, hash-consed but without rewrites (not for named nodes:
    /// see named()).
    node_id make(op f, node_id u = no_node, node_id v = no_node);

    // --- named definitions
    /// u under the name `label` ("z", "h[1]"): a node of its own whose value is u's. The
    /// construction rewrites never look through it, so every later use of the name passes
    /// through this node and its adjoint is the derivative with respect to the definition (the
    /// sum over the paths through its uses, its own operands held fixed). A constant u is
    /// returned as it is (nothing can depend on it). The same u and label give the same node.
    /// Throws usage_error when `label` is not an identifier (element suffixes allowed).
    node_id named(node_id u, const std::string& label);
    /// Whether `n` is a named node.
    bool is_named(node_id n) const { return at(n).kind == op::named; }
    /// The label of named node `n` (throws usage_error if `n` is not named).
    const std::string& label_of(node_id n) const;
    /// Whether some named node carries `label`.
    bool has_label(const std::string& label) const { return label_index_.count(label) != 0; }
    /// n with every named node on top of it removed: the first node below that is not named.
    node_id unnamed(node_id n) const;

    // --- inspection
    /// Number of nodes.
    std::size_t size() const noexcept { return nodes_.size(); }
    /// The node with id `n` (checked: throws usage_error for an unknown id). The reference is
    /// invalidated when the graph grows: copy the node before building new ones.
    const node& at(node_id n) const;
    /// The op of node `n`.
    op kind(node_id n) const { return at(n).kind; }
    /// Whether `n` is a constant.
    bool is_constant(node_id n) const { return at(n).kind == op::constant; }
    /// Whether `n` is the constant q.
    bool is_constant(node_id n, const rational& q) const;
    /// The value of constant node `n` (throws usage_error if `n` is not a constant).
    const rational& value(node_id n) const;
    /// Whether `n` can be undefined where its operands are defined: log, sqrt, tan, and a power
    /// other than one with a constant natural-number exponent (u/v is u*v^-1).
    bool is_partial(node_id n) const;
    /// Whether `n` is a variable.
    bool is_variable(node_id n) const { return at(n).kind == op::variable; }
    /// The variable behind node `n` (throws usage_error if `n` is not a variable).
    const variable_info& variable_of(node_id n) const;
    /// The variable called `name`, if any.
    std::optional<node_id> find_variable(const std::string& name) const;
    /// Every variable, in the order they were created.
    const std::vector<variable_info>& variables() const noexcept { return variables_; }

    /// Ids of every node reachable from `roots` (roots included), ascending: a topological order.
    std::vector<node_id> reachable(std::span<const node_id> roots) const;

private:
    struct rational_hash {
        std::size_t operator()(const rational& q) const noexcept { return hash_value(q); }
    };
    struct rational_equal {
        bool operator()(const rational& a, const rational& b) const noexcept { return a == b; }
    };

    node_id intern(const node& n);
    void grow_index();
    node_id fold_unary(op f, node_id u);
    node_id fold_binary(op f, node_id u, node_id v);

    std::vector<node> nodes_;
    // open-addressing hash set of node ids (no_node marks an empty slot), keyed by node content;
    // its size is a power of two, at most half full
    std::vector<node_id> index_;
    std::vector<rational> constants_;
    std::unordered_map<rational, std::uint32_t, rational_hash, rational_equal> constant_index_;
    std::vector<variable_info> variables_;
    std::unordered_map<std::string, std::uint32_t> variable_index_;
    std::vector<std::string> labels_;
    std::unordered_map<std::string, std::uint32_t> label_index_;
};

}  // namespace chainrule
