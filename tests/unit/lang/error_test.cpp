// Errors: every malformed form with its exact line:col and message, did-you-mean, the caret
// rendering, and recovery over a whole program.

#include "sexpr.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>

using namespace chainrule;
using namespace chainrule::lang;
using lang_test::error_of;

namespace {

struct error_case {
    const char* text;
    int column;
    const char* message;  ///< a fragment of the message
};

std::ostream& operator<<(std::ostream& out, const error_case& c) { return out << c.text; }

const error_case error_cases[] = {
    // expressions
    {"z = w*x +", 10, "expected an expression, found end of line"},
    {"z = (w*x + b", 13, "expected ')' to close '(' at 1:5, found end of line"},
    {"z = exp(a]", 10, "expected ',' or ')' to close '(' at 1:8, found ']'"},
    {"z = x[1", 8, "expected ',' or ']' to close '[' at 1:6, found end of line"},
    {"z = a + b)", 10, "expected an operator or end of line, found ')' with no matching '('"},
    {"z = a b", 7, "expected an operator or end of line, found 'b'"},
    {"z = x[]", 7, "expected an expression, found ']'"},
    {"z = []", 6, "expected an expression, found ']'"},
    {"z = *x", 5, "expected an expression, found '*'"},
    {"z = +x", 5, "expected an expression, found '+'"},
    {"z = sigmod(x)", 5, "unknown function 'sigmod' (did you mean 'sigmoid'?)"},
    {"z = sofmax(x)", 5, "unknown function 'sofmax' (did you mean 'softmax'?)"},
    {"z = tahn(x)", 5, "unknown function 'tahn' (did you mean 'tanh'?)"},
    {"z = lg(x)", 5, "unknown function 'lg' (did you mean 'log'?)"},
    {"z = foo(x)", 5, "unknown function 'foo'"},
    {"z = exp(a, b)", 5, "exp takes 1 argument, found 2"},
    {"z = max(a)", 5, "max takes 2 arguments, found 1"},
    {"z = exp + 1", 5, "function 'exp' needs its arguments in parentheses, as in exp(x)"},
    {"z = d(L)", 9, "expected '/' after 'd(...)' in a derivative d(e)/d(v), found end of line"},
    {"z = d(L)/w", 10, "expected 'd(' after '/' in a derivative d(e)/d(v), found 'w'"},
    {"z = d(L)/d(2)", 12, "expected the name of a variable to differentiate by, found '2'"},
    {"z = d(L)/d(w", 13, "expected ')' to close '(' at 1:11, found end of line"},
    {"z = ∂L/w", 8, "expected '∂' after '/' in a derivative ∂e/∂v, found 'w'"},
    {"z = ∂L", 7, "expected '/' in a derivative ∂e/∂v, found end of line"},
    {"z = ∂2/∂w", 6, "expected a name or '(' after '∂', found '2'"},
    {"z = input + 1", 5, "expected an expression, found 'input' (a statement keyword, which cannot be used as a name)"},
    // numbers
    {"z = 2x", 5, "malformed number '2x': write '2*x' for a product"},
    {"z = 1.2.3", 5, "malformed number '1.2.3'"},
    {"z = 2e", 5, "missing exponent digits"},
    {"z = 1e999999", 5, "exponent of '1e999999' is too large"},
    {"z = 1e99999", 5, "number '1e99999' is too large (limit 2000 digits)"},
    // characters
    {"z = x²", 6, "unexpected character '²' (U+00B2): write '^' for a power, as in x^2"},
    {"z = a × b", 7, "unexpected character '×' (U+00D7): write '*' for a product"},
    {"z = x ! y", 7, "unexpected character '!' (U+0021): did you mean '!='?"},
    {"z = x;", 6, "unexpected character ';' (U+003B): statements end at the end of the line"},
    {"z = \xff", 5, "invalid UTF-8 byte 0xFF"},
    {"α = β +", 8, "expected an expression, found end of line"},
    // statements
    {"imput x", 1, "unknown statement 'imput' (did you mean 'input'?)"},
    {"grda L wrt w", 1, "unknown statement 'grda' (did you mean 'grad'?)"},
    {"claimm A = B", 1, "unknown statement 'claimm' (did you mean 'claim'?)"},
    {"x + 1", 3, "expected '=' after 'x' to define it, or a statement keyword (input, param, const, grad, eval, show, assume, claim, check, data, train, save, load), found '+'"},
    {"W[0] = 1", 1, "a definition names a whole value"},
    {"(x)", 1, "expected a statement: a definition 'name = ...' or a keyword"},
    {"input x y", 9, "expected ',' or end of line, found 'y'"},
    {"input x,", 9, "expected a name to declare after ',', found end of line"},
    {"input 3", 7, "expected a name to declare after 'input', found '3'"},
    {"input x[0]", 9, "a dimension must be at least 1, found '0'"},
    {"input x[n]", 9, "expected a whole number as a dimension, found 'n'"},
    {"input x[2.5]", 9, "a dimension must be a whole number, found '2.5'"},
    {"input x[99999999999999999999999]", 9, "a dimension must be at most"},
    {"input data", 7, "'data' is a statement keyword and cannot be used as a name"},
    {"param w b", 9, "expected ',', '~' and an initialiser, or end of line, found 'b'"},
    {"param w ~", 10, "expected an initialiser after '~', such as normal(0, 1), found end of line"},
    {"param W[2,3] ~ normall(0, 1)", 16, "unknown initialiser 'normall' (did you mean 'normal'?)"},
    {"param w ~ normal 0, 1", 18, "expected '(' after 'normal', found '0'"},
    {"param w ~ normal(0)", 11, "normal takes 2 arguments (mean, sd), found 1"},
    {"param w ~ file(w0)", 16, "expected a file name in quotes, found 'w0'"},
    {"const = 3", 7, "expected a name after 'const', found '='"},
    {"const eps 3", 11, "expected '=' after 'eps', found '3'"},
    {"grad L wtr w", 8, "expected 'wrt' after the expression, found 'wtr' (did you mean 'wrt'?)"},
    {"grad L wrt", 11, "expected a variable after 'wrt', found end of line"},
    {"grad L wrt w b", 14, "expected ',', 'over data' or end of line, found 'b'"},
    {"grad L wrt w over data b", 24, "expected end of line, found 'b'"},
    {"grad L wrt w over b", 19, "expected 'data' after 'over' (grad L wrt w over data: the mean partials over the data's rows), found 'b'"},
    {"grad L wrt 2*w", 12, "expected a variable after 'wrt', found '2'"},
    {"eval L at x 1", 13, "expected '=' after 'x', found '1'"},
    {"eval L at x = 1 y = 2", 17, "expected 'at', 'digits', 'over data', 'over test', an operator or end of line, found 'y'"},
    {"eval L at x = 1 at y = 2", 17, "'at' is given twice"},
    {"eval L digts 5", 8, "found 'digts' (did you mean 'digits'?)"},
    {"eval L digits 5000", 15, "'digits' must be at most 1000, found '5000'"},
    {"eval L digits 0", 15, "'digits' must be at least 1, found '0'"},
    {"show L as latx", 11, "unknown format 'latx' (did you mean 'latex'?)"},
    {"show L as", 10, "expected a format after 'as' (text, latex, steps, graph or c), found end of line"},
    {"show L sa latex", 8, "expected 'as', an operator or end of line, found 'sa' (did you mean 'as'?)"},
    {"assume 0 < x < 1", 14, "chained comparisons are not supported"},
    {"assume x", 9, "expected a comparison (<, <=, >, >=, = or !=), found end of line"},
    {"assume x > 0 y > 0", 14, "expected ',' or end of line, found 'y'"},
    {"claim A < B", 9, "expected '=' between the two sides of the claim, found '<'"},
    {"claim A", 8, "expected '=' between the two sides of the claim, found end of line"},
    {"claim A = B = C", 13, "expected an operator or end of line, found '='"},
    {"check", 6, "expected an expression, found end of line"},
    {"data xor.csv", 6, "expected a file name in quotes after 'data', found 'xor'"},
    {"data \"xor.csv", 6, "unterminated string: expected '\"' before the end of the line"},
    {"data \"a.csv\" \"b.csv\"", 14, "expected 'test', 'seed' or end of line, found string \"b.csv\""},
    {"data \"a.csv\" tset 0.2", 14, "found 'tset' (did you mean 'test'?)"},
    {"data \"a.csv\" test", 18, "expected the fraction of the rows to hold out after 'test', as in 'test 0.2', found end of line"},
    {"data \"a.csv\" test 1", 19, "the test fraction must be between 0 and 1 (0.2 holds out a fifth of the rows), found '1'"},
    {"data \"a.csv\" test 0", 19, "the test fraction must be between 0 and 1"},
    {"data \"a.csv\" test 0.2 test 0.3", 23, "'test' is given twice"},
    {"data \"a.csv\" test 0.2 seed 1 seed 2", 30, "'seed' is given twice"},
    {"data \"a.csv\" seed 1", 19, "'seed' chooses the held-out rows: it needs 'test', as in 'test 0.2 seed 1'"},
    {"data \"a.csv\" test 0.2 seed -1", 28, "expected a whole number after 'seed', found '-'"},
    {"eval L over tset", 13, "expected 'data' or 'test' after 'over'"},
    {"eval L over test over data", 18, "'over' is given twice"},
    {"save", 5, "expected a file name in quotes after 'save', found end of line"},
    {"train L epochs 5", 9, "expected 'by' and an optimizer after the loss, as in 'train L by adam(lr = 0.01)', found 'epochs'"},
    {"train L by", 11, "expected an optimizer name after 'by', such as adam or sgd, found end of line"},
    {"train L by adam(0.05)", 17, "expected an option name, as in 'lr = 0.05', found '0.05'"},
    {"train L by adam(lr 0.05)", 20, "expected '=' after the option name 'lr', found '0.05'"},
    {"train L by adam(lr = 1 beta = 2)", 24, "expected ',' or ')' to close '(' at 1:16, found 'beta'"},
    {"train L by adam(lr = 0.05) epoch 500", 28, "found 'epoch' (did you mean 'epochs'?)"},
    {"train L by sgd epochs 5 epochs 6", 25, "'epochs' is given twice"},
    {"train L by sgd epochs 0", 23, "'epochs' must be at least 1, found '0'"},
    {"train L by sgd batch 2.5", 22, "'batch' must be a whole number, found '2.5'"},
    {"train L by sgd seed x", 21, "expected a whole number after 'seed', found 'x'"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(errors)

BOOST_DATA_TEST_CASE(each_error_with_its_position_and_message, boost::unit_test::data::make(error_cases), c) {
    const diagnostic d = error_of(c.text);
    BOOST_TEST(d.file == "test.chain");
    BOOST_TEST(d.span.line == 1);
    BOOST_TEST(d.span.column == c.column);
    BOOST_TEST(d.message.find(c.message) != std::string::npos, "message: " << d.message);
}

BOOST_AUTO_TEST_CASE(a_known_name_used_as_a_function) {
    const diagnostic d = error_of("z = w(x + 1)", name_context{"w"});
    BOOST_TEST(d.span.column == 5);
    BOOST_TEST(d.message == "'w' is not a function; write 'w*(...)' for a product");
    // a known name may shadow a function's name where no call follows
    BOOST_TEST(lang_test::stmt("z = step + 1", name_context{"step"}) == "(= z (+ step 1))");
}

BOOST_AUTO_TEST_CASE(errors_are_parse_errors_with_file_line_column) {
    try {
        parse_statement("z = w*x +", "model.chain", {}, 3);
        BOOST_ERROR("no error");
    } catch (const parse_error& e) {
        BOOST_TEST(e.where().file == "model.chain");
        BOOST_TEST(e.where().line == 3);
        BOOST_TEST(e.where().column == 10);
        BOOST_TEST(std::string(e.what()) == "model.chain:3:10: error: expected an expression, found end of line");
        BOOST_TEST(e.message() == "expected an expression, found end of line");
    }
    BOOST_CHECK_THROW(parse_expression("", "t"), source_error);
    BOOST_CHECK_THROW(parse_expression("a\nb", "t"), source_error);
}

BOOST_AUTO_TEST_CASE(errors_across_lines_name_both_places) {
    const auto r = parse_program("z = max(\n  a,\n  b\ny = 2\n", "t.chain");
    // the open '(' continues the statement onto lines 2, 3 and 4, where 'y' is out of place
    BOOST_REQUIRE(r.errors.size() == 1u);
    BOOST_TEST(r.errors[0].span.line == 4);
    BOOST_TEST(r.errors[0].span.column == 1);
    BOOST_TEST(r.errors[0].message == "expected ',' or ')' to close '(' at 1:8, found 'y'");
    const auto k = parse_program("z = max(\n  a,\n  b\ngrad z wrt a\n", "t.chain");
    // a statement keyword ends the broken statement: the error is at the end of line 3
    BOOST_REQUIRE(k.errors.size() == 1u);
    BOOST_TEST(k.errors[0].span.line == 3);
    BOOST_TEST(k.errors[0].span.column == 4);
    BOOST_TEST(k.errors[0].message == "expected ',' or ')' to close '(' at 1:8, found end of line");
    BOOST_REQUIRE(k.statements.size() == 1u);
    BOOST_TEST(k.statements[0].kind() == statement_kind::grad);
}

BOOST_AUTO_TEST_CASE(recovery_keeps_every_good_statement) {
    const std::string program =
        "input x\n"
        "z = w*x +\n"
        "param w\n"
        "L = sigmod(z)\n"
        "grad z wrt w\n";
    const auto r = parse_program(program, "t.chain");
    BOOST_REQUIRE(r.statements.size() == 3u);
    BOOST_TEST(r.statements[0].span.line == 1);
    BOOST_TEST(r.statements[1].span.line == 3);
    BOOST_TEST(r.statements[2].span.line == 5);
    BOOST_TEST(r.statements[2].kind() == statement_kind::grad);
    BOOST_REQUIRE(r.errors.size() == 2u);
    BOOST_TEST(r.errors[0].headline() == "t.chain:2:10: error: expected an expression, found end of line");
    BOOST_TEST(r.errors[1].headline() == "t.chain:4:5: error: unknown function 'sigmod' (did you mean 'sigmoid'?)");
    BOOST_TEST(!r.ok());
}

BOOST_AUTO_TEST_CASE(recovery_after_lexical_errors_and_at_the_end) {
    const auto r = parse_program("a = 1\nb = \"oops\nc = 2 ×\nd = 3\ne = (", "t.chain");
    BOOST_REQUIRE(r.statements.size() == 2u);
    BOOST_TEST(lang_test::sexpr(r.statements[0]) == "(= a 1)");
    BOOST_TEST(lang_test::sexpr(r.statements[1]) == "(= d 3)");
    BOOST_REQUIRE(r.errors.size() == 3u);
    BOOST_TEST(r.errors[0].span.line == 2);
    BOOST_TEST(r.errors[0].message.find("unterminated string") == 0u);
    BOOST_TEST(r.errors[1].span.line == 3);
    BOOST_TEST(r.errors[1].span.column == 7);
    BOOST_TEST(r.errors[2].span.line == 5);
    BOOST_TEST(r.errors[2].message == "expected an expression, found end of line");
}

BOOST_AUTO_TEST_CASE(caret_rendering) {
    BOOST_TEST(render_caret("z = w*x +", 10) == "    z = w*x +\n             ^");
    BOOST_TEST(render_caret("z = sigmod(x)", 5, 6) == "    z = sigmod(x)\n        ^~~~~~");
    BOOST_TEST(render_caret("\tz = y)", 7) == "    \tz = y)\n    \t     ^");
    BOOST_TEST(render_caret("α = β +", 8) == "    α = β +\n           ^");
    BOOST_TEST(render_caret("", 1) == "    \n    ^");

    const std::string program = "input x\nz = sigmod(x)\n";
    const auto r = parse_program(program, "m.chain");
    BOOST_REQUIRE(r.errors.size() == 1u);
    BOOST_TEST(render(r.errors[0], program) ==
               "m.chain:2:5: error: unknown function 'sigmod' (did you mean 'sigmoid'?)\n"
               "    z = sigmod(x)\n"
               "        ^~~~~~");
    // a span over several lines is underlined to the end of its first line
    diagnostic wide{"m.chain", {1, 3, 2, 2, 2, 10}, "wide"};
    BOOST_TEST(render(wide, "a = (b +\n c)") == "m.chain:1:3: error: wide\n    a = (b +\n      ^~~~~~");
    // CRLF line ends are not part of the shown line
    BOOST_TEST(line_text("a\r\nb\r\n", 2) == "b");
    BOOST_TEST(line_text("a\nb", 3).empty());
    BOOST_TEST(line_text("a\nb", 12, 11) == "b");
}

BOOST_AUTO_TEST_CASE(edit_distance_and_suggestions) {
    BOOST_TEST(edit_distance("sigmod", "sigmoid") == 1u);
    BOOST_TEST(edit_distance("tahn", "tanh") == 1u);
    BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
    BOOST_TEST(edit_distance("", "abc") == 3u);
    BOOST_TEST(edit_distance("αβ", "βα") == 1u);  // code points, not bytes
    BOOST_TEST(*closest_match("sigmod", builtin_names()) == "sigmoid");
    BOOST_TEST(!closest_match("x", builtin_names()).has_value());
    BOOST_TEST(!closest_match("foo", builtin_names()).has_value());
    BOOST_TEST(!closest_match("exp", builtin_names()).has_value());  // an exact name is no misspelling
    BOOST_TEST(did_you_mean("softmx", builtin_names()) == " (did you mean 'softmax'?)");
    BOOST_TEST(did_you_mean("zzzzzz", builtin_names()).empty());
}

BOOST_AUTO_TEST_SUITE_END()
