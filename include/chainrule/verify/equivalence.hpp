#pragma once
/// \file
/// The equivalence engine: decides whether two scalar nodes are equal under a set of facts, with
/// the verdicts of DESIGN.md.
///
/// 1. Equalities among the facts are solved for one variable each (a variable they contain to
///    the first degree) and substituted into both sides; the sides' remaining variables are the
///    domain.
/// 2. Symbolic: both sides go to GiNaC (variables assumed > 0 as positive symbols, so
///    sqrt(x^2) = x and abs(x) = x), and normal(A - B) is tried, then again after writing tanh,
///    sigmoid, softplus, cosh, sin, cos, tan and powers with variable exponents through exp, with
///    every exp(c·m) a power of one fresh symbol per exponent atom m (so exp(a)·exp(-a) = 1 and
///    exp(2a) = exp(a)^2 are visible to normal). A zero gives `proved`, with the method.
/// 3. Otherwise random points of the domain (rationals with small denominators, inside the
///    inequality facts; a point where a side or a fact is undefined is replaced by another):
///    each side is evaluated exactly in rationals when it is a rational function, else in
///    certified ball arithmetic from `digits` + 10 digits, doubling, until the ball of the
///    difference excludes 0 (a counterexample, with that certificate) or the ceiling is
///    reached with 0 inside (equal there to within the ball's bound): certify_digits at the
///    first such point, max_digits at the others. Every point equal: `verified`, with the
///    bounds; one counterexample: `refuted`. No tolerance is involved: a claim 10^-1000 from
///    the truth is refuted at the first point.
/// 4. `unknown` only when no point of the domain could be evaluated, with the reason.
///
/// Symbolic work runs on the calling thread (GiNaC is not thread-safe). GiNaC and CLN
/// exceptions never escape: a symbolic step that fails is skipped and the numeric one decides.

#include "chainrule/core/rational.hpp"
#include "chainrule/graph/graph.hpp"
#include "chainrule/verify/facts.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::verify {

/// The verdicts of DESIGN.md.
enum class verdict { proved, verified, refuted, unknown };

/// "proved", "verified", "refuted", "unknown".
std::string_view name(verdict v);

/// Whether the verdict says the two sides are equal (proved or verified).
inline bool holds(verdict v) { return v == verdict::proved || v == verdict::verified; }

/// A point: the exact value of each variable (by name), in name order.
using named_point = std::vector<std::pair<std::string, rational>>;

/// One side's value at a point.
struct side_value {
    std::optional<rational> exact;  ///< when the side is rational there
    std::string decimal;            ///< with `digits` significant digits (exact when `exact`)
};

/// A point where the sides differ.
struct counterexample {
    named_point at;           ///< every variable of either side; a variable an equality was solved
                              ///< for has its value from the others (when rational)
    side_value lhs, rhs;      ///< both values there
    side_value difference;    ///< lhs - rhs
    /// Where the values are not exact: what the balls certify, "left - right < -9.9e-151".
    std::string certificate;
};

/// The outcome of one decision.
struct equivalence_result {
    verdict outcome = verdict::unknown;
    /// How the verdict was reached: "normal form", "normal form after writing through exp",
    /// "exact rational evaluation", "evaluation with 60 significant digits", plus the facts used
    /// ("with x > 0", "after substituting y2 = 1 - y0 - y1 from sum(y) = 1").
    std::string method;
    int points = 0;   ///< points evaluated (verified: all equal; refuted: up to the counterexample)
    int digits = 0;   ///< significant digits of the evaluation; 0 when exact rationals decided
    std::optional<counterexample> refutation;  ///< refuted only
    std::string reason;                        ///< unknown only: why no point decided
    std::vector<std::string> notes;            ///< facts that could not be used, and why
};

/// How hard to try.
struct equivalence_options {
    int points = 12;          ///< points that must agree for `verified`
    int digits = 50;          ///< least significant digits of float evaluation
    int max_digits = 800;     ///< most digits at a point after the first
    int certify_digits = 4000;  ///< most digits at the first point evaluated in balls
    int max_attempts = 400;   ///< points drawn, counting those rejected
    std::uint64_t seed = 1;   ///< the sampler's seed (same seed, same points)
    bool symbolic = true;     ///< try the symbolic methods first
    /// Largest size of an expression, read as a tree, handed to GiNaC's normal().
    std::size_t max_symbolic_size = 4000;
    /// Longest time the symbolic proof may take, in milliseconds; it runs in a child process,
    /// killed past it, and the claim is then checked numerically (the method says so). 0: in
    /// this process, unbounded.
    long symbolic_budget_ms = 1000;
};

/// Decides lhs = rhs (scalar nodes of g) under `facts`. May add nodes to g (substitutions).
equivalence_result decide(graph& g, node_id lhs, node_id rhs, std::span<const fact> facts,
                          const equivalence_options& options = {});

}  // namespace chainrule::verify
