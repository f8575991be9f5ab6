// Ball arithmetic: every elementary function's enclosure at random points against CLN floats
// at twice the digits (an independent library), certified decimals against exact rounding,
// exact values carried where the value is rational, and signs that the balls cannot decide
// refused rather than guessed.
#include "chainrule/graph/graph.hpp"
#include "chainrule/numeric/ball.hpp"
#include "chainrule/numeric/certified.hpp"
#include "chainrule/numeric/evaluate.hpp"

#include <boost/test/unit_test.hpp>

#include <cln/cln.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace chainrule;
using namespace chainrule::numeric;

namespace {

// a random rational in [-bound, bound] with a denominator up to 97
rational draw(std::mt19937_64& random, long bound) {
    const long q = 1 + static_cast<long>(random() % 97);
    const long p = static_cast<long>(random() % static_cast<std::uint64_t>(2 * bound * q + 1)) - bound * q;
    return rational(p) / rational(q);
}

struct function_case {
    op f;
    long bound;     // arguments drawn in [-bound, bound] (made positive for log and sqrt)
    bool positive;  // the argument must be > 0
    std::function<cln::cl_F(const cln::cl_F&)> oracle;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(balls)

BOOST_AUTO_TEST_CASE(every_function_matches_cln_at_twice_the_digits) {
    const cln::float_format_t f = cln::float_format(120);
    const cln::cl_F one = cln::cl_float(1, f);
    const std::vector<function_case> cases = {
        {op::exp, 40, false, [](const cln::cl_F& u) { return cln::exp(u); }},
        {op::log, 40, true, [](const cln::cl_F& u) { return cln::ln(u); }},
        {op::sqrt, 40, true, [](const cln::cl_F& u) { return cln::sqrt(u); }},
        {op::sin, 40, false, [](const cln::cl_F& u) { return cln::sin(u); }},
        {op::cos, 40, false, [](const cln::cl_F& u) { return cln::cos(u); }},
        {op::tan, 1, false, [](const cln::cl_F& u) { return cln::tan(u); }},
        {op::tanh, 40, false, [](const cln::cl_F& u) { return cln::tanh(u); }},
        {op::cosh, 40, false, [](const cln::cl_F& u) { return cln::cosh(u); }},
        {op::sigmoid, 60, false, [one](const cln::cl_F& u) { return one / (one + cln::exp(-u)); }},
        {op::softplus, 60, false, [one](const cln::cl_F& u) { return cln::ln(one + cln::exp(u)); }},
    };
    std::mt19937_64 random(7);
    int compared = 0;
    for (const function_case& c : cases) {
        for (int k = 0; k < 40; ++k) {
            rational u = draw(random, c.bound);
            if (c.positive) u = cln::abs(u) + rational(1) / 1000;
            if (cln::zerop(u)) continue;
            graph g;
            const node_id root[] = {g.make(c.f, g.constant(u))};
            const std::vector<ball> v = evaluate(g, root, {}, arithmetic<ball>(200));
            const cln::cl_F expected = c.oracle(cln::cl_float(u, f));
            // the 40-digit decimal the ball certifies is the rounding of CLN's 120-digit value
            const std::optional<std::string> shown = certified_decimal(v[0], 40);
            BOOST_REQUIRE_MESSAGE(shown, name(c.f) << "(" << u << ") not decided at 200 bits");
            BOOST_TEST(*shown == to_decimal(cln::rational(expected), 40), name(c.f) << "(" << u << ")");
            ++compared;
        }
    }
    BOOST_TEST(compared >= 350);
}

BOOST_AUTO_TEST_CASE(certified_decimals_round_as_exact_rationals_do) {
    std::mt19937_64 random(11);
    for (int k = 0; k < 300; ++k) {
        const rational q = draw(random, 1000) * cln::expt(rational(10), static_cast<long>(random() % 41) - 20);
        if (cln::zerop(q)) continue;
        const int digits = 1 + static_cast<int>(random() % 30);
        // an enclosure of q (no exact value): decided at enough bits, and then the same text
        arb_t x;
        arb_init(x);
        const ball exact(q, 400);
        arb_set(x, exact.get());
        arb_add_error_2exp_si(x, -380);  // widen it: it is no longer a point
        const ball wide = ball::enclosure(x, 400);
        arb_clear(x);
        BOOST_TEST(!wide.exact());
        if (const std::optional<std::string> shown = certified_decimal(wide, digits))
            BOOST_TEST(*shown == to_decimal(q, digits), q << " to " << digits);
        BOOST_TEST(*certified_decimal(exact, digits) == to_decimal(q, digits));
    }
}

BOOST_AUTO_TEST_CASE(exact_values_are_carried) {
    const arithmetic<ball> a(128);
    const ball third = a.constant(rational(1) / 3);
    const auto is = [](const ball& b, const rational& q) { return b.exact() && *b.exact() == q; };
    BOOST_TEST(is(third + third + third, 1));
    BOOST_TEST(is(a.sqrt(a.constant(rational(4) / 9)), rational(2) / 3));
    BOOST_TEST(is(a.exp(a.constant(0)), 1));
    BOOST_TEST(is(a.sin(a.constant(1)) * a.constant(0), 0));
    BOOST_TEST(!a.sqrt(a.constant(2)).exact());
    BOOST_TEST(is(a.pow(a.constant(-1), rational(cln::expt_pos(cln::cl_I(2), 64))), 1));
}

BOOST_AUTO_TEST_CASE(a_sign_the_balls_cannot_decide_is_refused) {
    const arithmetic<ball> a(128);
    const ball s = a.sin(a.constant(1));
    BOOST_CHECK_THROW(a.sign(s - s), uncertain);  // 0, but not known exactly
    BOOST_TEST(a.sign(a.constant(1) - a.constant(1)) == 0);  // exactly 0
    BOOST_TEST(a.sign(s) == 1);
    BOOST_CHECK_THROW(a.step(s - s), uncertain);
    // a continuous kink needs no sign: |s - s| is a ball around 0
    BOOST_TEST(arb_contains_zero(a.abs(s - s).get()));
}

// sign is a jump at 0 like step: a ball that contains 0 does not decide it (uncertain, so the
// certified evaluator raises the precision, then gives up), an exact 0 does (sign(0) = 0), and
// a ball away from 0 gives the exact -1 or 1.
BOOST_AUTO_TEST_CASE(sign_of_a_ball_is_decided_as_step_is) {
    graph g;
    const node_id x = g.input("x");
    const node_id s = g.apply(op::sin, g.constant(1));
    const node_id undecided[] = {g.apply(op::sign, g.sub(s, s))};  // 0, but not known exactly
    BOOST_CHECK_THROW(evaluate(g, undecided, {}, arithmetic<ball>(128)), uncertain);
    const node_id e = g.apply(op::exp, x);
    const node_id near_zero[] = {g.apply(op::sign, g.sub(g.mul(e, g.apply(op::exp, g.neg(x))), g.constant(1)))};
    const node_id step_near_zero[] = {g.apply(op::step, g.sub(g.mul(e, g.apply(op::exp, g.neg(x))), g.constant(1)))};
    const point at{{x, 1}};
    BOOST_CHECK_THROW(evaluate(g, near_zero, at, arithmetic<ball>(128)), uncertain);
    BOOST_CHECK_THROW(evaluate(g, step_near_zero, at, arithmetic<ball>(128)), uncertain);
    BOOST_CHECK_THROW(certify(g, near_zero, at, 20), uncertain);
    BOOST_CHECK_THROW(certify(g, step_near_zero, at, 20), uncertain);
    const node_id exact_zero[] = {g.apply(op::sign, g.sub(x, g.constant(rational(1) / 3)))};
    const std::vector<certified_value> z = certify(g, exact_zero, point{{x, rational(1) / 3}}, 20);
    BOOST_TEST((z[0].exact && *z[0].exact == 0));
    const node_id away[] = {g.apply(op::sign, g.sub(s, g.mul(g.constant(rational(1) / 2), x))),
                            g.apply(op::sign, g.sub(g.apply(op::sin, x), g.constant(1)))};
    const std::vector<certified_value> v = certify(g, away, point{{x, 2}}, 20);
    BOOST_TEST((v[0].exact && *v[0].exact == -1));  // sin(1) - 1 < 0
    BOOST_TEST((v[1].exact && *v[1].exact == -1));  // sin(2) - 1 < 0
    const std::vector<certified_value> w = certify(g, away, point{{x, 1}}, 20);
    BOOST_TEST((w[0].exact && *w[0].exact == 1));  // sin(1) - 1/2 > 0
}

BOOST_AUTO_TEST_CASE(certify_raises_the_precision_until_the_digits_are_decided) {
    // 1 - cos(10^-30) ~ 5e-61: the first precisions cancel every digit
    graph g;
    const node_id tiny = g.constant(rational(1) / cln::expt_pos(cln::cl_I(10), 30));
    const node_id root[] = {g.sub(g.constant(1), g.apply(op::cos, tiny))};
    const std::vector<certified_value> v = certify(g, root, {}, 20);
    BOOST_TEST(v[0].decimal == "5e-61");
    BOOST_TEST(v[0].bits > 128);
    // an exact 0 reached through cancellation has no certain digit
    graph h;
    const node_id e = h.apply(op::exp, h.constant(1));
    const node_id zero[] = {h.sub(h.mul(e, h.apply(op::exp, h.constant(-1))), h.constant(1))};
    BOOST_CHECK_THROW(certify(h, zero, {}, 20), uncertain);
}

BOOST_AUTO_TEST_SUITE_END()
