#pragma once
// `train L by NAME(options) epochs E batch B seed S` read into the training layer's options.

#include "chainrule/lang/lower.hpp"
#include "chainrule/lang/statement.hpp"
#include "chainrule/optim/training.hpp"

#include <string>

namespace chainrule::lang {

// The training options a train statement asks for. Optimizers and their options (all exact
// numbers, read as doubles):
//   sgd(lr, weight_decay)
//   momentum(lr, momentum, dampening, weight_decay)      nesterov(lr, momentum, weight_decay)
//   adam(lr, beta1, beta2, eps, weight_decay)            rmsprop(lr, alpha, eps, momentum, weight_decay)
// and, with any of them: clip (largest gradient norm), clip_value (largest component),
// validation (the fraction held out), patience and min_delta (early stopping on the validation
// loss), decay_every and decay (a step schedule: the rate times decay every decay_every epochs),
// cosine (1: cosine annealing to min_lr over the run), min_lr, shuffle (1, the default: a seeded
// shuffle every epoch; 0: the data's own order). epochs defaults to 1, batch to
// 32, seed to 1. Unknown optimizers and options are source_error with a did-you-mean; values
// out of range are source_error at the value.
optim::training_options read_training_spec(const train_statement& t, lowerer& lw);

// The optimizer names, for messages.
std::string optimizer_names();

}  // namespace chainrule::lang
