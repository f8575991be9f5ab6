#pragma once
/// \file
/// Plain stochastic gradient descent (torch.optim.SGD without momentum).

#include "chainrule/optim/optimizer.hpp"

namespace chainrule::optim {

/// Options of sgd, with PyTorch's defaults.
struct sgd_options {
    double lr = 1e-3;          ///< learning rate (recent torch.optim.SGD's default; older PyTorch has none)
    double weight_decay = 0;   ///< L2 penalty: g <- g + weight_decay p
};

/// p <- p - lr g.
class sgd final : public optimizer {
public:
    /// An optimizer for `parameters` parameters; usage_error for a bad option.
    explicit sgd(std::size_t parameters, sgd_options options = {});
    std::string_view name() const override { return "sgd"; }
    double base_learning_rate() const override { return options_.lr; }
    void update(std::span<const double> params, std::span<const double> gradient, double learning_rate,
                std::span<double> updated) override;
    void reset() override { steps_ = 0; }
    std::size_t steps() const override { return steps_; }
    /// The options in force.
    const sgd_options& options() const { return options_; }

private:
    std::size_t size_;
    sgd_options options_;
    std::size_t steps_ = 0;
};

}  // namespace chainrule::optim
