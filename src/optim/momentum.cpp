#include "chainrule/optim/momentum.hpp"

#include <limits>

namespace chainrule::optim {

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
}

momentum::momentum(std::size_t parameters, momentum_options options)
    : options_(options), velocity_(parameters, 0.0) {
    detail::check_option("momentum", "lr", options_.lr, 0, inf);
    detail::check_option("momentum", "momentum", options_.momentum, 0, 1, false);
    detail::check_option("momentum", "dampening", options_.dampening, 0, 1);
    detail::check_option("momentum", "weight_decay", options_.weight_decay, 0, inf);
}

void momentum::update(std::span<const double> params, std::span<const double> gradient, double learning_rate,
                      std::span<double> updated) {
    detail::check_step("momentum", velocity_.size(), params, gradient, learning_rate, updated);
    const double mu = options_.momentum, wd = options_.weight_decay, keep = 1 - options_.dampening;
    const bool first = steps_ == 0;
    for (std::size_t i = 0; i < velocity_.size(); ++i) {
        const double g = wd != 0 ? gradient[i] + wd * params[i] : gradient[i];
        // first step: v = g; later: v <- mu v + (1 - dampening) g
        velocity_[i] = first ? g : mu * velocity_[i] + keep * g;
        // p <- p - lr v
        updated[i] = params[i] - learning_rate * velocity_[i];
    }
    ++steps_;
}

nesterov::nesterov(std::size_t parameters, nesterov_options options)
    : options_(options), velocity_(parameters, 0.0) {
    detail::check_option("nesterov", "lr", options_.lr, 0, inf);
    detail::check_option("nesterov", "momentum", options_.momentum, 0, 1, false);
    detail::check_option("nesterov", "weight_decay", options_.weight_decay, 0, inf);
}

void nesterov::update(std::span<const double> params, std::span<const double> gradient, double learning_rate,
                      std::span<double> updated) {
    detail::check_step("nesterov", velocity_.size(), params, gradient, learning_rate, updated);
    const double mu = options_.momentum, wd = options_.weight_decay;
    const bool first = steps_ == 0;
    for (std::size_t i = 0; i < velocity_.size(); ++i) {
        const double g = wd != 0 ? gradient[i] + wd * params[i] : gradient[i];
        // first step: v = g; later: v <- mu v + g
        velocity_[i] = first ? g : mu * velocity_[i] + g;
        // p <- p - lr (g + mu v)
        updated[i] = params[i] - learning_rate * (g + mu * velocity_[i]);
    }
    ++steps_;
}

}  // namespace chainrule::optim
