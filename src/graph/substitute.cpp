// Substitution by one ascending pass: operands have smaller ids than their users, so visiting
// the reached nodes in ascending order rebuilds every operand before its user.
#include "chainrule/graph/substitute.hpp"

#include "chainrule/core/error.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>


namespace chainrule {

namespace {

// The nodes reached from `roots`, ascending; the walk stops at replaced nodes.
std::vector<node_id> reached_nodes(const graph& source, std::span<const node_id> roots,
                                   const replacement_map& replace) {
    // sparse: the cost is that of the reached part, not of the whole graph (a session calls
    // this once per statement on a graph that keeps growing)
    std::unordered_set<node_id> seen;
    std::vector<node_id> stack, order;
    for (node_id r : roots) {
        source.at(r);  // throws usage_error for an unknown id
        if (seen.insert(r).second) stack.push_back(r);
    }
    while (!stack.empty()) {
        const node_id n = stack.back();
        stack.pop_back();
        order.push_back(n);
        if (replace.contains(n)) continue;
        const node& x = source.at(n);
        for (node_id c : {x.lhs, x.rhs})
            if (c != no_node && seen.insert(c).second) stack.push_back(c);
    }
    std::sort(order.begin(), order.end());
    return order;
}

// f(u[, v]) in g with the graph's folding, or unfolded when folding would make a constant past
// the graph's size limit.
node_id rebuild(graph& g, op f, node_id u, node_id v) {
    try {
        return arity(f) == 1 ? g.apply(f, u) : g.apply(f, u, v);
    } catch (const limit_error&) {
        return g.make(f, u, v);
    }
}

// The substitution itself; with keep_names false every named node becomes its operand's image.
std::vector<node_id> rebuild_all(const graph& source, graph& target, std::span<const node_id> roots,
                                 const replacement_map& replace, bool keep_names) {
    const std::vector<node_id> order = reached_nodes(source, roots, replace);
    std::unordered_map<node_id, node_id> image;
    image.reserve(order.size());
    for (node_id n : order) {
        if (auto it = replace.find(n); it != replace.end()) {
            target.at(it->second);  // throws usage_error for a replacement not in target
            image[n] = it->second;
            continue;
        }
        const node x = source.at(n);  // a copy: source may be target, which grows below
        switch (x.kind) {
        case op::constant: image[n] = &source == &target ? n : target.constant(source.value(n)); break;
        case op::variable: {
            if (&source == &target) {
                image[n] = n;
            } else {
                const variable_info& v = source.variable_of(n);
                image[n] = target.variable(v.name, v.kind);
            }
            break;
        }
        case op::add:
        case op::mul:
        case op::pow:
        case op::max:
        case op::min: image[n] = rebuild(target, x.kind, image[x.lhs], image[x.rhs]); break;
        case op::exp:
        case op::log:
        case op::sqrt:
        case op::sin:
        case op::cos:
        case op::tan:
        case op::tanh:
        case op::cosh:
        case op::sigmoid:
        case op::softplus:
        case op::relu:
        case op::abs:
        case op::step:
        case op::sign: image[n] = rebuild(target, x.kind, image[x.lhs], no_node); break;
        case op::named:
            image[n] = keep_names ? target.named(image[x.lhs], source.label_of(n)) : image[x.lhs];
            break;
        }
    }
    std::vector<node_id> out;
    out.reserve(roots.size());
    for (node_id r : roots) out.push_back(image[r]);
    return out;
}

}  // namespace

std::vector<node_id> substitute(const graph& source, graph& target, std::span<const node_id> roots,
                                const replacement_map& replace) {
    return rebuild_all(source, target, roots, replace, true);
}

std::vector<node_id> substitute(graph& g, std::span<const node_id> roots, const replacement_map& replace) {
    return substitute(g, g, roots, replace);
}

std::vector<node_id> without_names(graph& g, std::span<const node_id> roots, const replacement_map& replace) {
    return rebuild_all(g, g, roots, replace, false);
}

}  // namespace chainrule
