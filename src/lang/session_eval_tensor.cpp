// `eval ... over data|test` of a value too large to expand to scalars: its twin compiled
// value-only by the tensor evaluator (loops and BLAS over the rows) and averaged in float64.
// The certified path (session_train.cpp, means_over_data) needs every element as a scalar; this
// one says in the result that its mean is float64's, not certified.
#include "chainrule/lang/session.hpp"

#include "chainrule/codegen/tensor_evaluator.hpp"
#include "chainrule/tensor/shape.hpp"
#include "session_detail.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chainrule::lang {

using tensor::tensor_id;

namespace {

// Rows evaluated per call: bounds the copy of the data to this many rows at a time.
constexpr std::size_t chunk_rows = 4096;

// x with `digits` significant digits, at most 15 (those a double carries through a decimal).
std::string decimal(double x, int digits) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*g", std::clamp(digits, 1, 15), x);
    return text;
}

}  // namespace

eval_result session::eval_over_data_tensor(const eval_statement& e, const value& v, tensor_id domain, eval_result out,
                                           const std::string& file) {
    const source_span& where = e.value->span;
    if (!v.is_scalar())
        fail(file, where, "'over data' of a model too large to expand takes a scalar (a loss, an accuracy): this is " +
                              describe(v.dims) + "; average one element at a time");
    if (!e.bindings.empty())
        fail(file, e.bindings.front().name_span, "'at' cannot be combined with 'over' for a model too large to expand: "
                                            "its params take their trained or loaded values");
    if (!codegen::tensor_evaluator_available())
        fail(file, where, "'over data' of a model too large to expand needs the tensor evaluator: a C compiler (libtcc "
                          "or cc) and a BLAS (libblas.so.3) must be installed");
    const std::vector<std::size_t>& rows = averaged_rows(e.over_test, *e.over_data, file);
    if (rows.empty()) fail(file, *e.over_data, "the data has no rows to average over");

    // the derivatives in v exist only where the domain is defined: it is evaluated on every row too
    std::vector<tensor_id> roots{v.twin};
    if (domain != tensor::no_tensor) roots.push_back(domain);
    std::vector<tensor_id> inputs, params;
    variables_of(tensors_, roots, inputs, params);
    // the params' values: trained or loaded, never initialised here
    std::vector<double> values;
    for (tensor_id p : params) {
        const std::string& name = tensors_.variable_of(p).name;
        const symbol_entry* s = symbols_.find(name);
        if (!s) fail(file, where, "the param '" + name + "' has no symbol");
        const std::size_t before = values.size();
        if (s->value.expanded()) {
            for (node_id n : s->value.elements)
                if (auto it = values_.find(n); it != values_.end()) values.push_back(it->second);
        } else if (auto it = tensor_values_.find(name); it != tensor_values_.end()) {
            values.insert(values.end(), it->second.begin(), it->second.end());
        }
        if (values.size() - before != s->value.dims.size())
            fail(file, where, "'" + name + "' has no value: train or load the params first");
    }
    const std::vector<std::size_t> columns = data_columns(element_names(tensors_, inputs), where, file);

    std::vector<std::unique_ptr<codegen::evaluator>> programs;  // the value's, then the domain's
    try {
        for (tensor_id r : roots) {
            const codegen::tensor_model_program m = codegen::make_tensor_value_program(tensors_, r, inputs, params);
            codegen::tensor_evaluator_options how;
            how.expected_evaluations = static_cast<double>(rows.size());
            programs.push_back(codegen::make_tensor_evaluator(tensors_, m, how));
        }
    } catch (const chainrule::error& x) {
        fail(file, where, std::string("compiling the value in tensor form: ") + x.what());
    }
    const auto at_row = [&](std::size_t row) {
        return " at row " + std::to_string(row + 1) + " (line " + std::to_string(data_->table.lines[row]) + " of " +
               data_->path + ")";
    };

    // Σ over the rows, chunk by chunk, in row order; a row whose value is not finite is named
    const optim::table& t = data_->table;
    const std::size_t width = columns.size();
    std::vector<double> chunk(std::min(chunk_rows, rows.size()) * width);
    double total = 0, one = 0;
    for (std::size_t first = 0; first < rows.size(); first += chunk_rows) {
        const std::size_t count = std::min(chunk_rows, rows.size() - first);
        for (std::size_t r = 0; r < count; ++r)
            for (std::size_t c = 0; c < width; ++c) chunk[r * width + c] = t.columns[columns[c]][rows[first + r]];
        const std::span<const double> x(chunk.data(), count * width);
        double sum = 0;
        // the domain first: where it is not finite, a derivative does not exist (or float64 overflowed)
        for (std::size_t k = programs.size(); k-- > 0;) {
            programs[k]->evaluate_into(x, values, codegen::reduction::sum, std::span<double>(&sum, 1));
            if (std::isfinite(sum)) continue;
            for (std::size_t r = 0; r < count; ++r) {
                programs[k]->evaluate_into(x.subspan(r * width, width), values, codegen::reduction::sum,
                                           std::span<double>(&one, 1));
                if (std::isfinite(one)) continue;
                if (k == 0)
                    fail(file, where, "the value is " + std::string(std::isnan(one) ? "NaN" : "infinite") +
                                          at_row(rows[first + r]));
                fail(file, where, "the derivative does not exist" + at_row(rows[first + r]) +
                                      ": what it differentiates is undefined there (a log, sqrt, tan or power is " +
                                      (std::isnan(one) ? "NaN" : "infinite") + " in float64)");
            }
        }
        total += sum;
    }
    const double mean = total / static_cast<double>(rows.size());
    if (!std::isfinite(mean)) fail(file, where, "the sum over the rows overflows float64");
    out.rows = rows.size();
    out.over_test = e.over_test;
    out.float64 = true;
    out.elements.push_back(exact_value{no_node, std::nullopt, decimal(mean, out.digits), 0});
    return out;
}

}  // namespace chainrule::lang
