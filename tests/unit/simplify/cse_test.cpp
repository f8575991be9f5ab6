// CSE: the program computes the outputs (run as a program by the test's own exact evaluator,
// or rebuilt in GiNaC line by line), shared nodes get exactly one line, lines stay shallow,
// and a million-deep chain goes through without recursion.
#include "oracle.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/simplify/cse.hpp"
#include "chainrule/simplify/print.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>

using namespace chainrule;
using namespace simplify_test;
namespace bdata = boost::unit_test::data;

namespace {

struct dag {
    graph g;
    std::vector<node_id> outputs;
};

// A random DAG over x0..x3 that reuses earlier nodes (so subexpressions are shared).
dag random_dag(std::uint64_t seed, int steps, bool functions) {
    std::mt19937_64 engine(seed);
    auto uniform = [&](long lo, long hi) { return lo + static_cast<long>(engine() % static_cast<std::uint64_t>(hi - lo + 1)); };
    dag d;
    graph& g = d.g;
    std::vector<node_id> pool;
    for (const char* name : {"x0", "x1", "x2", "x3"}) pool.push_back(g.input(name));
    pool.push_back(g.constant(rational(3) / 2));
    auto pick = [&]() {
        const long n = static_cast<long>(pool.size());
        return uniform(0, 1) ? pool[static_cast<std::size_t>(uniform(std::max(0L, n - 4), n - 1))]
                             : pool[static_cast<std::size_t>(uniform(0, n - 1))];
    };
    static const op unary[] = {op::exp, op::log, op::sin, op::tanh, op::sigmoid, op::softplus, op::sqrt, op::relu, op::abs};
    for (int i = 0; i < steps; ++i) {
        const node_id a = pick(), b = pick();
        try {
            node_id r = no_node;
            switch (uniform(0, functions ? 8 : 6)) {
            case 0: r = g.add(a, b); break;
            case 1: r = g.sub(a, b); break;
            case 2: r = g.mul(a, b); break;
            case 3: r = g.div(a, b); break;
            case 4: r = g.neg(a); break;
            case 5: r = g.pow(a, g.constant(uniform(0, 1) ? 2 : -1)); break;
            case 6: r = g.add(g.mul(g.constant(uniform(-3, 3)), a), b); break;
            case 7: r = g.apply(unary[uniform(0, 8)], a); break;
            default: r = g.apply(uniform(0, 1) ? op::max : op::min, a, b); break;
            }
            pool.push_back(r);
        } catch (const domain_error&) {
            // a division by the constant 0: skip
        }
    }
    d.outputs = {pool.back(), pick(), pick()};
    return d;
}

// Uses of each node within the subgraph reached from the outputs (outputs count as uses).
std::map<node_id, int> uses_of(const graph& g, std::span<const node_id> outputs) {
    std::map<node_id, int> uses;
    for (node_id o : outputs) ++uses[o];
    for (node_id n : g.reachable(outputs)) {
        const node& x = g.at(n);
        if (x.lhs != no_node) ++uses[x.lhs];
        if (x.rhs != no_node) ++uses[x.rhs];
    }
    return uses;
}

bool is_leaf(const graph& g, node_id n) { return g.is_constant(n) || g.is_variable(n); }

// The structural contract of a CSE program.
void check_structure(const graph& g, std::span<const node_id> outputs, const cse_result& p) {
    BOOST_TEST_REQUIRE(p.outputs.size() == outputs.size());
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        BOOST_TEST(p.outputs[i].value == outputs[i]);
        BOOST_TEST(p.outputs[i].temp == p.temp_of(outputs[i]));
    }
    std::set<node_id> defined;
    for (std::size_t i = 0; i < p.assignments.size(); ++i) {
        BOOST_TEST(p.assignments[i].temp == i + 1);
        BOOST_TEST(defined.insert(p.assignments[i].value).second, "node defined twice");
        BOOST_TEST(!is_leaf(g, p.assignments[i].value));
        BOOST_TEST(p.temp_of(p.assignments[i].value) == i + 1);
    }
    BOOST_TEST(p.temps.size() == p.assignments.size());
    auto named = [&](node_id n) { return is_leaf(g, n) || p.temp_of(n) != 0; };
    // every node used twice is defined once, unless it is trivial (c*u, u^c with u named)
    for (const auto& [n, count] : uses_of(g, outputs)) {
        if (count < 2 || is_leaf(g, n)) continue;
        const node& x = g.at(n);
        const bool trivial = (x.kind == op::mul && g.is_constant(x.lhs) && named(x.rhs)) ||
                             (x.kind == op::pow && g.is_constant(x.rhs) && named(x.lhs));
        BOOST_TEST((p.temp_of(n) != 0 || trivial), "shared node " << n << " has no temporary");
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cse_programs)

BOOST_DATA_TEST_CASE(program_computes_the_outputs_exactly, bdata::xrange(1, 61), seed) {
    for (std::uint64_t attempt = 0;; ++attempt) {
        BOOST_TEST_REQUIRE(attempt < 10u);
        dag d = random_dag(static_cast<std::uint64_t>(seed) * 100 + attempt, 30, false);
        const cse_options options{4, 12};  // small bounds, so lines are also split for depth
        const cse_result p = cse(d.g, d.outputs, options);
        check_structure(d.g, d.outputs, p);
        std::mt19937_64 engine(static_cast<std::uint64_t>(seed) * 7919 + attempt);
        int defined = 0;
        for (int k = 0; k < 12 && defined < 3; ++k) {  // points until a few outputs are defined
            point at;
            for (const char* name : {"x0", "x1", "x2", "x3"})
                at[name] = rational(static_cast<long>(engine() % 9) - 4) / rational(static_cast<long>(engine() % 3) + 1);
            const auto all = evaluate_all(d.g, at);
            const auto run = run_program(d.g, p, at, options.max_inline_depth);
            for (std::size_t i = 0; i < d.outputs.size(); ++i) {
                const auto& expected = all[d.outputs[i]];
                BOOST_TEST(expected.has_value() == run[i].has_value());
                if (expected && run[i]) {
                    BOOST_TEST(*expected == *run[i]);
                    ++defined;
                }
            }
        }
        // outputs undefined everywhere (a division by x - x) or too large to evaluate: another graph
        if (defined > 0) return;
    }
}

BOOST_DATA_TEST_CASE(program_with_functions_equals_the_outputs_in_ginac, bdata::xrange(1, 31), seed) {
    for (std::uint64_t attempt = 0;; ++attempt) {
        BOOST_TEST_REQUIRE(attempt < 20u);
        dag d = random_dag(static_cast<std::uint64_t>(seed) * 100 + attempt + 1000, 25, true);
        ginac_converter convert(d.g);
        std::vector<GiNaC::ex> expected;
        try {
            for (node_id o : d.outputs) expected.push_back(convert(o));
        } catch (const domain_error&) {
            continue;  // GiNaC finds a division by 0 (x/(x - x)): another graph
        }
        const cse_result p = cse(d.g, d.outputs, cse_options{3, 8});
        check_structure(d.g, d.outputs, p);
        std::map<std::string, GiNaC::ex> symbols;
        for (const variable_info& v : d.g.variables()) symbols[v.name] = convert.symbol(v.name);
        const std::vector<GiNaC::ex> rebuilt = program_to_ginac(d.g, p, symbols);
        for (std::size_t i = 0; i < d.outputs.size(); ++i) BOOST_TEST(same(rebuilt[i], expected[i]));
        return;
    }
}

BOOST_AUTO_TEST_CASE(shared_nodes_and_leaf_outputs) {
    graph g;
    const node_id x = g.input("x"), y = g.input("y");
    const node_id s = g.apply(op::sin, g.mul(x, y));          // used twice below
    const node_id f = g.add(g.mul(s, s), g.apply(op::exp, s));  // s*s + exp(s)
    const node_id outputs[] = {f, x, g.constant(2), f, g.neg(x)};
    const cse_result p = cse(g, outputs);
    check_structure(g, outputs, p);
    BOOST_TEST(p.temp_of(s) != 0);
    BOOST_TEST(p.temp_of(f) != 0);  // f is requested twice
    BOOST_TEST(p.temp_of(g.mul(x, y)) == 0);
    BOOST_TEST(p.outputs[1].temp == 0u);
    BOOST_TEST(p.outputs[2].temp == 0u);
    BOOST_TEST(p.outputs[4].temp == 0u);  // -x is trivial
    BOOST_TEST(p.assignments.size() == 2u);
    BOOST_TEST(p.assignments[0].value == s);  // first-use order: s before f
}

BOOST_AUTO_TEST_CASE(unknown_output_is_a_usage_error) {
    graph g;
    const node_id x = g.input("x");
    const node_id outputs[] = {x, 12345};
    BOOST_CHECK_THROW(cse(g, outputs), usage_error);
}

BOOST_AUTO_TEST_CASE(million_deep_chain_builds_splits_and_dies_without_recursion) {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    constexpr int depth = 1'000'000;
    {
        auto g = std::make_unique<graph>();
        const node_id x = g->input("x");
        node_id f = x;
        for (int i = 0; i < depth; ++i) f = g->apply(op::sin, f);  // each node used once
        const auto built = clock::now();
        const cse_options options;  // default bounds
        const node_id outputs[] = {f};
        const cse_result p = cse(*g, outputs, options);
        const auto split = clock::now();
        // every line is sin applied at most max_inline_depth times to x or the previous temporary
        BOOST_TEST(p.assignments.size() >= depth / options.max_inline_depth - 1);
        BOOST_TEST(p.assignments.size() <= depth / options.max_inline_depth + 1);
        node_id previous = x;
        bool ok = true;
        for (const cse_assignment& a : p.assignments) {
            std::size_t levels = 0;
            node_id n = a.value;
            do {
                n = g->at(n).lhs;
                ++levels;
            } while (n != previous && levels <= options.max_inline_depth);
            ok = ok && n == previous;  // reads the previous temporary (t1 reads x)
            previous = a.value;
        }
        BOOST_TEST(ok);
        const std::vector<std::string> names{"f"};
        const std::string text = to_text(*g, p, names);
        BOOST_TEST(std::count(text.begin(), text.end(), '\n') == static_cast<long>(p.assignments.size()) + 1);
        BOOST_TEST(text.substr(0, 5) == "t1 = ");
        const auto printed = clock::now();
        BOOST_TEST_MESSAGE("1,000,000-deep sin chain: build "
                           << std::chrono::duration<double>(built - start).count() << " s, cse "
                           << std::chrono::duration<double>(split - built).count() << " s, print "
                           << std::chrono::duration<double>(printed - split).count() << " s");
    }
    {  // a chain where every link is shared: f = f*x + f
        const auto begin = clock::now();
        graph g;
        const node_id x = g.input("x");
        node_id f = g.input("y");
        for (int i = 0; i < depth; ++i) f = g.add(g.mul(f, x), f);
        const node_id outputs[] = {f};
        const cse_result p = cse(g, outputs);
        BOOST_TEST(p.assignments.size() == static_cast<std::size_t>(depth) - 1);  // all but the output
        BOOST_TEST(p.outputs[0].temp == 0u);
        bool ok = true;  // line k is t(k-1)*x + t(k-1), in chain order
        node_id previous = g.at(g.at(p.assignments[0].value).lhs).lhs;
        for (const cse_assignment& a : p.assignments) {
            const node& sum = g.at(a.value);
            ok = ok && sum.rhs == previous && g.at(sum.lhs).lhs == previous;
            previous = a.value;
        }
        BOOST_TEST(ok);
        BOOST_TEST_MESSAGE("1,000,000-deep shared chain: build and cse " << std::chrono::duration<double>(clock::now() - begin).count() << " s");
    }
    {  // the same, 100,000 deep, printed
        graph g;
        const node_id x = g.input("x");
        node_id f = g.input("y");
        for (int i = 0; i < 100'000; ++i) f = g.add(g.mul(f, x), f);
        const node_id outputs[] = {f};
        const std::vector<std::string> names{"f"};
        const std::string text = to_text(g, cse(g, outputs), names);
        BOOST_TEST(text.substr(0, 30) == "t1 = x*y + y\nt2 = t1*x + t1\nt3");
        BOOST_TEST(text.ends_with("\nf = t99999*x + t99999\n"));
    }
    BOOST_TEST_MESSAGE("million-deep chains in total: " << std::chrono::duration<double>(clock::now() - start).count() << " s");
}

BOOST_AUTO_TEST_SUITE_END()
