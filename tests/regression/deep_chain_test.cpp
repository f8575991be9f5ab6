// A chain 1,000,000 levels deep goes through build, reverse sweep, CSE and destruction
// without recursion (a recursive sweep or destructor would overflow the 8 MiB stack here).
#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/simplify/cse.hpp"

#include <boost/test/unit_test.hpp>

#include <cln/rational.h>
#include <cln/real.h>

#include <cmath>
#include <vector>

using namespace chainrule;

namespace {

// The value of every node up to `last` in double, in ascending ids (operands come first).
// Written here, independently of the library, for the smooth ops the chain uses.
std::vector<double> evaluate(const graph& g, node_id last, double x) {
    std::vector<double> v(last + 1, 0.0);
    for (node_id n = 0; n <= last; ++n) {
        const node& k = g.at(n);
        const double a = k.lhs != no_node ? v[k.lhs] : 0, b = k.rhs != no_node ? v[k.rhs] : 0;
        switch (k.kind) {
        case op::constant: v[n] = cln::double_approx(g.value(n)); break;
        case op::variable: v[n] = x; break;
        case op::add: v[n] = a + b; break;
        case op::mul: v[n] = a * b; break;
        case op::pow: v[n] = std::pow(a, b); break;
        case op::sin: v[n] = std::sin(a); break;
        case op::cos: v[n] = std::cos(a); break;
        case op::tanh: v[n] = std::tanh(a); break;
        case op::exp:
        case op::log:
        case op::sqrt:
        case op::tan:
        case op::cosh:
        case op::sigmoid:
        case op::softplus:
        case op::relu:
        case op::abs:
        case op::step:
        case op::sign:
        case op::max:
        case op::min:
        case op::named: BOOST_FAIL("op not expected in the chain: " << name(k.kind)); break;
        }
    }
    return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(deep_chain)

BOOST_AUTO_TEST_CASE(a_million_levels_build_sweep_cse_and_destroy) {
    constexpr int depth = 1000000;
    const double x0 = 0.3;
    // forward recurrence for f(k+1) = sin(f(k)) + x/2 and its derivative: the oracle
    double f = x0, df = 1;
    for (int k = 0; k < depth; ++k) {
        df = std::cos(f) * df + 0.5;
        f = std::sin(f) + x0 / 2;
    }
    node_id gradient = no_node;
    std::size_t temporaries = 0;
    {
        auto g = std::make_unique<graph>();
        auto x = input(*g, "x");
        auto chain = x;
        for (int k = 0; k < depth; ++k) chain = sin(chain) + x / 2;
        const std::size_t primal = g->size();
        const node_id wrt = x.id();
        gradient = reverse_gradient(*g, chain.id(), std::span<const node_id>(&wrt, 1)).at(0);
        BOOST_TEST(g->size() - primal <= 3 * primal);

        const std::vector<double> values = evaluate(*g, gradient, x0);
        BOOST_TEST(values[chain.id()] == f, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(values[gradient] == df, boost::test_tools::tolerance(1e-9));

        const node_id outputs[] = {chain.id(), gradient};
        const cse_result program = cse(*g, outputs);
        temporaries = program.assignments.size();
        BOOST_TEST(program.outputs.size() == 2u);
        g.reset();  // destruction of the whole graph
    }
    BOOST_TEST(temporaries > std::size_t{depth} / 8);
}

BOOST_AUTO_TEST_SUITE_END()
