// `check`: the witnesses agree on correct gradients, with the documented accuracy of each.
#include "chainrule/core/error.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/verify/cross_check.hpp"
#include "random_graph.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::verify;

BOOST_AUTO_TEST_SUITE(cross_checks)

BOOST_AUTO_TEST_CASE(the_neuron) {
    graph g;
    const expr x = input(g, "x"), y = input(g, "y"), w = param(g, "w"), b = param(g, "b");
    const expr L = pow(sigmoid(w * x + b) - y, 2) / 2;
    const node_id wrt[] = {x.id(), y.id(), w.id(), b.id()};
    const cross_check_result r = cross_check(g, L.id(), wrt, {});
    BOOST_TEST(r.points == 5);
    BOOST_TEST(r.tape_double.relative < 1e-13);
    BOOST_TEST(r.tape_digits.relative < 1e-45);
    BOOST_TEST(r.finite_difference.relative < 1e-5);
}

BOOST_AUTO_TEST_CASE(random_graphs_agree) {
    int without_domain = 0;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        graph g;
        testing::random_graph_generator gen(seed);
        const testing::random_expression e = gen(g);
        std::vector<node_id> wrt;
        const node_id root[] = {e.output};
        for (node_id n : g.reachable(root))
            if (g.is_variable(n)) wrt.push_back(n);
        if (wrt.empty()) continue;
        try {
            const cross_check_result r = cross_check(g, e.output, wrt, {}, 3, seed);
            BOOST_TEST_CONTEXT("seed " << seed) {
                // 50 digits agree to far below double precision on every correct gradient
                BOOST_TEST(r.tape_digits.relative < 1e-35);
            }
        } catch (const usage_error&) {
            ++without_domain;  // no point of the domain: allowed, but not for many seeds
        }
    }
    BOOST_TEST(without_domain <= 4);
}

BOOST_AUTO_TEST_CASE(no_point_of_the_domain_is_an_error) {
    graph g;
    const expr x = input(g, "x");
    const expr L = log(x);
    const fact negative{x.id(), relation::less, g.constant(0), "x < 0"};
    const node_id wrt[] = {x.id()};
    BOOST_CHECK_THROW(cross_check(g, L.id(), wrt, std::span(&negative, 1)), usage_error);
}

BOOST_AUTO_TEST_SUITE_END()
