#pragma once
// Random points of a claim's domain: rationals with small denominators inside the bounds the
// facts give (x > 0, x <= 1), checked against every inequality fact.

#include "chainrule/graph/graph.hpp"
#include "chainrule/verify/facts.hpp"

#include <cstdint>
#include <map>
#include <random>
#include <span>
#include <vector>

namespace chainrule::verify {

// A point: the exact value of each variable node.
using point = std::map<node_id, rational>;

// The variables reached from roots, ascending by id.
std::vector<node_id> variables_of(const graph& g, std::span<const node_id> roots);

class sampler {
public:
    // Points for `variables` of g and the variables of `constraints`, inside those inequality
    // facts (sides in g).
    sampler(const graph& g, std::vector<node_id> variables, std::vector<fact> constraints, std::uint64_t seed);

    // A candidate point inside the simple bounds (not yet checked against the constraints).
    point draw();

    // Whether every constraint holds at p; false where a constraint is undefined there.
    bool admits(const point& p) const;

private:
    struct range {
        rational low = -3, high = 3;
    };
    rational draw_in(const range& r);

    const graph& graph_;
    std::vector<node_id> variables_;
    std::vector<range> ranges_;
    std::vector<fact> constraints_;
    std::mt19937_64 engine_;
};

}  // namespace chainrule::verify
