// A straightforward hand-written backward pass: forward with the activations kept, then the
// reverse sweep layer by layer, as one would write it in C.
#include "handwritten.hpp"

#include <cmath>

namespace chainrule::bench {

std::size_t mlp_shape::params() const {
    std::size_t n = 0;
    for (std::size_t l = 1; l < sizes.size(); ++l) n += static_cast<std::size_t>(sizes[l]) * (1 + sizes[l - 1]);
    return n;
}

namespace {
constexpr int max_width = 64;
constexpr int max_layers = 8;
}  // namespace

void handwritten_batch(const mlp_shape& s, long n, const double* x, const double* p, double* out) {
    const int layers = static_cast<int>(s.sizes.size());
    const std::size_t np = s.params(), stride = s.inputs();
    for (std::size_t k = 0; k <= np; ++k) out[k] = 0.0;
    double* g = out + 1;
    double act[max_layers][max_width];
    double delta[max_width], next[max_width];
    for (long sample = 0; sample < n; ++sample) {
        const double* xi = x + static_cast<std::size_t>(sample) * stride;
        // forward sweep
        for (int i = 0; i < s.sizes[0]; ++i) act[0][i] = xi[i];
        std::size_t offset = 0;
        for (int l = 1; l < layers; ++l) {
            const int in = s.sizes[l - 1], width = s.sizes[l];
            for (int j = 0; j < width; ++j) {
                const double* w = p + offset + static_cast<std::size_t>(j) * (1 + in);
                double z = w[0];
                for (int i = 0; i < in; ++i) z += w[1 + i] * act[l - 1][i];
                act[l][j] = l + 1 < layers ? std::tanh(z) : z;
            }
            offset += static_cast<std::size_t>(width) * (1 + in);
        }
        // the loss and its derivative with respect to the last layer
        const int last = layers - 1, classes = s.sizes[last];
        const double* y = xi + s.sizes[0];
        if (s.loss == mlp_loss::squared_error) {
            double l = 0;
            for (int k = 0; k < classes; ++k) {
                const double d = act[last][k] - y[k];
                l += d * d / 2;
                delta[k] = d;
            }
            out[0] += l;
        } else {
            double sum = 0, dot = 0;
            for (int k = 0; k < classes; ++k) {
                sum += std::exp(act[last][k]);
                dot += y[k] * act[last][k];
            }
            out[0] += std::log(sum) - dot;
            for (int k = 0; k < classes; ++k) delta[k] = std::exp(act[last][k]) / sum - y[k];
        }
        // reverse sweep
        for (int l = last; l >= 1; --l) {
            const int in = s.sizes[l - 1], width = s.sizes[l];
            offset -= static_cast<std::size_t>(width) * (1 + in);
            for (int i = 0; i < in; ++i) next[i] = 0;
            for (int j = 0; j < width; ++j) {
                const double* w = p + offset + static_cast<std::size_t>(j) * (1 + in);
                double* gw = g + offset + static_cast<std::size_t>(j) * (1 + in);
                gw[0] += delta[j];
                for (int i = 0; i < in; ++i) {
                    gw[1 + i] += delta[j] * act[l - 1][i];
                    next[i] += delta[j] * w[1 + i];
                }
            }
            if (l > 1)
                for (int i = 0; i < in; ++i) delta[i] = next[i] * (1 - act[l - 1][i] * act[l - 1][i]);
        }
    }
}

}  // namespace chainrule::bench
