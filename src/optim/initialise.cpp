#include "chainrule/optim/initialise.hpp"

#include "chainrule/core/error.hpp"

#include <cmath>
#include <string>
#include <type_traits>

namespace chainrule::optim {

namespace {

void require(bool ok, const std::string& what) {
    if (!ok) throw usage_error("initialiser: " + what);
}

void require_finite(double x, const char* name) {
    require(std::isfinite(x), std::string(name) + " must be finite, got " + std::to_string(x));
}

void fill_normal(std::span<double> values, double mean, double sd, random_stream& stream) {
    for (double& v : values) v = stream.normal(mean, sd);
}

void fill_uniform(std::span<double> values, double low, double high, random_stream& stream) {
    for (double& v : values) v = stream.uniform(low, high);
}

double fan_sum(std::size_t fan_in, std::size_t fan_out) {
    require(fan_in > 0 && fan_out > 0, "fan_in and fan_out must be positive");
    return static_cast<double>(fan_in) + static_cast<double>(fan_out);
}

}  // namespace

void initialise(std::span<double> values, const initialiser& init, random_stream& stream) {
    std::visit(
        [&](const auto& spec) {
            using spec_type = std::decay_t<decltype(spec)>;
            if constexpr (std::is_same_v<spec_type, normal_init>) {
                require_finite(spec.mean, "mean");
                require_finite(spec.sd, "sd");
                require(spec.sd >= 0, "sd must be >= 0");
                fill_normal(values, spec.mean, spec.sd, stream);
            } else if constexpr (std::is_same_v<spec_type, uniform_init>) {
                require_finite(spec.low, "low");
                require_finite(spec.high, "high");
                require(spec.low <= spec.high, "uniform needs low <= high");
                fill_uniform(values, spec.low, spec.high, stream);
            } else if constexpr (std::is_same_v<spec_type, xavier_normal_init>) {
                require_finite(spec.gain, "gain");
                require(spec.gain >= 0, "gain must be >= 0");
                // sd = gain sqrt(2 / (fan_in + fan_out))
                fill_normal(values, 0, spec.gain * std::sqrt(2 / fan_sum(spec.fan_in, spec.fan_out)), stream);
            } else if constexpr (std::is_same_v<spec_type, xavier_uniform_init>) {
                require_finite(spec.gain, "gain");
                require(spec.gain >= 0, "gain must be >= 0");
                // a = gain sqrt(6 / (fan_in + fan_out)), U(-a, a)
                const double a = spec.gain * std::sqrt(6 / fan_sum(spec.fan_in, spec.fan_out));
                fill_uniform(values, -a, a, stream);
            } else {
                static_assert(std::is_same_v<spec_type, he_normal_init>);
                require(spec.fan_in > 0, "fan_in must be positive");
                // sd = sqrt(2 / fan_in)
                fill_normal(values, 0, std::sqrt(2 / static_cast<double>(spec.fan_in)), stream);
            }
        },
        init);
}

std::vector<double> initial_values(const initialiser& init, std::size_t count, std::uint64_t seed) {
    std::vector<double> values(count);
    random_stream stream(seed);
    initialise(values, init, stream);
    return values;
}

}  // namespace chainrule::optim
