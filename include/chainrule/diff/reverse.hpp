#pragma once
/// \file
/// Symbolic reverse mode: the adjoint of every node (d output / d node, the sum over every path,
/// with the node's own operands held fixed) built as new nodes of the same graph by one
/// iterative sweep in descending id order. The sweep adds O(graph) nodes and never expands trees.

#include "chainrule/graph/graph.hpp"

#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

namespace chainrule {

/// The adjoints of one reverse sweep, keyed by node id (they are never stored on the nodes).
class adjoint_table {
public:
    /// A table for `output` over ids 0..output; `zero` is the constant-0 node of the graph and
    /// `adjoints[n]` is no_node where the sweep did not reach n.
    adjoint_table(node_id output, node_id zero, std::vector<node_id> adjoints);

    /// The node whose adjoints these are.
    node_id output() const noexcept { return output_; }

    /// The adjoint of n, or nothing when the sweep did not reach n (n is not an operand, direct
    /// or indirect, of the output, or is a constant leaf).
    std::optional<node_id> find(node_id n) const;

    /// The adjoint of n; the constant 0 where the sweep did not reach n.
    node_id operator[](node_id n) const;

    /// Whether the sweep reached n.
    bool reached(node_id n) const { return find(n).has_value(); }

    /// Ids of every reached node, descending (output first): a reverse topological order.
    std::vector<node_id> nodes() const;

private:
    node_id output_;
    node_id zero_;
    std::vector<node_id> adjoints_;
};

/// For each node of `wrt` (which must be variables), d output / d wrt[i] as a node of g: the
/// constant 0 where output does not depend on it. Only nodes that depend on some wrt variable
/// are swept. Throws usage_error naming the offending node for an unknown id or a wrt node
/// that is not a variable.
std::vector<node_id> reverse_gradient(graph& g, node_id output, std::span<const node_id> wrt);

/// reverse_gradient for a braced list: reverse_gradient(g, f, {x, y}).
inline std::vector<node_id> reverse_gradient(graph& g, node_id output, std::initializer_list<node_id> wrt) {
    return reverse_gradient(g, output, std::span<const node_id>(wrt.begin(), wrt.size()));
}

/// The adjoint of every node reached from output (constant leaves excepted): the output's is
/// the constant 1; a node used on several paths gets the sum of all their contributions,
/// accumulated in descending order of the user's id, first operand before second.
/// Throws usage_error for an unknown output id.
adjoint_table reverse_adjoints(graph& g, node_id output);

}  // namespace chainrule
