#include "chainrule/optim/rmsprop.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chainrule::optim {

rmsprop::rmsprop(std::size_t parameters, rmsprop_options options)
    : options_(options), square_avg_(parameters, 0.0), grad_avg_(parameters, 0.0), buffer_(parameters, 0.0) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    detail::check_option("rmsprop", "lr", options_.lr, 0, inf);
    detail::check_option("rmsprop", "alpha", options_.alpha, 0, 1, false);
    detail::check_option("rmsprop", "eps", options_.eps, 0, inf);
    detail::check_option("rmsprop", "momentum", options_.momentum, 0, 1, false);
    detail::check_option("rmsprop", "weight_decay", options_.weight_decay, 0, inf);
}

void rmsprop::reset() {
    std::fill(square_avg_.begin(), square_avg_.end(), 0.0);
    std::fill(grad_avg_.begin(), grad_avg_.end(), 0.0);
    std::fill(buffer_.begin(), buffer_.end(), 0.0);
    steps_ = 0;
}

void rmsprop::update(std::span<const double> params, std::span<const double> gradient, double learning_rate,
                     std::span<double> updated) {
    detail::check_step("rmsprop", square_avg_.size(), params, gradient, learning_rate, updated);
    const double alpha = options_.alpha, eps = options_.eps, mu = options_.momentum, wd = options_.weight_decay;
    for (std::size_t i = 0; i < square_avg_.size(); ++i) {
        const double g = wd != 0 ? gradient[i] + wd * params[i] : gradient[i];
        // s <- alpha s + (1 - alpha) g^2
        square_avg_[i] = alpha * square_avg_[i] + (1 - alpha) * g * g;
        double denom = 0;
        if (options_.centered) {
            // a <- alpha a + (1 - alpha) g;  d = sqrt(s - a^2) + eps
            grad_avg_[i] = alpha * grad_avg_[i] + (1 - alpha) * g;
            denom = std::sqrt(square_avg_[i] - grad_avg_[i] * grad_avg_[i]) + eps;
        } else {
            // d = sqrt(s) + eps
            denom = std::sqrt(square_avg_[i]) + eps;
        }
        if (mu > 0) {
            // b <- mu b + g / d;  p <- p - lr b
            buffer_[i] = mu * buffer_[i] + g / denom;
            updated[i] = params[i] - learning_rate * buffer_[i];
        } else {
            // p <- p - lr g / d
            updated[i] = params[i] - learning_rate * (g / denom);
        }
    }
    ++steps_;
}

}  // namespace chainrule::optim
