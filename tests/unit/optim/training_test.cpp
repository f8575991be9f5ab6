// The training loop: agreement with a hand-written loop, batches and shuffling, schedules and
// clipping inside the loop, early stopping restoring the best parameters, the non-finite stop
// keeping the last good parameters, the callback, and the checks before the first step.
#include "functions.hpp"

#include <chainrule/core/error.hpp>
#include <chainrule/optim/training.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <string>
#include <vector>

namespace tt = boost::test_tools;
using namespace chainrule::optim;

namespace {

/// Wraps an objective and records every batch it is asked for.
class recording_objective final : public objective {
public:
    explicit recording_objective(objective& inner) : inner_(inner) {}
    std::size_t parameters() const override { return inner_.parameters(); }
    std::size_t samples() const override { return inner_.samples(); }
    double value_and_gradient(std::span<const double> p, std::span<const std::size_t> batch,
                              std::span<double> g) override {
        if (recording) batches.emplace_back(batch.begin(), batch.end());
        return inner_.value_and_gradient(p, batch, g);
    }
    double value(std::span<const double> p, std::span<const std::size_t> batch) override {
        validation_calls.emplace_back(batch.begin(), batch.end());
        return inner_.value(p, batch);
    }
    bool recording = true;
    std::vector<std::vector<std::size_t>> batches;
    std::vector<std::vector<std::size_t>> validation_calls;

private:
    objective& inner_;
};

/// Samples 0..9: l_i = (p - t_i)^2 / 2 with t_i = 1 for i < 2 (the validation samples in the
/// early-stopping tests) and t_i = 2 otherwise.
per_sample_objective pulled_apart() {
    return per_sample_objective(1, 10, [](std::span<const double> p, std::size_t i, std::span<double> g) {
        const double t = i < 2 ? 1.0 : 2.0;
        g[0] = p[0] - t;
        return (p[0] - t) * (p[0] - t) / 2;
    });
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(training)

BOOST_AUTO_TEST_CASE(matches_a_hand_written_loop) {
    // no shuffling, batch 4 of 10 samples: batches {0..3}, {4..7}, {8, 9}; plain SGD
    auto f = optim_test::line_fit(10);
    std::vector<double> p{0.5, -0.5}, q = p;
    const training_options o{.optimizer = sgd_options{.lr = 0.3}, .epochs = 7, .batch_size = 4, .shuffle = false};
    const training_report r = train(f, p, o);
    std::vector<double> g(2);
    for (int epoch = 0; epoch < 7; ++epoch)
        for (std::size_t start = 0; start < 10; start += 4) {
            std::vector<std::size_t> batch;
            for (std::size_t i = start; i < std::min<std::size_t>(start + 4, 10); ++i) batch.push_back(i);
            f.value_and_gradient(q, batch, g);
            q[0] -= 0.3 * g[0];
            q[1] -= 0.3 * g[1];
        }
    BOOST_TEST(p == q, tt::per_element());  // bit for bit
    BOOST_TEST(r.steps == 21U);
    BOOST_TEST(r.epochs_completed == 7U);
    BOOST_TEST(r.samples_processed == 70U);
    BOOST_TEST(r.history.size() == 7U);
    BOOST_TEST((r.reason == stop_reason::completed));
    BOOST_TEST(r.final_train_loss == r.history.back().train_loss);
    BOOST_TEST(r.history.back().train_loss < r.history.front().train_loss);
}

BOOST_AUTO_TEST_CASE(function_objective_takes_one_step_per_epoch) {
    auto f = optim_test::quadratic({1, 10}, {3, -1});
    std::vector<double> p{0, 0};
    const training_report r = train(f, p, {.optimizer = adam_options{.lr = 0.1}, .epochs = 500});
    BOOST_TEST(r.steps == 500U);
    BOOST_TEST(optim_test::distance(p, std::vector<double>{3, -1}) < 1e-6);
    BOOST_TEST(r.samples_processed == 0U);
}

BOOST_AUTO_TEST_CASE(every_sample_once_per_epoch_and_reproducible) {
    auto inner = optim_test::line_fit(50);
    const training_options o{.optimizer = sgd_options{.lr = 0.01}, .epochs = 4, .batch_size = 7, .seed = 99};
    const auto run = [&](std::uint64_t seed) {
        recording_objective f(inner);
        std::vector<double> p{0, 0};
        training_options with_seed = o;
        with_seed.seed = seed;
        train(f, p, with_seed);
        return f.batches;
    };
    const auto batches = run(99);
    BOOST_TEST(batches.size() == 4U * 8U);  // ceil(50 / 7) = 8 steps per epoch
    std::vector<std::vector<std::size_t>> orders;
    for (std::size_t epoch = 0; epoch < 4; ++epoch) {
        std::vector<std::size_t> order;
        for (std::size_t b = 0; b < 8; ++b) {
            const auto& batch = batches[epoch * 8 + b];
            BOOST_TEST(batch.size() == (b < 7 ? 7U : 1U));
            order.insert(order.end(), batch.begin(), batch.end());
        }
        std::vector<std::size_t> sorted = order;
        std::sort(sorted.begin(), sorted.end());
        std::vector<std::size_t> all(50);
        std::iota(all.begin(), all.end(), std::size_t{0});
        BOOST_TEST(sorted == all);  // every sample exactly once
        orders.push_back(order);
    }
    BOOST_TEST(orders[0] != orders[1]);  // reshuffled every epoch
    BOOST_TEST(run(99) == batches);      // same seed, same order
    BOOST_TEST(run(100) != batches);     // another seed, another order
}

BOOST_AUTO_TEST_CASE(validation_samples_are_held_out) {
    auto inner = optim_test::line_fit(100);
    recording_objective f(inner);
    std::vector<double> p{0, 0};
    const training_report r =
        train(f, p, {.optimizer = sgd_options{.lr = 0.1}, .epochs = 3, .batch_size = 16,
                     .validation = validation_fraction{.fraction = 0.2}});
    BOOST_TEST(r.validation_samples == 20U);
    BOOST_TEST(r.training_samples == 80U);
    std::set<std::size_t> validation, trained;
    for (const auto& call : f.validation_calls) validation.insert(call.begin(), call.end());
    for (const auto& batch : f.batches) trained.insert(batch.begin(), batch.end());
    BOOST_TEST(validation.size() == 20U);
    BOOST_TEST(trained.size() == 80U);
    for (std::size_t i : validation) BOOST_TEST(!trained.count(i));
    for (const auto& record : r.history) BOOST_TEST(record.validation_loss.has_value());
    BOOST_TEST(r.final_validation_loss.has_value());
}

BOOST_AUTO_TEST_CASE(schedule_and_clipping_in_the_loop) {
    auto f = optim_test::quadratic({1}, {1000});
    std::vector<double> p{0};
    // clip norm 1, lr 1: every step moves exactly 1 toward 1000 (the gradient's norm is > 1);
    // step schedule halves the rate every 2 epochs: 1, 1, 0.5, 0.5, 0.25 -> p = 3.25
    const training_report r =
        train(f, p, {.optimizer = sgd_options{.lr = 1}, .learning_rate_schedule = step_schedule{.every = 2, .gamma = 0.5},
                     .epochs = 5, .clip = {.max_norm = 1}});
    BOOST_TEST(p[0] == 3.25, tt::tolerance(1e-5));
    BOOST_TEST(r.history[4].learning_rate == 0.25);
}

BOOST_AUTO_TEST_CASE(early_stopping_restores_the_best) {
    // one step per epoch on the 8 training samples (target 2), validation samples 0 and 1
    // (target 1); SGD lr 0.1 from 0: p_e = 2 (1 - 0.9^e) = 0.2, 0.38, 0.542, 0.6878, 0.81902,
    // 0.937118, 1.0434062, 1.13906558, ...; the validation loss (p - 1)^2 / 2 is least at
    // epoch 7 (|p - 1| = 0.0434062 < 0.062882); patience 3 stops after epoch 10.
    auto f = pulled_apart();
    std::vector<double> p{0};
    const training_report r =
        train(f, p, {.optimizer = sgd_options{.lr = 0.1}, .epochs = 100, .batch_size = 8, .shuffle = false,
                     .validation = validation_indices{{0, 1}}, .stop_early = early_stopping{.patience = 3}});
    BOOST_TEST((r.reason == stop_reason::early_stopped));
    BOOST_TEST(r.epochs_completed == 10U);
    BOOST_TEST(r.best_epoch == 7U);
    BOOST_TEST(r.restored_best);
    BOOST_TEST(p[0] == 1.0434062, tt::tolerance(1e-12));
    BOOST_TEST(*r.best_validation_loss == 0.0434062 * 0.0434062 / 2, tt::tolerance(1e-9));
    // min_delta 1: no later epoch improves by 1 on epoch 1's 0.32, so stop after epoch 4 with p_1
    std::vector<double> q{0};
    const training_report s =
        train(f, q, {.optimizer = sgd_options{.lr = 0.1}, .epochs = 100, .batch_size = 8, .shuffle = false,
                     .validation = validation_indices{{0, 1}}, .stop_early = early_stopping{.patience = 3, .min_delta = 1}});
    BOOST_TEST(s.epochs_completed == 4U);
    BOOST_TEST(s.best_epoch == 1U);
    BOOST_TEST(q[0] == 0.2, tt::tolerance(1e-14));
    // patience never runs out in 10 epochs: the run completes and still ends at epoch 7's p
    std::vector<double> u{0};
    const training_report c =
        train(f, u, {.optimizer = sgd_options{.lr = 0.1}, .epochs = 10, .batch_size = 8, .shuffle = false,
                     .validation = validation_indices{{0, 1}}, .stop_early = early_stopping{.patience = 50}});
    BOOST_TEST((c.reason == stop_reason::completed));
    BOOST_TEST(c.restored_best);
    BOOST_TEST(u[0] == 1.0434062, tt::tolerance(1e-12));
    // a requested stop keeps the current parameters: stop at the end of epoch 9 (p_9 = 2 (1 - 0.9^9))
    std::vector<double> w{0};
    const training_report d =
        train(f, w, {.optimizer = sgd_options{.lr = 0.1}, .epochs = 20, .batch_size = 8, .shuffle = false,
                     .validation = validation_indices{{0, 1}}, .stop_early = early_stopping{.patience = 50}},
              [](const progress& pr) {
                  return pr.kind == progress_kind::epoch && pr.epoch == 9 ? training_decision::stop
                                                                          : training_decision::proceed;
              });
    BOOST_TEST((d.reason == stop_reason::requested));
    BOOST_TEST(!d.restored_best);
    BOOST_TEST(w[0] == 2 * (1 - 0.387420489), tt::tolerance(1e-12));  // 0.9^9 = 0.387420489
}

BOOST_AUTO_TEST_CASE(value_then_gradient_packs_the_value_before_the_gradient) {
    // the default of objective::value_then_gradient, against value_and_gradient itself
    per_sample_objective f = optim_test::line_fit(6);
    const std::vector<double> params{0.25, -1.5};
    const std::size_t batch[] = {4, 1, 3};
    std::vector<double> gradient(2), packed(3);
    const double value = f.value_and_gradient(params, batch, gradient);
    f.value_then_gradient(params, batch, packed);
    BOOST_TEST(packed[0] == value);
    BOOST_TEST(packed[1] == gradient[0]);
    BOOST_TEST(packed[2] == gradient[1]);
    BOOST_TEST(gradient[0] != 0.0);
    std::vector<double> none;
    BOOST_CHECK_THROW(f.value_then_gradient(params, batch, none), chainrule::usage_error);
}

BOOST_AUTO_TEST_CASE(nan_loss_keeps_the_last_good_parameters) {
    // f(p) = p^2/2 + 0 sqrt(100 - p^2): NaN once |p| > 10. SGD lr 3: p <- p - 3p = -2p:
    // 1, -2, 4, -8, 16: step 5 evaluates 16 and gets NaN; step 4 (at -8) was the last good one
    function_objective f(1, [](std::span<const double> p, std::span<double> g) {
        g[0] = p[0];
        return p[0] * p[0] / 2 + 0 * std::sqrt(100 - p[0] * p[0]);
    });
    std::vector<double> p{1};
    const training_report r = train(f, p, {.optimizer = sgd_options{.lr = 3}, .epochs = 50});
    BOOST_TEST((r.reason == stop_reason::non_finite));
    BOOST_TEST_REQUIRE(r.non_finite.has_value());
    BOOST_TEST((r.non_finite->kind == non_finite_kind::loss));
    BOOST_TEST(r.non_finite->step == 5U);
    BOOST_TEST(r.non_finite->restored_step == 4U);
    BOOST_TEST(r.steps == 4U);
    BOOST_TEST(p[0] == -8.0);
    BOOST_TEST(contains(r.non_finite->message, "step 5"));
    BOOST_TEST(contains(r.non_finite->message, "smaller learning rate"));
    BOOST_TEST(r.epochs_completed == 4U);
}

BOOST_AUTO_TEST_CASE(overflow_names_epoch_and_batch) {
    // lr 1e200: step 1's update throws p to ~1e199, step 2's loss overflows to inf (epoch 1,
    // batch 2); the parameters evaluated at step 1, the initial ones, are kept
    auto f = optim_test::line_fit(10);
    std::vector<double> p{0.5, 0.25};
    const training_report r =
        train(f, p, {.optimizer = sgd_options{.lr = 1e200}, .epochs = 3, .batch_size = 5, .shuffle = false});
    BOOST_TEST_REQUIRE(r.non_finite.has_value());
    BOOST_TEST(r.non_finite->step == 2U);
    BOOST_TEST(r.non_finite->epoch == 1U);
    BOOST_TEST(r.non_finite->batch == 2U);
    BOOST_TEST(std::isinf(r.non_finite->value));
    BOOST_TEST(p == (std::vector<double>{0.5, 0.25}), tt::per_element());
    BOOST_TEST(contains(r.non_finite->message, "(epoch 1, batch 2)"));
    BOOST_TEST(r.history.empty());
}

BOOST_AUTO_TEST_CASE(nan_gradient_and_overflowing_update) {
    // a NaN gradient component at the first step: nothing is updated
    function_objective bad_gradient(2, [](std::span<const double>, std::span<double> g) {
        g[0] = 1;
        g[1] = std::numeric_limits<double>::quiet_NaN();
        return 1.0;
    });
    std::vector<double> p{1, 2};
    training_report r = train(bad_gradient, p, {.epochs = 3});
    BOOST_TEST_REQUIRE(r.non_finite.has_value());
    BOOST_TEST((r.non_finite->kind == non_finite_kind::gradient));
    BOOST_TEST(r.non_finite->component == 1U);
    BOOST_TEST(r.non_finite->restored_step == 0U);
    BOOST_TEST(p == (std::vector<double>{1, 2}), tt::per_element());
    // a NaN gradient at step 5 (p = 16, as in nan_loss_keeps_the_last_good_parameters): the
    // parameters of step 4 (-8), the last with a finite loss and gradient, are kept
    function_objective nan_beyond_ten(1, [](std::span<const double> x, std::span<double> g) {
        g[0] = x[0] + 0 * std::sqrt(10 - x[0]);
        return x[0] * x[0] / 2;
    });
    std::vector<double> s{1};
    r = train(nan_beyond_ten, s, {.optimizer = sgd_options{.lr = 3}, .epochs = 50});
    BOOST_TEST_REQUIRE(r.non_finite.has_value());
    BOOST_TEST((r.non_finite->kind == non_finite_kind::gradient));
    BOOST_TEST(r.non_finite->step == 5U);
    BOOST_TEST(r.non_finite->restored_step == 4U);
    BOOST_TEST(s[0] == -8.0);
    BOOST_TEST(contains(r.non_finite->message, "step 5 (epoch 5): gradient component 0 became NaN"));
    // an update that overflows: p - 1e308 * 1e10 = -inf; the step's own parameters are kept
    function_objective steep(1, [](std::span<const double>, std::span<double> g) {
        g[0] = 1e10;
        return 0.0;
    });
    std::vector<double> q{1};
    r = train(steep, q, {.optimizer = sgd_options{.lr = 1e308}, .epochs = 3});
    BOOST_TEST_REQUIRE(r.non_finite.has_value());
    BOOST_TEST((r.non_finite->kind == non_finite_kind::update));
    BOOST_TEST(r.non_finite->restored_step == 1U);
    BOOST_TEST(r.steps == 0U);
    BOOST_TEST(q[0] == 1.0);
}

BOOST_AUTO_TEST_CASE(callback_sees_progress_and_can_stop) {
    auto f = optim_test::line_fit(40);
    std::vector<double> p{0, 0};
    std::vector<progress> seen;
    const training_report r = train(
        f, p, {.optimizer = sgd_options{.lr = 0.1}, .epochs = 10, .batch_size = 10,
               .validation = validation_indices{{0, 1, 2, 3}}},
        [&](const progress& pr) {
            seen.push_back(pr);
            return pr.step == 6 && pr.kind == progress_kind::step ? training_decision::stop : training_decision::proceed;
        });
    // 36 training samples, batch 10: 4 steps per epoch; stopped at step 6 (epoch 2)
    BOOST_TEST((r.reason == stop_reason::requested));
    BOOST_TEST(r.steps == 6U);
    BOOST_TEST(r.epochs_completed == 1U);
    BOOST_TEST(seen.size() == 7U);  // steps 1-4, epoch 1, steps 5-6
    BOOST_TEST((seen[4].kind == progress_kind::epoch));
    BOOST_TEST(seen[4].validation_loss.has_value());
    BOOST_TEST(seen[4].steps_per_epoch == 4U);
    BOOST_TEST(seen[6].epoch == 2U);
    BOOST_TEST(seen[6].epochs == 10U);
    BOOST_TEST(seen[6].samples_per_second > 0);
    BOOST_TEST(r.samples_processed == 56U);  // 36 + 10 + 10
}

BOOST_AUTO_TEST_CASE(bad_options_throw_before_any_step) {
    auto f = optim_test::line_fit(10);
    std::vector<double> p{0, 0};
    const auto throws = [&](const training_options& o) {
        const std::vector<double> before = p;
        BOOST_CHECK_THROW(train(f, p, o), chainrule::usage_error);
        BOOST_TEST(p == before, tt::per_element());
    };
    throws({.batch_size = 0});
    throws({.stop_early = early_stopping{}});  // no validation split
    throws({.validation = validation_fraction{.fraction = 1}});
    throws({.validation = validation_fraction{.fraction = 0.01}});  // rounds to no validation samples
    throws({.validation = validation_indices{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}});
    throws({.learning_rate_schedule = step_schedule{.every = 0}});
    throws({.optimizer = adam_options{.beta2 = 1}});
    std::vector<double> wrong_size{0};
    BOOST_CHECK_THROW(train(f, wrong_size, {}), chainrule::usage_error);
    std::vector<double> not_finite{0, std::numeric_limits<double>::infinity()};
    BOOST_CHECK_THROW(train(f, not_finite, {}), chainrule::usage_error);
    auto g = optim_test::quadratic({1}, {0});
    std::vector<double> one{1};
    BOOST_CHECK_THROW(train(g, one, {.validation = validation_fraction{}}), chainrule::usage_error);
}

BOOST_AUTO_TEST_SUITE_END()
