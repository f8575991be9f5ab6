#pragma once
/// \file
/// Conversion between graph nodes and GiNaC expressions.
///
/// To GiNaC: every variable becomes a GiNaC realsymbol of the same name; exp, log, sin, cos, tan,
/// tanh, cosh, abs map to GiNaC's functions, sqrt(u) to u^(1/2); sigmoid, softplus, relu, step,
/// sign, max and min map to the chainrule functions of ginac_functions.hpp (GiNaC's own step(0)
/// is 1/2, chainrule's is 0; GiNaC's csgn has sign's values but no derivative). Conversion is
/// memoised per node, so shared nodes stay shared, and is refused with a limit_error when the
/// expression, read as a tree, would pass a size or depth limit (GiNaC's diff, normal and
/// printing walk trees).
///
/// From GiNaC: sums and products become chains of binary nodes, rational numbers constants,
/// symbols variables (by name), GiNaC's csgn the sign op. Floats, complex numbers, constants
/// such as Pi and functions without a chainrule op are refused with an algebra_error naming
/// them.

#include "chainrule/graph/graph.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace chainrule {

/// Limits that keep a conversion to GiNaC from exploding.
struct ginac_limits {
    /// Largest tree size (nodes counted with repetition) of a converted expression.
    std::size_t max_tree_size = 200000;
    /// Largest nesting depth of a converted expression. GiNaC recurses over the tree in diff,
    /// expand, normal, subs, evalf and printing; at 500 levels each of them fits in a 1 MiB stack
    /// with room to spare (normal of sin(sin(...sin(x)...)) overflows 1 MiB between 1000 and
    /// 1500 levels; tests/regression/deep_graphs_test.cpp runs them at this limit on 1 MiB).
    std::size_t max_depth = 500;
};

/// Converts nodes of one graph to GiNaC expressions, memoised across calls.
class ginac_converter {
public:
    /// A converter for graph g (which must outlive it; nodes added later are converted too).
    explicit ginac_converter(const graph& g, ginac_limits limits = {});

    /// The GiNaC expression of node n. Throws limit_error past the limits.
    GiNaC::ex operator()(node_id n);

    /// The GiNaC symbol that stands for variable `name` (created on first use).
    const GiNaC::symbol& symbol(const std::string& name);

    /// Substitution list mapping each variable symbol to an exact value.
    GiNaC::exmap point(const std::map<std::string, rational>& values);

private:
    /// Whether the constant power x = c^d has a small exact value (GiNaC evaluates it eagerly).
    bool exact_power_is_small(const node& x) const;

    const graph& graph_;
    ginac_limits limits_;
    std::vector<GiNaC::ex> memo_;
    std::vector<char> done_;
    std::vector<char> queued_;            // scratch of operator(), all 0 between calls
    std::vector<std::size_t> tree_size_;  // of converted nodes (and scratch for the others)
    std::vector<std::size_t> depth_;      // of converted nodes (and scratch for the others)
    std::map<std::string, GiNaC::realsymbol> symbols_;
};

/// The GiNaC expression of node n of g (a one-shot converter).
GiNaC::ex to_ginac(const graph& g, node_id n, ginac_limits limits = {});

/// The node of g for the GiNaC expression e. Symbols map to variables by name: existing
/// variables keep their kind, unknown names become inputs. Throws algebra_error for parts of
/// e that have no chainrule counterpart, limit_error past ginac_limits::max_depth.
node_id from_ginac(graph& g, const GiNaC::ex& e, ginac_limits limits = {});

/// e with sigmoid, softplus, tanh and cosh written through exp, and tan through sin/cos:
/// a canonical basis in which GiNaC's normal() can decide more identities.
GiNaC::ex rewrite_to_exp(const GiNaC::ex& e);

}  // namespace chainrule
