#pragma once
// Reading a program file and printing a session's results: what run, train and compile share.

#include "chainrule/lang/result.hpp"
#include "chainrule/lang/session.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace chainrule::cli {

/// The largest program file read: 256 MiB (a million definitions take about 20 MB).
inline constexpr std::uintmax_t max_program_bytes = std::uintmax_t{256} << 20;

/// The text of `file`; nothing (after "chainrule: cannot read the program 'FILE': why" on
/// standard error) when it is not a regular file, is too large or cannot be read.
std::optional<std::string> read_program(const std::string& file);

/// How results are printed.
struct output_options {
    bool json = false;
    /// Print only these kinds of successful results (errors always print).
    std::optional<lang::result_kind> only;
};

/// Applies `--limit NAME=N` (lang/limits.hpp) to o; the usage error's text when it is malformed.
std::optional<std::string> apply_limit(lang::session_options& o, const std::string& assignment);

/// Prints `results` of `text` run in `s` on standard output (one JSON object per line with
/// `json`); whether every result is ok.
bool print_results(lang::session& s, std::span<const lang::result> results, const std::string& text,
                   const output_options& options);

}  // namespace chainrule::cli
