#pragma once
/// \file
/// Substitution: nodes rebuilt with some of the nodes they reach replaced by other nodes, in the
/// same graph or copied into another one. Rebuilding goes through graph::apply, so the graph's
/// constant folding runs on the way: replacing every variable by an exact constant yields the
/// exact rational value wherever the graph can fold it, and the closed form (sigmoid(5/2),
/// 2^(1/2)) elsewhere. Iterative and memoised: linear in the part of the graph reached.

#include "chainrule/graph/graph.hpp"

#include <span>
#include <unordered_map>
#include <vector>

namespace chainrule {

/// Replacements keyed by node id of the source graph; each value is a node of the target graph.
using replacement_map = std::unordered_map<node_id, node_id>;

/// The nodes `roots` of `source` rebuilt in `target`: a node found in `replace` becomes its
/// replacement (its operands are not visited); every other leaf is copied (a constant as the
/// same constant, a variable as the target's variable of the same name and kind); every other
/// node is rebuilt from its rebuilt operands with graph::apply. `source` and `target` may be the
/// same graph. A fold that would make a constant too large (limit_error from graph::constant)
/// keeps the node unfolded instead. Throws domain_error when a fold meets an undefined value
/// (division by the constant 0, log(0), sqrt of a negative constant), usage_error for an
/// unknown root id, and whatever target.variable throws for a clash of variable kinds.
std::vector<node_id> substitute(const graph& source, graph& target, std::span<const node_id> roots,
                                const replacement_map& replace);

/// substitute within one graph: substitute(g, g, roots, replace).
std::vector<node_id> substitute(graph& g, std::span<const node_id> roots, const replacement_map& replace);

/// `roots` rebuilt in g with every named node replaced by its operand, so the construction
/// rewrites run through the former names (3*(a*b/2) becomes (3/2)*(a*b)): the same values, for
/// code that computes with the graph rather than shows it (compiled evaluators, the C emitter,
/// eval's values). `replace` is applied in the same pass, as substitute does. Throws as
/// substitute does.
std::vector<node_id> without_names(graph& g, std::span<const node_id> roots, const replacement_map& replace = {});

}  // namespace chainrule
