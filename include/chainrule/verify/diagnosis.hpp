#pragma once
/// \file
/// Mistake diagnosis: for a refuted derivative claim `d(of)/d(target) = claimed`, what the
/// mistake looks like, by comparing the claim with variations of the truth built from the
/// chain-rule decomposition:
/// - opposite sign (claimed = -truth);
/// - off by a constant factor k (claimed = k·truth, k a small rational);
/// - off by a constant c (claimed = truth + c);
/// - one path missing or counted twice (claimed = truth ∓ ∂of/∂a · ∂a/∂target, for an
///   intermediate a: a named definition, or a direct use of the target);
/// - one local factor missing or extra (claimed = truth / ∂a/∂u or truth · ∂a/∂u, for a named
///   definition a and an operand u of it).
/// A candidate fits when it agrees with the claim to 40 significant digits at every sample
/// point (the counterexample and others): a hint is a heuristic explanation, never a verdict.
/// Swapped indices are the claims layer's business (it sees the index letters).

#include "chainrule/graph/graph.hpp"
#include "chainrule/verify/equivalence.hpp"
#include "chainrule/verify/facts.hpp"

#include <optional>
#include <span>
#include <string>
#include <unordered_map>

namespace chainrule::verify {

/// A refuted derivative claim.
struct derivative_claim {
    node_id of = no_node;       ///< the differentiated expression
    node_id target = no_node;   ///< a variable, or a definition's node (then the truth is its adjoint)
    node_id claimed = no_node;  ///< what the user wrote
    node_id truth = no_node;    ///< chainrule's derivative
    std::string target_name;    ///< "w", "W[0,1]", "z"
    std::string of_name;        ///< "L", or the expression as written
};

/// The hint for a refuted claim: which mistake fits, in words ("opposite sign: ...", "the path
/// through b is missing ..."), or a plain statement that none of them fits. `names` are the
/// user's definitions' nodes (for paths and factors and for printing), `at` the counterexample;
/// more points are drawn inside `facts` with `seed`. May add nodes to g. Never throws for a
/// numeric failure (a candidate that cannot be evaluated does not fit).
std::string diagnose(graph& g, const derivative_claim& claim,
                     const std::unordered_map<node_id, std::string>& names, const named_point& at,
                     std::span<const fact> facts, std::uint64_t seed = 1);

/// The sentence diagnose gives when no mistake pattern fits.
extern const char* const no_pattern_hint;

}  // namespace chainrule::verify
