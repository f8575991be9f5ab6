#pragma once
/// \file
/// The chain-rule trace as data: every local partial and every adjoint of a reverse sweep, in
/// the order the sweep builds them, for step-by-step renderings (lang/render prints them).

#include "chainrule/graph/graph.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace chainrule {

/// One edge of the graph, from a user node to one of its operands, as the sweep crosses it.
struct trace_edge {
    node_id user = no_node;          ///< the node that uses the operand
    int operand = 0;                 ///< which operand: 0 (u) or 1 (v)
    node_id input = no_node;         ///< the operand node
    node_id partial = no_node;       ///< the local partial d user / d input
    std::string_view rule;           ///< the rule that gave it: rule_text(kind(user), operand)
    node_id contribution = no_node;  ///< adjoint(user) * partial: this path's share of adjoint(input)
};

/// One node's adjoint, as the sum of the contributions of the edges into it.
struct trace_node {
    node_id id = no_node;                ///< the node
    node_id adjoint = no_node;           ///< d output / d id, the node's own operands held fixed
    std::vector<std::size_t> incoming;   ///< indices into chain_trace::edges, in summation order
};

/// The chain rule applied to one output.
struct chain_trace {
    node_id output = no_node;        ///< the differentiated node (its adjoint is 1)
    std::vector<trace_edge> edges;   ///< every edge reached, users in reverse topological order
    std::vector<trace_node> nodes;   ///< every node reached, in reverse topological order
};

/// The chain-rule trace of output: the same nodes, partials and adjoints as reverse_adjoints
/// (constant leaves and the edges into them are left out). adjoint of each node other than
/// the output = contribution of incoming[0] + contribution of incoming[1] + ..., summed left
/// to right. Throws usage_error for an unknown output id.
chain_trace trace_chain_rule(graph& g, node_id output);

}  // namespace chainrule
