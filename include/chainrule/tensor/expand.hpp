#pragma once
/// \file
/// Lowering of tensor nodes to the scalar graph (CasADi's MX → SX): every element becomes a
/// scalar node, built exactly as the chain language builds it element by element (matrix
/// products and sums left to right, softmax as exp(u_i) * (Σ exp)^-1), so a program lowered
/// either way gives the same scalar nodes.

#include "chainrule/graph/graph.hpp"
#include "chainrule/tensor/graph.hpp"

#include <cstddef>
#include <vector>

namespace chainrule::tensor {

/// Expands nodes of one tensor graph into one scalar graph, remembering every node it expanded
/// (a node used twice is expanded once). Iterative: no recursion, whatever the depth.
class expander {
public:
    /// `max_elements` bounds the elements of one node; `max_work` the scalar nodes one expand()
    /// call may create (both throw limit_error, naming the node's shape).
    expander(const tensor_graph& t, graph& g, std::size_t max_elements = 100'000, std::size_t max_work = 10'000'000);

    /// The scalar nodes of `n`, row-major.
    const std::vector<node_id>& expand(tensor_id n);

private:
    void lower(tensor_id n);
    std::vector<tensor_id> needed(tensor_id n) const;

    const tensor_graph& tensors_;
    graph& scalars_;
    std::size_t max_elements_;
    std::size_t max_work_;
    std::vector<std::vector<node_id>> done_;
    std::vector<char> expanded_;
};

}  // namespace chainrule::tensor
