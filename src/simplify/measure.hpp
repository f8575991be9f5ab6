#pragma once
// Tree size and depth of an expression, computed on the DAG in topological order (no
// recursion), with nodes for which `stop` holds counted as leaves (the temporaries of a CSE line).

#include "chainrule/graph/graph.hpp"
#include "chainrule/simplify/print.hpp"

#include <functional>

namespace chainrule::detail {

/// Size and depth of root's tree; below the root, nodes where stop(n) holds are leaves.
/// A null `stop` stops nowhere.
tree_measure measure_tree(const graph& g, node_id root, const std::function<bool(node_id)>& stop);

/// Throws limit_error when root's tree (with `stop` as for measure_tree) passes `limits`; `what`
/// names the expression in the message. Costs at most about limits.max_tree_size steps when the
/// tree is within the limits.
void check_print_limits(const graph& g, node_id root, const std::function<bool(node_id)>& stop,
                        const print_limits& limits, const std::string& what);

}  // namespace chainrule::detail
