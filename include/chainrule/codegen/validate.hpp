#pragma once
/// \file
/// Validation of an evaluator against the exact symbolic value: at random points whose
/// coordinates are exactly representable in double, the program's outputs are evaluated node by
/// node with GiNaC at high precision (evalf at `digits` digits, the chainrule functions of
/// graph/ginac_functions.hpp for sigmoid, relu, step, ...) and the evaluator's doubles are
/// compared with them in units in the last place.

#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/core/rational.hpp"
#include "chainrule/graph/graph.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace chainrule::codegen {

/// Where and how validate samples.
struct validation_options {
    std::size_t points = 20;       ///< random points evaluated
    std::uint64_t seed = 1;        ///< the points' seed
    int digits = 50;               ///< decimal digits of the reference
    double bound = 2;              ///< coordinates drawn from [-bound, bound]
    int binary_digits = 8;         ///< coordinates are k / 2^binary_digits (exact in double)
};

/// The worst errors found, in units in the last place of the exact value.
struct validation_report {
    std::size_t points = 0;        ///< points compared
    std::size_t skipped = 0;       ///< points where the exact value is undefined or not real
    double max_value_ulps = 0;     ///< the loss
    double max_gradient_ulps = 0;  ///< the worst gradient entry
    /// The worst |computed - exact| / max(1, |exact|) over every output (an error measure that
    /// stays meaningful where an exact value is near 0).
    double max_scaled_error = 0;
};

/// The distance from `computed` to `exact` in units in the last place of `exact` (the spacing
/// of doubles at |exact|; the smallest subnormal at 0). Infinite for a NaN or infinite
/// `computed`.
double ulps(double computed, const rational& exact);

/// The exact values of `outputs` of g at `point` (a value for every variable they reach),
/// rounded to `digits` decimal digits and given as rationals, or nothing where one is undefined
/// (division by 0, log of a negative number, ...) or not real.
std::optional<std::vector<rational>> reference_values(const graph& g, std::span<const node_id> outputs,
                                                      const std::unordered_map<node_id, rational>& point, int digits);

/// Compares `e` with the exact values of model program m of g at random points.
validation_report validate(const graph& g, const model_program& m, const evaluator& e, const validation_options& options = {});

}  // namespace chainrule::codegen
