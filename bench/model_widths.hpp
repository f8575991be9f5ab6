#pragma once
// The layer widths of an MLP named as the benchmarks name them: "784-128-10" is {784, 128, 10}.
#include <algorithm>
#include <string>
#include <vector>

namespace chainrule::bench {

inline std::vector<std::size_t> model_widths(const std::string& model) {
    std::vector<std::size_t> widths;
    std::size_t start = 0;
    while (start <= model.size()) {
        const std::size_t end = std::min(model.find('-', start), model.size());
        widths.push_back(std::stoul(model.substr(start, end - start)));
        start = end + 1;
    }
    return widths;
}

}  // namespace chainrule::bench
