// The training benchmark of issue 6: microseconds per SGD step and time to reach a target
// loss, for chainrule's evaluator tiers, the session, and a hand-written C++ step
// (train_handwritten.cpp, -O2), on the models of the issue. bench/run_train runs it, one
// process per model and tier (so that the peak memory is that tier's), runs PyTorch
// (bench/train_torch.py) on the same files, and prints the table.
//
//   train prepare DIR              writes DIR/<model>.w0.json (the initial weights, chainrule's
//                                  param file format), DIR/<model>.chain and DIR/softmax.csv;
//                                  prints one `model=... key=value` line per model
//   train race MODEL DIR [--runs N]
//                                  per-step times of hand, cc, cc_direct, tcc and interpreter,
//                                  their runs interleaved round-robin in one process (default 11)
//   train run MODEL TIER DIR [--runs N]
//                                  TIER: interpreter | tcc | cc | cc_direct | session | hand;
//                                  prints one line. cc_direct: the cc evaluator called in a plain
//                                  loop with an inline SGD update, without optim::train (to
//                                  show what the training loop adds)
//
// Every tier starts from the same weights and takes the batches in file order (no shuffle),
// so all follow the same trajectory up to rounding: the steps to the target agree, and the
// time to it is a per-step cost times the same steps. Per step: the median over runs of (time
// of optim::train over E epochs) / steps, E chosen so that one run lasts about 0.2 s. Time to
// target: train from the initial weights until an epoch's mean loss (the mean of its batch
// losses) is below the target; the median of up to 3 runs. One-off cost, apart: derive
// (parse, lower, reverse sweep and CSE), emit (C source) and compile (libtcc, cc -O2 with the
// object cache off, or the interpreter's register program).
#include "train_handwritten.hpp"
#include "train_models.hpp"

#include "chainrule/codegen/emit_c.hpp"
#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/lang/session.hpp"
#include "chainrule/optim/evaluator_objective.hpp"
#include "chainrule/optim/training.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <numeric>
#include <string>
#include <sys/resource.h>
#include <time.h>
#include <vector>

using namespace chainrule;
using clock_type = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

using namespace bench;

/// Wall seconds after which a run to the target stops (the interpreter's may take minutes):
/// $CHAINRULE_BENCH_TARGET_CAP, default 60.
const double time_cap_s = [] {
    const char* v = std::getenv("CHAINRULE_BENCH_TARGET_CAP");
    return v && *v ? std::stod(v) : 60.0;
}();

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// CPU time of this thread: the machine is shared, and wall time counts other processes' turns.
double cpu_seconds() {
    timespec t{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

long peak_kb() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

// --- measuring

/// What one tier does: train from `params` for `epochs` epochs (or until an epoch's mean loss is
/// below `target`, when given, or `time_cap_s` has passed) and return the steps and epochs taken.
struct run_outcome {
    std::size_t steps = 0;
    std::size_t epochs = 0;
    double last_epoch_loss = 0;
};
using trainer = std::function<run_outcome(std::vector<double>& params, std::size_t epochs, std::optional<double> target)>;

struct timings {
    double step_us = 0;
    std::size_t epochs_per_run = 0;
    std::size_t runs = 0;
    double target_s = 0;
    std::size_t target_epochs = 0, target_steps = 0;
    bool reached = false;
    double final_loss = 0;
};

timings measure(const model_spec& m, const std::vector<double>& w0, const trainer& train, std::size_t runs) {
    timings t;
    // calibrate on one epoch (also the warm-up)
    std::vector<double> p = w0;
    double start = cpu_seconds();
    train(p, 1, std::nullopt);
    const double one = (cpu_seconds() - start);
    t.epochs_per_run = std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(0.2 / std::max(one, 1e-9))), 1, 2000);
    t.runs = one > 2 ? 1 : runs;
    std::vector<double> per_step;
    for (std::size_t r = 0; r < t.runs; ++r) {
        p = w0;
        start = cpu_seconds();
        const run_outcome o = train(p, t.epochs_per_run, std::nullopt);
        per_step.push_back((cpu_seconds() - start) / static_cast<double>(o.steps) * 1e6);
    }
    t.step_us = median(per_step);
    // time to the target
    std::vector<double> times;
    double used = 0;
    for (std::size_t r = 0; r < 3 && (r == 0 || used < 10); ++r) {
        p = w0;
        start = cpu_seconds();
        const run_outcome o = train(p, m.max_epochs, m.target);
        const double s = (cpu_seconds() - start);
        used += s;
        times.push_back(s);
        t.target_epochs = o.epochs, t.target_steps = o.steps, t.final_loss = o.last_epoch_loss;
        t.reached = o.last_epoch_loss < m.target;
        if (!t.reached) break;
    }
    t.target_s = median(times);
    return t;
}

/// The hand-written loop: epochs of in-order batches of sgd_step.
trainer hand_trainer(const model_spec& m, const std::vector<double>& rows) {
    const std::size_t n = rows.size() / m.mlp.row_width();
    auto order = std::make_shared<std::vector<std::size_t>>(n);
    std::iota(order->begin(), order->end(), std::size_t{0});
    auto gradient = std::make_shared<std::vector<double>>(m.mlp.params());
    return [&m, &rows, order, gradient, n](std::vector<double>& p, std::size_t epochs, std::optional<double> target) {
        run_outcome o;
        const auto start = clock_type::now();
        for (std::size_t e = 0; e < epochs; ++e) {
            double sum = 0;
            for (std::size_t b = 0; b < n; b += m.batch) {
                const std::size_t size = std::min(m.batch, n - b);
                const double loss = bench::sgd_step(m.mlp, rows.data(), std::span(*order).subspan(b, size), p.data(),
                                                    gradient->data(), m.lr);
                sum += loss * static_cast<double>(size);
                ++o.steps;
            }
            ++o.epochs;
            o.last_epoch_loss = sum / static_cast<double>(n);
            if (target && (o.last_epoch_loss < *target || seconds_since(start) > time_cap_s)) break;
        }
        return o;
    };
}

/// chainrule's loop: optim::train on an evaluator_objective, no callback when timing steps, an
/// epoch-only callback when running to the target.
trainer evaluator_trainer(const model_spec& m, optim::evaluator_objective& objective) {
    return [&m, &objective](std::vector<double>& p, std::size_t epochs, std::optional<double> target) {
        optim::training_options o;
        o.optimizer = optim::sgd_options{m.lr, 0};
        o.epochs = epochs;
        o.batch_size = m.batch;
        o.shuffle = false;
        o.step_callback_every = 0;
        optim::progress_callback callback;
        if (target)
            callback = [target](const optim::progress& pr) {
                return pr.train_loss < *target || pr.seconds > time_cap_s ? optim::training_decision::stop
                                                                          : optim::training_decision::proceed;
            };
        const optim::training_report r = optim::train(objective, p, o, callback);
        return run_outcome{r.steps, r.epochs_completed, r.final_train_loss};
    };
}

/// The evaluator without optim::train: the batch's rows passed in place (in file order they are
/// contiguous), then p <- p - lr g; what optim::train and evaluator_objective add is the
/// difference from evaluator_trainer.
trainer direct_trainer(const model_spec& m, const codegen::evaluator& e, const std::vector<double>& rows) {
    const std::size_t width = m.mlp.row_width(), n = rows.size() / width;
    auto out = std::make_shared<std::vector<double>>(1 + e.param_count());
    return [&m, &e, &rows, out, width, n](std::vector<double>& p, std::size_t epochs, std::optional<double> target) {
        run_outcome o;
        const auto start = clock_type::now();
        for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
            double sum = 0;
            for (std::size_t b = 0; b < n; b += m.batch) {
                const std::size_t size = std::min(m.batch, n - b);
                e.evaluate_into(std::span(rows).subspan(b * width, size * width), p, codegen::reduction::mean, *out);
                const double* g = out->data() + 1;
                for (std::size_t k = 0; k < p.size(); ++k) p[k] -= m.lr * g[k];
                sum += (*out)[0] * static_cast<double>(size);
                ++o.steps;
            }
            ++o.epochs;
            o.last_epoch_loss = sum / static_cast<double>(n);
            if (target && (o.last_epoch_loss < *target || seconds_since(start) > time_cap_s)) break;
        }
        return o;
    };
}

/// The largest relative difference between two parameter vectors (scaled by max(1, |b|)).
double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
    double worst = 0;
    for (std::size_t k = 0; k < a.size(); ++k) worst = std::max(worst, std::fabs(a[k] - b[k]) / std::max(1.0, std::fabs(b[k])));
    return worst;
}

void print(const model_spec& m, const std::string& tier, const timings& t, const std::string& extra) {
    std::printf("model=%s tier=%s batch=%zu params=%zu step_us=%.4g runs=%zu epochs_per_run=%zu target=%g target_s=%.4g "
                "target_epochs=%zu target_steps=%zu reached=%d final_loss=%.6g peak_kb=%ld%s\n",
                m.name.c_str(), tier.c_str(), m.batch, m.mlp.params(), t.step_us, t.runs, t.epochs_per_run, m.target,
                t.target_s, t.target_epochs, t.target_steps, t.reached ? 1 : 0, t.final_loss, peak_kb(), extra.c_str());
    std::fflush(stdout);
}

/// The session tier: the whole program with its `train` statement, the evaluator chosen
/// automatically; per step from the report, time to target through the progress callback.
int run_session(const model_spec& m, const fs::path& dir, std::size_t runs) {
    const std::string base = chain_program(m) + "data \"" + data_file(m, dir) + "\"\n";
    const auto train_line = [&](std::size_t epochs) {
        return "train L by sgd(lr = " + number(m.lr) + ", shuffle = 0) epochs " + std::to_string(epochs) + " batch " +
               std::to_string(m.batch) + "\n";
    };
    const std::string file = (dir / (m.name + ".chain")).string();
    // one run in a fresh session: the train result, and the thread CPU time from the first
    // step to the last epoch's end, taken by the progress callback (called after every step,
    // as `chainrule train` has it)
    struct session_run {
        lang::train_result result;
        double cpu_s = 0;
    };
    const auto run = [&](std::size_t epochs, std::optional<double> target) {
        double first = 0, last = 0;
        lang::session_options options;
        options.progress = [target, &first, &last](const optim::progress& pr) {
            if (pr.kind == optim::progress_kind::step) {
                if (pr.step == 1) first = cpu_seconds();
                return optim::training_decision::proceed;
            }
            last = cpu_seconds();
            return target && (pr.train_loss < *target || pr.seconds > time_cap_s) ? optim::training_decision::stop
                                                                                : optim::training_decision::proceed;
        };
        lang::session s(std::move(options));
        const std::string text = base + train_line(epochs);
        for (const lang::result& r : s.run_program(text, file)) {
            if (r.kind() == lang::result_kind::error) {
                std::cerr << "train: " << file << ":" << r.line() << ": " << r.as<lang::error_result>().error.message << "\n";
                std::exit(1);
            }
            if (r.kind() == lang::result_kind::train) return session_run{r.as<lang::train_result>(), last - first};
        }
        std::cerr << "train: no train result\n";
        std::exit(1);
    };
    timings t;
    const session_run first = run(1, std::nullopt);
    const double one = first.result.report.seconds;
    t.epochs_per_run = std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(0.2 / std::max(one, 1e-9))), 2, 2000);
    t.runs = runs;
    std::vector<double> per_step, setup;
    std::string backend;
    for (std::size_t r = 0; r < runs; ++r) {
        const session_run sr = run(t.epochs_per_run, std::nullopt);
        per_step.push_back(sr.cpu_s / static_cast<double>(sr.result.report.steps - 1) * 1e6);
        setup.push_back(sr.result.setup_seconds);
        backend = sr.result.backend;
    }
    t.step_us = median(per_step);
    const session_run to_target = run(m.max_epochs, m.target);
    const optim::training_report& report = to_target.result.report;
    t.target_s = to_target.cpu_s;
    t.target_epochs = report.epochs_completed;
    t.target_steps = report.steps;
    t.final_loss = report.final_train_loss;
    t.reached = t.final_loss < m.target;
    char extra[160];
    std::snprintf(extra, sizeof extra, " backend=%s setup_s=%.4g target_backend=%s target_setup_s=%.4g",
                  backend.c_str(), median(setup), to_target.result.backend.c_str(), to_target.result.setup_seconds);
    print(m, "session", t, extra);
    return 0;
}

/// The chain program's model program, built in a session (declarations and definitions), with
/// the time it took.
struct derived {
    std::unique_ptr<lang::session> session = std::make_unique<lang::session>();
    codegen::model_program program;
    double seconds = 0;
};

derived derive(const model_spec& m, const fs::path& dir) {
    derived d;
    const auto start = clock_type::now();
    lang::session& s = *d.session;
    for (const lang::result& r : s.run_program(chain_program(m), (dir / (m.name + ".chain")).string()))
        if (!r.ok()) {
            std::cerr << "train: the chain program failed at line " << r.line() << "\n";
            std::exit(1);
        }
    std::vector<node_id> inputs, params;
    for (const lang::symbol_entry& e : s.symbols().all()) {
        if (e.kind == lang::symbol_kind::input) inputs.insert(inputs.end(), e.value.elements.begin(), e.value.elements.end());
        if (e.kind == lang::symbol_kind::param) params.insert(params.end(), e.value.elements.begin(), e.value.elements.end());
    }
    const node_id loss = s.symbols().find("L")->value.elements.front();
    d.program = codegen::make_model_program(s.model(), loss, inputs, params);
    d.seconds = seconds_since(start);
    return d;
}

std::unique_ptr<codegen::evaluator> build(const derived& d, codegen::backend kind) {
    codegen::evaluator_options how;
    how.kind = kind;
    how.cc.use_cache = false;
    return codegen::make_evaluator(d.session->model(), d.program, how);
}

/// Per-step times of the tiers side by side: the runs interleaved round-robin in one process,
/// so that a change in the machine's load reaches every tier alike (the shared machine moved
/// separate processes' times by up to 1.5x). One line per tier with race_step_us.
int race(const model_spec& m, const fs::path& dir, std::size_t runs) {
    const std::vector<double> rows = data_rows(m);
    const std::vector<double> w0 = initial_weights(m);
    const std::size_t samples = rows.size() / m.mlp.row_width();
    const derived d = derive(m, dir);
    const auto cc = build(d, codegen::backend::cc), tcc = build(d, codegen::backend::tcc),
               interpreter = build(d, codegen::backend::interpreter);
    optim::evaluator_objective cc_objective(*cc, rows, samples), tcc_objective(*tcc, rows, samples),
        interpreter_objective(*interpreter, rows, samples);
    const std::vector<std::pair<std::string, trainer>> tiers = {
        {"hand", hand_trainer(m, rows)},
        {"cc", evaluator_trainer(m, cc_objective)},
        {"cc_direct", direct_trainer(m, *cc, rows)},
        {"tcc", evaluator_trainer(m, tcc_objective)},
        {"interpreter", evaluator_trainer(m, interpreter_objective)},
    };
    // calibrate each tier on one epoch (also its warm-up): runs of about 0.1 s
    std::vector<std::size_t> epochs;
    for (const auto& [name, train] : tiers) {
        std::vector<double> p = w0;
        const double start = cpu_seconds();
        train(p, 1, std::nullopt);
        epochs.push_back(std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(0.1 / std::max(cpu_seconds() - start, 1e-9))), 1, 2000));
    }
    std::vector<std::vector<double>> per_step(tiers.size());
    for (std::size_t r = 0; r < runs; ++r)
        for (std::size_t k = 0; k < tiers.size(); ++k) {
            std::vector<double> p = w0;
            const double start = cpu_seconds();
            const run_outcome o = tiers[k].second(p, epochs[k], std::nullopt);
            per_step[k].push_back((cpu_seconds() - start) / static_cast<double>(o.steps) * 1e6);
        }
    for (std::size_t k = 0; k < tiers.size(); ++k) {
        const auto [low, high] = std::minmax_element(per_step[k].begin(), per_step[k].end());
        std::printf("model=%s tier=%s race_step_us=%.4g race_min_us=%.4g race_max_us=%.4g race_runs=%zu\n",
                    m.name.c_str(), tiers[k].first.c_str(), median(per_step[k]), *low, *high, runs);
    }
    return 0;
}

int run(const std::string& name, const std::string& tier, const fs::path& dir, std::size_t runs) {
    const model_spec& m = find_model(name);
    if (tier == "session") return run_session(m, dir, runs);
    const std::vector<double> rows = data_rows(m);
    const std::vector<double> w0 = initial_weights(m);
    if (tier == "hand") {
        print(m, tier, measure(m, w0, hand_trainer(m, rows), runs), "");
        return 0;
    }
    codegen::backend kind = codegen::backend::interpreter;
    if (tier == "tcc") kind = codegen::backend::tcc;
    else if (tier == "cc" || tier == "cc_direct") kind = codegen::backend::cc;
    else if (tier != "interpreter") {
        std::cerr << "train: unknown tier '" << tier << "' (interpreter, tcc, cc, cc_direct, session, hand)\n";
        return 2;
    }

    const derived d = derive(m, dir);
    const double derive_s = d.seconds;
    const codegen::model_program& program = d.program;
    const lang::session& s = *d.session;

    // emit (timed apart; make_evaluator emits again), compile
    auto start = clock_type::now();
    const codegen::c_source source = codegen::emit_c(s.model(), program.program, program.layout);
    const double emit_s = seconds_since(start);
    start = clock_type::now();
    const std::unique_ptr<codegen::evaluator> e = build(d, kind);
    const double build_s = seconds_since(start);

    const std::size_t samples = rows.size() / m.mlp.row_width();
    optim::evaluator_objective objective(*e, rows, samples);
    const trainer mine = tier == "cc_direct" ? direct_trainer(m, *e, rows) : evaluator_trainer(m, objective);
    // agreement with the hand-written step: one epoch from the same weights
    std::vector<double> a = w0, b = w0;
    mine(a, 1, std::nullopt);
    hand_trainer(m, rows)(b, 1, std::nullopt);
    const timings t = measure(m, w0, mine, runs);
    char extra[240];
    std::snprintf(extra, sizeof extra,
                  " statements=%zu source_bytes=%zu derive_s=%.4g emit_s=%.4g build_s=%.4g compile_s=%.4g agree=%.2g",
                  source.statements, source.text.size(), derive_s, emit_s, build_s, e->compile_seconds(),
                  max_difference(a, b));
    print(m, tier, t, extra);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 2 && args[0] == "prepare") return prepare(args[1]);
    if ((args.size() == 3 || args.size() == 5) && args[0] == "race") {
        std::size_t runs = 11;
        if (args.size() == 5 && args[3] == "--runs") runs = static_cast<std::size_t>(std::stoul(args[4]));
        return race(find_model(args[1]), args[2], std::max<std::size_t>(runs, 1));
    }
    if ((args.size() == 4 || args.size() == 6) && args[0] == "run") {
        std::size_t runs = 5;
        if (args.size() == 6 && args[4] == "--runs") runs = static_cast<std::size_t>(std::stoul(args[5]));
        return run(args[1], args[2], args[3], std::max<std::size_t>(runs, 1));
    }
    std::cerr << "usage: train prepare DIR\n"
                 "       train race MODEL DIR [--runs N]       (per-step times of the C++ tiers, interleaved)\n"
                 "       train run MODEL TIER DIR [--runs N]   (TIER: interpreter, tcc, cc, cc_direct, session, hand)\n";
    return 2;
}
