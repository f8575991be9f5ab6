#include "chainrule/codegen/layout.hpp"

namespace chainrule::codegen {

argument_layout layout_by_kind(const graph& g, const std::vector<node_id>& variables) {
    argument_layout out;
    for (node_id n : variables)
        (g.variable_of(n).kind == variable_kind::param ? out.params : out.inputs).push_back(n);
    return out;
}

std::optional<argument_slot> find_slot(const argument_layout& layout, node_id n) {
    for (std::size_t k = 0; k < layout.inputs.size(); ++k)
        if (layout.inputs[k] == n) return argument_slot{argument_array::inputs, k};
    for (std::size_t k = 0; k < layout.params.size(); ++k)
        if (layout.params[k] == n) return argument_slot{argument_array::params, k};
    return std::nullopt;
}

}  // namespace chainrule::codegen
