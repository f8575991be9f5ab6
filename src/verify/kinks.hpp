#pragma once
// Kinks and ties: the surfaces where a piecewise op of a claim's sides switches branch (relu,
// abs, step and sign where their argument is 0; max and min where their operands tie), and
// exact points on them. Random points never land there, yet formulas that agree everywhere else can
// differ on them (the derivative of max at a tie goes to the first operand).

#include "chainrule/graph/graph.hpp"
#include "sampler.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chainrule::verify {

// One kink surface: k = 0, with k the argument of relu, abs, step or sign, or u - v for max and
// min.
struct kink_surface {
    node_id function = no_node;  // k
    std::string description;     // "the tie of max(z, w)", "step at 0 of z - w"
};

// The kink surfaces of the roots' piecewise ops (at most `limit`, outermost first; a surface
// met twice, as k or -k, once).
std::vector<kink_surface> kink_surfaces(graph& g, std::span<const node_id> roots, std::size_t limit = 8);

// A variable that k is affine in (k = a t + b with a and b free of t), the first of `variables`
// that is, with its coefficient a as a node; nothing when there is none.
struct affine_variable {
    node_id variable = no_node;
    node_id coefficient = no_node;  // a = dk/dt
};
std::optional<affine_variable> affine_in(graph& g, node_id k, std::span<const node_id> variables);

// `base` with t moved so that k = 0 there exactly: t = t0 - k(base) / a(base), when both are
// rational at base and a is not 0.
std::optional<point> onto_surface(const graph& g, node_id k, const affine_variable& t, const point& base);

}  // namespace chainrule::verify
