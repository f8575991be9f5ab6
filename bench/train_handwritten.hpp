#pragma once
// A hand-written SGD training step of a tanh MLP, for the training benchmark (bench/train.cpp,
// issue 6), compiled -O2. Params are laid out as the chain-language program declares them:
// for each layer l, W_l (out x in, row-major) and then b_l (out); the last layer of a binary
// model is `v` and `c` of the program, the same numbers as W[1, H] and b[1].
#include <cstddef>
#include <span>
#include <vector>

namespace chainrule::bench {

/// The loss on the last (linear) layer z.
enum class output_loss {
    binary_cross_entropy,   ///< one output: o = sigmoid(z), L = -(y log o + (1 - y) log(1 - o))
    softmax_cross_entropy,  ///< p = softmax(z), L = -sum_k t_k log p_k, t one-hot
};

/// The model: sizes in, hidden..., out (at most 4 layers of at most 64 units).
struct mlp_model {
    std::vector<int> sizes;
    output_loss loss = output_loss::binary_cross_entropy;
    /// Values per data row: the inputs, then the targets (out of them).
    std::size_t row_width() const { return static_cast<std::size_t>(sizes.front() + sizes.back()); }
    /// Number of params.
    std::size_t params() const;
};

/// One SGD step on the samples `batch` (row indices into `data`, rows of row_width() values):
/// the mean loss and its gradient over the batch (written to `gradient`, size params()), then
/// params <- params - lr * gradient. Returns the batch's mean loss before the update.
double sgd_step(const mlp_model& m, const double* data, std::span<const std::size_t> batch, double* params,
                double* gradient, double lr);

}  // namespace chainrule::bench
