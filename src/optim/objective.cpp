#include "chainrule/optim/objective.hpp"

#include "chainrule/core/error.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace chainrule::optim {

void objective::value_then_gradient(std::span<const double> params, std::span<const std::size_t> batch,
                                    std::span<double> out) {
    if (out.empty()) throw usage_error("objective: no room for the value (the output holds P + 1 values)");
    out[0] = value_and_gradient(params, batch, out.subspan(1));
}

double objective::value(std::span<const double> params, std::span<const std::size_t> batch) {
    scratch_.resize(parameters());
    return value_and_gradient(params, batch, scratch_);
}

function_objective::function_objective(std::size_t parameters, function_with_gradient f)
    : parameters_(parameters), f_(std::move(f)) {
    if (!f_) throw usage_error("function_objective: the function is empty");
}

double function_objective::value_and_gradient(std::span<const double> params, std::span<const std::size_t>,
                                              std::span<double> gradient) {
    if (params.size() != parameters_ || gradient.size() != parameters_)
        throw usage_error("function_objective: expected " + std::to_string(parameters_) + " parameters, got " +
                          std::to_string(params.size()) + " values and " + std::to_string(gradient.size()) +
                          " gradient slots");
    return f_(params, gradient);
}

per_sample_objective::per_sample_objective(std::size_t parameters, std::size_t samples, sample_loss l)
    : parameters_(parameters), samples_(samples), loss_(std::move(l)), sample_gradient_(parameters) {
    if (!loss_) throw usage_error("per_sample_objective: the loss is empty");
}

double per_sample_objective::value_and_gradient(std::span<const double> params, std::span<const std::size_t> batch,
                                                std::span<double> gradient) {
    if (params.size() != parameters_ || gradient.size() != parameters_)
        throw usage_error("per_sample_objective: expected " + std::to_string(parameters_) + " parameters");
    if (batch.empty()) throw usage_error("per_sample_objective: empty batch");
    // sum over the batch, then divide: L = (1/|B|) sum l_i, grad L = (1/|B|) sum grad l_i
    std::fill(gradient.begin(), gradient.end(), 0.0);
    double total = 0;
    for (std::size_t i : batch) {
        if (i >= samples_)
            throw usage_error("per_sample_objective: sample " + std::to_string(i) + " out of range (" +
                              std::to_string(samples_) + " samples)");
        total += loss_(params, i, sample_gradient_);
        for (std::size_t k = 0; k < parameters_; ++k) gradient[k] += sample_gradient_[k];
    }
    const double n = static_cast<double>(batch.size());
    for (double& g : gradient) g /= n;
    return total / n;
}

}  // namespace chainrule::optim
