#include "chainrule/optim/adam.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chainrule::optim {

adam::adam(std::size_t parameters, adam_options options)
    : options_(options), m_(parameters, 0.0), v_(parameters, 0.0) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    detail::check_option("adam", "lr", options_.lr, 0, inf);
    detail::check_option("adam", "beta1", options_.beta1, 0, 1, false);
    detail::check_option("adam", "beta2", options_.beta2, 0, 1, false);
    detail::check_option("adam", "eps", options_.eps, 0, inf);
    detail::check_option("adam", "weight_decay", options_.weight_decay, 0, inf);
}

void adam::reset() {
    std::fill(m_.begin(), m_.end(), 0.0);
    std::fill(v_.begin(), v_.end(), 0.0);
    steps_ = 0;
}

void adam::update(std::span<const double> params, std::span<const double> gradient, double learning_rate,
                  std::span<double> updated) {
    detail::check_step("adam", m_.size(), params, gradient, learning_rate, updated);
    const double b1 = options_.beta1, b2 = options_.beta2, eps = options_.eps, wd = options_.weight_decay;
    ++steps_;
    const double t = static_cast<double>(steps_);
    // bias corrections c1 = 1 - b1^t, c2 = 1 - b2^t; the step size lr / c1 and sqrt(c2) as
    // torch.optim.Adam computes them
    const double c1 = 1 - std::pow(b1, t);
    const double c2 = 1 - std::pow(b2, t);
    const double step_size = learning_rate / c1;
    const double sqrt_c2 = std::sqrt(c2);
    for (std::size_t i = 0; i < m_.size(); ++i) {
        const double g = wd != 0 ? gradient[i] + wd * params[i] : gradient[i];
        // m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
        m_[i] = b1 * m_[i] + (1 - b1) * g;
        v_[i] = b2 * v_[i] + (1 - b2) * g * g;
        // p <- p - (lr / c1) m / (sqrt(v) / sqrt(c2) + eps)
        const double denom = std::sqrt(v_[i]) / sqrt_c2 + eps;
        updated[i] = params[i] - step_size * (m_[i] / denom);
    }
}

}  // namespace chainrule::optim
