#pragma once
// Test-side oracle: syntax trees written as fully parenthesised S-expressions, so a test can
// state a tree's shape in one string ("(+ a (* b c))"). Independent of the parser's code.

#include "chainrule/lang/diagnostic.hpp"
#include "chainrule/lang/parser.hpp"

#include <ostream>
#include <string>
#include <string_view>

// test-side printing of the enums, so BOOST_TEST can show both sides of a failed comparison
namespace chainrule::lang {
std::ostream& operator<<(std::ostream& out, expression_kind k);
std::ostream& operator<<(std::ostream& out, statement_kind k);
std::ostream& operator<<(std::ostream& out, builtin f);
std::ostream& operator<<(std::ostream& out, show_format f);
std::ostream& operator<<(std::ostream& out, initialiser_kind k);
std::ostream& operator<<(std::ostream& out, derivative_notation n);
std::ostream& operator<<(std::ostream& out, const source_span& s);
}  // namespace chainrule::lang

namespace lang_test {

/// "(+ a (* b c))", "(neg x)", "(sigmoid z)", "(index W i j)", "(vector 1 2)",
/// "(d L w)", "(d L (W i j))"; numbers as exact rationals ("1/10").
std::string sexpr(const chainrule::lang::expression& e);

/// "(input x (y 3))", "(= z (+ a b))", "(grad L wrt w (W 0 1))", ...
std::string sexpr(const chainrule::lang::statement& s);

/// The S-expression of `text` parsed as an expression.
std::string expr(std::string_view text, const chainrule::lang::name_context& names = {});

/// The S-expression of `text` parsed as one statement.
std::string stmt(std::string_view text, const chainrule::lang::name_context& names = {});

/// The error parse_statement reports for `text` (fails the test when there is none).
chainrule::lang::diagnostic error_of(std::string_view text, const chainrule::lang::name_context& names = {});

}  // namespace lang_test
