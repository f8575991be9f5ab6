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
/// Decimal: certified (numeric/certified.hpp): ball arithmetic at a rising working precision
/// until every shown digit is decided, correctly rounded; exact rationals are rounded exactly.
/// Any magnitude is shown (2^(10^20) is about 2.3653176496878716463e+30102999566398119521).
/// Past the precision ceiling (about 10,000 digits) a value shows the digits that are certain
/// and says how many; with none it is refused rather than shown wrongly.
/// Undefined operations (division by 0, log or sqrt of a value <= 0, a negative base to a
/// non-integer power) and values without a certain digit are domain_error; GiNaC and CLN
/// exceptions are translated.

#include "chainrule/core/rational.hpp"
#include "chainrule/graph/graph.hpp"
#include "chainrule/numeric/certified.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chainrule::lang {

/// The value of one variable-free node.
struct exact_value {
    node_id exact = no_node;            ///< the closed form; a constant node when rational
    std::optional<rational> rational_value;  ///< the value, when it is exactly rational
    std::string decimal;                ///< rounded to `digits` significant digits, all of them right
    int digits = 0;                     ///< the digits shown: those asked for, fewer past the ceiling
};

/// Limits of the evaluation.
struct evaluation_limits {
    /// The precisions of the decimal step.
    numeric::certified_limits certified;
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
