#pragma once
// `chainrule kernel install [--user | --prefix P]`: writes the Jupyter kernelspec of the
// chainrule kernel (kernel.json, which runs chainrule-kernel) where Jupyter looks for kernels.

#include <span>
#include <string>
#include <string_view>

namespace chainrule::cli {

/// The help text of `chainrule kernel`.
extern const std::string_view kernel_help;

/// `chainrule kernel`: 0 when the kernelspec was written, 1 when it could not be, 2 for a
/// malformed command line.
int command_kernel(std::span<const std::string> args);

}  // namespace chainrule::cli
