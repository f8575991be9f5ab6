#pragma once
/// \file
/// Places in chain-language source text: spans, lines, and the UTF-8 decoding that makes
/// columns count characters (code points) rather than bytes.

#include <cstddef>
#include <string>
#include <string_view>

namespace chainrule::lang {

/// A stretch of source text. Lines and columns are 1-based; a column counts code points, so
/// `∂` or `α` is one column, and so is a tab. Byte offsets index the text handed to the parser.
struct source_span {
    int line = 0;            ///< line of the first character
    int column = 0;          ///< column of the first character
    int end_line = 0;        ///< line of the position just past the last character
    int end_column = 0;      ///< column just past the last character (exclusive)
    std::size_t begin = 0;   ///< byte offset of the first character
    std::size_t end = 0;     ///< byte offset just past the last character

    /// Columns covered on the first line: end_column - column for a one-line span, the rest of
    /// the line is not known here, so a span running onto later lines reports 1. Never below 1,
    /// so an empty span (an end of line) still gets a caret.
    int length() const noexcept;

    friend bool operator==(const source_span&, const source_span&) = default;
};

/// The smallest span from the start of `first` to the end of `last` (`first` starts no later).
source_span cover(const source_span& first, const source_span& last);

/// The bytes of `text` that `span` covers (empty when the span lies outside the text).
std::string_view span_text(std::string_view text, const source_span& span);

/// Line `line` of `text`, without its line break, counting the text's first line as
/// `first_line`; empty when there is no such line. A "\r\n" break is stripped whole, and so is
/// a byte order mark starting the text.
std::string_view line_text(std::string_view text, int line, int first_line = 1);

/// One decoded character of UTF-8 text.
struct decoded_char {
    char32_t value = 0;  ///< the code point, or invalid_code_point for a malformed sequence
    int length = 1;      ///< bytes it occupies (1 for a malformed byte, so decoding moves on)
};

/// Marks a malformed UTF-8 sequence in decoded_char::value.
inline constexpr char32_t invalid_code_point = 0x110000;

/// Decodes the character starting at byte `offset` of `text` (offset < text.size()). Overlong
/// forms, surrogates and values beyond U+10FFFF are malformed.
decoded_char decode_utf8(std::string_view text, std::size_t offset);

/// The UTF-8 encoding of one code point.
std::string encode_utf8(char32_t code_point);

/// Number of code points in `text` (a malformed byte counts as one).
int count_columns(std::string_view text);

}  // namespace chainrule::lang
