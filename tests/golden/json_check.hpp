#pragma once
// A small JSON validity check for the command's --json lines (RFC 8259 syntax, no extensions).

#include <string>
#include <string_view>

namespace chainrule::golden {

/// Whether `text` is one JSON value and nothing else (white space around it allowed).
bool is_json(std::string_view text);

/// Whether `text` is a JSON object whose top level has the key `key`.
bool has_top_level_key(std::string_view text, std::string_view key);

}  // namespace chainrule::golden
