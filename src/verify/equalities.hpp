#pragma once
// Equality facts solved for one variable each, to be substituted into a claim's sides.

#include "chainrule/graph/graph.hpp"
#include "chainrule/verify/facts.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

namespace chainrule::verify {

// The solved equalities: each variable and the node that replaces it (in terms of variables not
// solved for), with a description per use and a note per equality that could not be used.
struct solved_equalities {
    std::vector<std::pair<node_id, node_id>> replacements;  // variable -> its value
    std::vector<std::string> used;     // "y2 = 1 - y0 - y1 (from sum(y) = 1)"
    std::vector<std::string> notes;    // "sum(y^2) = 1 was not used: no variable appears linearly"
};

// Solves each equality fact of `facts` for a variable that occurs in it to the first degree
// (the one declared last, so sum(y) = 1 gives y2 = 1 - y0 - y1), after substituting the earlier
// solutions. Adds the solutions' nodes to g. Never throws for GiNaC's failures (the equality
// is then noted as unused).
solved_equalities solve_equalities(graph& g, std::span<const fact> facts);

}  // namespace chainrule::verify
