// Symbolic reverse mode. Ascending ids are a topological order, so one loop from the output
// down to id 0 visits every user before its operands: no recursion, no explicit stack.
#include "chainrule/diff/reverse.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/diff/partials.hpp"

#include <string>
#include <utility>

namespace chainrule {

namespace {

// Reverse sweep from `output` over the nodes n <= output with swept[n] set: returns adj with
// adj[n] = d output / d n for each swept node reached, no_node elsewhere. Each edge into a
// swept operand adds at most its local partial, one product and one sum.
std::vector<node_id> sweep(graph& g, node_id output, const std::vector<char>& swept) {
    std::vector<node_id> adj(static_cast<std::size_t>(output) + 1, no_node);
    if (!swept[output]) return adj;
    const node_id zero = g.constant(0);
    adj[output] = g.constant(1);
    // reverse sweep
    for (node_id n = output + 1; n-- > 0;) {
        if (adj[n] == no_node) continue;  // not reached (or not swept)
        const node x = g.at(n);           // a copy: the graph grows below
        for (int i = 0; i < arity(x.kind); ++i) {
            const node_id c = i == 0 ? x.lhs : x.rhs;
            if (!swept[c]) continue;
            // contribution of this edge: adj(n) * d n / d c (nothing to build when adj(n) = 0)
            const node_id contribution = adj[n] == zero ? zero : g.mul(adj[n], local_partial(g, n, i));
            adj[c] = adj[c] == no_node ? contribution : g.add(adj[c], contribution);
        }
    }
    return adj;
}

}  // namespace

adjoint_table::adjoint_table(node_id output, node_id zero, std::vector<node_id> adjoints)
    : output_(output), zero_(zero), adjoints_(std::move(adjoints)) {}

std::optional<node_id> adjoint_table::find(node_id n) const {
    if (n >= adjoints_.size() || adjoints_[n] == no_node) return std::nullopt;
    return adjoints_[n];
}

node_id adjoint_table::operator[](node_id n) const { return find(n).value_or(zero_); }

std::vector<node_id> adjoint_table::nodes() const {
    std::vector<node_id> out;
    for (std::size_t n = adjoints_.size(); n-- > 0;)
        if (adjoints_[n] != no_node) out.push_back(static_cast<node_id>(n));
    return out;
}

std::vector<node_id> reverse_gradient(graph& g, node_id output, std::span<const node_id> wrt) {
    g.at(output);  // throws usage_error for an unknown id
    std::vector<char> swept(static_cast<std::size_t>(output) + 1, 0);
    for (std::size_t i = 0; i < wrt.size(); ++i) {
        const node_id w = wrt[i];
        if (w >= g.size())
            throw usage_error("reverse_gradient: wrt[" + std::to_string(i) + "] is node " + std::to_string(w) +
                              ", which is not in this graph (it has " + std::to_string(g.size()) + " nodes)");
        if (!g.is_variable(w))
            throw usage_error("reverse_gradient: wrt[" + std::to_string(i) + "] is node " + std::to_string(w) +
                              ", a '" + std::string(name(g.kind(w))) +
                              "' node; derivatives are taken with respect to variables only");
        if (w <= output) swept[w] = 1;
    }
    // activity: sweep only the nodes that depend on some wrt variable
    for (node_id n = 0; n <= output; ++n) {
        const node& x = g.at(n);
        if ((x.lhs != no_node && swept[x.lhs]) || (x.rhs != no_node && swept[x.rhs])) swept[n] = 1;
    }
    const std::vector<node_id> adj = sweep(g, output, swept);
    const node_id zero = g.constant(0);
    std::vector<node_id> out;
    out.reserve(wrt.size());
    for (node_id w : wrt) out.push_back(w <= output && adj[w] != no_node ? adj[w] : zero);
    return out;
}

adjoint_table reverse_adjoints(graph& g, node_id output) {
    g.at(output);  // throws usage_error for an unknown id
    // every node but the constant leaves (whose adjoint nobody asks for) is swept
    std::vector<char> swept(static_cast<std::size_t>(output) + 1, 0);
    for (node_id n = 0; n <= output; ++n) swept[n] = !g.is_constant(n);
    swept[output] = 1;
    const node_id zero = g.constant(0);
    return adjoint_table(output, zero, sweep(g, output, swept));
}

}  // namespace chainrule
