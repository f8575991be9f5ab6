#pragma once
/// \file
/// The value of variable-free nodes (what `eval` shows once the bindings are substituted): the
/// exact value, as a rational when it is one, otherwise as its closed form; and a decimal with a
/// requested number of significant digits.
///
/// Exact: a constant node is its rational. Otherwise, when the node is small and its numbers and
/// exponents are small (so GiNaC cannot be asked for a huge exact power), GiNaC's automatic
/// evaluation decides whether the closed form is rational after all (sqrt(2)^2 is 2).
///
/// Decimal: the nodes are evaluated node by node (each node once, however often it is shared,
/// where GiNaC's evalf would walk the expression as a tree) with GiNaC's arbitrary-precision
/// numerics at increasing working precisions, digits + 12, 2 digits + 30, 4 digits + 60, until two
/// successive precisions round to the same decimal; a floating-point 0 (a cancellation) never
/// counts as settled. A value that never settles (an exact 0 computed through cancellation, or
/// a division by one) is refused rather than shown wrongly.
/// Undefined operations (division by 0, log or sqrt of a value <= 0, a negative base to a
/// non-integer power) are domain_error; a float overflow or a value beyond 10^±10000 is a
/// limit_error; GiNaC and CLN exceptions are translated. Integer powers with large exponents
/// are computed in floating point (repeated squaring), never exactly, so 2^(2^40) is bounded.

#include "chainrule/core/rational.hpp"
#include "chainrule/graph/graph.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chainrule::lang {

/// The value of one variable-free node.
struct exact_value {
    node_id exact = no_node;            ///< the closed form; a constant node when rational
    std::optional<rational> rational_value;  ///< the value, when it is exactly rational
    std::string decimal;                ///< rounded to the requested significant digits
};

/// Limits of the evaluation.
struct evaluation_limits {
    /// Largest |log10| of a value shown as a decimal.
    long max_decimal_exponent = 10000;
    /// Largest number of decimal digits an exact intermediate may reach in GiNaC's exact step.
    std::size_t max_exact_digits = 10000;
    /// Most nodes handed to GiNaC's exact step.
    std::size_t max_exact_nodes = 2000;
};

/// The values of `roots`, which must reach no variable (usage_error otherwise), with decimals of
/// `digits` significant digits (1 to 1000). Adds the constant nodes of rational values to g.
std::vector<exact_value> evaluate(graph& g, std::span<const node_id> roots, int digits,
                                  evaluation_limits limits = {});

/// The variables that `roots` reach, ascending by node id.
std::vector<node_id> free_variables(const graph& g, std::span<const node_id> roots);

}  // namespace chainrule::lang
