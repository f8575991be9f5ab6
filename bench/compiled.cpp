// Benchmark of the compiled evaluators (issue 5). For each model it prints one line of
// `key=value` fields:
//   model=.. statements=.. value_statements=.. source_ratio=.. tcc_compile_s=.. cc_compile_s=..
//   value_cc_ns=.. vg_interpreter_ns=.. vg_tcc_ns=.. vg_cc_ns=.. value_tcc_ns=.. hand_ns=..
//   hand_check=.. (max relative difference between the hand-written and the compiled gradient)
// Times per sample, the best of three runs of batches of 256 samples (reduction sum). Compile
// times are measured with the object cache off.
#include "handwritten.hpp"

#include "chainrule/codegen/emit_c.hpp"
#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/codegen/tcc_toolchain.hpp"
#include "chainrule/graph/expr.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <random>
#include <sys/resource.h>
#include <string>

using namespace chainrule;
using namespace chainrule::codegen;
using clock_type = std::chrono::steady_clock;

namespace {

struct bench_model {
    std::string name;
    std::unique_ptr<graph> g = std::make_unique<graph>();
    model_program program;
    std::optional<bench::mlp_shape> mlp;  // when a hand-written gradient exists
};

std::vector<expr> dense(graph& g, const std::vector<expr>& in, int width, const std::string& tag, bool activate,
                        std::vector<node_id>& params) {
    std::vector<expr> out;
    for (int j = 0; j < width; ++j) {
        expr b = param(g, "b" + tag + "_" + std::to_string(j));
        params.push_back(b.id());
        expr z = b;
        for (std::size_t i = 0; i < in.size(); ++i) {
            expr w = param(g, "W" + tag + "_" + std::to_string(j) + "_" + std::to_string(i));
            params.push_back(w.id());
            z = z + w * in[i];
        }
        out.push_back(activate ? tanh(z) : z);
    }
    return out;
}

bench_model mlp(const std::string& name, const bench::mlp_shape& s) {
    bench_model m;
    m.name = name;
    m.mlp = s;
    graph& g = *m.g;
    std::vector<node_id> inputs, params;
    std::vector<expr> h;
    for (int i = 0; i < s.sizes.front(); ++i) {
        h.push_back(input(g, "x" + std::to_string(i)));
        inputs.push_back(h.back().id());
    }
    for (std::size_t l = 1; l < s.sizes.size(); ++l)
        h = dense(g, h, s.sizes[l], std::to_string(l), l + 1 < s.sizes.size(), params);
    std::vector<expr> y;
    for (int k = 0; k < s.sizes.back(); ++k) {
        y.push_back(input(g, "y" + std::to_string(k)));
        inputs.push_back(y.back().id());
    }
    expr loss = constant(g, rational(0));
    if (s.loss == bench::mlp_loss::squared_error) {
        for (std::size_t k = 0; k < h.size(); ++k) loss = loss + pow(h[k] - y[k], 2) / 2;
    } else {
        expr sum = exp(h[0]), dot = y[0] * h[0];
        for (std::size_t k = 1; k < h.size(); ++k) {
            sum = sum + exp(h[k]);
            dot = dot + y[k] * h[k];
        }
        loss = log(sum) - dot;
    }
    m.program = make_model_program(g, loss.id(), inputs, params);
    return m;
}

bench_model neuron() {
    bench_model m;
    m.name = "neuron";
    graph& g = *m.g;
    expr x = input(g, "x"), y = input(g, "y"), w = param(g, "w"), b = param(g, "b");
    const expr L = pow(sigmoid(w * x + b) - y, 2) / 2;
    const node_id xs[] = {x.id(), y.id()}, ps[] = {w.id(), b.id()};
    m.program = make_model_program(g, L.id(), xs, ps);
    return m;
}

bench_model nested(int k) {
    bench_model m;
    m.name = "nested_k" + std::to_string(k);
    graph& g = *m.g;
    expr x = input(g, "x"), w = param(g, "w");
    expr f = w * x;
    for (int i = 0; i < k; ++i) f = sin(f) * f + f;
    const node_id xs[] = {x.id()}, ps[] = {w.id()};
    m.program = make_model_program(g, f.id(), xs, ps);
    return m;
}

/// Nanoseconds per sample of `run(n)` over batches of n samples: the best of three runs.
double ns_per_sample(const std::function<void(long)>& run, long n) {
    double best = 1e300;
    for (int trial = 0; trial < 3; ++trial) {
        long batches = 0;
        const auto start = clock_type::now();
        double elapsed = 0;
        do {
            run(n);
            ++batches;
            elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
        } while (elapsed < 0.15);
        best = std::min(best, elapsed * 1e9 / static_cast<double>(batches * n));
    }
    return best;
}

/// CPU seconds used by finished child processes (the compiler) so far.
double child_cpu_seconds() {
    rusage u {};
    ::getrusage(RUSAGE_CHILDREN, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

std::unique_ptr<evaluator> build(const bench_model& m, const model_program& p, backend b) {
    evaluator_options o;
    o.kind = b;
    o.cc.use_cache = false;
    return make_evaluator(*m.g, p, o);
}

void measure(const bench_model& m) {
    constexpr long batch = 256;
    const model_program value = value_only(*m.g, m.program);
    const c_source vg_src = emit_c(*m.g, m.program.program, m.program.layout);
    const c_source v_src = emit_c(*m.g, value.program, value.layout);
    std::mt19937_64 engine(42);
    std::uniform_real_distribution<double> draw(-1, 1);
    std::vector<double> x(batch * m.program.layout.inputs.size()), p(m.program.layout.params.size());
    for (double& v : x) v = draw(engine);
    for (double& v : p) v = draw(engine) / 2;
    std::vector<double> out(1 + p.size()), out_value(1);

    std::printf("model=%s inputs=%zu params=%zu statements=%zu value_statements=%zu source_bytes=%zu "
                "value_source_bytes=%zu source_ratio=%.2f",
                m.name.c_str(), m.program.layout.inputs.size(), p.size(), vg_src.statements, v_src.statements,
                vg_src.text.size(), v_src.text.size(), static_cast<double>(vg_src.text.size()) / v_src.text.size());
    std::fflush(stdout);
    for (backend b : {backend::interpreter, backend::tcc, backend::cc}) {
        if (b == backend::tcc && !tcc_available()) continue;
        const double cpu_before = child_cpu_seconds();
        const auto e = build(m, m.program, b);
        const double cpu = child_cpu_seconds() - cpu_before;
        const auto ev = build(m, value, b);
        if (b != backend::interpreter) std::printf(" %s_compile_s=%.4f", std::string(name(b)).c_str(), e->compile_seconds());
        if (b == backend::cc) std::printf(" cc_compile_cpu_s=%.3f", cpu);
        const double vg = ns_per_sample([&](long n) { e->evaluate_into(std::span(x).first(n * e->input_count()), p, reduction::sum, out); }, batch);
        const double v = ns_per_sample([&](long n) { ev->evaluate_into(std::span(x).first(n * ev->input_count()), p, reduction::sum, out_value); }, batch);
        std::printf(" vg_%s_ns=%.1f value_%s_ns=%.1f", std::string(name(b)).c_str(), vg, std::string(name(b)).c_str(), v);
        std::fflush(stdout);
    }
    if (m.mlp) {
        const auto cc = build(m, m.program, backend::cc);
        std::vector<double> hand(out.size()), compiled(out.size());
        bench::handwritten_batch(*m.mlp, batch, x.data(), p.data(), hand.data());
        cc->evaluate_into(x, p, reduction::sum, compiled);
        double worst = 0;
        for (std::size_t k = 0; k < hand.size(); ++k)
            worst = std::max(worst, std::fabs(hand[k] - compiled[k]) / std::max(1.0, std::fabs(compiled[k])));
        const double h = ns_per_sample([&](long n) { bench::handwritten_batch(*m.mlp, n, x.data(), p.data(), out.data()); }, batch);
        std::printf(" hand_ns=%.1f hand_check=%.2g", h, worst);
    }
    std::printf("\n");
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string which = argc > 1 ? argv[1] : "all";
    if (which == "source" || which == "large_source") {  // a value-and-gradient source, for inspection
        const bench_model m = which == "source"
                                  ? mlp("mlp_4_32_32_3", {{4, 32, 32, 3}, bench::mlp_loss::softmax_cross_entropy})
                                  : mlp("mlp_8_96_96_1", {{8, 96, 96, 1}, bench::mlp_loss::squared_error});
        std::cout << emit_c(*m.g, m.program.program, m.program.layout).text;
        return 0;
    }
    if (which == "all" || which == "models") {
        measure(neuron());
        measure(mlp("mlp_2_16_1", {{2, 16, 1}, bench::mlp_loss::squared_error}));
        measure(mlp("mlp_4_32_32_3", {{4, 32, 32, 3}, bench::mlp_loss::softmax_cross_entropy}));
        measure(nested(20));
    }
    if (which == "all" || which == "large") {
        // about 10,000 statements: the cc budget (under 5 s at -O2)
        const bench_model big = mlp("mlp_8_96_96_1", {{8, 96, 96, 1}, bench::mlp_loss::squared_error});
        const c_source src = emit_c(*big.g, big.program.program, big.program.layout);
        const double cpu_before = child_cpu_seconds();
        const auto e = build(big, big.program, backend::cc);
        const double cpu = child_cpu_seconds() - cpu_before;
        const auto t = build(big, big.program, backend::tcc);
        std::printf("model=%s statements=%zu source_bytes=%zu cc_compile_s=%.3f cc_compile_cpu_s=%.3f tcc_compile_s=%.4f\n",
                    big.name.c_str(), src.statements, src.text.size(), e->compile_seconds(), cpu, t->compile_seconds());
    }
    return 0;
}
