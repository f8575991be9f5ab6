#pragma once
/// \file
/// Symbolic forward mode: directional derivatives (tangents) built as new nodes of the same
/// graph by one iterative sweep in ascending id order.

#include "chainrule/graph/graph.hpp"

#include <span>
#include <utility>
#include <vector>

namespace chainrule {

/// The directional derivative of output: sum over the seeds (x, d) of (d output / d x) * d, as
/// a node of g. Each seed maps a variable x to a direction node d (any node; it is held fixed,
/// not differentiated); unseeded variables have direction 0. Throws usage_error for unknown
/// ids, a seed on a node that is not a variable, or a variable seeded twice.
node_id forward_derivative(graph& g, node_id output, const std::vector<std::pair<node_id, node_id>>& seeds);

/// forward_derivative of several outputs in one sweep over everything they reach: the i-th
/// result is the directional derivative of outputs[i]. Same errors as forward_derivative.
std::vector<node_id> forward_derivatives(graph& g, std::span<const node_id> outputs,
                                         const std::vector<std::pair<node_id, node_id>>& seeds);

}  // namespace chainrule
