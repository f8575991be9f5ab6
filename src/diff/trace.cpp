// The chain-rule trace: the reverse sweep replayed edge by edge. Replaying builds the same
// products as reverse.cpp, which hash-consing turns into the same node ids.
#include "chainrule/diff/trace.hpp"

#include "chainrule/diff/partials.hpp"
#include "chainrule/diff/reverse.hpp"

namespace chainrule {

chain_trace trace_chain_rule(graph& g, node_id output) {
    const adjoint_table adjoints = reverse_adjoints(g, output);  // validates output
    const node_id zero = g.constant(0);
    chain_trace trace;
    trace.output = output;
    const std::vector<node_id> order = adjoints.nodes();  // descending
    std::vector<std::size_t> slot(static_cast<std::size_t>(output) + 1, 0);
    trace.nodes.reserve(order.size());
    for (node_id n : order) {
        slot[n] = trace.nodes.size();
        trace.nodes.push_back(trace_node{n, adjoints[n], {}});
    }
    // reverse sweep, replayed: users in descending order, first operand before second
    for (node_id n : order) {
        const node x = g.at(n);  // a copy: the graph grows below
        const node_id seed = adjoints[n];
        for (int i = 0; i < arity(x.kind); ++i) {
            const node_id c = i == 0 ? x.lhs : x.rhs;
            if (!adjoints.reached(c)) continue;  // a constant leaf
            const node_id partial = local_partial(g, n, i);
            const node_id contribution = seed == zero ? zero : g.mul(seed, partial);
            trace.nodes[slot[c]].incoming.push_back(trace.edges.size());
            trace.edges.push_back(trace_edge{n, i, c, partial, rule_text(x.kind, i), contribution});
        }
    }
    return trace;
}

}  // namespace chainrule
