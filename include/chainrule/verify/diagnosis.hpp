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
/// point (the counterexample and others), and it is named only when the equivalence engine
/// confirms it: a hint is an explanation, never a verdict, but never a false one.
/// Swapped indices are the claims layer's business (it sees the index letters).

#include "chainrule/core/rational.hpp"
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
    node_id of = no_node;       ///< the differentiated expression; no_node for a claim A = B without one
                                ///< (then only sign, factor and offset are tried: A against B)
    node_id target = no_node;   ///< a variable, or a definition's node (then the truth is its adjoint)
    node_id claimed = no_node;  ///< what the user wrote
    node_id truth = no_node;    ///< chainrule's derivative
    std::string target_name;    ///< "w", "W[0,1]", "z"
    std::string of_name;        ///< "L", or the expression as written
};

/// The kinds of mistake a hint names.
enum class mistake_kind {
    none,                 ///< no single common mistake explains the difference
    claimed_zero,         ///< the claim is 0, but the output depends on the target
    opposite_sign,        ///< claim = -truth
    constant_factor,      ///< claim = factor * truth
    constant_offset,      ///< claim = truth + offset, a constant
    missing_path,         ///< claim = truth - (the path through `node`)
    doubled_path,         ///< claim = truth + (the path through `node`)
    missing_direct_use,   ///< claim = truth - (the target's direct use by `node`)
    missing_factor,       ///< claim * part = truth, part = d node / d operand
    extra_factor,         ///< claim = truth * part, part = d node / d operand
    missing_part_factor,  ///< claim * part = truth, part a subexpression of the truth
    extra_part_factor,    ///< claim = truth * part
    missing_term,         ///< claim + part = truth
};

/// A diagnosed mistake, as data (lang renders it in the user's names).
struct mistake {
    mistake_kind kind = mistake_kind::none;
    std::optional<rational> factor;  ///< constant_factor: k
    std::string offset;              ///< constant_offset: exactly, or as a decimal
    node_id node = no_node;          ///< the intermediate, the node using the target, or a local factor's owner
    node_id operand = no_node;       ///< a local factor's operand
    node_id part = no_node;          ///< the local factor or the part of the truth
};

/// What the mistake of a refuted claim looks like: the first candidate that agrees with the
/// claim at the counterexample and other sample points (drawn inside `facts` with `seed`) and
/// that the equivalence engine then confirms (claim = candidate formula proved or verified), so
/// a hint is never contradicted by the claims' own verdicts. `names` are the user's definitions'
/// nodes (for the paths and local factors tried). May add nodes to g. Never throws for a numeric
/// failure (a candidate that cannot be evaluated does not fit).
mistake diagnose(graph& g, const derivative_claim& claim, const std::unordered_map<node_id, std::string>& names,
                 const named_point& at, std::span<const fact> facts, std::uint64_t seed = 1);

}  // namespace chainrule::verify
