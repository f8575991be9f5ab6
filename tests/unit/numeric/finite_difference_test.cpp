// Central differences: the documented steps, the documented accuracy on known derivatives, and
// bad input.
#include "chainrule/graph/expr.hpp"
#include "chainrule/numeric/finite_difference.hpp"
#include "chainrule/numeric/running_error.hpp"

#include <boost/test/unit_test.hpp>

#include <cln/real.h>

#include <cmath>

using namespace chainrule;
using namespace chainrule::numeric;

BOOST_AUTO_TEST_SUITE(finite_differences)

BOOST_AUTO_TEST_CASE(steps_are_the_documented_ones) {
    const rational two17 = rational(1) / 131072;  // 2^-17
    BOOST_TEST(difference_step(rational(1) / 3, arithmetic<double>()) == two17);
    BOOST_TEST(difference_step(rational(-1), arithmetic<double>()) == two17);
    BOOST_TEST(difference_step(rational(3), arithmetic<double>()) == 4 * two17);  // 2^e >= 3
    BOOST_TEST(difference_step(rational(-1000), arithmetic<running_error>()) == 1024 * two17);
    const rational e17 = rational(1) / cln::expt_pos(cln::cl_I(10), 17);
    BOOST_TEST(difference_step(rational(1) / 2, arithmetic<cln::cl_F>(50)) == e17);
    BOOST_TEST(difference_step(rational(5), arithmetic<cln::cl_F>(50)) == 8 * e17);
}

BOOST_AUTO_TEST_CASE(accuracy_on_known_derivatives) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    auto f = pow(x, 3) * y + sin(x * y);  // df/dx = 3 x^2 y + y cos(x y), df/dy = x^3 + x cos(x y)
    const std::vector<node_id> wrt{x.id(), y.id()};
    for (int k = -4; k <= 4; ++k) {
        const rational X = rational(k) / 3, Y = rational(5 - k) / 4;
        const double xd = cln::double_approx(X), yd = cln::double_approx(Y);
        const point at{{x.id(), X}, {y.id(), Y}};
        const double dx = 3 * xd * xd * yd + yd * std::cos(xd * yd), dy = xd * xd * xd + xd * std::cos(xd * yd);
        // double: about eps^(2/3) ~ 4e-11 times the scale (|f'''| ~ 10 here)
        const auto d = central_differences(g, f.id(), wrt, at, arithmetic<double>());
        BOOST_TEST(d[0] == dx, boost::test_tools::tolerance(1e-8));
        BOOST_TEST(d[1] == dy, boost::test_tools::tolerance(1e-8));
        BOOST_TEST(std::fabs(d[0] - dx) < 1e-9);
        // 50 digits: about 1e-33
        const auto d50 = central_differences(g, f.id(), wrt, at, arithmetic<cln::cl_F>(50));
        BOOST_TEST(std::fabs(cln::double_approx(d50[0]) - dx) < 1e-14);
        // exactly a cubic in x: D(h) - f' = h^2 f'''/6 = h^2 y for f = x^3 y
    }
    // a polynomial of degree 2 is differenced exactly up to rounding
    auto p = x * x;
    const auto d50 = central_differences(g, p.id(), std::vector<node_id>{x.id()}, point{{x.id(), rational(7) / 5}},
                                         arithmetic<cln::cl_F>(50));
    BOOST_TEST(cln::double_approx(cln::abs(d50[0] - rational(14) / 5)) < 1e-30);
    // the truncation of a cubic: D(h) - 3x^2 = h^2 exactly
    auto c = pow(x, 3);
    const rational h = rational(1) / 64;
    const auto dc = central_differences(g, c.id(), std::vector<node_id>{x.id()}, point{{x.id(), 1}}, arithmetic<cln::cl_F>(40),
                                        std::vector<rational>{h});
    BOOST_TEST(cln::double_approx(cln::abs(dc[0] - (3 + h * h))) < 1e-35);
}

BOOST_AUTO_TEST_CASE(running_error_bounds_the_rounding) {
    graph g;
    auto x = input(g, "x");
    auto f = exp(x) * 1000;
    const point at{{x.id(), rational(7) / 3}};
    const std::vector<node_id> wrt{x.id()};
    const auto d = central_differences(g, f.id(), wrt, at, arithmetic<running_error>());
    BOOST_TEST(d[0].value == central_differences(g, f.id(), wrt, at, arithmetic<double>())[0]);
    // rounding ~ u |f| / h: a few 1e-7 here, much more than the 1e-10 of a flat tolerance
    BOOST_TEST(tolerance(d[0]) > 1e-9);
    BOOST_TEST(tolerance(d[0]) < 1e-4);
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
    graph g;
    auto x = input(g, "x"), y = input(g, "y");
    auto f = x * y;
    const point at{{x.id(), 1}, {y.id(), 2}};
    BOOST_CHECK_THROW(central_differences(g, f.id(), std::vector<node_id>{f.id()}, at, arithmetic<double>()), usage_error);
    BOOST_CHECK_THROW(central_differences(g, f.id(), std::vector<node_id>{x.id()}, point{{y.id(), 2}}, arithmetic<double>()),
                      usage_error);
    BOOST_CHECK_THROW(central_differences(g, f.id(), std::vector<node_id>{x.id()}, at, arithmetic<double>(),
                                          std::vector<rational>{}),
                      usage_error);
    BOOST_CHECK_THROW(central_differences(g, f.id(), std::vector<node_id>{x.id()}, at, arithmetic<double>(),
                                          std::vector<rational>{rational(0)}),
                      usage_error);
    // a variable the output does not use: 0
    auto z = input(g, "z");
    BOOST_TEST(central_differences(g, f.id(), std::vector<node_id>{z.id()}, at, arithmetic<double>())[0] == 0.0);
    // leaving the domain at x - h is a domain_error
    auto l = log(x);
    BOOST_CHECK_THROW(central_differences(g, l.id(), std::vector<node_id>{x.id()}, point{{x.id(), rational(1) / 1000000}},
                                          arithmetic<double>()),
                      domain_error);
}

BOOST_AUTO_TEST_SUITE_END()
