#pragma once
/// \file
/// The training loop: minibatch gradient descent on an objective, epoch by epoch, with seeded
/// shuffling, a learning-rate schedule, gradient clipping, a validation split with early
/// stopping, a progress callback that may stop the run, and a stop on a non-finite loss,
/// gradient or update that never leaves NaN in the parameters.

#include "chainrule/optim/clipping.hpp"
#include "chainrule/optim/objective.hpp"
#include "chainrule/optim/optimizers.hpp"
#include "chainrule/optim/schedule.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace chainrule::optim {

/// No validation: every sample is trained on.
struct no_validation {};

/// Hold out round(fraction N) samples, chosen by random_split with seed
/// training_options::seed ^ validation_seed_mix; 0 < fraction < 1, and at least one sample must
/// remain on each side.
struct validation_fraction {
    double fraction = 0.2;
};

/// Hold out exactly these samples (indices < N, no repeats).
struct validation_indices {
    std::vector<std::size_t> indices = {};
};

/// Which samples are held out of training (and of shuffling) to measure the validation loss.
using validation_split = std::variant<no_validation, validation_fraction, validation_indices>;

/// Mixed into the seed of a validation_fraction split so that it does not follow the shuffle.
inline constexpr std::uint64_t validation_seed_mix = 0x9e3779b97f4a7c15ULL;

/// Stop when the validation loss has not improved for `patience` epochs, and end the run with
/// the parameters of the best epoch. An epoch improves when its validation loss is below
/// best - min_delta. Needs a validation split.
struct early_stopping {
    std::size_t patience = 10;  ///< epochs without improvement before stopping, >= 1
    double min_delta = 0;       ///< the least decrease that counts as an improvement, >= 0
};

/// How to train.
struct training_options {
    optimizer_options optimizer = sgd_options{};  ///< the method and its hyper-parameters
    schedule learning_rate_schedule = constant_schedule{};  ///< scales the optimizer's lr per epoch
    std::size_t epochs = 1;         ///< passes over the training samples
    std::size_t batch_size = 32;    ///< samples per step, >= 1; the last batch of an epoch may be smaller
    std::uint64_t seed = 1;         ///< seeds the shuffle stream (and, mixed, the validation split)
    bool shuffle = true;            ///< shuffle the training samples at the start of every epoch
    clipping clip = {};             ///< gradient clipping (off by default)
    validation_split validation = no_validation{};  ///< held-out samples
    std::optional<early_stopping> stop_early = {};        ///< early stopping on the validation loss
    std::size_t step_callback_every = 1;  ///< call the callback every this many steps (0: only at epoch ends)
};

/// Which event a progress report is about.
enum class progress_kind {
    step,   ///< a step was taken: train_loss is that batch's mean loss
    epoch,  ///< an epoch ended: train_loss is the epoch mean, validation_loss is set if there is validation
};

/// What the callback is told. Epochs and steps count from 1.
struct progress {
    progress_kind kind = progress_kind::step;
    std::size_t epoch = 0;            ///< the current epoch, 1..epochs
    std::size_t epochs = 0;           ///< epochs of the run as asked
    std::size_t step = 0;             ///< steps taken in the whole run so far
    std::size_t steps_per_epoch = 0;  ///< ceil(training samples / batch size), 1 for a function objective
    double train_loss = 0;            ///< see progress_kind
    std::optional<double> validation_loss = {};  ///< mean loss over the validation samples (epoch events)
    double learning_rate = 0;         ///< the learning rate of this epoch
    double seconds = 0;               ///< wall time since training started
    double samples_per_second = 0;    ///< training samples processed / seconds (0 for a function objective)
};

/// The callback's answer.
enum class training_decision {
    proceed,  ///< go on training
    stop,     ///< stop now, keeping the current parameters (stop_reason::requested)
};

/// Called after steps and at epoch ends; an empty function is never called.
using progress_callback = std::function<training_decision(const progress&)>;

/// Why training ended.
enum class stop_reason {
    completed,      ///< every epoch ran
    early_stopped,  ///< the validation loss stopped improving (early_stopping)
    requested,      ///< the callback returned training_decision::stop
    non_finite,     ///< a loss, gradient or update became NaN or infinite
};

/// Which quantity became non-finite.
enum class non_finite_kind {
    loss,       ///< the batch loss
    gradient,   ///< a gradient component (the loss was finite)
    update,     ///< a parameter after the optimizer's update (loss and gradient were finite)
    validation, ///< the validation loss at the end of an epoch
};

/// Where and how training met a non-finite value.
struct non_finite_event {
    non_finite_kind kind = non_finite_kind::loss;
    std::size_t step = 0;           ///< the step (from 1) at which it happened
    std::size_t epoch = 0;          ///< its epoch (from 1)
    std::size_t batch = 0;          ///< its batch within the epoch (from 1; 0 for validation and for an objective without samples)
    std::size_t component = 0;      ///< for gradient/update: the first bad parameter index
    double value = 0;               ///< the non-finite value (loss, gradient component, parameter)
    double learning_rate = 0;       ///< the learning rate in force
    std::size_t restored_step = 0;  ///< the parameters returned are those evaluated at this step (0: the initial ones)
    /// For loss, gradient and validation: the parameters that were evaluated, and the samples
    /// (for validation: the validation samples), so a caller can find the node that failed.
    std::vector<double> evaluated = {};
    std::vector<std::size_t> samples = {};
    std::string cause = {};              ///< what the caller found made it so (describe() includes it), or empty
    std::string message = {};            ///< describe(*this) when training stopped
};

/// One sentence naming the step, what became non-finite, the cause when known, and, unless the
/// parameters evaluated were the initial ones (then the learning rate played no part), the
/// advice to try a smaller learning rate.
std::string describe(const non_finite_event& e);

/// The loss after one epoch.
struct epoch_record {
    std::size_t epoch = 0;           ///< from 1
    double train_loss = 0;           ///< mean of the batch losses weighted by batch size, taken during the epoch
    std::optional<double> validation_loss = {};  ///< at the epoch's end parameters, if there is validation
    double learning_rate = 0;        ///< the learning rate of the epoch
};

/// What happened in a run. The parameters passed to train() hold the result: the final ones,
/// the best epoch's (early stopping), or the last finite ones (non-finite stop).
struct training_report {
    stop_reason reason = stop_reason::completed;  ///< why the run ended
    std::size_t epochs_completed = 0;    ///< epochs that ran to their end
    std::size_t steps = 0;               ///< optimizer steps taken (a failed step is not counted)
    std::size_t samples_processed = 0;   ///< training samples in the steps taken
    std::size_t training_samples = 0;    ///< samples trained on per epoch
    std::size_t validation_samples = 0;  ///< samples held out
    std::vector<epoch_record> history = {};   ///< one record per completed epoch
    double final_train_loss = 0;         ///< train_loss of the last completed epoch (NaN if none)
    std::optional<double> final_validation_loss = {};  ///< validation loss of the last completed epoch
    /// The validation loss of best_epoch: the last epoch that improved on the best so far by more
    /// than early_stopping::min_delta (without early stopping: the least validation loss).
    std::optional<double> best_validation_loss = {};
    std::size_t best_epoch = 0;          ///< the epoch of best_validation_loss (0 if none)
    bool restored_best = false;          ///< the parameters were set back to those of best_epoch
    std::optional<non_finite_event> non_finite = {};   ///< set when reason == non_finite
    double seconds = 0;                  ///< wall time of the whole run, validation included
    double samples_per_second = 0;       ///< samples_processed / seconds
};

/// Trains `params` (size f.parameters(), finite; updated in place) on `f` as `options` say,
/// calling `callback` as it goes. Throws usage_error before any step for bad options (zero
/// batch size, early stopping without validation, a bad split, sizes that differ, non-finite
/// initial parameters); reports non-finite values met during training in the report instead.
/// With early stopping the run ends with the best epoch's parameters whether or not it stopped
/// early; a requested stop keeps the current ones. A function objective (no samples) takes one
/// step per epoch and cannot have validation.
training_report train(objective& f, std::span<double> params, const training_options& options,
                      const progress_callback& callback = {});

}  // namespace chainrule::optim
