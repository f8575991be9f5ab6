#pragma once
// What the kernel knows about the words of a cell: completion candidates and the description
// that inspect shows.

#include "chainrule/lang/session.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::kernel {

/// The words starting with `prefix` that may be written in a cell: the session's names first
/// (in declaration order), then statement keywords, clause words, built-in functions, optimizers
/// and initialisers (sorted), each once.
std::vector<std::string> completions(const lang::session& s, std::string_view prefix);

/// What inspect shows for `word`: a mime bundle (`text/plain`, and `text/latex` for a
/// definition) describing a name of the session (its kind, shape, definition, initialiser, and a
/// param's current value), a built-in function or a keyword; nothing for an unknown word.
std::optional<nlohmann::json> describe(lang::session& s, const std::string& word);

}  // namespace chainrule::kernel
