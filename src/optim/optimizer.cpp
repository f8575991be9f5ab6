#include "chainrule/optim/optimizer.hpp"

#include "chainrule/core/error.hpp"

#include <cmath>
#include <string>

namespace chainrule::optim::detail {

void check_step(std::string_view method, std::size_t size, std::span<const double> params,
                std::span<const double> gradient, double learning_rate, std::span<const double> updated) {
    // (the name is only built for a message: this runs every step)
    if (params.size() != size || gradient.size() != size || updated.size() != size)
        throw usage_error(std::string(method) + ": expected " + std::to_string(size) +
                          " parameters, gradient components and updated parameters, got " +
                          std::to_string(params.size()) + ", " + std::to_string(gradient.size()) + " and " +
                          std::to_string(updated.size()));
    if (!std::isfinite(learning_rate) || learning_rate < 0)
        throw usage_error(std::string(method) + ": the learning rate must be finite and >= 0, got " +
                          std::to_string(learning_rate));
}

void check_option(std::string_view method, std::string_view option, double value, double low, double high,
                  bool closed_high) {
    const bool inside = std::isfinite(value) && value >= low && (closed_high ? value <= high : value < high);
    if (!inside)
        throw usage_error(std::string(method) + ": " + std::string(option) + " must be in [" + std::to_string(low) +
                          ", " + (std::isinf(high) ? std::string("inf") : std::to_string(high)) +
                          (closed_high ? "]" : ")") + ", got " + std::to_string(value));
}

}  // namespace chainrule::optim::detail
