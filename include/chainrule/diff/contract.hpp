#pragma once
/// \file
/// The chain rule over chosen nodes ("steps": a teacher's named quantities): a chain-rule trace
/// contracted so that every other node is passed through. For each step n,
///
///     adjoint(n) = sum over step users u of adjoint(u) * c(u, n),
///
/// where c(u, n) is the local partial of u with respect to n with every other step held fixed:
/// the sum over the paths from u down to n that pass through no other step, of the products of
/// the local partials along them. These are the lines of `show ... as steps` and the local
/// partials on the edges of a graph picture.

#include "chainrule/diff/trace.hpp"

#include <functional>
#include <vector>

namespace chainrule {

/// One term of a step's adjoint: the step `user` and the coefficient c(user, node).
struct chain_term {
    node_id user = no_node;
    node_id coefficient = no_node;
};

/// One step: its adjoint and the terms that sum to it, users in the order the sweep met them.
struct chain_step {
    node_id node = no_node;
    node_id adjoint = no_node;    ///< the trace's adjoint of node
    std::vector<chain_term> terms;  ///< empty for the output (adjoint 1)
};

/// A trace contracted over its steps.
struct contracted_chain {
    node_id output = no_node;
    std::vector<chain_step> steps;  ///< the output first, then reverse topological order
};

/// The trace contracted over the nodes where `is_step` holds (the output is always a step).
/// Coefficients are new graph nodes; a coefficient that sums several paths is their sum.
contracted_chain contract(graph& g, const chain_trace& trace, const std::function<bool(node_id)>& is_step);

}  // namespace chainrule
