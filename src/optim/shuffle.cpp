#include "chainrule/optim/shuffle.hpp"

#include "chainrule/core/error.hpp"

#include <algorithm>
#include <numeric>
#include <string>
#include <utility>

namespace chainrule::optim {

void shuffle(std::span<std::size_t> items, random_stream& stream) {
    // Durstenfeld: for i = n-1 .. 1, j uniform in [0, i], swap items[i], items[j]
    for (std::size_t i = items.size(); i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(stream.below(i));
        std::swap(items[i - 1], items[j]);
    }
}

split random_split(std::size_t samples, std::size_t validation_count, std::uint64_t seed) {
    if (validation_count > samples)
        throw usage_error("random_split: cannot hold out " + std::to_string(validation_count) + " of " +
                          std::to_string(samples) + " samples");
    std::vector<std::size_t> order(samples);
    std::iota(order.begin(), order.end(), std::size_t{0});
    random_stream stream(seed);
    shuffle(order, stream);
    const auto cut = order.begin() + static_cast<std::ptrdiff_t>(validation_count);
    split s{{cut, order.end()}, {order.begin(), cut}};
    std::sort(s.training.begin(), s.training.end());
    std::sort(s.validation.begin(), s.validation.end());
    return s;
}

split explicit_split(std::size_t samples, std::span<const std::size_t> validation) {
    std::vector<bool> held(samples, false);
    split s;
    for (std::size_t i : validation) {
        if (i >= samples)
            throw usage_error("validation sample " + std::to_string(i) + " is out of range (" +
                              std::to_string(samples) + " samples)");
        if (held[i]) throw usage_error("validation sample " + std::to_string(i) + " is listed twice");
        held[i] = true;
    }
    for (std::size_t i = 0; i < samples; ++i) (held[i] ? s.validation : s.training).push_back(i);
    return s;
}

}  // namespace chainrule::optim
