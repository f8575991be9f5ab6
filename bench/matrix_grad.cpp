// Benchmark: the gradient of an MLP in matrix form (the tensor reverse sweep) against the scalar
// path (expanding every element, then the scalar reverse sweep) and GiNaC's diff of one element.
//
// For each model on the command line (layer widths joined by '-', e.g. 784-128-10) it prints one
// machine-readable line per system (`key=value` fields, see bench/README.md):
//   tensor  model=.. params=.. primal=.. gradient=.. grad_s=.. print_s=..
//   scalar  model=.. primal=.. gradient=.. expand_s=.. grad_s=..        (or skipped=..)
//   ginac   model=.. diff_s=..                                           (or skipped=..)
// The loss is softmax cross-entropy, logsumexp(z) - y·z, over tanh hidden layers (squared error
// for one output). Times are medians over several runs, each on a freshly built graph.
#include "model_widths.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/diff/tensor_reverse.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/simplify/tensor_print.hpp"
#include "chainrule/tensor/expand.hpp"
#include "chainrule/tensor/graph.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using namespace chainrule;
using namespace chainrule::tensor;
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

double median(std::vector<double> xs) {
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

// Runs `f` until 7 runs or 3 s have passed (at least 1 run); the median time.
template <class F>
double timed(F f) {
    std::vector<double> times;
    double total = 0;
    while (times.empty() || (times.size() < 7 && total < 3.0)) {
        const double t = f();
        times.push_back(t);
        total += t;
    }
    return median(times);
}

// The MLP of `widths` in t: its loss and its weights and biases, in order W1, b1, W2, b2, ...
struct mlp {
    tensor_id loss = no_tensor;
    std::vector<tensor_id> params;
    std::size_t count = 0;
};

mlp build(tensor_graph& t, const std::vector<std::size_t>& widths) {
    mlp m;
    tensor_id a = t.variable("x", shape::vector(widths[0]), variable_kind::input);
    for (std::size_t l = 1; l < widths.size(); ++l) {
        const std::string k = std::to_string(l);
        const tensor_id W = t.variable("W" + k, shape::matrix(widths[l], widths[l - 1]), variable_kind::param);
        const tensor_id b = t.variable("b" + k, shape::vector(widths[l]), variable_kind::param);
        m.params.push_back(W);
        m.params.push_back(b);
        m.count += widths[l] * widths[l - 1] + widths[l];
        const tensor_id z = t.named(t.add(t.matmul(W, a), b), "z" + k);
        a = l + 1 < widths.size() ? t.named(t.map(op::tanh, z), "h" + k) : z;
    }
    const std::size_t out = widths.back();
    const tensor_id y = t.variable("y", out == 1 ? shape::scalar() : shape::vector(out), variable_kind::input);
    if (out == 1) {
        const tensor_id e = t.sub(t.element(a, 0), y);
        m.loss = t.div(t.mul(e, e), t.constant(2));
    } else {
        m.loss = t.sub(t.logsumexp(a), t.matmul(y, a));
    }
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string model = argv[i];
        const std::vector<std::size_t> widths = chainrule::bench::model_widths(model);

        // --- the tensor path: one sweep over the model-level graph, then the four formulas printed
        std::size_t params = 0, primal = 0, gradient = 0;
        const double grad_s = timed([&] {
            tensor_graph t;
            const mlp m = build(t, widths);
            params = m.count;
            primal = t.size();
            const auto start = clock_type::now();
            const std::vector<tensor_id> g = tensor_gradient(t, m.loss, m.params);
            const double s = seconds_since(start);
            gradient = t.size() - primal;
            return s;
        });
        const double print_s = timed([&] {
            tensor_graph t;
            const mlp m = build(t, widths);
            const std::vector<tensor_id> g = tensor_gradient(t, m.loss, m.params);
            const auto start = clock_type::now();
            std::size_t chars = 0;
            for (tensor_id d : g) chars += tensor_text(t, d).size();
            const double s = seconds_since(start);
            return chars ? s : s;
        });
        std::printf("tensor model=%s params=%zu primal=%zu gradient=%zu grad_s=%.9f print_s=%.9f\n", model.c_str(),
                    params, primal, gradient, grad_s, print_s);

        // --- the scalar path: every element a node, then the scalar sweep over every param element
        if (params > 150'000) {
            std::printf("scalar model=%s skipped=params_over_150000\n", model.c_str());
        } else {
            std::size_t scalar_primal = 0, scalar_gradient = 0;
            std::vector<double> expand_times;
            const double scalar_grad_s = timed([&] {
                tensor_graph t;
                const mlp m = build(t, widths);
                graph g;
                expander ex(t, g, 10'000'000, 100'000'000);
                auto start = clock_type::now();
                const node_id loss = ex.expand(m.loss)[0];
                std::vector<node_id> wrt;
                for (tensor_id p : m.params)
                    for (node_id n : ex.expand(p)) wrt.push_back(n);
                expand_times.push_back(seconds_since(start));
                scalar_primal = g.size();
                start = clock_type::now();
                const std::vector<node_id> d = reverse_gradient(g, loss, wrt);
                const double s = seconds_since(start);
                scalar_gradient = g.size() - scalar_primal;
                return s;
            });
            std::printf("scalar model=%s primal=%zu gradient=%zu expand_s=%.9f grad_s=%.9f\n", model.c_str(),
                        scalar_primal, scalar_gradient, median(expand_times), scalar_grad_s);
        }

        // --- GiNaC: the loss as one expression, differentiated with respect to W1[0,0]
        if (params > 20'000) {
            std::printf("ginac model=%s skipped=params_over_20000\n", model.c_str());
        } else {
            const double diff_s = timed([&] {
                tensor_graph t;
                const mlp m = build(t, widths);
                graph g;
                expander ex(t, g, 10'000'000, 100'000'000);
                const node_id loss = ex.expand(m.loss)[0];
                ginac_converter to(g, ginac_limits{100'000'000, 100'000});
                const GiNaC::ex e = to(loss);
                const GiNaC::symbol& w = to.symbol("W1[0,0]");
                const auto start = clock_type::now();
                const GiNaC::ex d = e.diff(w);
                const double s = seconds_since(start);
                return d.nops() ? s : s;
            });
            std::printf("ginac model=%s diff_s=%.9f\n", model.c_str(), diff_s);
        }
        std::fflush(stdout);
    }
}
