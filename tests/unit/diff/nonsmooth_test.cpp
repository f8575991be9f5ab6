// Non-smooth ops (relu, abs, step, max, min) against an oracle that does not use chainrule's
// rules: at random rational points away from every kink, each non-smooth node is replaced by
// the smooth branch it takes there (relu(u) -> u or 0, abs(u) -> u or -u, step -> 1 or 0,
// max/min -> u or v), GiNaC differentiates that, and both sides are evaluated at the point
// with GiNaC numerics at oracle_digits significant digits.
#include "chainrule/diff/forward.hpp"
#include "chainrule/diff/hessian.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/expr.hpp"
#include "oracle.hpp"
#include "random_graph.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::testing;
namespace bdata = boost::unit_test::data;

namespace {

constexpr double min_kink_distance = 1e-6;

}  // namespace

BOOST_AUTO_TEST_SUITE(non_smooth)

BOOST_DATA_TEST_CASE(gradient_hessian_and_forward_match_the_branch_oracle, bdata::xrange(100), seed) {
    graph g;
    random_graph_options options;
    options.non_smooth = true;
    options.operations = 7;
    random_graph_generator generate(50000 + static_cast<std::uint64_t>(seed), options);
    const auto r = generate(g);
    const std::size_t k = r.variables.size();
    const auto grad = reverse_gradient(g, r.output, r.variables);
    const auto h = hessian(g, r.output, r.variables);
    std::vector<std::pair<node_id, node_id>> seeds;
    std::vector<rational> direction;
    for (node_id x : r.variables) {
        direction.push_back(generate.random_rational(2, 5));
        seeds.emplace_back(x, g.constant(direction.back()));
    }
    const node_id forward = forward_derivative(g, r.output, seeds);
    std::vector<node_id> everything{r.output, forward};
    everything.insert(everything.end(), grad.begin(), grad.end());
    for (const auto& row : h) everything.insert(everything.end(), row.begin(), row.end());

    // a random rational point away from every kink of the primal and derivative graphs
    std::map<std::string, rational> point;
    std::optional<point_values> values;
    for (int attempt = 0; attempt < 50 && !values; ++attempt) {
        for (node_id x : r.variables) point[g.variable_of(x).name] = generate.random_rational(2, 7);
        values = evaluate_at(g, everything, point);
        if (values && values->kink_distance < min_kink_distance) values.reset();
    }
    BOOST_REQUIRE_MESSAGE(values.has_value(), "seed " << seed << ": no usable point in 50 attempts");

    ginac_converter conv(g);
    const GiNaC::ex branch = materialise(g, r.output, conv, {}, &*values);
    auto oracle_value = [&](const GiNaC::ex& e) {
        const auto v = value_of(e, conv, point);
        BOOST_REQUIRE_MESSAGE(v.has_value(), "seed " << seed << ": the oracle is undefined at the point");
        return *v;
    };
    GiNaC::ex directional = 0;
    for (std::size_t i = 0; i < k; ++i) {
        const GiNaC::symbol& xi = conv.symbol(g.variable_of(r.variables[i]).name);
        const GiNaC::ex di = branch.diff(xi);
        directional += di * GiNaC::numeric(cln::cl_N(direction[i]));
        BOOST_TEST(close(values->value[grad[i]], oracle_value(di)),
                   "seed " << seed << ", d/d" << xi << " of " << conv(r.output) << " (branch " << branch << ")");
        for (std::size_t j = 0; j < k; ++j) {
            const GiNaC::ex dij = di.diff(conv.symbol(g.variable_of(r.variables[j]).name));
            BOOST_TEST(close(values->value[h[i][j]], oracle_value(dij)),
                       "seed " << seed << ", H[" << i << "][" << j << "] of " << conv(r.output));
        }
    }
    BOOST_TEST(close(values->value[forward], oracle_value(directional)), "seed " << seed << ", forward");
}

BOOST_AUTO_TEST_CASE(hinge_loss_by_hand) {
    // L = max(0, 1 - y (w x + b)): dL/dw = -y x where the margin is violated, else 0
    graph g;
    auto w = param(g, "w"), b = param(g, "b"), x = input(g, "x"), y = input(g, "y");
    const node_id L = max(constant(g, 0), 1 - y * (w * x + b)).id();
    const auto grad = reverse_gradient(g, L, {w.id(), b.id()});
    const auto violated = evaluate_at(g, {grad[0], grad[1]}, {{"w", 1}, {"b", 0}, {"x", rational(1) / 2}, {"y", 1}});
    BOOST_REQUIRE(violated.has_value());
    BOOST_TEST(violated->value[grad[0]] == GiNaC::numeric(-1, 2));
    BOOST_TEST(violated->value[grad[1]] == GiNaC::numeric(-1));
    const auto satisfied = evaluate_at(g, {grad[0], grad[1]}, {{"w", 3}, {"b", 0}, {"x", 1}, {"y", 1}});
    BOOST_REQUIRE(satisfied.has_value());
    BOOST_TEST(satisfied->value[grad[0]].is_zero());
    BOOST_TEST(satisfied->value[grad[1]].is_zero());
}

BOOST_AUTO_TEST_SUITE_END()
