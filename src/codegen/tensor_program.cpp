// The tensor model program: the layout of the variables and the gradient by the tensor sweep.
#include "chainrule/codegen/tensor_program.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/diff/tensor_reverse.hpp"

#include <set>
#include <string>

namespace chainrule::codegen {

using tensor::tensor_id;
using tensor::tensor_op;

namespace {

// The offsets of `vars` laid out one after another; checks each is a variable of kind `kind`
// not seen before.
std::vector<std::size_t> lay_out(const tensor::tensor_graph& t, std::span<const tensor_id> vars, variable_kind kind,
                                 std::set<tensor_id>& seen, std::size_t& count) {
    std::vector<std::size_t> offsets;
    for (tensor_id v : vars) {
        if (v >= t.size() || t.kind(v) != tensor_op::variable)
            throw usage_error("tensor program: node " + std::to_string(v) + " is not a variable");
        const tensor::tensor_variable& info = t.variable_of(v);
        if (info.kind != kind)
            throw usage_error("tensor program: '" + info.name + "' is listed as " +
                              (kind == variable_kind::input ? "an input" : "a param") + " but is not one");
        if (!seen.insert(v).second) throw usage_error("tensor program: '" + info.name + "' is listed twice");
        offsets.push_back(count);
        count += info.dims.size();
    }
    return offsets;
}

}  // namespace

tensor_model_program make_tensor_value_program(const tensor::tensor_graph& t, tensor_id loss,
                                               std::span<const tensor_id> inputs, std::span<const tensor_id> params) {
    if (loss >= t.size()) throw usage_error("tensor program: unknown loss node " + std::to_string(loss));
    if (!t.shape_of(loss).is_scalar())
        throw usage_error("tensor program: the loss is " + tensor::describe(t.shape_of(loss)) + ", not a scalar");
    tensor_model_program m;
    std::set<tensor_id> seen;
    m.input_offsets = lay_out(t, inputs, variable_kind::input, seen, m.input_count);
    m.param_offsets = lay_out(t, params, variable_kind::param, seen, m.param_count);
    for (tensor_id n : t.reachable(std::span<const tensor_id>(&loss, 1)))
        if (t.kind(n) == tensor_op::variable && !seen.count(n))
            throw usage_error("tensor program: the loss reads '" + t.variable_of(n).name +
                              "', which is listed neither as an input nor as a param");
    m.loss = loss;
    m.inputs.assign(inputs.begin(), inputs.end());
    m.params.assign(params.begin(), params.end());
    return m;
}

tensor_model_program make_tensor_model_program(tensor::tensor_graph& t, tensor_id loss, std::span<const tensor_id> inputs,
                                               std::span<const tensor_id> params) {
    tensor_model_program m = make_tensor_value_program(t, loss, inputs, params);
    m.gradient = tensor_gradient(t, loss, params);
    return m;
}

}  // namespace chainrule::codegen
