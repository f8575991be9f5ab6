#include "measure.hpp"

#include "chainrule/core/error.hpp"

#include <algorithm>
#include <limits>
#include <unordered_set>

namespace chainrule::detail {

namespace {

constexpr std::size_t saturated = std::numeric_limits<std::size_t>::max();

std::size_t add_saturating(std::size_t a, std::size_t b) { return a > saturated - b ? saturated : a + b; }

// The nodes below root, ascending (a topological order), not expanding stop nodes.
std::vector<node_id> reached(const graph& g, node_id root, const std::function<bool(node_id)>& stop) {
    if (!stop) return g.reachable(std::span<const node_id>(&root, 1));
    g.at(root);
    std::unordered_set<node_id> seen{root};
    std::vector<node_id> stack{root};
    while (!stack.empty()) {
        const node_id n = stack.back();
        stack.pop_back();
        if (n != root && stop(n)) continue;
        const node& x = g.at(n);
        for (node_id c : {x.lhs, x.rhs})
            if (c != no_node && seen.insert(c).second) stack.push_back(c);
    }
    std::vector<node_id> out(seen.begin(), seen.end());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

tree_measure measure_tree(const graph& g, node_id root, const std::function<bool(node_id)>& stop) {
    const std::vector<node_id> order = reached(g, root, stop);
    std::vector<tree_measure> m(order.size());
    auto index = [&](node_id n) {
        return static_cast<std::size_t>(std::lower_bound(order.begin(), order.end(), n) - order.begin());
    };
    for (std::size_t i = 0; i < order.size(); ++i) {
        const node& x = g.at(order[i]);
        m[i] = tree_measure{1, 1};
        if (order[i] != root && stop && stop(order[i])) continue;
        for (node_id c : {x.lhs, x.rhs}) {
            if (c == no_node) continue;
            const tree_measure& k = m[index(c)];
            m[i].size = add_saturating(m[i].size, k.size);
            m[i].depth = std::max(m[i].depth, add_saturating(k.depth, 1));
        }
    }
    return m.back();  // the root has the largest id
}

void check_print_limits(const graph& g, node_id root, const std::function<bool(node_id)>& stop,
                        const print_limits& limits, const std::string& what) {
    // walk the tree itself while it is small: cheap for printable expressions (lines of a CSE
    // program especially); past the size limit, measure on the DAG for the message
    tree_measure m{0, 0};
    {
        std::vector<std::pair<node_id, std::size_t>> stack{{root, 1}};
        while (!stack.empty() && m.size <= limits.max_tree_size) {
            const auto [n, level] = stack.back();
            stack.pop_back();
            ++m.size;
            m.depth = std::max(m.depth, level);
            if (n != root && stop && stop(n)) continue;
            const node& x = g.at(n);
            if (x.rhs != no_node) stack.emplace_back(x.rhs, level + 1);
            if (x.lhs != no_node) stack.emplace_back(x.lhs, level + 1);
        }
        if (!stack.empty()) m = measure_tree(g, root, stop);
    }
    const auto shown = [](std::size_t n) { return n == saturated ? std::string("more than 10^19") : std::to_string(n); };
    if (m.size > limits.max_tree_size)
        throw limit_error(what + " is too large to print as one formula: its tree has " + shown(m.size) +
                              " nodes (limit " + std::to_string(limits.max_tree_size) +
                              "); print its CSE form (a list of assignments) instead",
                          limits.max_tree_size, m.size);
    if (m.depth > limits.max_depth)
        throw limit_error(what + " is too deeply nested to print as one formula: depth " + shown(m.depth) +
                              " (limit " + std::to_string(limits.max_depth) +
                              "); print its CSE form (a list of assignments) instead",
                          limits.max_depth, m.depth);
}

}  // namespace chainrule::detail

namespace chainrule {

tree_measure measure_tree(const graph& g, node_id n) { return detail::measure_tree(g, n, nullptr); }

}  // namespace chainrule
