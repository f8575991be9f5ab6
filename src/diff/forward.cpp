// Symbolic forward mode. Ascending ids are a topological order, so one loop over the reached
// nodes sees every operand's tangent before its user's.
#include "chainrule/diff/forward.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/diff/partials.hpp"

#include <string>

namespace chainrule {

std::vector<node_id> forward_derivatives(graph& g, std::span<const node_id> outputs,
                                         const std::vector<std::pair<node_id, node_id>>& seeds) {
    for (std::size_t i = 0; i < outputs.size(); ++i)
        if (outputs[i] >= g.size())
            throw usage_error("forward_derivative: output " + std::to_string(i) + " is node " +
                              std::to_string(outputs[i]) + ", which is not in this graph (it has " +
                              std::to_string(g.size()) + " nodes)");
    const std::vector<node_id> order = g.reachable(outputs);  // ascending
    const node_id zero = g.constant(0);
    const std::size_t extent = order.empty() ? 0 : static_cast<std::size_t>(order.back()) + 1;
    std::vector<node_id> tangent(extent, zero);
    std::vector<char> seeded(g.size(), 0);
    for (std::size_t i = 0; i < seeds.size(); ++i) {
        const auto [x, d] = seeds[i];
        const std::string where = "forward_derivative: seed " + std::to_string(i) + " ";
        if (x >= g.size() || d >= g.size())
            throw usage_error(where + "names node " + std::to_string(x >= g.size() ? x : d) +
                              ", which is not in this graph (it has " + std::to_string(g.size()) + " nodes)");
        if (!g.is_variable(x))
            throw usage_error(where + "is on node " + std::to_string(x) + ", a '" + std::string(name(g.kind(x))) +
                              "' node; only variables can be seeded");
        if (seeded[x])
            throw usage_error(where + "seeds variable '" + g.variable_of(x).name + "' a second time");
        seeded[x] = 1;
        if (x < extent) tangent[x] = d;  // else no output depends on x
    }
    // forward sweep: tangent(n) = sum over operands c of (d n / d c) * tangent(c)
    for (node_id n : order) {
        const node x = g.at(n);  // a copy: the graph grows below
        node_id t = zero;
        for (int i = 0; i < arity(x.kind); ++i) {
            const node_id c = i == 0 ? x.lhs : x.rhs;
            if (tangent[c] == zero) continue;
            t = g.add(t, g.mul(local_partial(g, n, i), tangent[c]));
        }
        if (arity(x.kind) > 0) tangent[n] = t;
    }
    std::vector<node_id> out;
    out.reserve(outputs.size());
    for (node_id o : outputs) out.push_back(tangent[o]);
    return out;
}

node_id forward_derivative(graph& g, node_id output, const std::vector<std::pair<node_id, node_id>>& seeds) {
    return forward_derivatives(g, std::span<const node_id>(&output, 1), seeds).front();
}

}  // namespace chainrule
