#pragma once
// The symbolic half of the equivalence engine: is lhs - rhs zero by GiNaC's normal()?

#include "chainrule/graph/graph.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>

namespace chainrule::verify {

// The outcome of a proof attempt.
struct proof_attempt {
    std::optional<std::string> method;  // set when proved: how
    std::string note;                   // when not attempted or failed: why (may be empty)
};

// Tries to prove lhs = rhs: normal(lhs - rhs), then normal after exp_atoms(rewrite_to_exp(...)).
// Variables named in `positive` become positive symbols. Expressions larger than max_size
// (as trees) are not attempted. Never throws for GiNaC's or CLN's failures.
proof_attempt try_prove(const graph& g, node_id lhs, node_id rhs, std::span<const node_id> positive,
                        std::size_t max_size);

}  // namespace chainrule::verify
