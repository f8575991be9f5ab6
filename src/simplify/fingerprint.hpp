#pragma once
// Structural fingerprints: a 64-bit hash of each node's expression that depends only on its
// structure (constant values, variable names, ops), never on node ids, and that does not see
// how a sum or product is bracketed or ordered: (a + b) + c, c + (b + a) and a + (b + c) agree.
// Used to order things deterministically where creation order must not matter.

#include "chainrule/graph/graph.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace chainrule::detail {

/// The fingerprint of every node of `order` (ascending ids, closed under operands), indexed like
/// `order`; `position[n]` is the index of node n in `order`.
std::vector<std::uint64_t> structural_fingerprints(const graph& g, std::span<const node_id> order,
                                                   std::span<const std::uint32_t> position);

}  // namespace chainrule::detail
