// Each local rule against GiNaC's own diff: the node n = f(u, v) is materialised with u and v
// frozen to fresh symbols U, V, differentiated by GiNaC in U (or V), and U, V substituted back.
#include "chainrule/core/error.hpp"
#include "chainrule/diff/partials.hpp"
#include "chainrule/graph/expr.hpp"
#include "oracle.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <functional>
#include <ostream>

using namespace chainrule;
using chainrule::testing::materialise;
using chainrule::testing::same_function;
namespace bdata = boost::unit_test::data;

namespace {

struct rule_case {
    const char* label;
    std::function<expr(const expr& u, const expr& v)> build;
};

std::ostream& operator<<(std::ostream& out, const rule_case& c) { return out << c.label; }

const std::vector<rule_case> smooth_cases{
    {"u + v", [](const expr& u, const expr& v) { return u + v; }},
    {"u * v", [](const expr& u, const expr& v) { return u * v; }},
    {"u ^ v", [](const expr& u, const expr& v) { return pow(u, v); }},
    {"u ^ 2", [](const expr& u, const expr&) { return pow(u, 2); }},
    {"u ^ 3", [](const expr& u, const expr&) { return pow(u, 3); }},
    {"u ^ -1", [](const expr& u, const expr&) { return pow(u, -1); }},
    {"u ^ -2", [](const expr& u, const expr&) { return pow(u, -2); }},
    {"u ^ (1/2)", [](const expr& u, const expr&) { return pow(u, rational(1) / 2); }},
    {"u ^ (-3/2)", [](const expr& u, const expr&) { return pow(u, rational(-3) / 2); }},
    {"u ^ (2/3)", [](const expr& u, const expr&) { return pow(u, rational(2) / 3); }},
    {"2 ^ v", [](const expr&, const expr& v) { return pow(2, v); }},
    {"(3/5) ^ v", [](const expr&, const expr& v) { return pow(rational(3) / 5, v); }},
    {"exp", [](const expr& u, const expr&) { return exp(u); }},
    {"log", [](const expr& u, const expr&) { return log(u); }},
    {"sqrt", [](const expr& u, const expr&) { return sqrt(u); }},
    {"sin", [](const expr& u, const expr&) { return sin(u); }},
    {"cos", [](const expr& u, const expr&) { return cos(u); }},
    {"tan", [](const expr& u, const expr&) { return tan(u); }},
    {"tanh", [](const expr& u, const expr&) { return tanh(u); }},
    {"cosh", [](const expr& u, const expr&) { return cosh(u); }},
    {"sigmoid", [](const expr& u, const expr&) { return sigmoid(u); }},
    {"softplus", [](const expr& u, const expr&) { return softplus(u); }},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(local_partials)

// u and v are compound nodes (not variables), so the rules see operands that are expressions.
// Oracle: n with its operands frozen to symbols U, V, differentiated by GiNaC, U, V put back.
BOOST_DATA_TEST_CASE(smooth_rule_matches_ginac_diff, bdata::make(smooth_cases), c) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    const expr n = c.build(x * y + 3, sin(x) + y);
    const node operands = g.at(n.id());
    ginac_converter conv(g);
    const GiNaC::realsymbol U("U"), V("V");
    std::map<node_id, GiNaC::ex> frozen;
    GiNaC::exmap back;
    for (int i = 0; i < arity(operands.kind); ++i) {
        const node_id operand = i == 0 ? operands.lhs : operands.rhs;
        if (g.is_constant(operand)) continue;
        frozen[operand] = i == 0 ? U : V;
        back[i == 0 ? U : V] = conv(operand);
    }
    BOOST_REQUIRE(!frozen.empty());
    const GiNaC::ex whole = materialise(g, n.id(), conv, frozen);
    for (int i = 0; i < arity(operands.kind); ++i) {
        const node_id operand = i == 0 ? operands.lhs : operands.rhs;
        if (g.is_constant(operand)) continue;
        const GiNaC::ex oracle = whole.diff(i == 0 ? U : V).subs(back);
        const GiNaC::ex ours = conv(local_partial(g, n.id(), i));
        BOOST_TEST(same_function(ours, oracle), c.label << ": d/d operand " << i << ": " << ours << " vs " << oracle);
    }
}

BOOST_AUTO_TEST_CASE(rules_reuse_the_node_where_the_formula_does) {
    graph g;
    auto x = input(g, "x");
    BOOST_TEST(local_partial(g, exp(x).id(), 0) == exp(x).id());  // d exp(u) = exp(u) du
    BOOST_TEST(local_partial(g, (x * sin(x)).id(), 0) == sin(x).id());
    BOOST_TEST(local_partial(g, (x * sin(x)).id(), 1) == x.id());
    BOOST_TEST(g.is_constant(local_partial(g, (x + sin(x)).id(), 1), 1));
    BOOST_TEST(local_partial(g, pow(x, 2).id(), 0) == (2 * x).id());  // d u^2 = 2 u du
    BOOST_TEST(local_partial(g, softplus(x).id(), 0) == sigmoid(x).id());
    BOOST_TEST(local_partial(g, relu(x).id(), 0) == step(x).id());
    BOOST_TEST(g.is_constant(local_partial(g, step(x).id(), 0), 0));
    BOOST_TEST(g.is_constant(local_partial(g, sign(x).id(), 0), 0));
    // d abs(u) = sign(u) du: the one node sign(u), nothing else
    const expr u = x * x + sin(x);
    const node_id a = abs(u).id();
    const std::size_t before_abs = g.size();
    BOOST_TEST(local_partial(g, a, 0) == sign(u).id());
    BOOST_TEST(g.size() == before_abs + 1);
    // the exponent of u^c is a constant: only the base rule applies, never a log(u)
    const std::size_t before = g.size();
    const node_id cube = pow(x, 3).id();
    local_partial(g, cube, 0);
    for (node_id n = static_cast<node_id>(before); n < g.size(); ++n) BOOST_TEST(g.kind(n) != op::log);
}

struct kink_case {
    const char* label;
    std::function<expr(const expr& x, const expr& y)> build;
    rational x, y;
    rational d0, d1;  // expected partials with respect to operand 0 and 1 (chainrule's conventions)
};

std::ostream& operator<<(std::ostream& out, const kink_case& c) {
    return out << c.label << " at (" << to_string(c.x) << ", " << to_string(c.y) << ")";
}

// The conventions of DESIGN/the issue, at and around the kinks: exact values at exact points.
const std::vector<kink_case> kink_cases{
    {"relu", [](const expr& x, const expr&) { return relu(x); }, 2, 0, 1, 0},
    {"relu", [](const expr& x, const expr&) { return relu(x); }, -2, 0, 0, 0},
    {"relu", [](const expr& x, const expr&) { return relu(x); }, 0, 0, 0, 0},
    {"abs", [](const expr& x, const expr&) { return abs(x); }, rational(1) / 3, 0, 1, 0},
    {"abs", [](const expr& x, const expr&) { return abs(x); }, -5, 0, -1, 0},
    {"abs", [](const expr& x, const expr&) { return abs(x); }, 0, 0, 0, 0},
    {"step", [](const expr& x, const expr&) { return step(x); }, 1, 0, 0, 0},
    {"step", [](const expr& x, const expr&) { return step(x); }, 0, 0, 0, 0},
    {"sign", [](const expr& x, const expr&) { return sign(x); }, rational(7) / 2, 0, 0, 0},
    {"sign", [](const expr& x, const expr&) { return sign(x); }, -3, 0, 0, 0},
    {"sign", [](const expr& x, const expr&) { return sign(x); }, 0, 0, 0, 0},
    {"max", [](const expr& x, const expr& y) { return max(x, y); }, 3, 1, 1, 0},
    {"max", [](const expr& x, const expr& y) { return max(x, y); }, 1, 3, 0, 1},
    {"max", [](const expr& x, const expr& y) { return max(x, y); }, 2, 2, 1, 0},  // a tie goes to u
    {"min", [](const expr& x, const expr& y) { return min(x, y); }, 3, 1, 0, 1},
    {"min", [](const expr& x, const expr& y) { return min(x, y); }, 1, 3, 1, 0},
    {"min", [](const expr& x, const expr& y) { return min(x, y); }, 2, 2, 1, 0},  // a tie goes to u
};

BOOST_DATA_TEST_CASE(non_smooth_conventions, bdata::make(kink_cases), c) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    const node_id n = c.build(x, y).id();
    const std::map<std::string, rational> point{{"x", c.x}, {"y", c.y}};
    for (int i = 0; i < arity(g.kind(n)); ++i) {
        const node_id p = local_partial(g, n, i);
        const auto values = chainrule::testing::evaluate_at(g, {p}, point);
        BOOST_REQUIRE(values.has_value());
        BOOST_TEST(values->value[p] == GiNaC::numeric(cln::cl_N(i == 0 ? c.d0 : c.d1)), c << ", operand " << i);
    }
}

// abs and sign against GiNaC's own diff where GiNaC can differentiate them: GiNaC's abs(U) has
// the derivative U/abs(U), and sign(U) away from 0 is U/abs(U), which GiNaC differentiates as a
// quotient (its csgn has no derivative). Compared exactly at rational points where u != 0.
BOOST_AUTO_TEST_CASE(abs_and_sign_rules_match_ginac_diff_away_from_zero) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    const expr u = x * y - 1;
    ginac_converter conv(g);
    const GiNaC::realsymbol U("U");
    const GiNaC::exmap back{{U, conv(u.id())}};
    struct rule {
        const char* label;
        node_id n;
        GiNaC::ex oracle;  // d n/du by GiNaC, u put back
    };
    const rule rules[] = {
        {"abs", abs(u).id(), GiNaC::abs(U).diff(U).subs(back)},
        {"sign", sign(u).id(), (U / GiNaC::abs(U)).diff(U).subs(back)},
    };
    int compared = 0;
    for (const rule& r : rules) {
        const node_id p = local_partial(g, r.n, 0);
        for (long i = -4; i <= 4; ++i)
            for (long j = -3; j <= 3; ++j) {
                const std::map<std::string, rational> point{{"x", rational(i) / 2}, {"y", rational(j) / 3}};
                const auto values = chainrule::testing::evaluate_at(g, {u.id(), p}, point);
                BOOST_REQUIRE(values.has_value());
                if (values->value[u.id()].is_zero()) continue;  // the kink: GiNaC's U/abs(U) is undefined there
                const GiNaC::ex want = r.oracle.subs(conv.point(point));
                BOOST_TEST(GiNaC::is_exactly_a<GiNaC::numeric>(want), r.label << ": " << want);
                BOOST_TEST(want.is_equal(values->value[p]), r.label << " at x = " << i << "/2, y = " << j << "/3: "
                                                                   << values->value[p] << " vs " << want);
                ++compared;
            }
    }
    BOOST_TEST(compared > 100);
}

BOOST_AUTO_TEST_CASE(pow_with_a_constant_base) {
    graph g;
    auto x = input(g, "x");
    // 0^x = 0 wherever it is defined
    const node_id zero_base = g.make(op::pow, g.constant(0), x.id());
    BOOST_TEST(g.is_constant(local_partial(g, zero_base, 1), 0));
    // (-2)^x needs log(-2): refused with a chainrule error
    const node_id negative_base = pow(-2, x).id();
    BOOST_CHECK_THROW(local_partial(g, negative_base, 1), domain_error);
}

BOOST_AUTO_TEST_CASE(every_rule_has_its_text) {
    for (int k = 0; k < op_count; ++k) {
        const auto o = static_cast<op>(k);
        for (int i = 0; i < arity(o); ++i) {
            const std::string_view text = rule_text(o, i);
            BOOST_TEST(text.starts_with("d "), o << ": " << text);
            BOOST_TEST(text.find(i == 0 ? "/du = " : "/dv = ") != std::string_view::npos, o << ": " << text);
        }
        BOOST_CHECK_THROW(rule_text(o, arity(o)), usage_error);
        BOOST_CHECK_THROW(rule_text(o, -1), usage_error);
    }
    BOOST_TEST(rule_text(op::tanh, 0) == "d tanh(u)/du = 1 - tanh(u)^2");
}

BOOST_AUTO_TEST_CASE(wrong_use_throws_usage_errors_that_say_where) {
    graph g;
    auto x = input(g, "x");
    const node_id s = sin(x).id(), m = (x * s).id();
    BOOST_CHECK_THROW(local_partial(g, x.id(), 0), usage_error);
    BOOST_CHECK_THROW(local_partial(g, g.constant(3), 0), usage_error);
    BOOST_CHECK_THROW(local_partial(g, s, 1), usage_error);
    BOOST_CHECK_THROW(local_partial(g, m, 2), usage_error);
    BOOST_CHECK_THROW(local_partial(g, m, -1), usage_error);
    BOOST_CHECK_THROW(local_partial(g, 999, 0), usage_error);
    try {
        local_partial(g, s, 1);
        BOOST_FAIL("no error");
    } catch (const usage_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("node " + std::to_string(s)) != std::string::npos, what);
        BOOST_TEST(what.find("sin") != std::string::npos, what);
    }
}

BOOST_AUTO_TEST_SUITE_END()
