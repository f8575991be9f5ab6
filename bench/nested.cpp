// Benchmark: the gradient of the nested family f0 = x, f(k+1) = sin(fk)*fk + fk.
//
// For each k on the command line it prints one machine-readable line per system
// (`key=value` fields, see bench/README.md):
//   chainrule k=.. runs=.. build_s=.. grad_s=.. primal=.. gradient=.. check=..
//   ginac     k=.. runs=.. build_s=.. diff_s=.. tree=.. distinct=.. printed=..   (or skipped=..)
// Times are medians over several runs, each on a freshly built graph or expression.
#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/graph.hpp"

#include <ginac/ginac.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

using chainrule::graph;
using chainrule::node_id;
using chainrule::op;
using clock_type = std::chrono::steady_clock;

/// The point at which the gradient is checked numerically. At x = -1/2 the family tends to 0
/// like -1/k and df_k/dx like k^-2, so the check stays finite up to k = 100,000.
constexpr double check_point = -0.5;

/// Seconds elapsed since `start`.
double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

/// The median of `xs` (the mean of the two middle values for an even count).
double median(std::vector<double> xs) {
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

/// How many times to repeat a measurement: at most `max_runs`, at least `min_runs` unless one
/// run passes `cap_s`, and no more once the runs so far took `budget_s` together.
struct repeat_policy {
    int max_runs = 11;
    int min_runs = 3;
    double budget_s = 3.0;
    double cap_s = 10.0;

    bool more(const std::vector<double>& times) const {
        if (times.empty()) return true;
        if (static_cast<int>(times.size()) >= max_runs) return false;
        double total = 0;
        for (double t : times) {
            if (t > cap_s) return false;
            total += t;
        }
        return static_cast<int>(times.size()) < min_runs || total < budget_s;
    }
};

// --- chainrule

/// Builds f_k of the nested family in g and returns its node; x is the input "x".
node_id build_nested(graph& g, int k) {
    node_id f = g.input("x");
    for (int i = 0; i < k; ++i) f = g.add(g.mul(g.apply(op::sin, f), f), f);  // sin(f)*f + f
    return f;
}

/// Value of every node of g at x = check_point, in ascending (topological) id order.
std::vector<double> evaluate(const graph& g) {
    std::vector<double> v(g.size());
    for (node_id n = 0; n < g.size(); ++n) {
        const chainrule::node& nd = g.at(n);
        const double a = nd.lhs == chainrule::no_node ? 0.0 : v[nd.lhs];
        const double b = nd.rhs == chainrule::no_node ? 0.0 : v[nd.rhs];
        double r = 0;
        switch (nd.kind) {
        case op::constant: r = cln::double_approx(g.value(n)); break;
        case op::variable: r = check_point; break;
        case op::add: r = a + b; break;
        case op::mul: r = a * b; break;
        case op::pow: r = std::pow(a, b); break;
        case op::exp: r = std::exp(a); break;
        case op::log: r = std::log(a); break;
        case op::sqrt: r = std::sqrt(a); break;
        case op::sin: r = std::sin(a); break;
        case op::cos: r = std::cos(a); break;
        case op::tan: r = std::tan(a); break;
        case op::tanh: r = std::tanh(a); break;
        case op::cosh: r = std::cosh(a); break;
        case op::sigmoid: r = 1 / (1 + std::exp(-a)); break;
        case op::softplus: r = std::log1p(std::exp(a)); break;
        case op::relu: r = a > 0 ? a : 0.0; break;
        case op::abs: r = std::fabs(a); break;
        case op::step: r = a > 0 ? 1.0 : 0.0; break;
        case op::sign: r = a > 0 ? 1.0 : a < 0 ? -1.0 : 0.0; break;
        case op::max: r = std::max(a, b); break;
        case op::min: r = std::min(a, b); break;
        case op::named: r = a; break;
        }
        v[n] = r;
    }
    return v;
}

/// df_k/dx at x = check_point by forward mode in doubles (an oracle independent of the sweep):
/// d f(k+1) = (cos(fk) fk + sin(fk) + 1) d fk.
double forward_derivative(int k) {
    double f = check_point, d = 1;
    for (int i = 0; i < k; ++i) {
        const double s = std::sin(f), c = std::cos(f);
        d = c * d * f + s * d + d;
        f = s * f + f;
    }
    return d;
}

/// Times reverse_gradient on f_k, each run on a fresh graph, and prints the chainrule line.
void bench_chainrule(int k, const repeat_policy& policy) {
    std::vector<double> build_times, grad_times;
    std::size_t primal = 0, gradient = 0;
    std::string check;
    while (policy.more(grad_times)) {
        graph g;
        auto t0 = clock_type::now();
        const node_id f = build_nested(g, k);
        build_times.push_back(seconds_since(t0));
        const std::size_t before = g.size();
        const node_id x = g.input("x");

        t0 = clock_type::now();
        const std::vector<node_id> grad = chainrule::reverse_gradient(g, f, {x});
        grad_times.push_back(seconds_since(t0));

        if (primal != 0 && (primal != before || gradient != g.size() - before)) {
            std::cerr << "nested: node counts differ between runs at k=" << k << '\n';
            std::exit(1);
        }
        primal = before;
        gradient = g.size() - before;
        if (check.empty()) {  // once per k, outside the timings
            const double got = evaluate(g)[grad.at(0)], want = forward_derivative(k);
            const double rel = std::fabs(got - want) / std::max(std::fabs(want), 1e-300);
            check = std::isfinite(want) ? (rel < 1e-8 ? "ok" : "FAIL") : "nonfinite";
            if (check == "FAIL")
                std::cerr << "nested: k=" << k << ": gradient " << got << " at x=" << check_point
                          << ", forward mode says " << want << '\n';
        }
    }
    std::printf("chainrule k=%d runs=%zu build_s=%.9g grad_s=%.9g primal=%zu gradient=%zu check=%s\n",
                k, grad_times.size(), median(build_times), median(grad_times), primal, gradient,
                check.c_str());
    std::fflush(stdout);
}

// --- GiNaC peer

/// Sizes of a GiNaC expression: `tree` counts nodes with repetition (1 per object plus its
/// nops() operands, recursively: what diff, subs and printing walk); `distinct` counts the
/// different objects in memory (GiNaC shares subexpressions).
struct ginac_size {
    std::uint64_t tree = 0;
    std::size_t distinct = 0;
};

std::uint64_t tree_size(const GiNaC::ex& e, std::unordered_map<const GiNaC::basic*, std::uint64_t>& memo) {
    const GiNaC::basic* key = &GiNaC::ex_to<GiNaC::basic>(e);
    if (auto it = memo.find(key); it != memo.end()) return it->second;
    std::uint64_t n = 1;
    for (std::size_t i = 0; i < e.nops(); ++i) n += tree_size(e.op(i), memo);
    memo.emplace(key, n);
    return n;
}

ginac_size measure(const GiNaC::ex& e) {
    std::unordered_map<const GiNaC::basic*, std::uint64_t> memo;
    const std::uint64_t tree = tree_size(e, memo);
    return {tree, memo.size()};
}

/// f_k of the nested family as a GiNaC expression in x.
GiNaC::ex build_nested(const GiNaC::symbol& x, int k) {
    GiNaC::ex f = x;
    for (int i = 0; i < k; ++i) f = GiNaC::sin(f) * f + f;
    return f;
}

/// Times GiNaC::diff on f_k, each run on a freshly built expression, and prints the ginac line.
/// Returns the longest single run, in seconds.
double bench_ginac(int k, const repeat_policy& policy, std::uint64_t print_limit) {
    std::vector<double> build_times, diff_times;
    GiNaC::ex last;
    while (policy.more(diff_times)) {
        const GiNaC::symbol x("x");
        auto t0 = clock_type::now();
        const GiNaC::ex f = build_nested(x, k);
        build_times.push_back(seconds_since(t0));
        t0 = clock_type::now();
        GiNaC::ex d = f.diff(x);
        diff_times.push_back(seconds_since(t0));
        last = d;
    }
    const ginac_size size = measure(last);
    std::string printed = "not_printed";
    if (size.tree <= print_limit) {  // printing walks the tree; only when cheap
        std::ostringstream out;
        out << last;
        printed = std::to_string(out.str().size());
    }
    std::printf("ginac k=%d runs=%zu build_s=%.9g diff_s=%.9g tree=%llu distinct=%zu printed=%s\n", k,
                diff_times.size(), median(build_times), median(diff_times),
                static_cast<unsigned long long>(size.tree), size.distinct, printed.c_str());
    std::fflush(stdout);
    return *std::max_element(diff_times.begin(), diff_times.end());
}

[[noreturn]] void usage() {
    std::cerr << "usage: nested [--runs N] [--peer-runs N] [--cap SECONDS] [--ginac-max-k K]\n"
                 "              [--print-limit NODES] k...\n"
                 "Times the gradient of f0 = x, f(k+1) = sin(fk)*fk + fk with chainrule and, for\n"
                 "k <= --ginac-max-k (default 12; 0 disables), with GiNaC::diff.\n";
    std::exit(2);
}

int parse_int(std::string_view text) {
    try {
        std::size_t used = 0;
        const long v = std::stol(std::string(text), &used);
        if (used != text.size() || v < 0 || v > 100'000'000) usage();
        return static_cast<int>(v);
    } catch (const std::logic_error&) {
        usage();
    }
}

}  // namespace

int main(int argc, char** argv) {
    repeat_policy chainrule_policy{11, 3, 3.0, 1e9};
    repeat_policy peer_policy{5, 3, 5.0, 10.0};
    int ginac_max_k = 12;
    std::uint64_t print_limit = 200'000;
    std::vector<int> ks;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--runs" && has_value) chainrule_policy.max_runs = std::max(1, parse_int(argv[++i]));
        else if (arg == "--peer-runs" && has_value) peer_policy.max_runs = std::max(1, parse_int(argv[++i]));
        else if (arg == "--cap" && has_value) peer_policy.cap_s = parse_int(argv[++i]);
        else if (arg == "--ginac-max-k" && has_value) ginac_max_k = parse_int(argv[++i]);
        else if (arg == "--print-limit" && has_value) print_limit = static_cast<std::uint64_t>(parse_int(argv[++i]));
        else if (!arg.empty() && arg[0] != '-') ks.push_back(parse_int(arg));
        else usage();
    }
    if (ks.empty()) usage();
    chainrule_policy.min_runs = std::min(chainrule_policy.min_runs, chainrule_policy.max_runs);
    peer_policy.min_runs = std::min(peer_policy.min_runs, peer_policy.max_runs);

    bool ginac_capped = false;
    for (int k : ks) {
        bench_chainrule(k, chainrule_policy);
        if (k > ginac_max_k) continue;  // past the peer range: chainrule alone
        if (ginac_capped) {
            std::printf("ginac k=%d skipped=cap\n", k);
            continue;
        }
        if (bench_ginac(k, peer_policy, print_limit) > peer_policy.cap_s) ginac_capped = true;
    }
    return 0;
}
