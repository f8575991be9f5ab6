// Reverse mode against GiNaC's diff (gradients, and the adjoint of every node), on hand-made
// regressions and on random graphs; plus the sweep's structural promises (iterative, O(graph)).
#include "chainrule/core/error.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/diff/trace.hpp"
#include "chainrule/graph/expr.hpp"
#include "oracle.hpp"
#include "random_graph.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>

using namespace chainrule;
using chainrule::testing::materialise;
using chainrule::testing::same_function;
namespace bdata = boost::unit_test::data;

namespace {

// f0 = x, f(k+1) = sin(fk)*fk + fk
node_id nested(graph& g, node_id x, int k) {
    node_id f = x;
    for (int i = 0; i < k; ++i) f = g.add(g.mul(g.apply(op::sin, f), f), f);
    return f;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reverse_mode)

BOOST_AUTO_TEST_CASE(a_variable_on_two_paths_gets_both_contributions) {
    // regression: f = x*x + sin(x); df/dx = 2x + cos(x): three contributions, all summed
    graph g;
    auto x = input(g, "x");
    const node_id f = (x * x + sin(x)).id();
    const node_id xs[] = {x.id()};
    const node_id d = reverse_gradient(g, f, xs)[0];
    ginac_converter conv(g);
    const GiNaC::ex X = conv.symbol("x");
    BOOST_TEST(same_function(conv(d), 2 * X + GiNaC::cos(X)), conv(d));
    BOOST_TEST(!same_function(conv(d), X + GiNaC::cos(X)));  // the comparison can fail
}

BOOST_AUTO_TEST_CASE(the_neuron) {
    graph g;
    auto w = param(g, "w"), b = param(g, "b"), x = input(g, "x"), y = input(g, "y");
    auto a = sigmoid(w * x + b);
    auto L = pow(a - y, 2) / 2;
    const auto grad = reverse_gradient(g, L.id(), {w.id(), b.id(), x.id(), y.id()});
    ginac_converter conv(g);
    const GiNaC::ex A = conv(a.id()), X = conv.symbol("x"), Y = conv.symbol("y"), W = conv.symbol("w");
    BOOST_TEST(same_function(conv(grad[0]), (A - Y) * A * (1 - A) * X));  // the textbook formula
    BOOST_TEST(same_function(conv(grad[1]), (A - Y) * A * (1 - A)));
    BOOST_TEST(same_function(conv(grad[2]), (A - Y) * A * (1 - A) * W));
    BOOST_TEST(same_function(conv(grad[3]), Y - A));
}

BOOST_AUTO_TEST_CASE(zero_where_the_output_does_not_depend) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y"), z = param(g, "z");
    const node_id f = (sin(x) * x).id();
    const auto grad = reverse_gradient(g, f, {y.id(), x.id(), z.id()});
    BOOST_TEST(g.is_constant(grad[0], 0));
    BOOST_TEST(g.is_constant(grad[2], 0));
    BOOST_TEST(!g.is_constant(grad[1]));
    // a variable created after the output, and an output that is a constant
    auto late = input(g, "late");
    BOOST_TEST(g.is_constant(reverse_gradient(g, f, {late.id()})[0], 0));
    BOOST_TEST(g.is_constant(reverse_gradient(g, g.constant(7), {x.id()})[0], 0));
    // the output itself, and a step (derivative 0 everywhere)
    BOOST_TEST(g.is_constant(reverse_gradient(g, x.id(), {x.id()})[0], 1));
    BOOST_TEST(g.is_constant(reverse_gradient(g, step(x).id(), {x.id()})[0], 0));
}

BOOST_AUTO_TEST_CASE(adjoints_live_in_a_table_so_a_second_sweep_changes_nothing) {
    // regression (micrograd's self.grad): sweeping twice must not accumulate
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    const node_id f = (exp(x * y) * x + tanh(y)).id();
    const auto first = reverse_gradient(g, f, {x.id(), y.id()});
    const std::size_t size = g.size();
    const auto second = reverse_gradient(g, f, {x.id(), y.id()});
    BOOST_TEST(first == second);
    BOOST_TEST(g.size() == size);
    const adjoint_table table = reverse_adjoints(g, f);
    BOOST_TEST(table[x.id()] == first[0]);
    BOOST_TEST(table[y.id()] == first[1]);
    BOOST_TEST(g.is_constant(table[f], 1));
    BOOST_TEST(table.output() == f);
}

BOOST_AUTO_TEST_CASE(the_table_reaches_every_node_but_constant_leaves) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    auto unused = cos(y);
    const node_id f = (3 * sin(x) + pow(x, 2)).id();
    const adjoint_table table = reverse_adjoints(g, f);
    for (node_id n : g.reachable(std::vector<node_id>{f}))
        BOOST_TEST(table.reached(n) == !g.is_constant(n), "node " << n);
    BOOST_TEST(!table.reached(unused.id()));
    BOOST_TEST(!table.reached(y.id()));
    BOOST_TEST(g.is_constant(table[unused.id()], 0));
    BOOST_TEST(g.is_constant(table[static_cast<node_id>(g.size() + 10)], 0));
    const auto order = table.nodes();
    BOOST_TEST(order.front() == f);
    for (std::size_t i = 1; i < order.size(); ++i) BOOST_TEST(order[i - 1] > order[i]);
}

// Random graphs: each gradient entry against GiNaC's diff of the materialised expression.
BOOST_DATA_TEST_CASE(gradient_matches_ginac_diff_on_random_graphs, bdata::xrange(150), seed) {
    graph g;
    chainrule::testing::random_graph_generator generate(1000 + static_cast<std::uint64_t>(seed));
    const auto r = generate(g);
    const auto grad = reverse_gradient(g, r.output, r.variables);
    ginac_converter conv(g);
    const GiNaC::ex f = conv(r.output);
    for (std::size_t i = 0; i < r.variables.size(); ++i) {
        const GiNaC::symbol& xi = conv.symbol(g.variable_of(r.variables[i]).name);
        BOOST_TEST(same_function(conv(grad[i]), f.diff(xi)),
                   "seed " << seed << ", d/d" << xi << " of " << f << ": " << conv(grad[i]));
    }
}

// The adjoint of every node n (d output / d n with n's own operands held fixed) against
// GiNaC: the output materialised with n frozen to a symbol T, differentiated in T, T put back.
BOOST_DATA_TEST_CASE(every_adjoint_matches_ginac_diff_on_random_graphs, bdata::xrange(60), seed) {
    graph g;
    chainrule::testing::random_graph_generator generate(5000 + static_cast<std::uint64_t>(seed));
    const auto r = generate(g);
    const adjoint_table table = reverse_adjoints(g, r.output);
    ginac_converter conv(g);
    const GiNaC::realsymbol T("T");
    for (node_id n : table.nodes()) {
        const GiNaC::ex frozen = materialise(g, r.output, conv, {{n, T}});
        const GiNaC::ex oracle = frozen.diff(T).subs(GiNaC::exmap{{T, conv(n)}});
        BOOST_TEST(same_function(conv(table[n]), oracle), "seed " << seed << ", node " << n << " (" << g.kind(n) << ")");
    }
}

// Budget: new nodes <= 3 x primal nodes, on the nested family (DESIGN.md: GiNaC needs seconds
// for k = 12 because it works on trees).
BOOST_DATA_TEST_CASE(new_nodes_stay_within_three_times_the_primal_graph,
                     bdata::make({1, 2, 3, 5, 10, 12, 100, 1000, 10000}), k) {
    graph g;
    const node_id x = g.input("x");
    const node_id f = nested(g, x, k);
    const std::size_t primal = g.size();
    const node_id xs[] = {x};
    reverse_gradient(g, f, xs);
    const std::size_t added = g.size() - primal;
    BOOST_TEST(added <= 3 * primal, "k = " << k << ": " << added << " new nodes for " << primal << " primal nodes");
    BOOST_TEST_MESSAGE("nested k = " << k << ": " << primal << " primal nodes, " << added << " new");
}

BOOST_AUTO_TEST_CASE(the_nested_family_is_right_where_ginac_can_still_check_it) {
    graph g;
    const node_id x = g.input("x");
    const node_id f = nested(g, x, 4);
    const node_id xs[] = {x};
    const node_id d = reverse_gradient(g, f, xs)[0];
    ginac_converter conv(g);
    BOOST_TEST(same_function(conv(d), conv(f).diff(conv.symbol("x"))));
}

// abs'(u) = sign(u) is one node, so each abs of a chain adds two: sign(u) and the product with
// the adjoint above (six before, through step(u) - step(-u)). The gradient, a product of signs,
// is x/abs(x) away from 0, as GiNaC's diff of abs(x) says, and 0 at 0.
BOOST_AUTO_TEST_CASE(a_chain_of_abs_adds_two_nodes_per_level) {
    constexpr int levels = 200;
    graph g;
    auto x = input(g, "x");
    expr f = x;
    for (int i = 0; i < levels; ++i) f = abs(f);
    const std::size_t primal = g.size();
    const node_id xs[] = {x.id()};
    const node_id d = reverse_gradient(g, f.id(), xs)[0];
    BOOST_TEST(g.size() - primal <= 2u * levels + 1);
    for (node_id n = static_cast<node_id>(primal); n < g.size(); ++n)
        BOOST_TEST((g.kind(n) == op::sign || g.kind(n) == op::mul || g.kind(n) == op::constant), g.kind(n));
    ginac_converter conv(g);
    const GiNaC::symbol& X = conv.symbol("x");
    for (const GiNaC::numeric& at : {GiNaC::numeric(-5, 2), GiNaC::numeric(1, 3)}) {
        const GiNaC::exmap point{{X, at}};
        BOOST_TEST(conv(d).subs(point).is_equal((X / GiNaC::abs(X)).subs(point)), at);
    }
    BOOST_TEST(conv(d).subs(GiNaC::exmap{{X, 0}}).is_zero());  // abs'(0) = sign(0) = 0
}

BOOST_AUTO_TEST_CASE(random_graphs_stay_within_the_node_budget) {
    // the same bound on random graphs; reports the worst ratio seen
    double worst = 0;
    for (std::uint64_t seed = 0; seed < 300; ++seed) {
        graph g;
        chainrule::testing::random_graph_options options;
        options.operations = 30;
        options.non_smooth = seed % 2 == 1;
        chainrule::testing::random_graph_generator generate(seed, options);
        const auto r = generate(g);
        const std::size_t primal = g.size();
        reverse_gradient(g, r.output, r.variables);
        const double ratio = static_cast<double>(g.size() - primal) / static_cast<double>(primal);
        worst = std::max(worst, ratio);
        BOOST_TEST(g.size() - primal <= 3 * primal, "seed " << seed);
    }
    BOOST_TEST_MESSAGE("worst new/primal node ratio on random graphs: " << worst);
}

// A chain of 1,000,000 nodes: built, swept (gradient, adjoint table, trace) and destroyed
// without recursion. The value of the
// gradient is checked against the product of the local derivatives computed directly.
BOOST_AUTO_TEST_CASE(a_million_deep_chain_does_not_overflow_the_stack) {
    constexpr int depth = 1000000;
    double expected = 1, value = 0.5;  // f0 = x = 1/2, f(k+1) = sin(fk); df/dx = prod cos(fk)
    for (int i = 0; i < depth; ++i) {
        expected *= std::cos(value);
        value = std::sin(value);
    }
    {
        graph g;
        const node_id x = g.input("x");
        node_id f = x;
        for (int i = 0; i < depth; ++i) f = g.apply(op::sin, f);
        const node_id xs[] = {x};
        const node_id d = reverse_gradient(g, f, xs)[0];
        BOOST_TEST(g.size() <= 4u * depth);
        const std::vector<double> v = chainrule::testing::evaluate_in_double(g, {{"x", 0.5}});
        BOOST_TEST(v[d] == expected, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(expected > 0);
        const adjoint_table table = reverse_adjoints(g, f);  // hash-consed: the same nodes again
        BOOST_TEST(table[x] == d);
        const chain_trace trace = trace_chain_rule(g, f);
        BOOST_TEST(trace.nodes.size() == static_cast<std::size_t>(depth) + 1);
        BOOST_TEST(trace.nodes.back().adjoint == d);
    }  // the graph is destroyed here
}

BOOST_AUTO_TEST_CASE(wrong_use_throws_usage_errors_naming_the_node) {
    graph g;
    auto x = input(g, "x");
    const node_id s = sin(x).id();
    const node_id f = (s * x).id();
    auto message = [&](auto&& call) -> std::string {
        try {
            call();
        } catch (const usage_error& e) {
            return e.what();
        }
        return "no usage_error";
    };
    const std::string not_variable = message([&] { reverse_gradient(g, f, {x.id(), s}); });
    BOOST_TEST(not_variable.find("node " + std::to_string(s)) != std::string::npos, not_variable);
    BOOST_TEST(not_variable.find("wrt[1]") != std::string::npos, not_variable);
    BOOST_TEST(not_variable.find("variable") != std::string::npos, not_variable);
    const std::string constant = message([&] { reverse_gradient(g, f, {g.constant(2)}); });
    BOOST_TEST(constant.find("constant") != std::string::npos, constant);
    const std::string unknown_wrt = message([&] { reverse_gradient(g, f, {node_id{4242}}); });
    BOOST_TEST(unknown_wrt.find("4242") != std::string::npos, unknown_wrt);
    const std::string unknown_output = message([&] { reverse_gradient(g, 4242, {x.id()}); });
    BOOST_TEST(unknown_output.find("4242") != std::string::npos, unknown_output);
    BOOST_CHECK_THROW(reverse_adjoints(g, 4242), usage_error);
    BOOST_CHECK_THROW(reverse_gradient(g, f, {no_node}), usage_error);
}

BOOST_AUTO_TEST_SUITE_END()
