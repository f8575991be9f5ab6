#pragma once
/// \file
/// The interface every optimizer implements: one update of the parameters from a gradient.

#include <cstddef>
#include <span>
#include <string_view>

namespace chainrule::optim {

/// A first-order optimizer with its own state (moment estimates, velocities), sized for a
/// fixed number of parameters.
class optimizer {
public:
    virtual ~optimizer() = default;

    /// The name of the method ("sgd", "momentum", "nesterov", "adam", "rmsprop").
    virtual std::string_view name() const = 0;

    /// The learning rate of the options (a schedule scales it epoch by epoch).
    virtual double base_learning_rate() const = 0;

    /// One update from the gradient `gradient` of the loss at `params`, at learning rate
    /// `learning_rate`, written to `updated`: either `params` itself or a separate array (the
    /// training loop keeps the parameters before the step that way without copying them).
    /// usage_error when a size differs from the optimizer's.
    virtual void update(std::span<const double> params, std::span<const double> gradient, double learning_rate,
                        std::span<double> updated) = 0;

    /// One update of `params` in place: update(params, gradient, learning_rate, params).
    void step(std::span<double> params, std::span<const double> gradient, double learning_rate) {
        update(params, gradient, learning_rate, params);
    }

    /// Forgets the state: the next step is a first step again.
    virtual void reset() = 0;

    /// The number of steps taken since construction or reset().
    virtual std::size_t steps() const = 0;
};

namespace detail {
/// usage_error unless params, gradient and updated all have `size` elements and lr is finite
/// and >= 0.
void check_step(std::string_view method, std::size_t size, std::span<const double> params,
                std::span<const double> gradient, double learning_rate, std::span<const double> updated);
/// usage_error unless `value` is finite and within [low, high] (or [low, high) if !closed_high).
void check_option(std::string_view method, std::string_view option, double value, double low, double high,
                  bool closed_high = true);
}  // namespace detail

}  // namespace chainrule::optim
