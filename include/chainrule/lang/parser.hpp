#pragma once
/// \file
/// The recursive-descent parser of the chain language: whole programs (with recovery), single
/// statements (for a REPL) and single expressions.
///
/// Grammar (one statement per line; a line break inside '(' or '[' continues the statement):
///
///     input      : 'input' declared (',' declared)*          declared: NAME ('[' WHOLE (',' WHOLE)* ']')?
///     param      : 'param' declared (',' declared)* ('~' initialiser)?
///     initialiser: ('normal' | 'uniform') '(' expression ',' expression ')' | 'file' '(' STRING ')'
///     const      : 'const' NAME '=' expression
///     definition : NAME '=' expression
///     grad       : 'grad' expression 'wrt' variable (',' variable)*
///     eval       : 'eval' expression ('at' NAME '=' expression (',' NAME '=' expression)*
///                                    | 'digits' WHOLE)*                 -- each clause at most once
///     show       : 'show' expression ('as' ('text' | 'latex' | 'steps' | 'graph' | 'c'))?
///     assume     : 'assume' relation (',' relation)*
///     relation   : expression ('<' | '<=' | '>' | '>=' | '=' | '==' | '!=') expression
///     claim      : 'claim' expression ('=' | '==') expression
///     check      : 'check' expression
///     data | save | load : keyword STRING
///     train      : 'train' expression 'by' NAME ('(' (NAME '=' expression (',' ...)*)? ')')?
///                  ('epochs' WHOLE | 'batch' WHOLE | 'seed' WHOLE)*     -- any order, each once
///     variable   : NAME ('[' expression (',' expression)* ']')?
///
///     expression : term (('+' | '-') term)*
///     term       : unary (('*' | '/' | '@') unary)*
///     unary      : '-' unary | power
///     power      : postfix (('^' | '**') unary)?        -- right-associative; -x^2 is -(x^2)
///     postfix    : primary ('[' expression (',' expression)* ']')*
///     primary    : NUMBER | NAME | call | derivative | '(' expression ')'
///                | '[' expression (',' expression)* ']'
///     call       : BUILTIN '(' expression (',' expression)* ')'        -- argument count checked
///     derivative : 'd' '(' expression ')' '/' 'd' '(' variable ')'
///                | '∂' ('(' expression ')' | variable) '/' '∂' ('(' variable ')' | variable)
///                | dNAME '/' dNAME ('[' expression (',' expression)* ']')?  -- shorthand, below
///
/// Statement keywords (token.hpp) are reserved; clause words (wrt, at, digits, as, by, epochs,
/// batch, seed) are ordinary names outside their clauses. WHOLE is a whole-number literal.
///
/// Derivatives. `d(e)/d(v)` is always a derivative (`d` followed by '(' is never a call), and
/// so is anything written with '∂': `∂L/∂w`, `∂(e)/∂(v)`, `∂z[0]/∂W[i,j]`. The shorthand
/// `dL/dw` (two names, each 'd' followed by a name, around '/') is a derivative only when it
/// cannot mean a quotient: `L` and `w` are known names and `dL` and `dw` are not. Known means
/// the caller's name_context knows it, or an earlier statement of the same text declared or
/// defined it (input, param, const, definition). Otherwise `dL/dw` is the quotient of the
/// names `dL` and `dw`. The shorthand's denominator may be indexed (`dL/dW[i,j]`), its
/// numerator may not. A derivative is a primary: `dL/dw^2` is (dL/dw)^2.
///
/// Limits. Brackets and unary operators nest at most max_expression_depth levels, and a tree is at
/// most max_expression_height high (so a flat sum of about that many terms is accepted); deeper input is
/// refused with a parse error as soon as the limit is passed, so refusing is fast whatever the
/// length. Numbers follow parse_decimal's digit limits. The parser does not evaluate: it
/// accepts `2^(2^40)`, whose value the evaluator must refuse.

#include "chainrule/lang/diagnostic.hpp"
#include "chainrule/lang/statement.hpp"

#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::lang {

/// How deeply brackets and unary operators may nest.
inline constexpr int max_expression_depth = 200;

/// How high an expression tree may be (counting leaves as 1): a flat sum of up to about this
/// many terms is accepted. Code recursing over a tree stays within this depth.
inline constexpr int max_expression_height = 2000;

/// The largest `digits N` an eval statement accepts.
inline constexpr long max_digits = 1000;

/// The names the parser may treat as known when deciding whether `dL/dw` is a derivative.
class name_context {
public:
    /// Knows no names.
    name_context() = default;
    /// Knows exactly these names.
    name_context(std::initializer_list<std::string> names);
    /// Asks `is_known` (a session's symbol table, say).
    explicit name_context(std::function<bool(std::string_view)> is_known);

    /// Whether `name` is known.
    bool knows(std::string_view name) const;
    /// Knows `name` from now on.
    void add(std::string name);

private:
    std::function<bool(std::string_view)> is_known_;
    std::set<std::string, std::less<>> names_;
};

/// What parsing a whole program found.
struct parse_result {
    /// The statements that parsed, in source order.
    std::vector<statement> statements;
    /// The first error of each malformed statement, in source order. Merge with `statements`
    /// by span.line to report in order.
    std::vector<diagnostic> errors;

    bool ok() const noexcept { return errors.empty(); }
};

/// Parses every statement of `text` (the contents of file `file_name`, whose first line is
/// `first_line`). A malformed statement contributes its first error and parsing resumes at the
/// next statement; it never throws for malformed text.
parse_result parse_program(std::string_view text, std::string file_name,
                           const name_context& names = {}, int first_line = 1);

/// Parses text holding one statement (a REPL's input, a command's -e argument): the statement,
/// or nothing for blank or comment-only text. Throws source_error for malformed text,
/// including a second statement.
std::optional<statement> parse_statement(std::string_view text, std::string file_name,
                                         const name_context& names = {}, int first_line = 1);

/// Parses text holding one expression. Throws source_error for malformed text.
expression_ptr parse_expression(std::string_view text, std::string file_name,
                                const name_context& names = {});

/// Whether `text` can be parsed as it is, or a REPL should read another line first: false
/// exactly when a '(' or '[' is still open at its end. (Complete text may still be malformed.)
bool is_complete(std::string_view text);

/// `text` (one statement, possibly over several lines) as one line of plain text: comments
/// dropped, the lines joined by a space (a statement continues only inside brackets, where a line
/// break is a space), other control characters as spaces. What a REPL keeps in its history.
std::string one_line(std::string_view text);

}  // namespace chainrule::lang
