#pragma once
/// \file
/// The tokens of the chain language and the words it reserves.

#include "chainrule/lang/source.hpp"

#include <span>
#include <string>
#include <string_view>

namespace chainrule::lang {

/// What a token is.
enum class token_kind {
    identifier,     ///< a name: letters (any script), digits, '_'; not a statement keyword
    keyword,        ///< a statement keyword (input, param, ...): reserved, never a name
    number,         ///< a decimal literal as written ("0.1", "1e-3"); may be malformed ("2x")
    string,         ///< a double-quoted string on one line; `value` holds its contents
    partial,        ///< '∂' (U+2202)
    plus,           ///< '+'
    minus,          ///< '-'
    star,           ///< '*'
    slash,          ///< '/'
    power,          ///< '^' or '**'
    matmul,         ///< '@'
    lparen,         ///< '('
    rparen,         ///< ')'
    lbracket,       ///< '['
    rbracket,       ///< ']'
    comma,          ///< ','
    colon,          ///< ':' (a whole row or column in an index)
    tilde,          ///< '~'
    assign,         ///< '='
    equal,          ///< '=='
    not_equal,      ///< '!=' or '≠'
    less,           ///< '<'
    less_equal,     ///< '<=' or '≤'
    greater,        ///< '>'
    greater_equal,  ///< '>=' or '≥'
    newline,        ///< the end of a statement (a line break outside brackets, or the text's end)
    end,            ///< the end of the text; always last, always after a newline
    invalid,        ///< text that is no token; `value` says why
};

/// One token: its kind, its exact spelling and where it is.
struct token {
    token_kind kind = token_kind::end;
    /// The source spelling, a view into the text given to lex() (valid while that text lives);
    /// empty for newline and end.
    std::string_view text;
    source_span span;   ///< where it is; for newline, the position just past the line's last token
    /// For a string: its value, with the escapes \" and \\ resolved. For an invalid token: what
    /// is wrong ("unterminated string: ..."). Empty otherwise.
    std::string value;
};

/// How a message names what it expected: "')'", "a name", "end of line".
std::string_view spelling(token_kind kind);

/// How a message names a token it found: "'sigmoid'", "')'", "string \"a.csv\"", "end of line".
std::string describe(const token& t);

/// The statement keywords, in the order DESIGN.md lists the statements. They are reserved: a
/// line starting with one is that statement, and none can be a name.
std::span<const std::string_view> statement_keywords();

/// Whether `word` is a statement keyword.
bool is_statement_keyword(std::string_view word);

/// Whether a code point may start a name: ASCII letters, '_', and letters of other scripts
/// (Latin-1 and extended Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, the CJK and Hangul
/// blocks, letterlike symbols such as ℓ, mathematical alphanumerics such as 𝑥). Operators and
/// punctuation such as '∂', '×', '·' are not letters.
bool is_name_start(char32_t c);

/// Whether a code point may continue a name: a name start, an ASCII digit, a combining mark
/// (U+0300..U+036F, so x̂ is one name), a subscript digit or letter (x₁, wₖ). Superscripts are
/// not part of names: `x²` is refused with a hint to write `x^2`.
bool is_name_continue(char32_t c);

}  // namespace chainrule::lang
