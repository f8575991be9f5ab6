// Learning-rate schedules and gradient clipping against their formulas, evaluated by hand.
#include <chainrule/core/error.hpp>
#include <chainrule/optim/clipping.hpp>
#include <chainrule/optim/schedule.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

namespace tt = boost::test_tools;
using namespace chainrule::optim;

BOOST_AUTO_TEST_SUITE(schedules)

BOOST_AUTO_TEST_CASE(constant) {
    for (std::size_t e = 0; e < 5; ++e) BOOST_TEST(learning_rate_at(constant_schedule{}, 0.3, e, 5) == 0.3);
}

BOOST_AUTO_TEST_CASE(step_decay) {
    // every 3 epochs times 0.5: epochs 0-2 -> 0.1, 3-5 -> 0.05, 6-8 -> 0.025, 9 -> 0.0125
    const schedule s = step_schedule{.every = 3, .gamma = 0.5};
    const std::vector<double> want{0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125};
    for (std::size_t e = 0; e < want.size(); ++e) BOOST_TEST(learning_rate_at(s, 0.1, e, 10) == want[e], tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(cosine) {
    // base 0.1, minimum 0.001, 10 epochs: e = 0 -> 0.1; e = 5 -> (0.1 + 0.001)/2 = 0.0505;
    // e = 10 -> 0.001; e = 2 -> 0.001 + 0.099 (1 + cos(pi/5))/2 = 0.001 + 0.099 * 0.904508497 = 0.090546341
    const schedule s = cosine_schedule{.minimum = 0.001};
    BOOST_TEST(learning_rate_at(s, 0.1, 0, 10) == 0.1, tt::tolerance(1e-15));
    BOOST_TEST(learning_rate_at(s, 0.1, 2, 10) == 0.090546341, tt::tolerance(1e-8));
    BOOST_TEST(learning_rate_at(s, 0.1, 5, 10) == 0.0505, tt::tolerance(1e-14));
    BOOST_TEST(learning_rate_at(s, 0.1, 10, 10) == 0.001, tt::tolerance(1e-12));
    for (std::size_t e = 1; e <= 10; ++e) BOOST_TEST(learning_rate_at(s, 0.1, e, 10) < learning_rate_at(s, 0.1, e - 1, 10));
    // an explicit period overrides the run length: period 4, epoch 2 -> the midpoint 0.0505
    BOOST_TEST(learning_rate_at(cosine_schedule{.minimum = 0.001, .period = 4}, 0.1, 2, 10) == 0.0505, tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(bad_schedules_throw) {
    BOOST_CHECK_THROW(learning_rate_at(step_schedule{.every = 0, .gamma = 0.5}, 0.1, 0, 3), chainrule::usage_error);
    BOOST_CHECK_THROW(learning_rate_at(step_schedule{.every = 1, .gamma = 0}, 0.1, 0, 3), chainrule::usage_error);
    BOOST_CHECK_THROW(learning_rate_at(step_schedule{.every = 1, .gamma = 1.5}, 0.1, 0, 3), chainrule::usage_error);
    BOOST_CHECK_THROW(learning_rate_at(cosine_schedule{.minimum = 0.2}, 0.1, 0, 3), chainrule::usage_error);
    BOOST_CHECK_THROW(learning_rate_at(constant_schedule{}, -0.1, 0, 3), chainrule::usage_error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gradient_clipping)

BOOST_AUTO_TEST_CASE(by_value) {
    std::vector<double> g{3, -0.5, -7, 1};
    BOOST_TEST(clip_by_value(g, 1) == 2U);
    BOOST_TEST(g == (std::vector<double>{1, -0.5, -1, 1}), tt::per_element());
    BOOST_CHECK_THROW(clip_by_value(g, 0), chainrule::usage_error);
}

BOOST_AUTO_TEST_CASE(by_norm) {
    // (3, 4): norm 5 > 1, scaled by 1 / (5 + 1e-6): (3, 4) / 5.000001 = (0.59999988, 0.79999984)
    std::vector<double> g{3, 4};
    BOOST_TEST(clip_by_norm(g, 1) == 5.0);
    BOOST_TEST(g[0] == 0.59999988, tt::tolerance(1e-7));
    BOOST_TEST(g[1] == 0.79999984, tt::tolerance(1e-7));
    // below the bound: unchanged
    std::vector<double> small{0.3, 0.4};
    BOOST_TEST(clip_by_norm(small, 1) == 0.5, tt::tolerance(1e-15));
    BOOST_TEST(small == (std::vector<double>{0.3, 0.4}), tt::per_element());
    std::vector<double> zero{0, 0};
    BOOST_TEST(clip_by_norm(zero, 1) == 0.0);
    BOOST_TEST(zero == (std::vector<double>{0, 0}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(value_then_norm) {
    // value 3: (3, 4) -> (3, 3), norm sqrt(18) = 4.242640687; norm 1: (3, 3) / 4.242641687
    std::vector<double> g{3, 4};
    clip(g, {.max_value = 3, .max_norm = 1});
    BOOST_TEST(g[0] == 3 / 4.242641687, tt::tolerance(1e-9));
    BOOST_TEST(g[1] == g[0]);
}

BOOST_AUTO_TEST_SUITE_END()
