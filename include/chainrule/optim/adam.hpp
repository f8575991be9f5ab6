#pragma once
/// \file
/// Adam (Kingma & Ba 2015) as torch.optim.Adam computes it (amsgrad off).

#include "chainrule/optim/optimizer.hpp"

#include <vector>

namespace chainrule::optim {

/// Options of adam, with PyTorch's defaults.
struct adam_options {
    double lr = 1e-3;          ///< learning rate
    double beta1 = 0.9;        ///< decay of the first moment, in [0, 1)
    double beta2 = 0.999;      ///< decay of the second moment, in [0, 1)
    double eps = 1e-8;         ///< added to the denominator, >= 0
    double weight_decay = 0;   ///< L2 penalty: g <- g + weight_decay p (Adam, not AdamW)
};

/// At step t (1-based):
///   m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2       (m = v = 0 before step 1)
///   c1 = 1 - b1^t,  c2 = 1 - b2^t
///   p <- p - (lr / c1) m / (sqrt(v) / sqrt(c2) + eps)
class adam final : public optimizer {
public:
    /// An optimizer for `parameters` parameters; usage_error for a bad option.
    explicit adam(std::size_t parameters, adam_options options = {});
    std::string_view name() const override { return "adam"; }
    double base_learning_rate() const override { return options_.lr; }
    void update(std::span<const double> params, std::span<const double> gradient, double learning_rate,
                std::span<double> updated) override;
    void reset() override;
    std::size_t steps() const override { return steps_; }
    /// The options in force.
    const adam_options& options() const { return options_; }

private:
    adam_options options_;
    std::vector<double> m_;
    std::vector<double> v_;
    std::size_t steps_ = 0;
};

}  // namespace chainrule::optim
