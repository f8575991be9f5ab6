#include "chainrule/optim/sgd.hpp"

#include <limits>

namespace chainrule::optim {

sgd::sgd(std::size_t parameters, sgd_options options) : size_(parameters), options_(options) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    detail::check_option("sgd", "lr", options_.lr, 0, inf);
    detail::check_option("sgd", "weight_decay", options_.weight_decay, 0, inf);
}

void sgd::update(std::span<const double> params, std::span<const double> gradient, double learning_rate,
                 std::span<double> updated) {
    detail::check_step("sgd", size_, params, gradient, learning_rate, updated);
    const double wd = options_.weight_decay;
    for (std::size_t i = 0; i < size_; ++i) {
        // g = grad + wd p;  p <- p - lr g
        const double g = wd != 0 ? gradient[i] + wd * params[i] : gradient[i];
        updated[i] = params[i] - learning_rate * g;
    }
    ++steps_;
}

}  // namespace chainrule::optim
