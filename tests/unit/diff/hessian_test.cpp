// Second derivatives: reverse over reverse (the Hessian) and forward over reverse (Hessian-
// vector products), against GiNaC's diff applied twice.
#include "chainrule/core/error.hpp"
#include "chainrule/diff/hessian.hpp"
#include "chainrule/graph/expr.hpp"
#include "oracle.hpp"
#include "random_graph.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace chainrule;
using chainrule::testing::same_function;
namespace bdata = boost::unit_test::data;

BOOST_AUTO_TEST_SUITE(second_order)

BOOST_AUTO_TEST_CASE(a_hand_checked_hessian) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    const node_id f = (x * x * y + sin(x * y)).id();
    const auto h = hessian(g, f, {x.id(), y.id()});
    ginac_converter conv(g);
    const GiNaC::ex X = conv.symbol("x"), Y = conv.symbol("y");
    BOOST_TEST(same_function(conv(h[0][0]), 2 * Y - Y * Y * GiNaC::sin(X * Y)));
    BOOST_TEST(same_function(conv(h[0][1]), 2 * X + GiNaC::cos(X * Y) - X * Y * GiNaC::sin(X * Y)));
    BOOST_TEST(same_function(conv(h[1][0]), conv(h[0][1])));
    BOOST_TEST(same_function(conv(h[1][1]), -X * X * GiNaC::sin(X * Y)));
}

// Every entry of the Hessian, and the Hessian times a symbolic direction (v0, v1, ...).
BOOST_DATA_TEST_CASE(hessian_and_hvp_match_ginac_diff_twice, bdata::xrange(100), seed) {
    graph g;
    chainrule::testing::random_graph_options options;
    options.operations = 6;  // GiNaC's second derivatives are trees: keep normal() quick
    chainrule::testing::random_graph_generator generate(30000 + static_cast<std::uint64_t>(seed), options);
    const auto r = generate(g);
    const auto h = hessian(g, r.output, r.variables);
    std::vector<node_id> v;
    for (std::size_t j = 0; j < r.variables.size(); ++j) v.push_back(g.input("v" + std::to_string(j)));
    const auto hv = hessian_vector_product(g, r.output, r.variables, v);
    ginac_converter conv(g);
    const GiNaC::ex f = conv(r.output);
    std::vector<GiNaC::ex> first;
    for (node_id xi : r.variables) first.push_back(f.diff(conv.symbol(g.variable_of(xi).name)));
    for (std::size_t i = 0; i < r.variables.size(); ++i) {
        GiNaC::ex product = 0;
        for (std::size_t j = 0; j < r.variables.size(); ++j) {
            const GiNaC::ex oracle = first[i].diff(conv.symbol(g.variable_of(r.variables[j]).name));
            BOOST_TEST(same_function(conv(h[i][j]), oracle), "seed " << seed << ", H[" << i << "][" << j << "] of " << f);
            product += oracle * conv(v[j]);
        }
        BOOST_TEST(same_function(conv(hv[i]), product), "seed " << seed << ", (Hv)[" << i << "] of " << f);
    }
}

BOOST_AUTO_TEST_CASE(repeated_variables_and_rational_directions) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    const node_id f = (exp(x * y) + pow(x, 3)).id();
    const node_id wrt[] = {x.id(), y.id(), x.id()};
    const node_id v[] = {g.constant(2), g.constant(rational(1) / 3), g.constant(-1)};
    const auto hv = hessian_vector_product(g, f, wrt, v);
    const auto h = hessian(g, f, wrt);
    ginac_converter conv(g);
    for (std::size_t i = 0; i < 3; ++i) {
        GiNaC::ex expected = 0;
        for (std::size_t j = 0; j < 3; ++j) expected += conv(h[i][j]) * conv(v[j]);
        BOOST_TEST(same_function(conv(hv[i]), expected), "row " << i);
    }
    BOOST_TEST(h[0] == h[2]);
}

BOOST_AUTO_TEST_CASE(wrong_use_throws_usage_errors) {
    graph g;
    auto x = input(g, "x");
    const node_id s = sin(x).id();
    const node_id wrt[] = {x.id()}, bad[] = {s}, two[] = {x.id(), x.id()}, far[] = {999};
    BOOST_CHECK_THROW(hessian(g, s, bad), usage_error);
    BOOST_CHECK_THROW(hessian(g, 999, wrt), usage_error);
    BOOST_CHECK_THROW(hessian_vector_product(g, s, wrt, two), usage_error);  // lengths differ
    BOOST_CHECK_THROW(hessian_vector_product(g, s, wrt, far), usage_error);  // unknown direction
    BOOST_CHECK_THROW(hessian_vector_product(g, s, bad, wrt), usage_error);
}

BOOST_AUTO_TEST_SUITE_END()
