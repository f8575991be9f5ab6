// Forward mode against GiNaC's diff, and against reverse mode (directional derivative =
// gradient . direction) on random graphs.
#include "chainrule/core/error.hpp"
#include "chainrule/diff/forward.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/expr.hpp"
#include "oracle.hpp"
#include "random_graph.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>

using namespace chainrule;
using chainrule::testing::same_function;
namespace bdata = boost::unit_test::data;

BOOST_AUTO_TEST_SUITE(forward_mode)

BOOST_AUTO_TEST_CASE(a_variable_on_two_paths) {
    graph g;
    auto x = input(g, "x");
    const node_id f = (x * x + sin(x)).id();
    const node_id d = forward_derivative(g, f, {{x.id(), g.constant(1)}});
    ginac_converter conv(g);
    const GiNaC::ex X = conv.symbol("x");
    BOOST_TEST(same_function(conv(d), 2 * X + GiNaC::cos(X)));
}

// Directions are the symbols v0, v1, ...: the result must be sum_j df/dx_j v_j as a function.
BOOST_DATA_TEST_CASE(directional_derivative_matches_ginac_diff_and_reverse_mode, bdata::xrange(120), seed) {
    graph g;
    chainrule::testing::random_graph_generator generate(20000 + static_cast<std::uint64_t>(seed));
    const auto r = generate(g);
    std::vector<std::pair<node_id, node_id>> seeds;
    std::vector<node_id> directions;
    for (std::size_t j = 0; j < r.variables.size(); ++j) {
        directions.push_back(g.input("v" + std::to_string(j)));
        seeds.emplace_back(r.variables[j], directions.back());
    }
    const node_id d = forward_derivative(g, r.output, seeds);
    const auto grad = reverse_gradient(g, r.output, r.variables);
    node_id dot = g.constant(0);
    for (std::size_t j = 0; j < grad.size(); ++j) dot = g.add(dot, g.mul(grad[j], directions[j]));
    ginac_converter conv(g);
    const GiNaC::ex f = conv(r.output);
    GiNaC::ex oracle = 0;
    for (std::size_t j = 0; j < r.variables.size(); ++j)
        oracle += f.diff(conv.symbol(g.variable_of(r.variables[j]).name)) * conv(directions[j]);
    BOOST_TEST(same_function(conv(d), oracle), "seed " << seed << ": " << f);
    BOOST_TEST(same_function(conv(d), conv(dot)), "seed " << seed << ": forward and reverse differ on " << f);
}

BOOST_AUTO_TEST_CASE(several_outputs_in_one_sweep) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    const node_id outputs[] = {(sin(x) * y).id(), exp(x).id(), y.id(), g.constant(3)};
    const auto d = forward_derivatives(g, outputs, {{x.id(), g.constant(1)}});
    BOOST_TEST(d.size() == 4u);
    BOOST_TEST(d[0] == forward_derivative(g, outputs[0], {{x.id(), g.constant(1)}}));
    BOOST_TEST(d[1] == exp(x).id());  // d exp(x) = exp(x) dx, nothing built for dx = 1
    BOOST_TEST(g.is_constant(d[2], 0));
    BOOST_TEST(g.is_constant(d[3], 0));
    // unseeded variables and seeds on variables the output does not use
    auto z = input(g, "z");
    BOOST_TEST(g.is_constant(forward_derivative(g, outputs[1], {{y.id(), g.constant(1)}, {z.id(), x.id()}}), 0));
}

BOOST_AUTO_TEST_CASE(a_million_deep_chain_in_forward_mode) {
    constexpr int depth = 1000000;
    double expected = 1, value = 0.5;  // f0 = x = 1/2, f(k+1) = sin(fk); df/dx = prod cos(fk)
    for (int i = 0; i < depth; ++i) {
        expected *= std::cos(value);
        value = std::sin(value);
    }
    graph g;
    const node_id x = g.input("x");
    node_id f = x;
    for (int i = 0; i < depth; ++i) f = g.apply(op::sin, f);
    const node_id d = forward_derivative(g, f, {{x, g.constant(1)}});
    const std::vector<double> v = chainrule::testing::evaluate_in_double(g, {{"x", 0.5}});
    BOOST_TEST(v[d] == expected, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(wrong_use_throws_usage_errors) {
    graph g;
    auto x = input(g, "x");
    const node_id s = sin(x).id();
    const node_id one = g.constant(1);
    BOOST_CHECK_THROW(forward_derivative(g, s, {{s, one}}), usage_error);           // not a variable
    BOOST_CHECK_THROW(forward_derivative(g, s, {{one, one}}), usage_error);         // a constant
    BOOST_CHECK_THROW(forward_derivative(g, s, {{x.id(), one}, {x.id(), s}}), usage_error);  // twice
    BOOST_CHECK_THROW(forward_derivative(g, 999, {{x.id(), one}}), usage_error);    // unknown output
    BOOST_CHECK_THROW(forward_derivative(g, s, {{x.id(), 999}}), usage_error);      // unknown direction
    BOOST_CHECK_THROW(forward_derivative(g, s, {{999, one}}), usage_error);         // unknown variable
    try {
        forward_derivative(g, s, {{x.id(), one}, {x.id(), s}});
    } catch (const usage_error& e) {
        BOOST_TEST(std::string(e.what()).find("'x'") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_SUITE_END()
