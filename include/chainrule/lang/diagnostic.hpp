#pragma once
/// \file
/// Errors located in chain-language source: the data (file, span, message), the exception
/// that carries it, the caret rendering the command prints, and did-you-mean suggestions.

#include "chainrule/core/error.hpp"
#include "chainrule/lang/source.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace chainrule::lang {

/// One error in source text: where (with the extent of the offending text) and what.
struct diagnostic {
    std::string file;
    source_span span;
    std::string message;  ///< what was found and what was expected, without the position

    /// "file:line:col: error: message".
    std::string headline() const;
    /// The position as core's error types take it.
    source_position position() const { return {file, span.line, span.column}; }
};

/// A located error thrown at a caller: a parse_error (so what() is "file:line:col: error: ...")
/// that also keeps the span, for underlining. The parser throws it; so may later stages that
/// refer to a syntax tree's spans (an undefined name, a shape mismatch).
class source_error : public parse_error {
public:
    explicit source_error(diagnostic d);
    /// The error as data.
    const diagnostic& detail() const noexcept { return detail_; }

private:
    diagnostic detail_;
};

/// The offending line and a caret under it, each indented by four spaces, no final newline:
/// render_caret("z = w*x +", 10) is "    z = w*x +\n              ^". A span longer than one
/// column is underlined as "^~~~". Tabs in the line are repeated under it, so the caret lines up.
std::string render_caret(std::string_view line, int column, int length = 1);

/// The headline, then the offending line of `text` (whose first line is `first_line`) with
/// the span underlined; a span running onto later lines is underlined to its first line's end.
std::string render(const diagnostic& d, std::string_view text, int first_line = 1);

/// The optimal-string-alignment distance between two words, counted in code points:
/// insertions, deletions, substitutions and swaps of neighbours each cost 1.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word` if it is near enough to be a likely misspelling (distance
/// at most a third of the word's length, between 1 and 3, and less than the candidate's
/// length). Ties go to the candidate whose length is nearest the word's, then to the first.
std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates);

/// " (did you mean 'sigmoid'?)" for closest_match's answer, "" when there is none.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace chainrule::lang
