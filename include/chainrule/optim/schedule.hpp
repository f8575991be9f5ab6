#pragma once
/// \file
/// Learning-rate schedules: the learning rate of each epoch from the optimizer's base rate,
/// with the formulas of PyTorch's StepLR and CosineAnnealingLR (stepped once per epoch).

#include <cstddef>
#include <variant>

namespace chainrule::optim {

/// lr_e = lr_0.
struct constant_schedule {};

/// lr_e = lr_0 gamma^floor(e / every): times gamma every `every` epochs (StepLR).
struct step_schedule {
    std::size_t every = 1;   ///< epochs between decays, >= 1
    double gamma = 0.1;      ///< factor per decay, in (0, 1] (StepLR's default 0.1)
};

/// lr_e = minimum + (lr_0 - minimum) (1 + cos(pi e / T)) / 2 (CosineAnnealingLR with
/// T_max = T, eta_min = minimum): from lr_0 at e = 0 down to `minimum` at e = T (and, past T,
/// back up along the cosine, as PyTorch's closed form does). With T the run's length, the last
/// epoch e = T - 1 runs just above the minimum.
struct cosine_schedule {
    double minimum = 0;      ///< the rate reached at e = T, in [0, lr_0]
    std::size_t period = 0;  ///< T; 0 means the number of epochs of the run
};

/// A learning-rate schedule (a closed set).
using schedule = std::variant<constant_schedule, step_schedule, cosine_schedule>;

/// The learning rate of epoch `epoch` (0-based) of a run of `epochs` epochs with base rate
/// `base`. usage_error for every == 0, gamma outside (0, 1], a minimum outside [0, base], or a
/// non-finite or negative base.
double learning_rate_at(const schedule& s, double base, std::size_t epoch, std::size_t epochs);

}  // namespace chainrule::optim
