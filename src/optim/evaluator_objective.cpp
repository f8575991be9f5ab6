// A codegen evaluator as a training objective.
#include "chainrule/optim/evaluator_objective.hpp"

#include "chainrule/core/error.hpp"

#include <algorithm>

namespace chainrule::optim {

evaluator_objective::evaluator_objective(const codegen::evaluator& e, std::vector<double> inputs, std::size_t samples)
    : evaluator_(e), inputs_(std::move(inputs)), samples_(samples), out_(1 + e.param_count()) {
    if (e.input_count() == 0) throw usage_error("evaluator_objective: the model reads no inputs (train it as a function)");
    if (inputs_.size() != samples_ * e.input_count())
        throw usage_error("evaluator_objective: " + std::to_string(inputs_.size()) + " input values are not " +
                          std::to_string(samples_) + " rows of " + std::to_string(e.input_count()));
}

void evaluator_objective::value_then_gradient(std::span<const double> params, std::span<const std::size_t> batch,
                                              std::span<double> out) {
    const std::size_t width = evaluator_.input_count();
    if (batch.empty()) throw usage_error("evaluator_objective: an empty batch");
    // consecutive samples (the whole data, for the initial loss) are read in place: no copy
    bool consecutive = batch[0] + batch.size() <= samples_;
    for (std::size_t k = 1; consecutive && k < batch.size(); ++k) consecutive = batch[k] == batch[0] + k;
    if (consecutive) {
        evaluator_.evaluate_into(std::span<const double>(inputs_).subspan(batch[0] * width, batch.size() * width), params,
                                 codegen::reduction::mean, out);
        return;
    }
    rows_.resize(batch.size() * width);
    for (std::size_t k = 0; k < batch.size(); ++k) {
        if (batch[k] >= samples_) throw usage_error("evaluator_objective: sample index out of range");
        std::copy_n(inputs_.begin() + static_cast<std::ptrdiff_t>(batch[k] * width), width,
                    rows_.begin() + static_cast<std::ptrdiff_t>(k * width));
    }
    evaluator_.evaluate_into(rows_, params, codegen::reduction::mean, out);
}

double evaluator_objective::value_and_gradient(std::span<const double> params, std::span<const std::size_t> batch,
                                               std::span<double> gradient) {
    value_then_gradient(params, batch, out_);
    std::copy(out_.begin() + 1, out_.end(), gradient.begin());
    return out_[0];
}

}  // namespace chainrule::optim
