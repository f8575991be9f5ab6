#pragma once
// `chainrule compile FILE -o lib.so`: a chain file's loss and gradient as a shared object with a
// C header that documents its functions and argument layout.

#include <span>
#include <string>
#include <string_view>

namespace chainrule::cli {

/// The help text of `chainrule compile`.
extern const std::string_view compile_help;

/// `chainrule compile`: runs FILE, compiles the chosen loss and its gradient with the system C
/// compiler, writes the shared object and its header. The exit status as for `run` (2 for a
/// malformed command line).
int command_compile(std::span<const std::string> args);

}  // namespace chainrule::cli
