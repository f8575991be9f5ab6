#include "chainrule/core/error.hpp"
#include "chainrule/graph/expr.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;

BOOST_AUTO_TEST_SUITE(expression_handles)

BOOST_AUTO_TEST_CASE(the_neuron_reads_as_a_formula) {
    graph g;
    auto w = param(g, "w"), b = param(g, "b"), x = input(g, "x"), y = input(g, "y");
    auto L = pow(sigmoid(w * x + b) - y, 2) / 2;
    BOOST_TEST(g.kind(L.id()) == op::mul);
    auto L2 = pow(sigmoid(w * x + b) - y, 2) / 2;
    BOOST_TEST(L.id() == L2.id());  // hash-consed
}

BOOST_AUTO_TEST_CASE(mixing_graphs_is_an_error) {
    graph g, h;
    auto x = input(g, "x");
    auto y = input(h, "y");
    BOOST_CHECK_THROW(x + y, usage_error);
    BOOST_CHECK_THROW(x / 0, domain_error);
}

BOOST_AUTO_TEST_CASE(numbers_on_either_side) {
    graph g;
    auto x = input(g, "x");
    BOOST_TEST((2 * x).id() == (x * 2).id());
    BOOST_TEST((x - x * 1).id() == (x + -1 * x).id());
    BOOST_TEST(g.is_constant((constant(g, 3) / 6).id(), rational(1) / 2));
    BOOST_TEST(g.kind((x * rational(1) / 10).id()) == op::mul);
}

BOOST_AUTO_TEST_SUITE_END()
