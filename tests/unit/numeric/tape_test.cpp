// The tape beyond its rules: the non-smooth conventions at exact kinks (the same as the
// symbolic ones), activity (what is and is not swept), derivative domain errors, bad input,
// exact rational gradients, and a chain a million levels deep.
#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/numeric/evaluate.hpp"
#include "chainrule/numeric/finite_difference.hpp"
#include "chainrule/numeric/running_error.hpp"
#include "chainrule/numeric/tape.hpp"

#include <boost/test/unit_test.hpp>

#include <cln/real.h>

#include <cmath>
#include <string>

using namespace chainrule;
using namespace chainrule::numeric;

namespace {

// The tape's gradient and the symbolic gradient's value, both exact (rational arithmetic).
struct both {
    std::vector<rational> tape;
    std::vector<rational> symbolic;
};

both exact_gradients(graph& g, node_id f, const std::vector<node_id>& wrt, const point& at) {
    const std::vector<node_id> sym = reverse_gradient(g, f, wrt);
    return {gradient(g, f, wrt, at, arithmetic<rational>()).gradient, evaluate(g, sym, at, arithmetic<rational>())};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tape_behaviour)

BOOST_AUTO_TEST_CASE(kink_conventions_match_the_symbolic_rules) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    const std::vector<node_id> wrt{x.id(), y.id()};
    const point tie{{x.id(), rational(1) / 3}, {y.id(), rational(1) / 3}};
    const point zero{{x.id(), 0}, {y.id(), 2}};
    struct expect {
        expr f;
        const point* at;
        rational dx, dy;
    };
    const expect cases[] = {
        {relu(x), &zero, 0, 0},            // relu'(0) = 0
        {abs(x), &zero, 0, 0},             // abs'(0) = step(0) - step(-0) = 0
        {step(x) * y, &zero, 0, 0},        // step' = 0, and step(0) = 0
        {sign(x) * y, &zero, 0, 0},        // sign' = 0, and sign(0) = 0
        {sign(x - y) * x, &tie, 0, 0},     // sign(0) = 0
        {abs(x - y) * y, &tie, 0, 0},      // abs'(0) = 0 and abs(0) = 0
        {step(x - y) * x, &tie, 0, 0},     // step(0) = 0
        {max(x, y), &tie, 1, 0},           // a tie goes to u
        {max(y, x), &tie, 0, 1},
        {min(x, y), &tie, 1, 0},
        {min(y, x), &tie, 0, 1},
        {max(x * 2, x) * y, &zero, 4, 0},  // a tie at x = 0 goes to 2x: d/dx = 2 y
    };
    for (const expect& c : cases) {
        const both r = exact_gradients(g, c.f.id(), wrt, *c.at);
        for (std::size_t k = 0; k < 2; ++k) BOOST_TEST(r.tape[k] == r.symbolic[k]);
        BOOST_TEST(r.tape[0] == c.dx);
        BOOST_TEST(r.tape[1] == c.dy);
        // the same in double and 50 digits
        const auto d = gradient(g, c.f.id(), wrt, *c.at, arithmetic<double>());
        BOOST_TEST(d.gradient[0] == cln::double_approx(c.dx));
        BOOST_TEST(d.gradient[1] == cln::double_approx(c.dy));
        const auto f50 = gradient(g, c.f.id(), wrt, *c.at, arithmetic<cln::cl_F>(50));
        BOOST_TEST(cln::zerop(f50.gradient[0] - c.dx));
        BOOST_TEST(cln::zerop(f50.gradient[1] - c.dy));
    }
}

// sign and abs away from their kinks: the tape (double, 50 digits, exact), the symbolic gradient
// (abs' built as the node sign(u)) and central differences (50 digits) agree. sign(u) is
// constant near every point where u != 0, so its differences are exactly 0 there.
BOOST_AUTO_TEST_CASE(sign_and_abs_agree_with_finite_differences_away_from_zero) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    auto u = x * y - 1, v = x + y / 2;
    auto f = abs(u) * v + sign(v) * x * x + sign(u) * abs(v);
    const std::vector<node_id> wrt{x.id(), y.id()};
    const arithmetic<cln::cl_F> a50(50);
    int compared = 0;
    for (long i = -5; i <= 5; ++i)
        for (long j = -4; j <= 4; ++j) {
            const rational X = rational(i) / 3, Y = rational(j) / 2;
            // away from u = 0 and v = 0: farther than the difference step, so no kink is crossed
            const rational U = X * Y - 1, V = X + Y / 2;
            if (cln::abs(U) < rational(1) / 100 || cln::abs(V) < rational(1) / 100) continue;
            const point at{{x.id(), X}, {y.id(), Y}};
            const both r = exact_gradients(g, f.id(), wrt, at);
            const auto fd = central_differences(g, f.id(), wrt, at, a50);
            const auto d = gradient(g, f.id(), wrt, at, arithmetic<double>());
            // by hand: df/dx = sign(u) y v + abs(u) + 2 x sign(v) + sign(u) sign(v),
            //          df/dy = sign(u) x v + abs(u)/2 + sign(u) sign(v)/2
            const int su = cln::plusp(U) ? 1 : -1, sv = cln::plusp(V) ? 1 : -1;
            const rational dx = su * Y * V + cln::abs(U) + 2 * X * sv + su * sv;
            const rational dy = su * X * V + cln::abs(U) / 2 + rational(su * sv) / 2;
            const rational want[] = {dx, dy};
            for (std::size_t k = 0; k < 2; ++k) {
                BOOST_TEST(r.tape[k] == want[k], "d/d" << k << " at " << X << ", " << Y);
                BOOST_TEST(r.symbolic[k] == want[k], "d/d" << k << " at " << X << ", " << Y);
                BOOST_TEST(d.gradient[k] == cln::double_approx(want[k]), boost::test_tools::tolerance(1e-14));
                // f is quadratic on each side of the kinks: the differences are exact up to rounding
                BOOST_TEST(cln::double_approx(cln::abs(fd[k] - want[k])) < 1e-30, "d/d" << k << " at " << X << ", " << Y);
            }
            ++compared;
        }
    BOOST_TEST(compared > 60);
    // sign alone: its tape gradient and its differences are exactly 0 away from 0
    const node_id s = sign(u).id();
    const point at{{x.id(), 3}, {y.id(), rational(1) / 2}};  // u = 1/2
    BOOST_TEST(cln::zerop(central_differences(g, s, wrt, at, a50)[0]));
    BOOST_TEST(gradient(g, s, wrt, at, arithmetic<double>()).gradient[0] == 0.0);
    BOOST_TEST(evaluate(g, std::vector<node_id>{s}, at, arithmetic<rational>())[0] == 1);
}

BOOST_AUTO_TEST_CASE(rational_gradients_are_exact) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y"), z = param(g, "z");
    auto u = x * y + pow(z, 3);
    auto f = pow(u, 2) / (pow(y, 2) + 1) + max(u, x) * abs(z - y) + relu(x - z) * u;
    const std::vector<node_id> wrt{x.id(), y.id(), z.id()};
    for (long k = -3; k <= 3; ++k) {
        const point at{{x.id(), rational(k) / 2}, {y.id(), rational(2 - k) / 3}, {z.id(), rational(k * k - 1) / 5}};
        const both r = exact_gradients(g, f.id(), wrt, at);
        for (std::size_t i = 0; i < wrt.size(); ++i) BOOST_TEST(r.tape[i] == r.symbolic[i]);
    }
    // d/dx of x^2 y at (3, 5) = 2 x y = 30, exactly
    auto h = pow(x, 2) * y;
    const auto r = gradient(g, h.id(), wrt, point{{x.id(), 3}, {y.id(), 5}}, arithmetic<rational>());
    BOOST_TEST(r.value == 45);
    BOOST_TEST(r.gradient[0] == 30);
    BOOST_TEST(r.gradient[1] == 9);
    BOOST_TEST(r.gradient[2] == 0);  // z is not reached: 0, and needs no value
    // exp refused exactly
    BOOST_CHECK_THROW(gradient(g, exp(x).id(), wrt, point{{x.id(), 1}}, arithmetic<rational>()), not_rational);
}

BOOST_AUTO_TEST_CASE(only_nodes_that_depend_on_wrt_are_swept) {
    graph g;
    auto x = input(g, "x"), c = input(g, "c");
    // sqrt(c) at c = 0 has no derivative, but c is not a wrt variable: nothing is taken there
    auto f = sqrt(c) * x + x;
    const node_id wx[] = {x.id()};
    const auto r = gradient(g, f.id(), wx, point{{x.id(), 2}, {c.id(), 0}}, arithmetic<double>());
    BOOST_TEST(r.gradient[0] == 1.0);
    // reached only through a step: derivative 0, nothing below is swept (as the symbolic sweep)
    auto s = step(sqrt(x)) + c;
    BOOST_TEST(gradient(g, s.id(), wx, point{{x.id(), 0}, {c.id(), 1}}, arithmetic<double>()).gradient[0] == 0.0);
    // and through a sign the same: sqrt'(0) is never taken
    auto t = sign(sqrt(x)) + c;
    BOOST_TEST(gradient(g, t.id(), wx, point{{x.id(), 0}, {c.id(), 1}}, arithmetic<double>()).gradient[0] == 0.0);
    // a constant zero base: d 0^v / dv = 0 (log(0) is never taken), as the symbolic rule
    auto z = pow(constant(g, 0), x + 1);
    BOOST_TEST(gradient(g, z.id(), wx, point{{x.id(), 2}}, arithmetic<double>()).gradient[0] == 0.0);
}

BOOST_AUTO_TEST_CASE(undefined_derivatives_are_domain_errors) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    const std::vector<node_id> wrt{x.id(), y.id()};
    const point origin{{x.id(), 0}, {y.id(), 2}};
    // the value is defined, the derivative is not
    BOOST_TEST(evaluate(g, std::vector<node_id>{sqrt(x).id()}, origin, arithmetic<double>())[0] == 0.0);
    BOOST_CHECK_THROW(gradient(g, sqrt(x).id(), wrt, origin, arithmetic<double>()), domain_error);
    BOOST_CHECK_THROW(gradient(g, pow(x, rational(1) / 3).id(), wrt, origin, arithmetic<cln::cl_F>(30)), domain_error);
    // d u^v / dv needs log(u): undefined for u = -2 even where (-2)^2 is
    const point negative{{x.id(), -2}, {y.id(), 2}};
    BOOST_CHECK_THROW(gradient(g, pow(x, y).id(), wrt, negative, arithmetic<double>()), domain_error);
    // ... but with a constant exponent no log is taken
    BOOST_TEST(gradient(g, pow(x, 2).id(), wrt, negative, arithmetic<double>()).gradient[0] == -4.0);
    // a double overflow in a derivative (the value, e^707.56, is finite)
    BOOST_CHECK_THROW(gradient(g, exp(x * x).id(), wrt, point{{x.id(), rational(133) / 5}, {y.id(), 0}}, arithmetic<double>()),
                      domain_error);
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    auto f = x * y;
    const node_id not_variable[] = {f.id()};
    BOOST_CHECK_THROW(tape<double>(g, f.id(), not_variable), usage_error);
    const node_id unknown[] = {static_cast<node_id>(g.size() + 3)};
    BOOST_CHECK_THROW(tape<double>(g, f.id(), unknown), usage_error);
    const node_id wx[] = {x.id()};
    BOOST_CHECK_THROW(tape<double>(g, static_cast<node_id>(g.size() + 3), wx), usage_error);
    const tape<double> t(g, f.id(), wx);
    try {
        t.run(point{{x.id(), 1}}, arithmetic<double>());
        BOOST_FAIL("no error for an unbound variable");
    } catch (const usage_error& e) {
        BOOST_TEST(std::string(e.what()).find("'y'") != std::string::npos, e.what());
    }
    // the same variable twice gets the same derivative twice
    const node_id twice[] = {x.id(), y.id(), x.id()};
    const auto r = gradient(g, f.id(), twice, point{{x.id(), 3}, {y.id(), 5}}, arithmetic<double>());
    BOOST_TEST(r.gradient[0] == 5.0);
    BOOST_TEST(r.gradient[1] == 3.0);
    BOOST_TEST(r.gradient[2] == 5.0);
}

BOOST_AUTO_TEST_CASE(a_tape_runs_at_many_points) {
    graph g;
    auto x = input(g, "x");
    auto f = sin(x) * x;
    const node_id wx[] = {x.id()};
    const tape<double> t(g, f.id(), wx);
    for (int k = -5; k <= 5; ++k) {
        const double v = k / 4.0;
        const auto r = t.run(point{{x.id(), rational(k) / 4}}, arithmetic<double>());
        BOOST_TEST(r.value == std::sin(v) * v, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(r.gradient[0] == std::cos(v) * v + std::sin(v), boost::test_tools::tolerance(1e-14));
    }
}

BOOST_AUTO_TEST_CASE(a_million_levels_without_recursion) {
    // f(0) = x, f(k+1) = sin(f(k)) + x/2: the oracle is the recurrence for f and df/dx, written here
    constexpr int depth = 1000000;
    graph g;
    auto x = input(g, "x");
    auto half = x / 2;
    expr f = x;
    for (int k = 0; k < depth; ++k) f = sin(f) + half;
    double v = 0.3, dv = 1;
    for (int k = 0; k < depth; ++k) {
        dv = std::cos(v) * dv + 0.5;
        v = std::sin(v) + 0.15;
    }
    const point at{{x.id(), rational(3) / 10}};
    const node_id roots[] = {f.id()};
    BOOST_TEST(evaluate(g, roots, at, arithmetic<double>())[0] == v, boost::test_tools::tolerance(1e-12));
    const node_id wx[] = {x.id()};
    const auto r = gradient(g, f.id(), wx, at, arithmetic<double>());
    BOOST_TEST(r.value == v, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.gradient[0] == dv, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_SUITE_END()
