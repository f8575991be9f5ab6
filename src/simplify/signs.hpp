#pragma once
// Canonical signs for sums that are factors: p and -p are the same factor up to the sign, and
// which one GiNaC returns (x - y or y - x in a factorisation, a normal form's numerator)
// depends on its internal order, which varies between runs. Rewriting every such factor to a
// choice made by chainrule's own rules, with the sign moved into the coefficient, makes the
// displayed results deterministic.

#include "chainrule/graph/graph.hpp"

namespace chainrule::detail {

/// n rebuilt in g with every sum that is a factor of a product (or the base of an integer
/// power in one) in canonical sign: fewer negative terms, and on a tie the one whose text comes
/// first (so 1 - a rather than a - 1, x - y rather than y - x). The value is unchanged.
node_id canonical_signs(graph& g, node_id n);

}  // namespace chainrule::detail
