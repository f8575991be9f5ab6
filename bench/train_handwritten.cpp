// A straightforward hand-written training step: for each sample of the batch, forward with the
// activations kept, the loss, and the reverse sweep layer by layer; then the mean and the SGD
// update, as one would write it in C.
#include "train_handwritten.hpp"

#include <cmath>

namespace chainrule::bench {

std::size_t mlp_model::params() const {
    std::size_t n = 0;
    for (std::size_t l = 1; l < sizes.size(); ++l) n += static_cast<std::size_t>(sizes[l]) * (1 + sizes[l - 1]);
    return n;
}

namespace {
constexpr int max_width = 64;
constexpr int max_layers = 4;
}  // namespace

double sgd_step(const mlp_model& m, const double* data, std::span<const std::size_t> batch, double* params,
                double* gradient, double lr) {
    const int layers = static_cast<int>(m.sizes.size());
    const std::size_t np = m.params(), stride = m.row_width();
    for (std::size_t k = 0; k < np; ++k) gradient[k] = 0.0;
    double act[max_layers][max_width];
    double delta[max_width], next[max_width];
    double total = 0;
    for (std::size_t row : batch) {
        const double* xi = data + row * stride;
        // forward sweep: act[l] = tanh(W_l act[l-1] + b_l), the last layer linear
        for (int i = 0; i < m.sizes[0]; ++i) act[0][i] = xi[i];
        std::size_t offset = 0;
        for (int l = 1; l < layers; ++l) {
            const int in = m.sizes[l - 1], width = m.sizes[l];
            const double* w = params + offset;
            const double* b = w + static_cast<std::size_t>(width) * in;
            for (int j = 0; j < width; ++j) {
                double z = b[j];
                for (int i = 0; i < in; ++i) z += w[j * in + i] * act[l - 1][i];
                act[l][j] = l + 1 < layers ? std::tanh(z) : z;
            }
            offset += static_cast<std::size_t>(width) * (1 + in);
        }
        // the loss and dL/dz of the last layer
        const int last = layers - 1, outputs = m.sizes[last];
        const double* y = xi + m.sizes[0];
        if (m.loss == output_loss::binary_cross_entropy) {
            const double o = 1 / (1 + std::exp(-act[last][0]));
            total += -(y[0] * std::log(o) + (1 - y[0]) * std::log(1 - o));
            delta[0] = o - y[0];
        } else {
            double top = act[last][0];
            for (int k = 1; k < outputs; ++k) top = std::fmax(top, act[last][k]);
            double sum = 0;
            for (int k = 0; k < outputs; ++k) sum += std::exp(act[last][k] - top);
            const double log_sum = top + std::log(sum);
            for (int k = 0; k < outputs; ++k) {
                total -= y[k] * (act[last][k] - log_sum);
                delta[k] = std::exp(act[last][k] - log_sum) - y[k];
            }
        }
        // reverse sweep
        for (int l = last; l >= 1; --l) {
            const int in = m.sizes[l - 1], width = m.sizes[l];
            offset -= static_cast<std::size_t>(width) * (1 + in);
            const double* w = params + offset;
            double* gw = gradient + offset;
            double* gb = gw + static_cast<std::size_t>(width) * in;
            for (int i = 0; i < in; ++i) next[i] = 0;
            for (int j = 0; j < width; ++j) {
                gb[j] += delta[j];
                for (int i = 0; i < in; ++i) {
                    gw[j * in + i] += delta[j] * act[l - 1][i];
                    next[i] += delta[j] * w[j * in + i];
                }
            }
            if (l > 1)
                for (int i = 0; i < in; ++i) delta[i] = next[i] * (1 - act[l - 1][i] * act[l - 1][i]);
        }
    }
    // the mean, and the update p <- p - lr g
    const double scale = 1.0 / static_cast<double>(batch.size());
    for (std::size_t k = 0; k < np; ++k) {
        gradient[k] *= scale;
        params[k] -= lr * gradient[k];
    }
    return total * scale;
}

}  // namespace chainrule::bench
