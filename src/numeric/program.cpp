// Lowering a graph to a program: one pass over the reachable nodes in ascending id order.
#include "chainrule/numeric/program.hpp"

#include "chainrule/core/assert.hpp"

#include <algorithm>

namespace chainrule::numeric {

program::program(const graph& g, std::span<const node_id> roots) {
    const std::vector<node_id> ids = g.reachable(roots);  // ascending: a topological order
    code_.reserve(ids.size());
    for (node_id n : ids) {
        const node& x = g.at(n);
        instruction in{x.kind, no_slot, no_slot, 0, n};
        if (x.kind == op::constant) {
            in.payload = static_cast<std::uint32_t>(constants_.size());
            constants_.push_back(g.value(n));
        } else if (x.kind == op::variable) {
            in.payload = static_cast<std::uint32_t>(variables_.size());
            variables_.push_back(program_variable{n, g.variable_of(n).name});
        } else {
            // operands by the graph's arity table
            in.lhs = *slot_of(x.lhs);
            if (arity(x.kind) == 2) in.rhs = *slot_of(x.rhs);
        }
        code_.push_back(in);
    }
    roots_.reserve(roots.size());
    for (node_id r : roots) roots_.push_back(*slot_of(r));
}

std::optional<slot> program::slot_of(node_id n) const {
    const auto it = std::lower_bound(code_.begin(), code_.end(), n,
                                     [](const instruction& in, node_id id) { return in.node < id; });
    if (it == code_.end() || it->node != n) return std::nullopt;
    return static_cast<slot>(it - code_.begin());
}

const rational* program::constant_exponent(slot i) const {
    CHAINRULE_ASSERT(i < code_.size());
    const instruction& in = code_[i];
    if (in.kind != op::pow || code_[in.rhs].kind != op::constant) return nullptr;
    return &constants_[code_[in.rhs].payload];
}

}  // namespace chainrule::numeric
