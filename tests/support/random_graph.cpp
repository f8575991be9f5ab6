#include "random_graph.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace chainrule::testing {

namespace {

enum class choice {
    add, sub, mul, div, scale, shift, power, variable_power, exp, log, sqrt, sin, cos, tan, tanh,
    cosh, sigmoid, softplus, relu, abs, step, sign, max, min,
};
constexpr int smooth_choices = static_cast<int>(choice::softplus) + 1;
constexpr int all_choices = static_cast<int>(choice::min) + 1;

}  // namespace

random_graph_generator::random_graph_generator(std::uint64_t seed, random_graph_options options)
    : engine_(seed), options_(std::move(options)) {}

long random_graph_generator::uniform(long lo, long hi) {
    // modulo reduction: portable across standard libraries (the bias is negligible here)
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<long>(engine_() % span);
}

rational random_graph_generator::random_rational(long bound, long max_denominator) {
    const long q = uniform(1, max_denominator);
    const long p = uniform(-bound * q, bound * q);
    return rational(p) / rational(q);
}

node_id random_graph_generator::pick(const std::vector<entry>& pool) {
    // half the time one of the three newest nodes (depth), else any node (sharing)
    const long n = static_cast<long>(pool.size());
    if (uniform(0, 1) == 0) return pool[static_cast<std::size_t>(uniform(std::max(0L, n - 3), n - 1))].id;
    return pool[static_cast<std::size_t>(uniform(0, n - 1))].id;
}

node_id random_graph_generator::make_positive(graph& g, std::vector<entry>& pool) {
    std::vector<node_id> positive;
    for (const entry& e : pool)
        if (e.positive) positive.push_back(e.id);
    if (!positive.empty() && uniform(0, 3) != 0)
        return positive[static_cast<std::size_t>(uniform(0, static_cast<long>(positive.size()) - 1))];
    const node_id u = pick(pool);
    node_id p;
    switch (uniform(0, 2)) {
    case 0: p = g.apply(op::exp, u); break;
    case 1: p = g.add(g.pow(u, g.constant(2)), g.constant(rational(uniform(1, 4)) / 2)); break;
    default: p = g.apply(op::sigmoid, u); break;
    }
    pool.push_back(entry{p, true});
    return p;
}

random_expression random_graph_generator::operator()(graph& g) {
    random_expression out;
    std::vector<entry> pool;
    const int count = static_cast<int>(uniform(options_.min_variables, options_.max_variables));
    for (int i = 0; i < count; ++i) {
        const node_id x = g.input(options_.prefix + std::to_string(i));
        out.variables.push_back(x);
        pool.push_back(entry{x, false});
    }
    const std::array<rational, 10> exponents{rational(2), rational(3), rational(-1), rational(-2),
                                             rational(1) / 2, rational(1) / 3, rational(-1) / 2,
                                             rational(3) / 2, rational(-3) / 2, rational(2) / 3};
    for (int k = 0; k < options_.operations; ++k) {
        const int choices = options_.non_smooth ? all_choices : smooth_choices;
        auto c = static_cast<choice>(uniform(0, choices - 1));
        if (c == choice::variable_power && !options_.variable_exponents) c = choice::power;
        node_id n = no_node;
        bool positive = false;
        switch (c) {
        case choice::add: {
            const node_id a = pick(pool), b = pick(pool);
            n = g.add(a, b);
            break;
        }
        case choice::sub: {
            // u - u would be a zero that GiNaC folds at once: pick two different nodes
            const node_id a = pick(pool);
            node_id b = pick(pool);
            for (int tries = 0; b == a && tries < 8; ++tries) b = pick(pool);
            n = b == a ? g.add(a, b) : g.sub(a, b);
            break;
        }
        case choice::mul: n = g.mul(pick(pool), pick(pool)); break;
        case choice::div: {
            const node_id a = pick(pool);
            n = g.div(a, make_positive(g, pool));
            break;
        }
        case choice::scale: {
            rational s = random_rational(3, 4);
            if (cln::zerop(s)) s = 2;
            n = g.mul(g.constant(s), pick(pool));
            break;
        }
        case choice::shift: n = g.add(pick(pool), g.constant(random_rational(2, 3))); break;
        case choice::power: {
            const rational e = exponents[static_cast<std::size_t>(uniform(0, exponents.size() - 1))];
            // negative or fractional exponents only on positive bases (no poles, no complex values)
            if (e == 2 || e == 3) {
                n = g.pow(pick(pool), g.constant(e));
            } else {
                n = g.pow(make_positive(g, pool), g.constant(e));
                positive = true;
            }
            break;
        }
        case choice::variable_power: {
            // the exponent is a variable: compound exponents make GiNaC's normal() crawl
            const node_id base = make_positive(g, pool);
            n = g.pow(base, out.variables[static_cast<std::size_t>(uniform(0, count - 1))]);
            positive = true;
            break;
        }
        case choice::exp: n = g.apply(op::exp, pick(pool)); positive = true; break;
        case choice::log: n = g.apply(op::log, make_positive(g, pool)); break;
        case choice::sqrt: n = g.apply(op::sqrt, make_positive(g, pool)); positive = true; break;
        case choice::sin: n = g.apply(op::sin, pick(pool)); break;
        case choice::cos: n = g.apply(op::cos, pick(pool)); break;
        case choice::tan: n = g.apply(op::tan, pick(pool)); break;
        case choice::tanh: n = g.apply(op::tanh, pick(pool)); break;
        case choice::cosh: n = g.apply(op::cosh, pick(pool)); positive = true; break;
        case choice::sigmoid: n = g.apply(op::sigmoid, pick(pool)); positive = true; break;
        case choice::softplus: n = g.apply(op::softplus, pick(pool)); positive = true; break;
        case choice::relu: n = g.apply(op::relu, pick(pool)); break;
        case choice::abs: n = g.apply(op::abs, pick(pool)); break;
        case choice::step: n = g.apply(op::step, pick(pool)); break;
        case choice::sign: n = g.apply(op::sign, pick(pool)); break;
        case choice::max: n = g.apply(op::max, pick(pool), pick(pool)); break;
        case choice::min: n = g.apply(op::min, pick(pool), pick(pool)); break;
        }
        if (g.is_constant(n)) continue;  // folded away: nothing to differentiate
        if (options_.named && uniform(0, 3) == 0) n = g.named(n, "s" + std::to_string(k));
        pool.push_back(entry{n, positive});
    }
    // the output joins every sink (a pool node no other node uses) by + or *, so that the
    // whole generated graph is reached and shared nodes have several users
    std::vector<char> used(g.size(), 0);
    for (node_id n = 0; n < g.size(); ++n) {
        const node& x = g.at(n);
        if (x.lhs != no_node) used[x.lhs] = 1;
        if (x.rhs != no_node) used[x.rhs] = 1;
    }
    node_id output = no_node;
    for (auto it = pool.rbegin(); it != pool.rend(); ++it) {
        if (used[it->id] || g.is_variable(it->id)) continue;
        if (output == no_node)
            output = it->id;
        else
            output = uniform(0, 2) == 0 ? g.mul(output, it->id) : g.add(output, it->id);
    }
    out.output = output == no_node ? pool.back().id : output;
    return out;
}

}  // namespace chainrule::testing
