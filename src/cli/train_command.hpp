#pragma once
// `chainrule train FILE`: runs a program whose train statements show live progress, and writes
// the loss curve.

#include <span>
#include <string>
#include <string_view>

namespace chainrule::cli {

/// The help text of `chainrule train`.
extern const std::string_view train_help;

/// `chainrule train [--json] [--curve OUT.csv] [--plot OUT.svg] [--save P.json] FILE`.
int command_train(std::span<const std::string> args);

}  // namespace chainrule::cli
