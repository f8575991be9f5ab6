// Benchmark: one SGD step (value and gradient of the mean loss over a batch, then p -= lr g) of
// an MLP with tanh hidden layers and softmax cross-entropy, by the tensor evaluator (loops and
// cblas_dgemm, compiled by cc) and by a hand-written C++ step calling the same cblas_dgemm;
// bench/tensor_step_torch.py is the PyTorch peer. bash bench/run_tensor runs them side by side.
//
//   tensor_step MODEL BATCH...    e.g. tensor_step 784-128-10 64 256
// prints per batch size `tier=tensor|tensor_t2|tensor_tcc|hand|scalar model=.. batch=.. step_us=.. samples_per_s=..` and
// once `setup model=.. derive_s=.. emit_s=.. compile_s=..` and at the end `memory model=..
// peak_kb=..` (the process's peak resident memory, every batch run). Times are medians over runs of
// ~0.2 s; data are seeded uniform(-1, 1) features with one-hot labels; `tensor` runs on one
// thread, `tensor_t2` splits batches of more than 256 samples over two (OpenBLAS on one thread);
// `tensor_tcc` is the same code compiled by libtcc; `scalar` is the scalar path (every element a statement of straight-line C, cc -O2) for models
// of at most 20,000 params.
#include "model_widths.hpp"
#include "chainrule/codegen/emit_tensor_c.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/codegen/tensor_evaluator.hpp"
#include "chainrule/tensor/expand.hpp"
#include "chainrule/tensor/graph.hpp"

#include <cblas.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace chainrule;
using namespace chainrule::tensor;
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

// The median seconds of one call of f over runs of about 0.2 s each (7 runs).
template <class F>
double per_call(F f) {
    std::vector<double> times;
    for (int run = 0; run < 7; ++run) {
        long calls = 0;
        const auto start = clock_type::now();
        double s = 0;
        do {
            f();
            ++calls;
            s = seconds_since(start);
        } while (s < 0.2);
        times.push_back(s / static_cast<double>(calls));
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

// The hand-written step: forward Z_l = A_{l-1} W_lᵀ + b_l, A_l = tanh(Z_l), the last Z the
// logits; dZ_L = softmax(Z_L) - Y; dW_l = dZ_lᵀ A_{l-1}, db_l = Σ_rows dZ_l,
// dZ_{l-1} = (dZ_l W_l) ⊙ (1 - A_{l-1}²); each gradient / n; p -= lr g. Params laid out as the
// tensor program's: W1, b1, W2, b2, ... row-major; samples as x then y, sample-major.
class hand_step {
public:
    hand_step(std::vector<std::size_t> widths, std::size_t batch) : w_(std::move(widths)), n_(batch) {
        for (std::size_t l = 0; l < w_.size(); ++l) {
            a_.emplace_back(n_ * w_[l]);
            d_.emplace_back(n_ * w_[l]);
        }
    }
    double operator()(const double* samples, std::vector<double>& p, std::vector<double>& g, double lr) {
        const int n = static_cast<int>(n_), ld = static_cast<int>(w_.front() + w_.back());
        const std::size_t L = w_.size() - 1;
        std::vector<std::size_t> at(L + 1);  // offsets of W_l (b_l follows)
        for (std::size_t l = 1, k = 0; l <= L; ++l) {
            at[l] = k;
            k += w_[l] * w_[l - 1] + w_[l];
        }
        const double* prev = samples;
        int ld_prev = ld;
        for (std::size_t l = 1; l <= L; ++l) {
            const int out = static_cast<int>(w_[l]), in = static_cast<int>(w_[l - 1]);
            const double* W = p.data() + at[l];
            const double* b = W + w_[l] * w_[l - 1];
            double* Z = a_[l].data();
            for (int r = 0; r < n; ++r) std::copy(b, b + out, Z + r * out);
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, out, in, 1.0, prev, ld_prev, W, in, 1.0, Z, out);
            if (l < L)
                for (std::size_t k = 0; k < n_ * w_[l]; ++k) Z[k] = std::tanh(Z[k]);
            prev = Z;
            ld_prev = out;
        }
        // softmax cross-entropy on the logits
        const int C = static_cast<int>(w_.back());
        double loss = 0;
        double* dz = d_[L].data();
        const double* Z = a_[L].data();
        for (int r = 0; r < n; ++r) {
            const double* y = samples + r * ld + w_.front();
            double s = 0, yz = 0;
            for (int c = 0; c < C; ++c) s += std::exp(Z[r * C + c]);
            for (int c = 0; c < C; ++c) {
                yz += y[c] * Z[r * C + c];
                dz[r * C + c] = (std::exp(Z[r * C + c]) / s - y[c]) / n;  // of the mean loss
            }
            loss += std::log(s) - yz;
        }
        for (std::size_t l = L; l >= 1; --l) {
            const int out = static_cast<int>(w_[l]), in = static_cast<int>(w_[l - 1]);
            const double* A = l == 1 ? samples : a_[l - 1].data();
            const int lda = l == 1 ? ld : in;
            double* gW = g.data() + at[l];
            double* gb = gW + w_[l] * w_[l - 1];
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, n, 1.0, d_[l].data(), out, A, lda, 0.0, gW, in);
            std::fill(gb, gb + out, 0.0);
            for (int r = 0; r < n; ++r)
                for (int k = 0; k < out; ++k) gb[k] += d_[l][r * out + k];
            if (l > 1) {
                double* dprev = d_[l - 1].data();
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, in, out, 1.0, d_[l].data(), out,
                            p.data() + at[l], in, 0.0, dprev, in);
                for (std::size_t k = 0; k < n_ * w_[l - 1]; ++k) dprev[k] *= 1 - A[k] * A[k];
            }
        }
        for (std::size_t k = 0; k < p.size(); ++k) p[k] -= lr * g[k];
        return loss / n;
    }

private:
    std::vector<std::size_t> w_;
    std::size_t n_;
    std::vector<std::vector<double>> a_, d_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: tensor_step MODEL BATCH...\n");
        return 2;
    }
    const std::string model = argv[1];
    const std::vector<std::size_t> widths = chainrule::bench::model_widths(model);

    // derive, emit, compile (once)
    auto start = clock_type::now();
    tensor_graph t;
    const tensor_id x = t.variable("x", shape::vector(widths.front()), variable_kind::input);
    const tensor_id y = t.variable("y", shape::vector(widths.back()), variable_kind::input);
    std::vector<tensor_id> params;
    tensor_id a = x;
    for (std::size_t l = 1; l < widths.size(); ++l) {
        const std::string k = std::to_string(l);
        const tensor_id W = t.variable("W" + k, shape::matrix(widths[l], widths[l - 1]), variable_kind::param);
        const tensor_id b = t.variable("b" + k, shape::vector(widths[l]), variable_kind::param);
        params.push_back(W);
        params.push_back(b);
        const tensor_id z = t.add(t.matmul(W, a), b);
        a = l + 1 < widths.size() ? t.named(t.map(op::tanh, z), "h" + k) : z;
    }
    const tensor_id loss = t.sub(t.logsumexp(a), t.matmul(y, a));
    const std::vector<tensor_id> inputs{x, y};
    const codegen::tensor_model_program m = codegen::make_tensor_model_program(t, loss, inputs, params);
    const double derive_s = seconds_since(start);
    start = clock_type::now();
    const std::string source = codegen::emit_tensor_c(t, m).text;
    const double emit_s = seconds_since(start);
    codegen::tensor_evaluator_options options;
    options.kind = codegen::backend::cc;
    options.cc.use_cache = false;
    options.threads = 1;
    const auto e = codegen::make_tensor_evaluator(t, m, options);
    options.threads = 2;  // the batch split over two threads (chunks of 256 samples)
    const auto e2 = codegen::make_tensor_evaluator(t, m, options);
    // the scalar path, where it fits: every element expanded, straight-line C by cc
    graph g;
    std::unique_ptr<codegen::evaluator> scalar;
    if (m.param_count <= 20'000) {
        expander ex(t, g);
        std::vector<node_id> xs, ps;
        for (tensor_id v : inputs)
            for (node_id n : ex.expand(v)) xs.push_back(n);
        for (tensor_id v : params)
            for (node_id n : ex.expand(v)) ps.push_back(n);
        const node_id scalar_loss = ex.expand(loss)[0];
        const codegen::model_program sm = codegen::make_model_program(g, scalar_loss, xs, ps);
        codegen::evaluator_options so;
        so.kind = codegen::backend::cc;
        so.cc.use_cache = false;
        scalar = codegen::make_evaluator(g, sm, so);
    }
    codegen::tensor_evaluator_options in_memory;
    in_memory.kind = codegen::backend::tcc;
    in_memory.threads = 1;
    std::unique_ptr<codegen::evaluator> e_tcc;
    if (codegen::tensor_evaluator_available(in_memory)) e_tcc = codegen::make_tensor_evaluator(t, m, in_memory);
    const double tcc_s = e_tcc ? e_tcc->compile_seconds() : -1;
    std::printf("setup model=%s params=%zu derive_s=%.6f emit_s=%.6f compile_s=%.6f tcc_s=%.6f source_bytes=%zu\n",
                model.c_str(), m.param_count, derive_s, emit_s, e->compile_seconds(), tcc_s, source.size());

    std::mt19937_64 engine(1);
    std::uniform_real_distribution<double> uniform(-1, 1);
    const double bound = 1 / std::sqrt(static_cast<double>(widths.front()));
    std::vector<double> initial(m.param_count);
    for (double& v : initial) v = bound * uniform(engine);
    for (int i = 2; i < argc; ++i) {
        const std::size_t batch = std::stoul(argv[i]);
        std::vector<double> samples;
        for (std::size_t s = 0; s < batch; ++s) {
            for (std::size_t k = 0; k < widths.front(); ++k) samples.push_back(uniform(engine));
            const std::size_t c = engine() % widths.back();
            for (std::size_t k = 0; k < widths.back(); ++k) samples.push_back(k == c ? 1.0 : 0.0);
        }
        const double lr = 0.01;
        std::vector<double> p = initial, out(1 + m.param_count);
        const double tensor_s = per_call([&] {
            e->evaluate_into(samples, p, codegen::reduction::mean, out);
            for (std::size_t k = 0; k < p.size(); ++k) p[k] -= lr * out[1 + k];
        });
        p = initial;
        const double tcc_step_s = !e_tcc ? -1 : per_call([&] {
            e_tcc->evaluate_into(samples, p, codegen::reduction::mean, out);
            for (std::size_t k = 0; k < p.size(); ++k) p[k] -= lr * out[1 + k];
        });
        p = initial;
        const double scalar_s = !scalar ? -1 : per_call([&] {
            scalar->evaluate_into(samples, p, codegen::reduction::mean, out);
            for (std::size_t k = 0; k < p.size(); ++k) p[k] -= lr * out[1 + k];
        });
        p = initial;
        const double tensor2_s = per_call([&] {
            e2->evaluate_into(samples, p, codegen::reduction::mean, out);
            for (std::size_t k = 0; k < p.size(); ++k) p[k] -= lr * out[1 + k];
        });
        // the two agree on the first step's loss (a check that they do the same work)
        std::vector<double> q = initial, g(m.param_count);
        hand_step hand(widths, batch);
        const double hand_loss = hand(samples.data(), q, g, lr);
        e->evaluate_into(samples, initial, codegen::reduction::mean, out);
        if (std::abs(hand_loss - out[0]) > 1e-9 * (1 + std::abs(out[0]))) {
            std::fprintf(stderr, "tensor_step: the hand-written loss %.17g differs from the tensor evaluator's %.17g\n",
                         hand_loss, out[0]);
            return 1;
        }
        q = initial;
        const double hand_s = per_call([&] { hand(samples.data(), q, g, lr); });
        for (const auto& [tier, s] : {std::pair{"tensor", tensor_s}, std::pair{"tensor_t2", tensor2_s}, std::pair{"hand", hand_s}})
            std::printf("tier=%s model=%s batch=%zu step_us=%.3f samples_per_s=%.0f\n", tier, model.c_str(), batch, s * 1e6,
                        static_cast<double>(batch) / s);
        if (e_tcc)
            std::printf("tier=tensor_tcc model=%s batch=%zu step_us=%.3f samples_per_s=%.0f\n", model.c_str(), batch,
                        tcc_step_s * 1e6, static_cast<double>(batch) / tcc_step_s);
        if (scalar)
            std::printf("tier=scalar model=%s batch=%zu step_us=%.3f samples_per_s=%.0f\n", model.c_str(), batch,
                        scalar_s * 1e6, static_cast<double>(batch) / scalar_s);
    }
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    std::printf("memory model=%s peak_kb=%ld\n", model.c_str(), usage.ru_maxrss);
    return 0;
}
