#pragma once
// Hand-written value and gradient of an MLP with tanh hidden layers, for the compiled-evaluator
// benchmark (compiled -O2, as the issue asks). Parameters are laid out as the benchmark's
// graph builds them: layer by layer, for each unit j its bias and then W[j][0..in).
#include <cstddef>
#include <vector>

namespace chainrule::bench {

/// The loss on the MLP's last (linear) layer.
enum class mlp_loss { squared_error, softmax_cross_entropy };

/// The MLP's shape.
struct mlp_shape {
    std::vector<int> sizes;  ///< in, hidden..., out
    mlp_loss loss = mlp_loss::squared_error;
    /// Number of inputs of one sample: the input layer, then the targets (out of them).
    std::size_t inputs() const { return static_cast<std::size_t>(sizes.front() + sizes.back()); }
    /// Number of params.
    std::size_t params() const;
};

/// Adds the loss over n samples to out[0] and its gradient to out[1..]; out has 1 + params()
/// entries and is zeroed first.
void handwritten_batch(const mlp_shape& s, long n, const double* x, const double* p, double* out);

}  // namespace chainrule::bench
