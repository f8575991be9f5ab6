#pragma once
/// \file
/// Gradient cross-checks (`check L`): chainrule's symbolic gradient against the independent
/// numeric reverse-mode tape in double and in 50 digits, and against central finite
/// differences in double, at random points of the domain. The reference is the symbolic
/// gradient evaluated with 60 significant digits and more, until two precisions agree to 40
/// digits; each witness's disagreement is normwise, max_k |w_k - g_k| / max_k |g_k|, and the
/// largest over the points is reported with the variable where it was largest.

#include "chainrule/graph/graph.hpp"
#include "chainrule/verify/equivalence.hpp"
#include "chainrule/verify/facts.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace chainrule::verify {

/// The largest disagreement of one witness.
struct disagreement {
    double relative = 0;  ///< max over points of max_k |witness_k - symbolic_k| / max_k |symbolic_k|
    std::string at;       ///< the variable where it was largest ("" when every difference was 0)
};

/// The outcome of a cross-check.
struct cross_check_result {
    int points = 0;                 ///< points every witness was evaluated at
    int skipped = 0;                ///< points drawn where the gradient was undefined or did not settle
    disagreement tape_double;       ///< numeric tape in double
    disagreement tape_digits;       ///< numeric tape with tape_digits significant digits
    disagreement finite_difference; ///< central differences in double
    int tape_digits_used = 50;
    std::vector<std::string> wrt;   ///< the variables, in order
};

/// Cross-checks d output / d wrt at `points` random points inside the inequality facts.
/// Throws usage_error when no point of the domain can be evaluated.
cross_check_result cross_check(graph& g, node_id output, std::span<const node_id> wrt, std::span<const fact> facts,
                               int points = 5, std::uint64_t seed = 1);

}  // namespace chainrule::verify
