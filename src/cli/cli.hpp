#pragma once
// The `chainrule` command: a thin adapter over lang::session and lang/render.

#include <iosfwd>
#include <span>
#include <string>

namespace chainrule::cli {

/// Exit statuses of the command.
inline constexpr int exit_ok = 0;       ///< every statement ran
inline constexpr int exit_failed = 1;   ///< a statement failed, a claim was refuted, training met a NaN, or a file is unreadable
inline constexpr int exit_usage = 2;    ///< the command line is malformed
inline constexpr int exit_interrupted = 130;  ///< a REPL reading a stream was interrupted (as SIGINT ends a process)

class line_reader;

/// `chainrule repl`: reads statements from `in` until end of input or `:quit`.
int run_repl(line_reader& in, std::ostream& out);

/// The REPL's `:help` text.
std::string repl_help();

}  // namespace chainrule::cli
