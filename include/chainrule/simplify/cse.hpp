#pragma once
/// \file
/// Common subexpression elimination: the outputs of a graph as a straight-line program of
/// assignments `t1 = ...`, `t2 = ...` over variables and earlier temporaries.
///
/// A node used more than once in the reached subgraph gets a temporary; a node used once is
/// inlined into its user, but an inlined line never grows deeper or larger than a small bound
/// (cse_options), so a million-deep chain becomes many short lines. Leaves are never given a
/// temporary, nor are "trivial" nodes, which are always inlined: c*u and u^c for a constant c and
/// an operand u that is a leaf or a temporary (so `-t3` and `x^2` do not get lines of their own).
/// The work is iterative and linear (plus sorting) in the reached subgraph.

#include "chainrule/graph/graph.hpp"

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace chainrule {

/// Bounds on what is inlined into one line of a CSE program.
struct cse_options {
    /// Largest depth of a line's right-hand side, in operation levels (`sin(sin(x))` is 2).
    /// Values below 1 are read as 1.
    std::size_t max_inline_depth = 8;
    /// Largest number of nodes (operations and leaves, counted as a tree) of a right-hand side.
    /// Values below 3 are read as 3.
    std::size_t max_inline_size = 48;
};

/// One line of a CSE program: temporary t<temp> = the expression of node `value`, whose
/// operands that have temporaries are read as those temporaries.
struct cse_assignment {
    /// The temporary's number: t1, t2, ... numbered from 1 in program order.
    std::size_t temp = 0;
    /// The node the temporary stands for.
    node_id value = no_node;
};

/// One requested output of a CSE program.
struct cse_output {
    /// The output's node.
    node_id value = no_node;
    /// The temporary that holds it, or 0 when the output is written inline (or is a leaf).
    std::size_t temp = 0;
};

/// A straight-line program computing the requested outputs.
struct cse_result {
    /// The assignments in program order: each uses only variables, constants and earlier
    /// temporaries; assignments[i].temp == i + 1.
    std::vector<cse_assignment> assignments;
    /// One entry per requested output, in the order requested.
    std::vector<cse_output> outputs;
    /// (node, temp) for every temporary, sorted by node id.
    std::vector<std::pair<node_id, std::size_t>> temps;

    /// The temporary of node n, or 0 when n has none.
    std::size_t temp_of(node_id n) const noexcept;
};

/// The outputs of g as a CSE program. The order of the assignments and the numbering of the
/// temporaries follow the structure of the expressions (first use from the outputs, in order,
/// operands taken in the order of a structural fingerprint), not node ids: two graphs holding
/// the same expressions with the same sharing give the same program, whatever order their
/// nodes were created in. Throws usage_error for an id that is not in g.
cse_result cse(const graph& g, std::span<const node_id> outputs, cse_options options = {});

}  // namespace chainrule
