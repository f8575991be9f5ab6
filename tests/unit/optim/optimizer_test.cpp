// Each optimizer's first steps against values worked out by hand from the published update
// rules (the arithmetic is written in the comments and in the expected expressions, with the
// intermediate numbers computed by hand), then convergence on a quadratic and on Rosenbrock.
#include "functions.hpp"

#include <chainrule/core/error.hpp>
#include <chainrule/optim/optimizers.hpp>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace tt = boost::test_tools;
namespace bdata = boost::unit_test::data;
using namespace chainrule::optim;

namespace {

/// Feeds the gradients one per step to a one-parameter optimizer starting at p0; the parameter
/// after each step.
std::vector<double> trajectory(optimizer& opt, double p0, const std::vector<double>& gradients, double lr) {
    std::vector<double> p{p0}, after;
    for (double g : gradients) {
        const std::vector<double> grad{g};
        opt.step(p, grad, lr);
        after.push_back(p[0]);
    }
    return after;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(first_steps)

BOOST_AUTO_TEST_CASE(sgd_steps) {
    // p = (1, -2), g = (0.5, 4), lr 0.1: p - lr g = (1 - 0.05, -2 - 0.4) = (0.95, -2.4)
    sgd opt(2);
    std::vector<double> p{1, -2};
    const std::vector<double> g{0.5, 4};
    opt.step(p, g, 0.1);
    BOOST_TEST(p[0] == 0.95, tt::tolerance(1e-15));
    BOOST_TEST(p[1] == -2.4, tt::tolerance(1e-15));
    // weight decay 0.1 from (1, -2): g' = g + 0.1 p = (0.6, 3.8); p - 0.1 g' = (0.94, -2.38)
    sgd decayed(2, {.lr = 0.1, .weight_decay = 0.1});
    std::vector<double> q{1, -2};
    decayed.step(q, g, decayed.base_learning_rate());
    BOOST_TEST(q[0] == 0.94, tt::tolerance(1e-15));
    BOOST_TEST(q[1] == -2.38, tt::tolerance(1e-15));
    BOOST_TEST(decayed.steps() == 1U);
}

BOOST_AUTO_TEST_CASE(momentum_steps) {
    // mu 0.9, lr 0.1, p0 = 1, gradients 1, 0.5, -0.2
    // v1 = g1 = 1                      p1 = 1 - 0.1 * 1 = 0.9
    // v2 = 0.9 * 1 + 0.5 = 1.4         p2 = 0.9 - 0.14 = 0.76
    // v3 = 0.9 * 1.4 - 0.2 = 1.06      p3 = 0.76 - 0.106 = 0.654
    momentum opt(1, {.lr = 0.1, .momentum = 0.9});
    const auto p = trajectory(opt, 1, {1, 0.5, -0.2}, 0.1);
    BOOST_TEST(p[0] == 0.9, tt::tolerance(1e-14));
    BOOST_TEST(p[1] == 0.76, tt::tolerance(1e-14));
    BOOST_TEST(p[2] == 0.654, tt::tolerance(1e-14));
    BOOST_TEST(opt.velocity()[0] == 1.06, tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(momentum_dampening) {
    // dampening 0.5: the first step still takes v1 = g1 = 1 (PyTorch), p1 = 0.9;
    // v2 = 0.9 * 1 + (1 - 0.5) * 0.5 = 1.15, p2 = 0.9 - 0.115 = 0.785
    momentum opt(1, {.lr = 0.1, .momentum = 0.9, .dampening = 0.5});
    const auto p = trajectory(opt, 1, {1, 0.5}, 0.1);
    BOOST_TEST(p[0] == 0.9, tt::tolerance(1e-14));
    BOOST_TEST(p[1] == 0.785, tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(nesterov_steps) {
    // mu 0.9, lr 0.1, p0 = 1, gradients 1, 0.5, -0.2; p <- p - lr (g + mu v)
    // v1 = 1       p1 = 1 - 0.1 (1 + 0.9)            = 1 - 0.19    = 0.81
    // v2 = 1.4     p2 = 0.81 - 0.1 (0.5 + 1.26)      = 0.81 - 0.176 = 0.634
    // v3 = 1.06    p3 = 0.634 - 0.1 (-0.2 + 0.954)   = 0.634 - 0.0754 = 0.5586
    nesterov opt(1, {.lr = 0.1, .momentum = 0.9});
    const auto p = trajectory(opt, 1, {1, 0.5, -0.2}, 0.1);
    BOOST_TEST(p[0] == 0.81, tt::tolerance(1e-14));
    BOOST_TEST(p[1] == 0.634, tt::tolerance(1e-14));
    BOOST_TEST(p[2] == 0.5586, tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(adam_steps) {
    // lr 0.1, b1 0.9, b2 0.999, eps 1e-8, p0 = 1, gradients 2, -1
    // step 1: m = 0.1 * 2 = 0.2, v = 0.001 * 4 = 0.004, c1 = 0.1, c2 = 0.001
    //         sqrt(v)/sqrt(c2) = sqrt(4) = 2;  p1 = 1 - (0.1/0.1) * 0.2 / (2 + 1e-8)
    // step 2: m = 0.9 * 0.2 - 0.1 = 0.08, v = 0.999 * 0.004 + 0.001 = 0.004996,
    //         c1 = 1 - 0.81 = 0.19, c2 = 1 - 0.998001 = 0.001999
    //         p2 = p1 - (0.1/0.19) * 0.08 / (sqrt(0.004996/0.001999) + 1e-8)
    adam opt(1, {.lr = 0.1});
    const auto p = trajectory(opt, 1, {2, -1}, 0.1);
    const double p1 = 1 - 0.2 / (2 + 1e-8);  // 0.9000000005
    BOOST_TEST(p[0] == p1, tt::tolerance(1e-14));
    BOOST_TEST(p[0] == 0.9000000005, tt::tolerance(1e-14));
    const double p2 = p1 - (0.1 / 0.19) * 0.08 / (std::sqrt(0.004996 / 0.001999) + 1e-8);
    BOOST_TEST(p[1] == p2, tt::tolerance(1e-13));
    // the defaults are PyTorch's
    const adam_options d;
    BOOST_TEST(d.lr == 1e-3);
    BOOST_TEST(d.beta1 == 0.9);
    BOOST_TEST(d.beta2 == 0.999);
    BOOST_TEST(d.eps == 1e-8);
}

BOOST_AUTO_TEST_CASE(adam_reset_repeats_the_first_step) {
    adam opt(1, {.lr = 0.1});
    const auto first = trajectory(opt, 1, {2}, 0.1);
    opt.reset();
    BOOST_TEST(opt.steps() == 0U);
    BOOST_TEST(trajectory(opt, 1, {2}, 0.1)[0] == first[0]);
}

BOOST_AUTO_TEST_CASE(rmsprop_steps) {
    // lr 0.01, alpha 0.99, eps 1e-8, p0 = 1, gradients 2, -1
    // step 1: s = 0.01 * 4 = 0.04, d = 0.2 + 1e-8, p1 = 1 - 0.01 * 2 / (0.2 + 1e-8)
    // step 2: s = 0.99 * 0.04 + 0.01 * 1 = 0.0496, p2 = p1 + 0.01 / (sqrt(0.0496) + 1e-8)
    rmsprop opt(1);
    BOOST_TEST(opt.base_learning_rate() == 1e-2);
    const auto p = trajectory(opt, 1, {2, -1}, 0.01);
    const double p1 = 1 - 0.02 / (0.2 + 1e-8);
    BOOST_TEST(p[0] == p1, tt::tolerance(1e-14));
    BOOST_TEST(p[1] == p1 + 0.01 / (std::sqrt(0.0496) + 1e-8), tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(rmsprop_centered_and_momentum) {
    // centered, step 1: s = 0.04, a = 0.01 * 2 = 0.02, d = sqrt(0.04 - 0.0004) + 1e-8
    rmsprop centered(1, {.lr = 0.01, .centered = true});
    BOOST_TEST(trajectory(centered, 1, {2}, 0.01)[0] == 1 - 0.02 / (std::sqrt(0.0396) + 1e-8), tt::tolerance(1e-14));
    // momentum 0.9: b1 = 2 / (0.2 + 1e-8), p1 = 1 - 0.01 b1;
    //               b2 = 0.9 b1 - 1 / (sqrt(0.0496) + 1e-8), p2 = p1 - 0.01 b2
    rmsprop heavy(1, {.lr = 0.01, .momentum = 0.9});
    const auto p = trajectory(heavy, 1, {2, -1}, 0.01);
    const double b1 = 2 / (0.2 + 1e-8), b2 = 0.9 * b1 - 1 / (std::sqrt(0.0496) + 1e-8);
    BOOST_TEST(p[0] == 1 - 0.01 * b1, tt::tolerance(1e-14));
    BOOST_TEST(p[1] == 1 - 0.01 * b1 - 0.01 * b2, tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(bad_options_and_sizes_throw) {
    BOOST_CHECK_THROW(adam(1, {.beta1 = 1}), chainrule::usage_error);
    BOOST_CHECK_THROW(rmsprop(1, {.alpha = -0.1}), chainrule::usage_error);
    BOOST_CHECK_THROW(sgd(1, {.lr = std::nan("")}), chainrule::usage_error);
    BOOST_CHECK_THROW(momentum(1, {.momentum = 1.5}), chainrule::usage_error);
    sgd opt(2);
    std::vector<double> p{1, 2}, g{1};
    BOOST_CHECK_THROW(opt.step(p, g, 0.1), chainrule::usage_error);
    g.push_back(1);
    BOOST_CHECK_THROW(opt.step(p, g, -1), chainrule::usage_error);
}

BOOST_AUTO_TEST_CASE(make_optimizer_builds_each) {
    const std::vector<std::pair<optimizer_options, std::string>> cases{
        {sgd_options{}, "sgd"}, {momentum_options{}, "momentum"}, {nesterov_options{}, "nesterov"},
        {adam_options{}, "adam"}, {rmsprop_options{}, "rmsprop"}};
    for (const auto& [options, name] : cases) {
        const auto opt = make_optimizer(options, 3);
        BOOST_TEST(std::string(opt->name()) == name);
        BOOST_TEST(opt->base_learning_rate() == learning_rate_of(options));
    }
}

BOOST_AUTO_TEST_CASE(update_into_another_array_equals_the_step_in_place) {
    // every optimizer, several steps (so the state matters), with weight decay where it has one:
    // the out-of-place update leaves its input alone and writes what the in-place step writes
    const std::vector<optimizer_options> cases{
        sgd_options{.lr = 0.1, .weight_decay = 0.01}, momentum_options{.lr = 0.1, .momentum = 0.9, .weight_decay = 0.01},
        nesterov_options{.lr = 0.1, .momentum = 0.9}, adam_options{.lr = 0.1, .weight_decay = 0.01},
        rmsprop_options{.lr = 0.1, .momentum = 0.5, .centered = true}};
    for (const optimizer_options& options : cases) {
        const auto in_place = make_optimizer(options, 3), apart = make_optimizer(options, 3);
        std::vector<double> p{0.5, -1.25, 2}, q = p, updated(3);
        for (int step = 1; step <= 4; ++step) {
            const std::vector<double> g{p[0] * p[1], 1.0 / step, -p[2]};
            const std::vector<double> before = q;
            in_place->step(p, g, 0.1);
            apart->update(q, g, 0.1, updated);
            BOOST_TEST(q == before, apart->name() << " changed its input");
            BOOST_TEST(updated == p, tt::per_element());
            BOOST_TEST(updated != before, tt::per_element());
            q = updated;
        }
        std::vector<double> short_out(2);
        BOOST_CHECK_THROW(apart->update(q, q, 0.1, short_out), chainrule::usage_error);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(convergence)

namespace {

/// A convergence case: an optimizer, a problem, and the step budget it must meet.
struct convergence_case {
    std::string name;
    optimizer_options options;
    bool rosenbrock = false;
    std::size_t max_steps = 0;
};

std::ostream& operator<<(std::ostream& out, const convergence_case& c) { return out << c.name; }

/// Steps until |p - p*| < 1e-6 (quadratic) or 1e-4 (Rosenbrock), at most max_steps; nullopt if never.
std::optional<std::size_t> steps_to_converge(const convergence_case& c) {
    auto f = c.rosenbrock ? optim_test::rosenbrock() : optim_test::quadratic({1, 10}, {3, -1});
    std::vector<double> p = c.rosenbrock ? std::vector<double>{-1.2, 1} : std::vector<double>{0, 0};
    const std::vector<double> target = c.rosenbrock ? std::vector<double>{1, 1} : std::vector<double>{3, -1};
    const double tolerance = c.rosenbrock ? 1e-4 : 1e-6;
    const auto opt = make_optimizer(c.options, 2);
    std::vector<double> g(2);
    for (std::size_t step = 0; step <= c.max_steps; ++step) {
        if (optim_test::distance(p, target) < tolerance) return step;
        f.value_and_gradient(p, {}, g);
        opt->step(p, g, opt->base_learning_rate());
    }
    return std::nullopt;
}

// Budgets are about twice the steps measured here (the runs are deterministic). Rosenbrock from
// the standard start (-1.2, 1) follows the curved valley; RMSProp needs a small rate there, its
// steps being about lr in size whatever the gradient.
const std::vector<convergence_case> convergence_cases{
    {"sgd quadratic", sgd_options{.lr = 0.1}, false, 300},
    {"momentum quadratic", momentum_options{.lr = 0.02, .momentum = 0.9}, false, 500},
    {"nesterov quadratic", nesterov_options{.lr = 0.02, .momentum = 0.9}, false, 400},
    {"adam quadratic", adam_options{.lr = 0.1}, false, 500},
    {"rmsprop quadratic", rmsprop_options{.lr = 0.01}, false, 1200},
    {"sgd rosenbrock", sgd_options{.lr = 1e-3}, true, 40000},
    {"momentum rosenbrock", momentum_options{.lr = 1e-4, .momentum = 0.9}, true, 40000},
    {"nesterov rosenbrock", nesterov_options{.lr = 1e-4, .momentum = 0.9}, true, 40000},
    {"adam rosenbrock", adam_options{.lr = 1e-2}, true, 10000},
    {"rmsprop rosenbrock", rmsprop_options{.lr = 1e-4}, true, 60000},
};

}  // namespace

BOOST_DATA_TEST_CASE(converges_within_budget, bdata::make(convergence_cases), c) {
    const auto steps = steps_to_converge(c);
    BOOST_TEST_REQUIRE(steps.has_value(), c.name << " did not converge in " << c.max_steps << " steps");
    BOOST_TEST_MESSAGE(c.name << ": " << *steps << " steps");
}

BOOST_AUTO_TEST_SUITE_END()
