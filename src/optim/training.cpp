#include "chainrule/optim/training.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/optim/shuffle.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <sstream>
#include <type_traits>

namespace chainrule::optim {

namespace {

using steady = std::chrono::steady_clock;

/// A number as people write it: 0.5, 1e-08, inf, NaN (whatever its sign bit).
std::string show(double x) {
    if (std::isnan(x)) return "NaN";
    std::ostringstream out;
    out << x;
    return out.str();
}

/// The index of the first non-finite value, or values.size() when all are finite. A
/// branch-free pass over the exponent bits first (it vectorises; every step runs it over all the
/// parameters), the early-exit search only when it finds something.
std::size_t first_non_finite(std::span<const double> values) {
    constexpr std::uint64_t exponent = 0x7ff0000000000000ULL;  // all ones: infinity or NaN
    std::uint64_t any = 0;
    for (double x : values) {
        std::uint64_t bits;
        std::memcpy(&bits, &x, sizeof bits);
        any |= static_cast<std::uint64_t>((bits & exponent) == exponent);
    }
    if (!any) return values.size();
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i])) return i;
    return values.size();
}

/// The training and validation samples the options ask for, checked.
split make_split(std::size_t samples, const training_options& o) {
    return std::visit(
        [&](const auto& v) -> split {
            using split_type = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<split_type, no_validation>) {
                split s;
                s.training.resize(samples);
                for (std::size_t i = 0; i < samples; ++i) s.training[i] = i;
                return s;
            } else {
                if (samples == 0) throw usage_error("train: an objective without samples cannot have a validation split");
                if constexpr (std::is_same_v<split_type, validation_fraction>) {
                    if (!(v.fraction > 0 && v.fraction < 1))
                        throw usage_error("train: the validation fraction must be in (0, 1), got " + show(v.fraction));
                    const auto count = static_cast<std::size_t>(std::llround(v.fraction * static_cast<double>(samples)));
                    if (count == 0 || count >= samples)
                        throw usage_error("train: a validation fraction of " + show(v.fraction) + " of " +
                                          std::to_string(samples) + " samples leaves " +
                                          (count == 0 ? "no validation samples" : "no training samples"));
                    return random_split(samples, count, o.seed ^ validation_seed_mix);
                } else {
                    static_assert(std::is_same_v<split_type, validation_indices>);
                    split s = explicit_split(samples, v.indices);
                    if (s.validation.empty()) throw usage_error("train: the validation index list is empty");
                    if (s.training.empty()) throw usage_error("train: every sample is held out for validation");
                    return s;
                }
            }
        },
        o.validation);
}

/// Every option checked before the first step, so that nothing half-done is reported.
void check_options(const objective& f, std::span<const double> params, const training_options& o, const split& data,
                   double base_rate) {
    if (params.size() != f.parameters())
        throw usage_error("train: the objective has " + std::to_string(f.parameters()) + " parameters, given " +
                          std::to_string(params.size()) + " values");
    if (const std::size_t k = first_non_finite(params); k < params.size())
        throw usage_error("train: initial parameter " + std::to_string(k) + " is " + show(params[k]));
    if (o.batch_size == 0) throw usage_error("train: the batch size must be at least 1");
    if (f.samples() > 0 && data.training.empty()) throw usage_error("train: no training samples");
    if (o.stop_early) {
        if (data.validation.empty()) throw usage_error("train: early stopping needs a validation split");
        if (o.stop_early->patience == 0) throw usage_error("train: early stopping patience must be at least 1");
        if (!(o.stop_early->min_delta >= 0 && std::isfinite(o.stop_early->min_delta)))
            throw usage_error("train: early stopping min_delta must be finite and >= 0");
    }
    if (!(o.clip.max_value >= 0 && o.clip.max_norm >= 0))
        throw usage_error("train: clipping bounds must be >= 0 (0 for off)");
    for (std::size_t e = 0; e < o.epochs; ++e) (void)learning_rate_at(o.learning_rate_schedule, base_rate, e, o.epochs);
}

/// The mean loss over `samples`, evaluated in chunks of `chunk` samples.
double mean_loss(objective& f, std::span<const double> params, std::span<const std::size_t> samples, std::size_t chunk) {
    double total = 0;
    for (std::size_t start = 0; start < samples.size(); start += chunk) {
        const auto part = samples.subspan(start, std::min(chunk, samples.size() - start));
        total += f.value(params, part) * static_cast<double>(part.size());
    }
    return total / static_cast<double>(samples.size());
}

std::string what_became(const non_finite_event& e) {
    switch (e.kind) {
    case non_finite_kind::loss: return "the loss became " + show(e.value);
    case non_finite_kind::gradient:
        return "gradient component " + std::to_string(e.component) + " became " + show(e.value);
    case non_finite_kind::update:
        return "the update made parameter " + std::to_string(e.component) + " " + show(e.value);
    case non_finite_kind::validation: return "the validation loss became " + show(e.value);
    }
    return {};
}

}  // namespace

std::string describe(const non_finite_event& e) {
    std::string where = "training stopped at step " + std::to_string(e.step) + " (epoch " + std::to_string(e.epoch);
    where += e.kind == non_finite_kind::validation ? ", end of epoch)"
             : e.batch > 0                             ? ", batch " + std::to_string(e.batch) + ")"
                                                       : ")";
    const std::string kept = e.restored_step == 0 ? "the initial parameters are kept"
                                                  : "the parameters of step " + std::to_string(e.restored_step) + " are kept";
    const std::string cause = e.cause.empty() ? "" : ": " + e.cause;
    // the loss or gradient of step 1 is that of the initial parameters: no update came before it
    const bool initial = e.step == 1 && (e.kind == non_finite_kind::loss || e.kind == non_finite_kind::gradient);
    if (initial)
        return where + ": " + what_became(e) + " at the initial parameters" + cause +
               " (before any update: the learning rate plays no part; " + kept + ")";
    return where + ": " + what_became(e) + " at learning rate " + show(e.learning_rate) + cause +
           "; try a smaller learning rate (" + kept + ")";
}

training_report train(objective& f, std::span<double> params, const training_options& o,
                      const progress_callback& callback) {
    const std::size_t n = f.samples(), p = f.parameters();
    const split data = make_split(n, o);
    const auto opt = make_optimizer(o.optimizer, p);
    const double base_rate = opt->base_learning_rate();
    check_options(f, params, o, data, base_rate);

    training_report report;
    report.training_samples = data.training.size();
    report.validation_samples = data.validation.size();
    report.final_train_loss = std::numeric_limits<double>::quiet_NaN();
    const bool has_samples = n > 0;
    const std::size_t steps_per_epoch = has_samples ? (data.training.size() + o.batch_size - 1) / o.batch_size : 1;
    const double min_delta = o.stop_early ? o.stop_early->min_delta : 0;

    random_stream stream(o.seed);
    std::vector<std::size_t> order = data.training;
    // the loss in packed[0], the gradient after it: the compiled evaluators' layout
    std::vector<double> packed(p + 1);
    const std::span<double> gradient = std::span(packed).subspan(1);
    // Three arrays of parameters, rotated each step rather than copied: `current`, those the
    // step evaluates; `next`, which the update writes; `previous`, those of the step before, the
    // last ones whose loss and gradient are known to be finite (restored when this step's are
    // not). `params` receives the result at the end.
    std::vector<double> current(params.begin(), params.end()), next(p), previous(params.begin(), params.end());
    std::vector<double> best;                                     // the parameters of best_epoch (early stopping)
    std::size_t epochs_without_improvement = 0;
    const auto start = steady::now();
    const auto seconds = [&] { return std::chrono::duration<double>(steady::now() - start).count(); };
    const auto make_progress = [&](progress_kind kind, std::size_t epoch, double loss, double lr) {
        progress pr;
        pr.kind = kind;
        pr.epoch = epoch;
        pr.epochs = o.epochs;
        pr.step = report.steps;
        pr.steps_per_epoch = steps_per_epoch;
        pr.train_loss = loss;
        pr.learning_rate = lr;
        pr.seconds = seconds();
        pr.samples_per_second = pr.seconds > 0 ? static_cast<double>(report.samples_processed) / pr.seconds : 0;
        return pr;
    };
    // restores `kept`, the parameters of event.restored_step
    const auto stop_non_finite = [&](non_finite_event event, const std::vector<double>& kept) {
        event.message = describe(event);
        std::copy(kept.begin(), kept.end(), params.begin());
        report.reason = stop_reason::non_finite;
        report.non_finite = std::move(event);
    };

    bool stopped = false;
    for (std::size_t epoch = 1; epoch <= o.epochs && !stopped; ++epoch) {
        const double lr = learning_rate_at(o.learning_rate_schedule, base_rate, epoch - 1, o.epochs);
        if (o.shuffle && has_samples) shuffle(order, stream);
        double epoch_sum = 0, epoch_weight = 0;

        // the steps of the epoch
        for (std::size_t b = 0; b < steps_per_epoch; ++b) {
            const std::span<const std::size_t> batch =
                has_samples ? std::span<const std::size_t>(order).subspan(
                                  b * o.batch_size, std::min(o.batch_size, order.size() - b * o.batch_size))
                            : std::span<const std::size_t>();
            const std::size_t step = report.steps + 1;
            non_finite_event event;
            event.step = step;
            event.epoch = epoch;
            event.batch = has_samples ? b + 1 : 0;
            event.learning_rate = lr;
            event.restored_step = step - 1;
            f.value_then_gradient(current, batch, packed);
            const double loss = packed[0];
            if (!std::isfinite(loss)) {
                event.value = loss;
                event.evaluated = current;
                event.samples.assign(batch.begin(), batch.end());
                stop_non_finite(event, previous);
                stopped = true;
                break;
            }
            // A non-finite gradient component makes its parameter non-finite under every
            // optimizer (p - lr NaN, p - lr inf, Adam's inf/inf), so one scan of the updated
            // parameters finds it; the gradient is scanned only then, to say which it was.
            // (Clipping by value turns an infinite component into +-max_value, NaN stays NaN.)
            clip(gradient, o.clip);
            opt->update(current, gradient, lr, next);
            if (const std::size_t k = first_non_finite(next); k < p) {
                if (const std::size_t j = first_non_finite(gradient); j < p) {
                    event.kind = non_finite_kind::gradient;
                    event.component = j;
                    event.value = gradient[j];
                    event.evaluated = current;
                    event.samples.assign(batch.begin(), batch.end());
                    stop_non_finite(event, previous);
                } else {
                    event.kind = non_finite_kind::update;
                    event.component = k;
                    event.value = next[k];
                    event.restored_step = step;  // the parameters of this step were evaluated fine
                    stop_non_finite(event, current);
                }
                stopped = true;
                break;
            }
            // previous <- current <- next; the old previous becomes the next one to write
            previous.swap(current);
            current.swap(next);
            report.steps = step;
            report.samples_processed += batch.size();
            const double weight = has_samples ? static_cast<double>(batch.size()) : 1.0;
            epoch_sum += loss * weight;
            epoch_weight += weight;
            if (callback && o.step_callback_every > 0 && step % o.step_callback_every == 0 &&
                callback(make_progress(progress_kind::step, epoch, loss, lr)) == training_decision::stop) {
                report.reason = stop_reason::requested;
                stopped = true;
                break;
            }
        }
        if (stopped) break;

        // the end of the epoch: its mean loss, the validation loss, early stopping
        epoch_record record{.epoch = epoch, .train_loss = epoch_sum / epoch_weight, .validation_loss = {},
                            .learning_rate = lr};
        if (!data.validation.empty()) {
            const double v = mean_loss(f, current, data.validation, o.batch_size);
            if (!std::isfinite(v)) {
                non_finite_event event;
                event.kind = non_finite_kind::validation;
                event.step = report.steps;
                event.epoch = epoch;
                event.value = v;
                event.learning_rate = lr;
                event.restored_step = report.steps;
                event.evaluated = current;
                event.samples = data.validation;
                stop_non_finite(event, previous);
                break;
            }
            record.validation_loss = v;
            if (!report.best_validation_loss || v < *report.best_validation_loss - min_delta) {
                report.best_validation_loss = v;
                report.best_epoch = epoch;
                epochs_without_improvement = 0;
                if (o.stop_early) best = current;
            } else {
                ++epochs_without_improvement;
            }
        }
        report.history.push_back(record);
        report.epochs_completed = epoch;
        report.final_train_loss = record.train_loss;
        report.final_validation_loss = record.validation_loss;
        if (callback) {
            progress pr = make_progress(progress_kind::epoch, epoch, record.train_loss, lr);
            pr.validation_loss = record.validation_loss;
            if (callback(pr) == training_decision::stop) {
                report.reason = stop_reason::requested;
                break;
            }
        }
        if (o.stop_early && epochs_without_improvement >= o.stop_early->patience) {
            report.reason = stop_reason::early_stopped;
            break;
        }
    }

    if (report.reason != stop_reason::non_finite) std::copy(current.begin(), current.end(), params.begin());
    // early stopping ends with the best epoch's parameters (unless stopped on request or by NaN)
    if (o.stop_early && !best.empty() &&
        (report.reason == stop_reason::completed || report.reason == stop_reason::early_stopped) &&
        report.best_epoch < report.epochs_completed) {
        std::copy(best.begin(), best.end(), params.begin());
        report.restored_best = true;
    }
    report.seconds = seconds();
    report.samples_per_second =
        report.seconds > 0 ? static_cast<double>(report.samples_processed) / report.seconds : 0;
    return report;
}

}  // namespace chainrule::optim
