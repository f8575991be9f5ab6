#pragma once
/// \file
/// Reverse mode on the tensor graph, with matrix-calculus rules: the adjoint of every node
/// (∂output/∂node, a tensor of the node's shape) built as new tensor nodes by one sweep in
/// descending id order. One rule per tensor op, its formula beside it (tensor_reverse.cpp); the
/// sweep adds O(graph) nodes, whatever the number of elements. Expanded to scalars, each adjoint
/// equals the scalar graph's reverse adjoint of the same elements (the tests check it exactly).

#include "chainrule/tensor/graph.hpp"

#include <span>
#include <vector>

namespace chainrule {

/// For each node of `wrt` (variables or named nodes of t), ∂output/∂wrt[i] as a tensor node of
/// wrt[i]'s shape: a filled 0 where output does not depend on it. For a named node it is the
/// adjoint of the definition: the sum over every path through its uses, its own operands held
/// fixed, as in the scalar graph. The conventions at kinks are partials.cpp's (a tie in max or
/// min goes to the first operand; relu, abs and step have slope 0 at 0), and a rule that reuses
/// a node's value reads it by name where a named node is defined as that node, so that with
/// h = tanh(W@x + b) and L = sum((h − y)^2)/2, ∂L/∂W is outer((h − y) ⊙ (1 − h^2), x).
/// Only nodes that depend on some wrt node are swept. Throws usage_error when output is not a
/// scalar or a wrt node is neither a variable nor named (or for an unknown id), domain_error
/// for d c^V/dV with a negative constant base c.
std::vector<tensor::tensor_id> tensor_gradient(tensor::tensor_graph& t, tensor::tensor_id output,
                                               std::span<const tensor::tensor_id> wrt);

}  // namespace chainrule
