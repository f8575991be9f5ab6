#include "chainrule/core/error.hpp"
#include "chainrule/graph/graph.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;

BOOST_AUTO_TEST_SUITE(graph_nodes)

BOOST_AUTO_TEST_CASE(same_node_twice_is_the_same_id) {
    graph g;
    const node_id x = g.input("x"), w = g.param("w");
    BOOST_TEST(g.input("x") == x);
    BOOST_TEST(g.mul(w, x) == g.mul(w, x));
    BOOST_TEST(g.apply(op::sin, g.mul(w, x)) == g.apply(op::sin, g.mul(w, x)));
    BOOST_TEST(g.constant(rational(1) / 2) == g.constant(rational(2) / 4));
    const std::size_t before = g.size();
    g.add(g.mul(w, x), x);
    g.add(g.mul(w, x), x);
    BOOST_TEST(g.size() == before + 1);
}

BOOST_AUTO_TEST_CASE(operands_precede_users) {
    graph g;
    const node_id x = g.input("x");
    node_id f = x;
    for (int i = 0; i < 50; ++i) f = g.add(g.mul(g.apply(op::sin, f), f), f);
    for (node_id n = 0; n < g.size(); ++n) {
        const node& v = g.at(n);
        if (v.lhs != no_node) BOOST_TEST(v.lhs < n);
        if (v.rhs != no_node) BOOST_TEST(v.rhs < n);
    }
}

BOOST_AUTO_TEST_CASE(constant_folding_and_identities) {
    graph g;
    const node_id x = g.input("x");
    const node_id zero = g.constant(0), one = g.constant(1);
    BOOST_TEST(g.is_constant(g.add(g.constant(2), g.constant(rational(1) / 3)), rational(7) / 3));
    BOOST_TEST(g.add(x, zero) == x);
    BOOST_TEST(g.add(zero, x) == x);
    BOOST_TEST(g.mul(x, one) == x);
    BOOST_TEST(g.mul(one, x) == x);
    BOOST_TEST(g.mul(x, zero) == zero);
    BOOST_TEST(g.pow(x, one) == x);
    BOOST_TEST(g.pow(x, zero) == one);
    BOOST_TEST(g.neg(g.neg(x)) == x);
    BOOST_TEST(g.mul(x, g.constant(3)) == g.mul(g.constant(3), x));
    BOOST_TEST(g.is_constant(g.pow(g.constant(2), g.constant(-3)), rational(1) / 8));
    BOOST_TEST(g.is_constant(g.apply(op::sqrt, g.constant(rational(9) / 16)), rational(3) / 4));
    BOOST_TEST(g.kind(g.apply(op::sqrt, g.constant(2))) == op::sqrt);
    BOOST_TEST(g.is_constant(g.apply(op::exp, zero), 1));
    BOOST_TEST(g.is_constant(g.apply(op::sigmoid, zero), rational(1) / 2));
    BOOST_TEST(g.is_constant(g.apply(op::step, zero), 0));
    BOOST_TEST(g.is_constant(g.apply(op::relu, g.constant(-2)), 0));
    BOOST_TEST(g.is_constant(g.apply(op::max, g.constant(-2), g.constant(5)), 5));
}

BOOST_AUTO_TEST_CASE(sign_is_a_one_operand_kink_folded_exactly) {
    BOOST_TEST(arity(op::sign) == 1);
    BOOST_TEST(!is_smooth(op::sign));
    BOOST_TEST(name(op::sign) == "sign");
    graph g;
    const node_id x = g.input("x");
    // sign(c) for c > 0, c < 0 and c = 0, each the exact constant
    BOOST_TEST(g.is_constant(g.apply(op::sign, g.constant(rational(3) / 7)), 1));
    BOOST_TEST(g.is_constant(g.apply(op::sign, g.constant(-5)), -1));
    BOOST_TEST(g.is_constant(g.apply(op::sign, g.constant(rational(-1) / 1000000)), -1));
    BOOST_TEST(g.is_constant(g.apply(op::sign, g.constant(0)), 0));
    // of a variable: a node of its own, shared
    const node_id s = g.apply(op::sign, x);
    BOOST_TEST(g.kind(s) == op::sign);
    BOOST_TEST(g.at(s).lhs == x);
    BOOST_TEST(g.apply(op::sign, x) == s);
    BOOST_CHECK_THROW(g.apply(op::sign, x, x), usage_error);
}

BOOST_AUTO_TEST_CASE(bad_use_throws_chainrule_errors) {
    graph g;
    const node_id x = g.input("x");
    BOOST_CHECK_THROW(g.div(x, g.constant(0)), domain_error);
    BOOST_CHECK_THROW(g.pow(g.constant(0), g.constant(-2)), domain_error);
    BOOST_CHECK_THROW(g.apply(op::log, g.constant(0)), domain_error);
    BOOST_CHECK_THROW(g.apply(op::sqrt, g.constant(-4)), domain_error);
    BOOST_CHECK_THROW(g.param("x"), usage_error);
    BOOST_CHECK_THROW(g.input("1x"), usage_error);
    BOOST_CHECK_THROW(g.at(12345), usage_error);
    BOOST_CHECK_THROW(g.apply(op::sin, x, x), usage_error);
    BOOST_CHECK_THROW(g.apply(op::max, x), usage_error);
    BOOST_CHECK_THROW(g.value(x), usage_error);
    BOOST_CHECK_THROW(g.variable_of(g.constant(2)), usage_error);
}

BOOST_AUTO_TEST_CASE(reachable_is_topological_and_complete) {
    graph g;
    const node_id x = g.input("x"), y = g.input("y");
    const node_id unused = g.apply(op::cos, y);
    const node_id f = g.mul(g.apply(op::sin, x), x);
    const auto order = g.reachable(std::span<const node_id>(&f, 1));
    BOOST_TEST(order.size() == 3u);
    BOOST_TEST(order.back() == f);
    BOOST_TEST((std::find(order.begin(), order.end(), unused) == order.end()));
}

// (1 + e^w)^-1 is built as sigmoid(-w): 1/(1 + exp(-x)) is sigmoid(x), either order of the sum;
// 1/(1 + e^w) = e^-w/(e^-w + 1) = sigmoid(-w) for every real w
BOOST_AUTO_TEST_CASE(one_over_one_plus_exp_is_a_sigmoid) {
    graph g;
    const node_id x = g.input("x");
    const node_id one = g.constant(1);
    const node_id e = g.apply(op::exp, g.neg(x));
    BOOST_TEST(g.apply(op::pow, g.apply(op::add, one, e), g.constant(-1)) == g.apply(op::sigmoid, x));
    BOOST_TEST(g.apply(op::pow, g.apply(op::add, e, one), g.constant(-1)) == g.apply(op::sigmoid, x));
    const node_id e2 = g.apply(op::exp, g.apply(op::mul, g.constant(2), x));
    BOOST_TEST(g.apply(op::pow, g.apply(op::add, one, e2), g.constant(-1)) ==
               g.apply(op::sigmoid, g.apply(op::mul, g.constant(-2), x)));
    // not a sigmoid: 2 + exp(x), (1 + exp(x))^-2, 1 + sin(x)
    const node_id two = g.apply(op::pow, g.apply(op::add, g.constant(2), e), g.constant(-1));
    BOOST_TEST((g.kind(two) == op::pow));
    BOOST_TEST((g.kind(g.apply(op::pow, g.apply(op::add, one, e), g.constant(-2))) == op::pow));
    BOOST_TEST((g.kind(g.apply(op::pow, g.apply(op::add, one, g.apply(op::sin, x)), g.constant(-1))) == op::pow));
}

BOOST_AUTO_TEST_SUITE_END()
