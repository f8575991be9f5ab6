#pragma once
/// \file
/// RMSProp (Tieleman & Hinton 2012) as torch.optim.RMSprop computes it.

#include "chainrule/optim/optimizer.hpp"

#include <vector>

namespace chainrule::optim {

/// Options of rmsprop, with PyTorch's defaults.
struct rmsprop_options {
    double lr = 1e-2;          ///< learning rate
    double alpha = 0.99;       ///< decay of the mean square, in [0, 1)
    double eps = 1e-8;         ///< added to the denominator, >= 0
    double momentum = 0;       ///< mu in [0, 1): 0 is plain RMSProp
    bool centered = false;     ///< divide by an estimate of the variance instead of the mean square
    double weight_decay = 0;   ///< L2 penalty: g <- g + weight_decay p
};

/// s <- alpha s + (1 - alpha) g^2                      (s = 0 before the first step)
/// centered: a <- alpha a + (1 - alpha) g, d = sqrt(s - a^2) + eps; otherwise d = sqrt(s) + eps
/// mu = 0: p <- p - lr g / d;   mu > 0: b <- mu b + g / d (b = 0 at first), p <- p - lr b
class rmsprop final : public optimizer {
public:
    /// An optimizer for `parameters` parameters; usage_error for a bad option.
    explicit rmsprop(std::size_t parameters, rmsprop_options options = {});
    std::string_view name() const override { return "rmsprop"; }
    double base_learning_rate() const override { return options_.lr; }
    void update(std::span<const double> params, std::span<const double> gradient, double learning_rate,
                std::span<double> updated) override;
    void reset() override;
    std::size_t steps() const override { return steps_; }
    /// The options in force.
    const rmsprop_options& options() const { return options_; }

private:
    rmsprop_options options_;
    std::vector<double> square_avg_;
    std::vector<double> grad_avg_;
    std::vector<double> buffer_;
    std::size_t steps_ = 0;
};

}  // namespace chainrule::optim
