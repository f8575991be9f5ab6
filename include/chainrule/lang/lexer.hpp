#pragma once
/// \file
/// Splitting chain-language text into tokens, and deciding where statements end.

#include "chainrule/lang/token.hpp"

#include <string_view>
#include <vector>

namespace chainrule::lang {

/// The tokens of a text.
struct lex_result {
    /// Every token in order. Each statement's tokens end with a `newline` token; the vector ends
    /// with `end`. Malformed text becomes `invalid` tokens, so lexing always reaches the end and
    /// the parser reports each problem in the statement it belongs to.
    std::vector<token> tokens;
    /// Brackets ('(' and '[') still open at the end of the text: more than 0 means the last
    /// statement is incomplete (what a REPL asks before reading another line).
    int open_brackets = 0;
};

/// Splits `text` into tokens; its first line is numbered `first_line`.
///
/// Statement ends: a line break ends a statement unless a '(' or '[' is still open, so a
/// statement continues on the next line while a bracket is open. Because statement keywords
/// are reserved and cannot occur inside an expression, a line that starts with one always
/// starts a new statement, even with a bracket open: an unclosed '(' swallows lines only up to
/// the next `input`, `grad`, `claim`... line. Blank lines and comments (`#` to the end of the
/// line) produce no tokens.
///
/// A byte order mark at the start of the text is skipped and takes no column.
///
/// Numbers: a token starting with a digit (or '.' and a digit) runs on over digits, letters,
/// '_' and '.', and over the sign of an exponent ("1e-3"), so "2x" and "1.2.3" are single,
/// malformed number tokens that the parser refuses as a whole.
lex_result lex(std::string_view text, int first_line = 1);

}  // namespace chainrule::lang
