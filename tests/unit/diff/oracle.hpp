#pragma once
// Independent oracles for the diff tests. Nothing here calls a chainrule derivative rule:
// expressions are materialised node by node for GiNaC's own diff, values come from GiNaC's
// arbitrary-precision numerics. The symbolic comparison is in canonical.hpp.

#include "canonical.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/graph/graph.hpp"

#include <ginac/ginac.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace chainrule::testing {

/// Significant digits used by the numeric oracle.
inline constexpr int oracle_digits = 60;

/// Values of nodes at a point, computed node by node with GiNaC numerics (oracle_digits).
struct point_values {
    std::vector<GiNaC::numeric> value;  ///< by node id, for every node up to the largest root
    std::vector<char> known;            ///< whether value[n] was computed
    double kink_distance = 1e300;       ///< smallest |argument| of a step/relu/abs, |u - v| of a max/min
};

/// The values of every node reachable from roots at `point` (variable name -> rational), or
/// nothing where some node is undefined or not real there (log of a negative, a pole).
std::optional<point_values> evaluate_at(const graph& g, const std::vector<node_id>& roots,
                                        const std::map<std::string, rational>& point);

/// GiNaC expression of root, node by node like the bridge, except: nodes in `frozen` are
/// replaced by the given expressions (their operands are not looked at), and when `branches`
/// is given, each relu/abs/step/max/min node is replaced by the smooth branch it takes at
/// those values (relu(u) -> u or 0, abs(u) -> u or -u, step -> 1 or 0, max/min -> u or v).
GiNaC::ex materialise(const graph& g, node_id root, ginac_converter& symbols,
                      const std::map<node_id, GiNaC::ex>& frozen = {},
                      const point_values* branches = nullptr);

/// The double value of every node of g (ascending ids, no recursion: fit for million-node
/// graphs), with variables set from `point` (missing ones are 0).
std::vector<double> evaluate_in_double(const graph& g, const std::map<std::string, double>& point);

/// |a - b| <= 10^-(oracle_digits - 15) * (1 + |a|).
bool close(const GiNaC::numeric& a, const GiNaC::numeric& b);

/// e evaluated at point (exact substitution, then evalf at oracle_digits); nothing if not real.
std::optional<GiNaC::numeric> value_of(const GiNaC::ex& e, ginac_converter& symbols,
                                       const std::map<std::string, rational>& point);

}  // namespace chainrule::testing
