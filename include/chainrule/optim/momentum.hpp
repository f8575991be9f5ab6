#pragma once
/// \file
/// SGD with heavy-ball momentum and with Nesterov momentum, in PyTorch's formulation
/// (torch.optim.SGD with momentum mu > 0, nesterov False / True): the velocity accumulates raw
/// gradients, v <- mu v + g, and the learning rate multiplies it at the update. Both start from
/// v = g at the first step.

#include "chainrule/optim/optimizer.hpp"

#include <vector>

namespace chainrule::optim {

/// Options of momentum, with PyTorch's defaults where it has them.
struct momentum_options {
    double lr = 1e-3;          ///< learning rate
    double momentum = 0.9;     ///< mu in [0, 1) (PyTorch has no default; 0.9 is the usual choice)
    double dampening = 0;      ///< tau in [0, 1]: v <- mu v + (1 - tau) g after the first step
    double weight_decay = 0;   ///< L2 penalty: g <- g + weight_decay p
};

/// Heavy ball: v <- mu v + (1 - tau) g (v <- g at the first step); p <- p - lr v.
class momentum final : public optimizer {
public:
    /// An optimizer for `parameters` parameters; usage_error for a bad option.
    explicit momentum(std::size_t parameters, momentum_options options = {});
    std::string_view name() const override { return "momentum"; }
    double base_learning_rate() const override { return options_.lr; }
    void update(std::span<const double> params, std::span<const double> gradient, double learning_rate,
                std::span<double> updated) override;
    void reset() override { steps_ = 0; }
    std::size_t steps() const override { return steps_; }
    /// The options in force.
    const momentum_options& options() const { return options_; }
    /// The velocity v after the last step (zeros before the first).
    std::span<const double> velocity() const { return velocity_; }

private:
    momentum_options options_;
    std::vector<double> velocity_;
    std::size_t steps_ = 0;
};

/// Options of nesterov (PyTorch requires dampening 0 with Nesterov, so there is none).
struct nesterov_options {
    double lr = 1e-3;          ///< learning rate
    double momentum = 0.9;     ///< mu in [0, 1)
    double weight_decay = 0;   ///< L2 penalty: g <- g + weight_decay p
};

/// Nesterov: v <- mu v + g (v <- g at the first step); p <- p - lr (g + mu v).
class nesterov final : public optimizer {
public:
    /// An optimizer for `parameters` parameters; usage_error for a bad option.
    explicit nesterov(std::size_t parameters, nesterov_options options = {});
    std::string_view name() const override { return "nesterov"; }
    double base_learning_rate() const override { return options_.lr; }
    void update(std::span<const double> params, std::span<const double> gradient, double learning_rate,
                std::span<double> updated) override;
    void reset() override { steps_ = 0; }
    std::size_t steps() const override { return steps_; }
    /// The options in force.
    const nesterov_options& options() const { return options_; }
    /// The velocity v after the last step (zeros before the first).
    std::span<const double> velocity() const { return velocity_; }

private:
    nesterov_options options_;
    std::vector<double> velocity_;
    std::size_t steps_ = 0;
};

}  // namespace chainrule::optim
