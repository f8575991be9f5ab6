// Training in tensor form: the loss's model-level twin compiled by the tensor evaluator (loops and
// BLAS over the batch), for models with matrices that are large or batched enough
// (session_options::tensor_training_params, tensor_training_batch) and for models too large to
// expand to scalars. Params that have scalar elements keep
// their values in values_ as on the scalar path; the others in tensor_values_, by name.
#include "chainrule/lang/session.hpp"

#include "chainrule/codegen/tensor_evaluator.hpp"
#include "chainrule/tensor/shape.hpp"
#include "session_detail.hpp"

namespace chainrule::lang {

using tensor::tensor_id;
using tensor::tensor_op;

void variables_of(const tensor::tensor_graph& t, std::span<const tensor_id> of, std::vector<tensor_id>& inputs,
                  std::vector<tensor_id>& params) {
    for (tensor_id n : t.reachable(of))
        if (t.kind(n) == tensor_op::variable)
            (t.variable_of(n).kind == variable_kind::param ? params : inputs).push_back(n);
}

std::vector<std::string> element_names(const tensor::tensor_graph& t, std::span<const tensor_id> vars) {
    std::vector<std::string> names;
    for (tensor_id v : vars) {
        const tensor::tensor_variable& x = t.variable_of(v);
        for (std::size_t k = 0; k < x.dims.size(); ++k) names.push_back(tensor::element_name(x.name, x.dims, k));
    }
    return names;
}

bool session::trains_in_tensor_form(const value& loss, std::size_t batch) const {
    if (loss.twin == tensor::no_tensor || !codegen::tensor_evaluator_available()) return false;
    if (!loss.expanded()) return true;
    std::vector<tensor_id> inputs, params;
    variables_of(tensors_, std::span<const tensor_id>(&loss.twin, 1), inputs, params);
    std::size_t elements = 0;
    bool matrix = false;
    for (tensor_id p : params) {
        elements += tensors_.shape_of(p).size();
        matrix = matrix || tensors_.shape_of(p).rank() == 2;
    }
    return matrix && (elements >= options_.tensor_training_params || batch >= options_.tensor_training_batch);
}

train_result session::train_tensor(const train_statement& t, const value& loss, const optim::training_options& options,
                                   std::string_view text, const std::string& file,
                                   std::chrono::steady_clock::time_point started) {
    std::vector<tensor_id> inputs, params;
    variables_of(tensors_, std::span<const tensor_id>(&loss.twin, 1), inputs, params);
    if (params.empty()) fail(file, t.loss->span, "this loss depends on no param: there is nothing to train");

    // the data: each input's elements, row-major, one row per sample
    std::vector<double> rows;
    std::size_t samples = 0;
    if (!inputs.empty()) {
        rows = data_rows(element_names(tensors_, inputs), t.loss->span, file);
        samples = data_->train.size();
    }

    // the params' current values, initialised where they have none
    std::vector<double> values;
    std::vector<const symbol_entry*> symbols;
    for (tensor_id v : params) {
        const symbol_entry* s = symbols_.find(tensors_.variable_of(v).name);
        if (!s) fail(file, t.loss->span, "the param '" + tensors_.variable_of(v).name + "' has no symbol");
        symbols.push_back(s);
        std::vector<double> current;
        if (s->value.expanded()) {
            for (node_id n : s->value.elements)
                if (auto it = values_.find(n); it != values_.end()) current.push_back(it->second);
            if (current.size() != s->value.elements.size()) {
                current = initial_values(*s, options.seed, file, t.loss->span);
                for (std::size_t k = 0; k < current.size(); ++k) values_[s->value.elements[k]] = current[k];
            }
        } else if (auto it = tensor_values_.find(s->name); it != tensor_values_.end()) {
            current = it->second;
        } else {
            current = initial_values(*s, options.seed, file, t.loss->span);
            tensor_values_[s->name] = current;
        }
        values.insert(values.end(), current.begin(), current.end());
    }

    // derive, emit, compile
    train_result out;
    std::unique_ptr<codegen::evaluator> e;
    try {
        const codegen::tensor_model_program program = codegen::make_tensor_model_program(tensors_, loss.twin, inputs, params);
        codegen::tensor_evaluator_options how;
        how.expected_evaluations =
            static_cast<double>(std::max<std::size_t>(samples, 1)) * static_cast<double>(options.epochs);
        e = codegen::make_tensor_evaluator(tensors_, program, how);
    } catch (const chainrule::error& x) {
        fail(file, t.loss->span, std::string("compiling the model in tensor form: ") + x.what());
    }
    out.backend = std::string(codegen::name(e->kind())) + " (tensor)";
    run_training(t, *e, std::move(rows), samples, options, values, text, file, started, out);

    // the values back where they live
    std::size_t at = 0;
    for (const symbol_entry* s : symbols) {
        const std::size_t count = s->value.dims.size();
        if (s->value.expanded())
            for (std::size_t k = 0; k < count; ++k) values_[s->value.elements[k]] = values[at + k];
        else
            tensor_values_[s->name].assign(values.begin() + static_cast<std::ptrdiff_t>(at),
                                           values.begin() + static_cast<std::ptrdiff_t>(at + count));
        for (std::size_t k = 0; k < count; ++k) out.params.push_back(tensor::element_name(s->name, s->value.dims, k));
        at += count;
    }
    out.values = std::move(values);
    return out;
}

}  // namespace chainrule::lang
