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
///    each side is evaluated exactly in rationals when it is a rational function, else with
///    CLN floats of `digits` + 10 digits and again at twice that, up to max_digits, until the
///    difference is either shrinking with the precision (equal at that point) or stable and
///    nonzero (a counterexample). Every point equal: `verified`; one counterexample:
///    `refuted`. No tolerance is involved: a difference of 1e-30 is stable at 60 digits.
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
    int max_digits = 800;     ///< most digits before a point is given up as undecidable
    int max_attempts = 400;   ///< points drawn, counting those rejected
    std::uint64_t seed = 1;   ///< the sampler's seed (same seed, same points)
    bool symbolic = true;     ///< try the symbolic methods first
    /// Largest size of an expression, read as a tree, handed to GiNaC's normal().
    std::size_t max_symbolic_size = 4000;
};

/// Decides lhs = rhs (scalar nodes of g) under `facts`. May add nodes to g (substitutions).
equivalence_result decide(graph& g, node_id lhs, node_id rhs, std::span<const fact> facts,
                          const equivalence_options& options = {});

}  // namespace chainrule::verify
