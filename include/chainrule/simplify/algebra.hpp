#pragma once
/// \file
/// GiNaC's algebra on small results, for display: normal form, factorisation, expansion and
/// collection. Node in, node out: the node is converted to GiNaC (graph/ginac_bridge.hpp), the
/// algebra runs there, and the result comes back into the same graph, where chainrule's own
/// printer shows it (so the output stays deterministic, although GiNaC's order is not).
///
/// The results equal the input wherever both are defined (normal and factor may cancel common
/// factors, as GiNaC does). Functions (exp, sigmoid, ...) are treated as opaque symbols, their
/// arguments are transformed too. GiNaC and CLN exceptions come back as algebra_error; inputs
/// or results past the limits as limit_error. Everything here runs on the calling thread
/// (GiNaC is not thread-safe).

#include "chainrule/graph/graph.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <utility>

namespace chainrule {

/// Size limits that keep display algebra quick.
struct algebra_limits {
    /// Largest input, as a tree (nodes counted with repetition).
    std::size_t max_input_tree_size = 4000;
    /// Largest input nesting depth.
    std::size_t max_input_depth = 200;
    /// Largest result, as a GiNaC tree (terms, factors and leaves counted).
    std::size_t max_result_size = 20000;
    /// in_terms_of: the largest definition, as a GiNaC tree, looked for in the expression
    /// (algebraic substitution tries every pattern at every subexpression: large patterns cost
    /// the most and rarely match).
    std::size_t max_pattern_size = 200;
    /// in_terms_of: the largest expression, as a GiNaC tree once multiplied out, searched for
    /// the definitions (larger ones are shown multiplied out, without names).
    std::size_t max_substitution_size = 2000;
};

/// n as one fraction numerator/denominator in lowest terms (GiNaC's normal()).
node_id normalize(graph& g, node_id n, algebra_limits limits = {});

/// n with numerator and denominator factored over the rationals (GiNaC's factor(), also inside
/// function arguments).
node_id factorize(graph& g, node_id n, algebra_limits limits = {});

/// n with products of sums multiplied out (GiNaC's expand()).
node_id expand_out(graph& g, node_id n, algebra_limits limits = {});

/// n expanded, then written as a polynomial in `objects` (variables, or other nodes such as
/// sigmoid(z)) with the other factors gathered in each coefficient (GiNaC's collect()).
/// Throws usage_error when an object is a constant.
node_id collect_terms(graph& g, node_id n, std::span<const node_id> objects, algebra_limits limits = {});

/// n (a node of `source`) multiplied out, as it is or as GiNaC's normal form (the smaller
/// result), with each definition's
/// expression replaced by the definition's name wherever GiNaC's algebraic substitution finds it
/// (with p = exp(s0)/S, exp(s0)^2/S^2 reads p^2), built in `target`, where the names are
/// variables: the same value in the user's own terms. `definitions` pairs nodes of `source` with
/// names; a name must not be a variable of `source`.
node_id in_terms_of(const graph& source, node_id n, std::span<const std::pair<node_id, std::string>> definitions,
                    graph& target, algebra_limits limits = {});

}  // namespace chainrule
