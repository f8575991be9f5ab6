#pragma once
/// \file
/// The closed set of optimizers, chosen by their options: what the chain language's
/// `train L by adam(lr = 0.01)` will build.

#include "chainrule/optim/adam.hpp"
#include "chainrule/optim/momentum.hpp"
#include "chainrule/optim/optimizer.hpp"
#include "chainrule/optim/rmsprop.hpp"
#include "chainrule/optim/sgd.hpp"

#include <memory>
#include <variant>

namespace chainrule::optim {

/// Which optimizer, with its hyper-parameters.
using optimizer_options = std::variant<sgd_options, momentum_options, nesterov_options, adam_options, rmsprop_options>;

/// The optimizer the options name, for `parameters` parameters; usage_error for a bad option.
std::unique_ptr<optimizer> make_optimizer(const optimizer_options& options, std::size_t parameters);

/// The learning rate of the options.
double learning_rate_of(const optimizer_options& options);

}  // namespace chainrule::optim
