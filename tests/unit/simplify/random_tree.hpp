#pragma once
// A seeded generator of random expressions as trees (independent of any graph), and building a
// tree into a graph in different ways: operands swapped, regrouped, other nodes created first.

#include "chainrule/graph/graph.hpp"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace simplify_test {

using chainrule::graph;
using chainrule::node_id;
using chainrule::op;
using chainrule::rational;

/// A random expression tree, independent of any graph.
struct tree {
    op kind = op::constant;
    rational value;         // constant
    std::string name;       // variable
    std::shared_ptr<const tree> lhs, rhs;
    // subtraction and division as users write them (built through graph::sub and graph::div)
    enum class sugar : std::uint8_t { none, sub, div, neg } how = sugar::none;
};
using tree_ptr = std::shared_ptr<const tree>;

/// Seeded random trees.
class tree_generator {
public:
    tree_generator(std::uint64_t seed, bool functions, std::vector<std::string> names);
    /// A tree with about `size` operations.
    tree_ptr make(int size);

private:
    long uniform(long lo, long hi);
    tree_ptr leaf();
    std::mt19937_64 engine_;
    bool functions_;
    std::vector<std::string> names_;
};

/// How to build a tree into a graph.
struct build_style {
    bool swap_commutative = false;  ///< build u + v as v + u, u * v as v * u
    bool reassociate = false;       ///< build (a + b) + c as a + (b + c) where possible
    bool noise = false;             ///< create unrelated nodes and the variables in reverse first
};

/// t built into g in the given style.
node_id build(graph& g, const tree_ptr& t, const build_style& style);

}  // namespace simplify_test
