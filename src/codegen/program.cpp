#include "chainrule/codegen/program.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/substitute.hpp"

#include <algorithm>
#include <string>

namespace chainrule::codegen {

namespace {

void check_variables(const graph& g, std::span<const node_id> vars, variable_kind kind, std::vector<node_id>& seen) {
    for (node_id n : vars) {
        if (!g.is_variable(n))
            throw usage_error("make_model_program: node " + std::to_string(n) + " is not a variable");
        const variable_info& v = g.variable_of(n);
        if (v.kind != kind)
            throw usage_error("make_model_program: '" + v.name + "' is " +
                              (v.kind == variable_kind::param ? "a param" : "an input") + ", listed as " +
                              (kind == variable_kind::param ? "a param" : "an input"));
        if (std::find(seen.begin(), seen.end(), n) != seen.end())
            throw usage_error("make_model_program: '" + v.name + "' is listed twice");
        seen.push_back(n);
    }
}

}  // namespace

model_program make_model_program(graph& g, node_id loss, std::span<const node_id> inputs,
                                 std::span<const node_id> params) {
    std::vector<node_id> seen;
    check_variables(g, inputs, variable_kind::input, seen);
    check_variables(g, params, variable_kind::param, seen);
    const node_id root[] = {loss};
    for (node_id n : g.reachable(root))
        if (g.is_variable(n) && std::find(seen.begin(), seen.end(), n) == seen.end())
            throw usage_error("make_model_program: the loss reads '" + g.variable_of(n).name +
                              "', which is listed neither as an input nor as a param");
    model_program m;
    m.layout.inputs.assign(inputs.begin(), inputs.end());
    m.layout.params.assign(params.begin(), params.end());
    // names mean nothing to the evaluators: without them constants fold across definitions
    m.loss = without_names(g, root)[0];
    m.gradient = params.empty() ? std::vector<node_id>{} : reverse_gradient(g, m.loss, params);
    std::vector<node_id> outputs{m.loss};
    outputs.insert(outputs.end(), m.gradient.begin(), m.gradient.end());
    m.program = cse(g, outputs);
    return m;
}

model_program value_only(const graph& g, const model_program& m) {
    model_program out;
    out.layout = m.layout;
    out.loss = m.loss;
    const node_id root[] = {m.loss};
    out.program = cse(g, root);
    return out;
}

}  // namespace chainrule::codegen
