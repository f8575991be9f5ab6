#include "chainrule/optim/clipping.hpp"

#include "chainrule/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace chainrule::optim {

std::size_t clip_by_value(std::span<double> gradient, double c) {
    if (!(c > 0)) throw usage_error("clip_by_value: the bound must be positive, got " + std::to_string(c));
    std::size_t changed = 0;
    for (double& g : gradient) {
        // g <- min(max(g, -c), c)
        const double clipped = std::clamp(g, -c, c);
        if (clipped != g) ++changed;
        g = clipped;
    }
    return changed;
}

double clip_by_norm(std::span<double> gradient, double c) {
    if (!(c > 0)) throw usage_error("clip_by_norm: the bound must be positive, got " + std::to_string(c));
    // n = sqrt(sum g_i^2)
    double sum = 0;
    for (double g : gradient) sum += g * g;
    const double norm = std::sqrt(sum);
    // k = c / (n + 1e-6); scale only when k < 1 (torch.nn.utils.clip_grad_norm_)
    const double k = c / (norm + 1e-6);
    if (k < 1)
        for (double& g : gradient) g *= k;
    return norm;
}

void clip(std::span<double> gradient, const clipping& how) {
    if (how.max_value < 0 || how.max_norm < 0)
        throw usage_error("clipping: bounds must be positive (or 0 for off)");
    if (how.max_value > 0) clip_by_value(gradient, how.max_value);
    if (how.max_norm > 0) clip_by_norm(gradient, how.max_norm);
}

}  // namespace chainrule::optim
