// The chain rule over chosen nodes: each unchosen node passes its terms on to its operands,
// multiplied by the edge's local partial, so a step's terms name only steps.
#include "chainrule/diff/contract.hpp"

#include <unordered_map>

namespace chainrule {

namespace {

// terms += (user, coefficient), merging a repeated user by summing: c(u, n) = path1 + path2
void accumulate(graph& g, std::vector<chain_term>& terms, node_id user, node_id coefficient) {
    for (chain_term& t : terms)
        if (t.user == user) {
            t.coefficient = g.add(t.coefficient, coefficient);
            return;
        }
    terms.push_back(chain_term{user, coefficient});
}

}  // namespace

contracted_chain contract(graph& g, const chain_trace& trace, const std::function<bool(node_id)>& is_step) {
    const auto step = [&](node_id n) { return n == trace.output || is_step(n); };
    contracted_chain out;
    out.output = trace.output;
    // via[n]: adjoint(n) as terms over steps; for an unchosen node, passed on to its operands
    std::unordered_map<node_id, std::vector<chain_term>> via;
    for (const trace_node& tn : trace.nodes) {  // users before their operands
        std::vector<chain_term> terms;
        if (tn.id != trace.output) {
            for (std::size_t i : tn.incoming) {
                const trace_edge& e = trace.edges[i];
                if (step(e.user)) {
                    accumulate(g, terms, e.user, e.partial);
                } else {
                    // c(u, n) through e.user = c(u, e.user) * d e.user / d n
                    for (const chain_term& t : via[e.user]) accumulate(g, terms, t.user, g.mul(t.coefficient, e.partial));
                }
            }
        }
        if (step(tn.id)) out.steps.push_back(chain_step{tn.id, tn.adjoint, terms});
        via[tn.id] = std::move(terms);
    }
    return out;
}

}  // namespace chainrule
