#include "chainrule/core/error.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/graph/ginac_functions.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cmath>

using namespace chainrule;

namespace {

bool same(const GiNaC::ex& a, const GiNaC::ex& b) { return GiNaC::normal(rewrite_to_exp(a - b)).is_zero(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(ginac_bridge)

BOOST_AUTO_TEST_CASE(the_neuron_matches_a_hand_written_ginac_expression) {
    graph g;
    auto w = param(g, "w"), b = param(g, "b"), x = input(g, "x"), y = input(g, "y");
    auto L = pow(sigmoid(w * x + b) - y, 2) / 2;
    ginac_converter to_ex(g);
    const GiNaC::ex W = to_ex.symbol("w"), B = to_ex.symbol("b"), X = to_ex.symbol("x"), Y = to_ex.symbol("y");
    const GiNaC::ex expected = GiNaC::pow(1 / (1 + GiNaC::exp(-(W * X + B))) - Y, 2) / 2;
    BOOST_TEST(same(to_ex(L.id()), expected));
}

BOOST_AUTO_TEST_CASE(every_op_converts_to_its_meaning) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    ginac_converter to_ex(g);
    const GiNaC::ex X = to_ex.symbol("x"), Y = to_ex.symbol("y");
    BOOST_TEST(same(to_ex(tanh(x).id()), (GiNaC::exp(2 * X) - 1) / (GiNaC::exp(2 * X) + 1)));
    BOOST_TEST(same(to_ex(cosh(x).id()), (GiNaC::exp(X) + GiNaC::exp(-X)) / 2));
    BOOST_TEST(same(to_ex(softplus(x).id()), GiNaC::log(1 + GiNaC::exp(X))));
    BOOST_TEST(same(to_ex(sqrt(x).id()), GiNaC::pow(X, GiNaC::numeric(1, 2))));
    BOOST_TEST(same(to_ex((x / y).id()), X / Y));
    BOOST_TEST(same(to_ex(tan(x).id()), GiNaC::sin(X) / GiNaC::cos(X)));
    // the non-smooth ops evaluate with chainrule's conventions: step(0) = 0, ties of max go left
    const GiNaC::exmap at0{{X, 0}, {Y, 0}};
    BOOST_TEST(to_ex(step(x).id()).subs(at0).is_zero());
    BOOST_TEST(to_ex(relu(x).id()).subs(GiNaC::exmap{{X, -3}}).is_zero());
    BOOST_TEST(to_ex(max(x, y).id()).subs(GiNaC::exmap{{X, 2}, {Y, 5}}).is_equal(5));
    BOOST_TEST(to_ex(min(x, y).id()).subs(GiNaC::exmap{{X, 2}, {Y, 5}}).is_equal(2));
    BOOST_TEST(to_ex(abs(x).id()).subs(GiNaC::exmap{{X, -7}}).is_equal(7));
}

BOOST_AUTO_TEST_CASE(sign_converts_exactly_and_agrees_with_ginac_csgn) {
    graph g;
    auto x = input(g, "x");
    ginac_converter to_ex(g);
    const GiNaC::ex X = to_ex.symbol("x");
    const GiNaC::ex s = to_ex(sign(x).id());
    // GiNaC's csgn is an independent sign on the reals (csgn(0) = 0); both exact
    for (const GiNaC::numeric& c : {GiNaC::numeric(-7), GiNaC::numeric(-1, 3), GiNaC::numeric(0), GiNaC::numeric(5, 2)}) {
        const GiNaC::ex at = s.subs(GiNaC::exmap{{X, c}});
        BOOST_TEST(GiNaC::is_exactly_a<GiNaC::numeric>(at), "sign(" << c << ") = " << at);
        BOOST_TEST(at.is_equal(GiNaC::ex(GiNaC::csgn(c))), "sign(" << c << ") = " << at);
        BOOST_TEST(GiNaC::evalf(gfn::sign(c)).is_equal(GiNaC::ex(GiNaC::csgn(c))));
    }
    // sign(c u) = sign(c) sign(u); its derivative is 0 (as step's), so GiNaC's diff works
    BOOST_TEST(same(gfn::sign(-3 * X), -gfn::sign(X)));
    BOOST_TEST(same(gfn::sign(X / 2), gfn::sign(X)));
    BOOST_TEST(s.diff(GiNaC::ex_to<GiNaC::symbol>(X)).is_zero());
    BOOST_TEST(to_ex(abs(x).id()).diff(GiNaC::ex_to<GiNaC::symbol>(X)).subs(GiNaC::exmap{{X, -2}}).is_equal(-1));
    // from GiNaC: sign and GiNaC's csgn are both the sign op
    for (const GiNaC::ex& e : std::vector<GiNaC::ex>{gfn::sign(X), GiNaC::csgn(X)}) {
        const node_id n = from_ginac(g, e);
        BOOST_TEST(g.kind(n) == op::sign, e);
        BOOST_TEST(g.at(n).lhs == x.id());
    }
}

// Regression: softplus(0) under evalf stayed exact all the way (1 + e^0 = 2) and came back as
// the unevaluated log(2), not a number.
BOOST_AUTO_TEST_CASE(softplus_at_an_exact_zero_evaluates_to_a_number) {
    const GiNaC::ex v = GiNaC::evalf(gfn::softplus(GiNaC::ex(0)));
    BOOST_REQUIRE_MESSAGE(GiNaC::is_exactly_a<GiNaC::numeric>(v), v);
    BOOST_TEST(GiNaC::ex_to<GiNaC::numeric>(v).to_double() == std::log(2.0), boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(custom_function_derivatives_agree_with_their_exp_forms) {
    // Independent check of ginac_functions.cpp: differentiate the exp form instead.
    GiNaC::realsymbol x("x");
    for (const GiNaC::ex& f : std::vector<GiNaC::ex>{gfn::sigmoid(x * x), gfn::softplus(3 * x), gfn::sigmoid(gfn::softplus(x))}) {
        const GiNaC::ex via_rule = rewrite_to_exp(f.diff(x));
        const GiNaC::ex via_exp = rewrite_to_exp(f).diff(x);
        BOOST_TEST(GiNaC::normal(via_rule - via_exp).is_zero());
    }
}

BOOST_AUTO_TEST_CASE(shared_nodes_are_converted_once) {
    graph g;
    auto x = input(g, "x");
    auto s = sin(x) * x;
    auto f = s + s * s;
    ginac_converter to_ex(g);
    const GiNaC::ex whole = to_ex(f.id());
    BOOST_TEST(to_ex(s.id()).is_equal(to_ex(s.id())));
    BOOST_TEST(same(whole, GiNaC::sin(to_ex.symbol("x")) * to_ex.symbol("x") * (1 + GiNaC::sin(to_ex.symbol("x")) * to_ex.symbol("x"))));
}

BOOST_AUTO_TEST_CASE(huge_trees_are_refused_quickly) {
    graph g;
    auto f = input(g, "x");
    for (int i = 0; i < 200; ++i) f = f * sin(f);  // a DAG of ~600 nodes, a tree of ~2^200
    const auto start = std::chrono::steady_clock::now();
    BOOST_CHECK_THROW(to_ginac(g, f.id()), limit_error);
    try {
        to_ginac(g, f.id());
    } catch (const limit_error& e) {
        BOOST_TEST(e.reached() > e.limit());
        BOOST_TEST(std::string(e.what()).find("CSE") != std::string::npos);
    }
    auto deep = input(g, "y");
    for (int i = 0; i < 5000; ++i) deep = exp(deep);
    BOOST_CHECK_THROW(to_ginac(g, deep.id()), limit_error);
    BOOST_TEST(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 5.0);
}

BOOST_AUTO_TEST_CASE(ginac_failures_arrive_translated) {
    graph g;
    auto x = input(g, "x");
    auto zero_in_disguise = x - x;  // the graph keeps it; GiNaC folds it to 0
    BOOST_CHECK_THROW(to_ginac(g, pow(zero_in_disguise, -1).id()), domain_error);
}

BOOST_AUTO_TEST_CASE(from_ginac_round_trips) {
    GiNaC::realsymbol x("x"), y("y");
    const std::vector<GiNaC::ex> cases{
        x * y + 3 * x - GiNaC::numeric(1, 7),
        GiNaC::pow(x + 1, -3) * GiNaC::sin(y),
        GiNaC::sqrt(x * x + 1) / GiNaC::cosh(x),
        GiNaC::exp(GiNaC::tanh(x)) - GiNaC::log(y) * GiNaC::tan(x),
        gfn::sigmoid(x) * gfn::softplus(y) + gfn::max(x, y) - gfn::relu(x - y) + GiNaC::abs(y),
        gfn::sign(x - y) * gfn::unit_step(y) + gfn::sign(x) * x,
        GiNaC::sinh(x) * GiNaC::pow(y, GiNaC::numeric(-1, 2)),
        GiNaC::pow(x, y),
    };
    for (const auto& e : cases) {
        graph g;
        const node_id n = from_ginac(g, e);
        ginac_converter to_ex(g);
        GiNaC::exmap rename{{x, to_ex.symbol("x")}, {y, to_ex.symbol("y")}};
        BOOST_TEST(same(to_ex(n), e.subs(rename)), "round trip of " << e);
    }
}

BOOST_AUTO_TEST_CASE(from_ginac_refuses_what_has_no_counterpart) {
    graph g;
    GiNaC::realsymbol x("x");
    BOOST_CHECK_THROW(from_ginac(g, x + GiNaC::Pi), algebra_error);
    BOOST_CHECK_THROW(from_ginac(g, x * GiNaC::numeric(0.5)), algebra_error);
    BOOST_CHECK_THROW(from_ginac(g, x + GiNaC::I), algebra_error);
    BOOST_CHECK_THROW(from_ginac(g, GiNaC::zeta(x)), algebra_error);
    try {
        from_ginac(g, GiNaC::zeta(x));
    } catch (const algebra_error& e) {
        BOOST_TEST(std::string(e.what()).find("zeta") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ginac_bridge_limits)

// Regression: GiNaC evaluates numeric powers eagerly, so 3^(2^40) would never finish.
BOOST_AUTO_TEST_CASE(huge_constant_powers_are_refused_not_computed) {
    graph g;
    const node_id huge = g.make(op::pow, g.constant(3), g.constant(rational(1099511627776L)));
    const auto start = std::chrono::steady_clock::now();
    BOOST_CHECK_THROW(to_ginac(g, huge), limit_error);
    BOOST_TEST(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 5.0);
    BOOST_TEST(to_ginac(g, g.make(op::pow, g.constant(3), g.constant(4))).is_equal(81));
}

BOOST_AUTO_TEST_SUITE_END()
