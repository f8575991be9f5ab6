// Higher order falls out of the first order: gradient entries are ordinary nodes, so they can
// be swept again, in reverse (rows of the Hessian) or forward (Hessian-vector products).
#include "chainrule/diff/hessian.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/diff/forward.hpp"
#include "chainrule/diff/reverse.hpp"

#include <string>
#include <unordered_map>
#include <utility>

namespace chainrule {

node_matrix hessian(graph& g, node_id output, std::span<const node_id> wrt) {
    const std::vector<node_id> gradient = reverse_gradient(g, output, wrt);  // validates
    node_matrix h;
    h.reserve(wrt.size());
    for (node_id gi : gradient) h.push_back(reverse_gradient(g, gi, wrt));  // reverse over reverse
    return h;
}

std::vector<node_id> hessian_vector_product(graph& g, node_id output, std::span<const node_id> wrt,
                                            std::span<const node_id> v) {
    if (v.size() != wrt.size())
        throw usage_error("hessian_vector_product: " + std::to_string(v.size()) + " directions for " +
                          std::to_string(wrt.size()) + " variables");
    for (std::size_t j = 0; j < v.size(); ++j)
        if (v[j] >= g.size())
            throw usage_error("hessian_vector_product: v[" + std::to_string(j) + "] is node " +
                              std::to_string(v[j]) + ", which is not in this graph (it has " +
                              std::to_string(g.size()) + " nodes)");
    const std::vector<node_id> gradient = reverse_gradient(g, output, wrt);  // validates wrt
    std::vector<std::pair<node_id, node_id>> seeds;
    std::unordered_map<node_id, std::size_t> slot;  // the same variable twice in wrt: its directions add up
    for (std::size_t j = 0; j < wrt.size(); ++j) {
        if (auto [it, fresh] = slot.emplace(wrt[j], seeds.size()); !fresh)
            seeds[it->second].second = g.add(seeds[it->second].second, v[j]);
        else
            seeds.emplace_back(wrt[j], v[j]);
    }
    return forward_derivatives(g, gradient, seeds);  // forward over reverse
}

}  // namespace chainrule
