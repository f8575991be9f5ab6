#pragma once
// The REPL's history file: plain text, one statement per line, newest last. Older files
// written by libedit's write_history ("_HiStOrY_V2_" and \040-style escapes) are read too and
// rewritten in the plain form.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::cli {

/// Most entries kept: older ones are dropped when the file is read.
inline constexpr std::size_t max_history_entries = 1000;

/// Most bytes read from a history file (its end is read when it is longer).
inline constexpr std::size_t max_history_bytes = 1 << 20;

/// The last max_history_entries entries of the file at `path`, oldest first; none when it does
/// not exist, is not a regular file or cannot be read. Rewrites the file when it was in
/// libedit's form or held more entries than are kept.
std::vector<std::string> load_history(const std::string& path);

/// Appends `entry` as one line to the file at `path` (created with mode 0600; a symbolic link
/// there is not followed); whether it was written.
bool append_history(const std::string& path, std::string_view entry);

}  // namespace chainrule::cli
