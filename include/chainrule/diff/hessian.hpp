#pragma once
/// \file
/// Second derivatives, by differentiating the adjoint nodes of a first reverse sweep again.

#include "chainrule/graph/graph.hpp"

#include <initializer_list>
#include <span>
#include <vector>

namespace chainrule {

/// A matrix of nodes, row by row.
using node_matrix = std::vector<std::vector<node_id>>;

/// The Hessian of output with respect to wrt (variables): entry [i][j] is
/// d^2 output / d wrt[i] d wrt[j], computed reverse over reverse (row i is the gradient of the
/// i-th gradient entry). Throws usage_error like reverse_gradient.
node_matrix hessian(graph& g, node_id output, std::span<const node_id> wrt);

/// hessian for a braced list: hessian(g, f, {x, y}).
inline node_matrix hessian(graph& g, node_id output, std::initializer_list<node_id> wrt) {
    return hessian(g, output, std::span<const node_id>(wrt.begin(), wrt.size()));
}

/// The Hessian of output times the vector v of direction nodes: entry i is
/// sum_j d^2 output / d wrt[i] d wrt[j] * v[j], computed forward over reverse (one forward
/// sweep over the gradient nodes). Throws usage_error like reverse_gradient, or when v and
/// wrt differ in length.
std::vector<node_id> hessian_vector_product(graph& g, node_id output, std::span<const node_id> wrt,
                                            std::span<const node_id> v);

}  // namespace chainrule
