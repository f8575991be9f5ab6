#include "chainrule/optim/optimizers.hpp"

#include <type_traits>

namespace chainrule::optim {

std::unique_ptr<optimizer> make_optimizer(const optimizer_options& options, std::size_t parameters) {
    return std::visit(
        [&](const auto& o) -> std::unique_ptr<optimizer> {
            using options_type = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<options_type, sgd_options>)
                return std::make_unique<sgd>(parameters, o);
            else if constexpr (std::is_same_v<options_type, momentum_options>)
                return std::make_unique<momentum>(parameters, o);
            else if constexpr (std::is_same_v<options_type, nesterov_options>)
                return std::make_unique<nesterov>(parameters, o);
            else if constexpr (std::is_same_v<options_type, adam_options>)
                return std::make_unique<adam>(parameters, o);
            else {
                static_assert(std::is_same_v<options_type, rmsprop_options>);
                return std::make_unique<rmsprop>(parameters, o);
            }
        },
        options);
}

double learning_rate_of(const optimizer_options& options) {
    return std::visit([](const auto& o) { return o.lr; }, options);
}

}  // namespace chainrule::optim
