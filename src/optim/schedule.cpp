#include "chainrule/optim/schedule.hpp"

#include "chainrule/core/error.hpp"

#include <cmath>
#include <numbers>
#include <string>
#include <type_traits>

namespace chainrule::optim {

double learning_rate_at(const schedule& s, double base, std::size_t epoch, std::size_t epochs) {
    if (!std::isfinite(base) || base < 0)
        throw usage_error("learning rate schedule: the base rate must be finite and >= 0, got " + std::to_string(base));
    return std::visit(
        [&](const auto& spec) -> double {
            using spec_type = std::decay_t<decltype(spec)>;
            if constexpr (std::is_same_v<spec_type, constant_schedule>) {
                // lr_e = lr_0
                return base;
            } else if constexpr (std::is_same_v<spec_type, step_schedule>) {
                if (spec.every == 0) throw usage_error("step schedule: 'every' must be at least 1 epoch");
                if (!(spec.gamma > 0 && spec.gamma <= 1))
                    throw usage_error("step schedule: gamma must be in (0, 1], got " + std::to_string(spec.gamma));
                // lr_e = lr_0 gamma^floor(e / every)
                return base * std::pow(spec.gamma, static_cast<double>(epoch / spec.every));
            } else {
                static_assert(std::is_same_v<spec_type, cosine_schedule>);
                if (!(spec.minimum >= 0 && spec.minimum <= base))
                    throw usage_error("cosine schedule: the minimum must be in [0, " + std::to_string(base) +
                                      "], got " + std::to_string(spec.minimum));
                const std::size_t period = spec.period != 0 ? spec.period : epochs;
                if (period == 0) return base;  // a run of no epochs has no epoch to schedule
                // lr_e = min + (lr_0 - min) (1 + cos(pi e / T)) / 2
                const double phase = std::numbers::pi * static_cast<double>(epoch) / static_cast<double>(period);
                return spec.minimum + (base - spec.minimum) * (1 + std::cos(phase)) / 2;
            }
        },
        s);
}

}  // namespace chainrule::optim
