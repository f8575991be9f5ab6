#pragma once
/// \file
/// Gradient clipping, as torch.nn.utils.clip_grad_value_ and clip_grad_norm_ do it.

#include <cstddef>
#include <span>

namespace chainrule::optim {

/// Which clipping the training loop applies to each gradient, value first, then norm.
struct clipping {
    double max_value = 0;   ///< > 0: clip every component to [-max_value, max_value]; 0: off
    double max_norm = 0;    ///< > 0: scale the whole gradient to Euclidean norm <= max_norm; 0: off
};

/// g_i <- min(max(g_i, -c), c). Returns how many components changed; usage_error unless c > 0.
std::size_t clip_by_value(std::span<double> gradient, double c);

/// n = ||g||_2; if n > c: g <- g c / (n + 1e-6) (PyTorch's guard against n = 0 included).
/// Returns n, the norm before clipping; usage_error unless c > 0.
double clip_by_norm(std::span<double> gradient, double c);

/// Applies `how` to `gradient` (value, then norm).
void clip(std::span<double> gradient, const clipping& how);

}  // namespace chainrule::optim
