// Each op's rule on the tape against GiNaC's own diff (evalf at oracle_digits), at many points,
// with 50 digits and in double (within the running error bound of the same computation).
#include "chainrule/graph/expr.hpp"
#include "chainrule/numeric/running_error.hpp"
#include "chainrule/numeric/tape.hpp"
#include "oracle.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cln/real.h>

#include <functional>
#include <random>
#include <string>

using namespace chainrule;
using namespace chainrule::numeric;
namespace bdata = boost::unit_test::data;

namespace {

/// A one-op test case: the op applied to operands built from x and y.
struct rule_case {
    std::string label;
    std::function<node_id(graph&, node_id, node_id)> build;
};

std::ostream& operator<<(std::ostream& out, const rule_case& c) { return out << c.label; }

node_id c(graph& g, long p, long q = 1) { return g.constant(rational(p) / rational(q)); }

// operands: a general one (any sign), a positive one, and a second general one
node_id general(graph& g, node_id x, node_id y) { return g.add(g.mul(x, y), g.mul(c(g, 1, 3), x)); }
node_id positive(graph& g, node_id x, node_id y) {
    return g.add(g.add(g.mul(x, x), g.mul(c(g, 1, 2), g.mul(y, y))), c(g, 1, 10));
}
node_id other(graph& g, node_id x, node_id y) { return g.sub(x, g.mul(c(g, 1, 2), y)); }

rule_case unary(op o, bool positive_operand = false) {
    return {std::string(name(o)) + (positive_operand ? "(positive)" : "(general)"),
            [o, positive_operand](graph& g, node_id x, node_id y) {
                return g.apply(o, positive_operand ? positive(g, x, y) : general(g, x, y));
            }};
}

rule_case binary(op o) {
    return {std::string(name(o)), [o](graph& g, node_id x, node_id y) {
                return g.make(o, general(g, x, y), other(g, x, y));
            }};
}

rule_case power_of(long p, long q, bool positive_base) {
    return {"u^(" + std::to_string(p) + "/" + std::to_string(q) + ")" + (positive_base ? " u > 0" : ""),
            [=](graph& g, node_id x, node_id y) {
                return g.pow(positive_base ? positive(g, x, y) : general(g, x, y), c(g, p, q));
            }};
}

const rule_case cases[] = {
    binary(op::add),
    binary(op::mul),
    power_of(2, 1, false),
    power_of(3, 1, false),
    power_of(-1, 1, true),
    power_of(-2, 1, true),
    power_of(1, 2, true),
    power_of(1, 3, true),
    power_of(-3, 2, true),
    power_of(5, 2, true),
    {"u^v (variable exponent)", [](graph& g, node_id x, node_id y) { return g.pow(positive(g, x, y), other(g, x, y)); }},
    {"2^v (constant base)", [](graph& g, node_id x, node_id y) { return g.pow(c(g, 2), general(g, x, y)); }},
    {"(1/3)^v (constant base < 1)", [](graph& g, node_id x, node_id y) { return g.pow(c(g, 1, 3), general(g, x, y)); }},
    unary(op::exp),
    unary(op::log, true),
    unary(op::sqrt, true),
    unary(op::sin),
    unary(op::cos),
    {"tan(u/4)", [](graph& g, node_id x, node_id y) { return g.apply(op::tan, g.mul(c(g, 1, 4), general(g, x, y))); }},
    unary(op::tanh),
    {"tanh(12 u) (saturated)", [](graph& g, node_id x, node_id y) { return g.apply(op::tanh, g.mul(c(g, 12), general(g, x, y))); }},
    unary(op::cosh),
    unary(op::sigmoid),
    {"sigmoid(30 u) (saturated)", [](graph& g, node_id x, node_id y) { return g.apply(op::sigmoid, g.mul(c(g, 30), general(g, x, y))); }},
    unary(op::softplus),
    {"softplus(40 u) (large |u|)", [](graph& g, node_id x, node_id y) { return g.apply(op::softplus, g.mul(c(g, 40), general(g, x, y))); }},
    unary(op::relu),
    unary(op::abs),
    unary(op::step),
    unary(op::sign),
    binary(op::max),
    binary(op::min),
    {"a shared node: u * exp(u) + log(u)", [](graph& g, node_id x, node_id y) {
         const node_id u = positive(g, x, y);
         return g.add(g.mul(u, g.apply(op::exp, u)), g.apply(op::log, u));
     }},
};

constexpr int points_per_rule = 40;

}  // namespace

BOOST_AUTO_TEST_SUITE(tape_rules)

BOOST_DATA_TEST_CASE(each_rule_agrees_with_ginac_diff, bdata::make(cases), rule) {
    testing::oracle_precision precision;
    graph g;
    const node_id x = g.input("x"), y = g.input("y");
    const node_id f = rule.build(g, x, y);
    const std::vector<node_id> wrt{x, y};
    const tape<cln::cl_F> t50(g, f, wrt);
    const tape<double> t64(g, f, wrt);
    const tape<running_error> terr(g, f, wrt);
    const arithmetic<cln::cl_F> a50(50);
    std::mt19937_64 engine(7);
    int compared = 0, uncertain = 0;
    for (int k = 0; k < points_per_rule; ++k) {
        // x, y in [-2, 2] with denominators up to 16
        const auto draw = [&] {
            const long q = static_cast<long>(engine() % 16) + 1;
            return rational(static_cast<long>(engine() % static_cast<unsigned long>(4 * q + 1)) - 2 * q) / rational(q);
        };
        const point at{{x, draw()}, {y, draw()}};
        const auto oracle = testing::ginac_gradient_at(g, f, wrt, at);
        if (!oracle) continue;  // GiNaC has no real value here (an exact kink, a pole)
        const auto r50 = t50.run(at, a50);
        const auto r64 = t64.run(at, arithmetic<double>());
        const auto rerr = terr.run(at, arithmetic<running_error>());
        ++compared;
        BOOST_TEST(testing::gap(r50.value, oracle->value, testing::unit_scale(oracle->value)) <= 1e-45);
        for (std::size_t i = 0; i < wrt.size(); ++i) {
            const cln::cl_R& want = oracle->gradient[i];
            BOOST_TEST(testing::gap(r50.gradient[i], want, testing::unit_scale(want)) <= 1e-45,
                       rule.label << " d/d" << (i == 0 ? "x" : "y") << " at " << at.at(x) << ", " << at.at(y));
            // double: the same computation as running_error, within its error bound unless a
            // branch was decided within rounding of its threshold
            BOOST_TEST(r64.gradient[i] == rerr.gradient[i].value);
            if (rerr.gradient[i].uncertain) {
                ++uncertain;
                continue;
            }
            BOOST_TEST(agrees(r64.gradient[i], cln::double_approx(want), rerr.gradient[i]),
                       rule.label << " d/d" << (i == 0 ? "x" : "y") << " at " << at.at(x) << ", " << at.at(y)
                                  << ": double " << r64.gradient[i] << ", oracle " << cln::double_approx(want)
                                  << ", tolerance " << tolerance(rerr.gradient[i]));
        }
    }
    BOOST_TEST(compared >= points_per_rule * 3 / 4, rule.label << ": only " << compared << " points compared");
    BOOST_TEST(uncertain <= 2 * points_per_rule / 10, rule.label << ": " << uncertain << " uncertain branches");
}

BOOST_AUTO_TEST_SUITE_END()
