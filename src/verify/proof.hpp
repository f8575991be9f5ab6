#pragma once
// The symbolic half of the equivalence engine: is lhs - rhs zero by GiNaC's normal()?

#include "chainrule/core/rational.hpp"
#include "chainrule/graph/graph.hpp"

#include <chrono>
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

// A variable known to lie on one side of a constant: v > c (above) or v < c.
struct variable_bound {
    node_id variable = no_node;
    rational bound;
    bool above = true;
};

// Tries to prove lhs = rhs. The difference, with each bounded variable written c + p or c - p
// for a positive symbol p, goes through: normal(); normal() with roots of even powers as
// absolute values and roots of products split over positive factors (powers.hpp); normal()
// after exp_atoms(rewrite_to_exp(...)); normal() with the logarithms split into factors
// (logs.hpp); and, for differences with kinks, each of those in every sign region of the kinks
// (piecewise.hpp). Expressions larger than max_size (as trees) are not attempted. Never throws
// for GiNaC's or CLN's failures.
proof_attempt try_prove(const graph& g, node_id lhs, node_id rhs, std::span<const variable_bound> bounds,
                        std::size_t max_size);

// try_prove in a child process given at most `budget` (isolated.hpp): past it the attempt is
// abandoned with a note saying so, and the caller goes on to check numerically.
proof_attempt try_prove_within(const graph& g, node_id lhs, node_id rhs, std::span<const variable_bound> bounds,
                               std::size_t max_size, std::chrono::milliseconds budget);

}  // namespace chainrule::verify
