// The lexer: token kinds and spellings, columns in code points, where statements end.

#include "chainrule/lang/lexer.hpp"
#include "sexpr.hpp"

#include <boost/test/unit_test.hpp>

#include <vector>

using namespace chainrule::lang;

namespace {

std::vector<token_kind> kinds(std::string_view text) {
    std::vector<token_kind> out;
    for (const token& t : lex(text).tokens) out.push_back(t.kind);
    return out;
}

std::vector<std::string> texts(std::string_view text) {
    std::vector<std::string> out;
    for (const token& t : lex(text).tokens)
        if (t.kind != token_kind::newline && t.kind != token_kind::end) out.emplace_back(t.text);
    return out;
}

using tk = token_kind;

}  // namespace

BOOST_AUTO_TEST_SUITE(lexer)

BOOST_AUTO_TEST_CASE(every_punctuation_token) {
    BOOST_TEST((kinds("+ - * / ^ ** @ ( ) [ ] , ~ = == != < <= > >= ∂ ≤ ≥ ≠") ==
                std::vector<tk>{tk::plus, tk::minus, tk::star, tk::slash, tk::power, tk::power, tk::matmul,
                                tk::lparen, tk::rparen, tk::lbracket, tk::rbracket, tk::comma, tk::tilde,
                                tk::assign, tk::equal, tk::not_equal, tk::less, tk::less_equal, tk::greater,
                                tk::greater_equal, tk::partial, tk::less_equal, tk::greater_equal,
                                tk::not_equal, tk::newline, tk::end}));
    BOOST_TEST((kinds("a**b") == std::vector<tk>{tk::identifier, tk::power, tk::identifier, tk::newline, tk::end}));
}

BOOST_AUTO_TEST_CASE(names_keywords_numbers_strings) {
    const auto tokens = lex("input x_1, αβ  \"a \\\"b\\\" \\\\ c\" 0.5 1e-3 2E+5 .5").tokens;
    BOOST_REQUIRE(tokens.size() == 11u);
    BOOST_TEST((tokens[0].kind == tk::keyword && tokens[0].text == "input"));
    BOOST_TEST((tokens[1].kind == tk::identifier && tokens[1].text == "x_1"));
    BOOST_TEST((tokens[3].kind == tk::identifier && tokens[3].text == "αβ"));
    BOOST_TEST((tokens[4].kind == tk::string && tokens[4].value == "a \"b\" \\ c"));
    BOOST_TEST(tokens[5].text == "0.5");
    BOOST_TEST(tokens[6].text == "1e-3");
    BOOST_TEST(tokens[7].text == "2E+5");
    BOOST_TEST(tokens[8].text == ".5");
    // a Windows path keeps its backslashes
    BOOST_TEST(lex("\"C:\\data\\x.csv\"").tokens[0].value == "C:\\data\\x.csv");
    // every statement keyword is a keyword token; clause words are names
    for (const std::string_view k : statement_keywords()) BOOST_TEST((lex(k).tokens[0].kind == tk::keyword));
    for (const char* w : {"wrt", "at", "as", "by", "epochs", "batch", "seed", "digits", "d"})
        BOOST_TEST((lex(w).tokens[0].kind == tk::identifier));
}

BOOST_AUTO_TEST_CASE(malformed_numbers_are_single_tokens) {
    BOOST_TEST((texts("2x + 1.2.3 - 3e+ 4e5") == std::vector<std::string>{"2x", "+", "1.2.3", "-", "3e", "+", "4e5"}));
    BOOST_TEST((lex("2x").tokens[0].kind == tk::number));
}

BOOST_AUTO_TEST_CASE(columns_count_code_points) {
    const auto tokens = lex("α = ∂β/∂γ + 𝑥").tokens;
    const int columns[] = {1, 3, 5, 6, 7, 8, 9, 11, 13};
    for (std::size_t i = 0; i < std::size(columns); ++i) BOOST_TEST(tokens[i].span.column == columns[i]);
    BOOST_TEST(tokens[8].text == "𝑥");
    BOOST_TEST(tokens[8].span.end_column == 14);
    BOOST_TEST(tokens[8].span.begin == 19u);  // bytes
    BOOST_TEST(tokens[8].span.end == 23u);
    BOOST_TEST(count_columns("α∂𝑥") == 3);
}

BOOST_AUTO_TEST_CASE(line_breaks_end_statements_outside_brackets) {
    const auto tokens = lex("a = 1\n\n  # comment\nb = (1 +\n 2)\n").tokens;
    std::vector<tk> got;
    for (const token& t : tokens) got.push_back(t.kind);
    BOOST_TEST((got == std::vector<tk>{tk::identifier, tk::assign, tk::number, tk::newline, tk::identifier,
                                       tk::assign, tk::lparen, tk::number, tk::plus, tk::number, tk::rparen,
                                       tk::newline, tk::end}));
    // a newline sits just past its statement's last token
    BOOST_TEST(tokens[3].span.line == 1);
    BOOST_TEST(tokens[3].span.column == 6);
    BOOST_TEST(tokens[11].span.line == 5);
    BOOST_TEST(tokens[11].span.column == 4);
    // the last statement ends even without a final line break; CRLF works like LF
    BOOST_TEST((kinds("a\r\nb") == std::vector<tk>{tk::identifier, tk::newline, tk::identifier, tk::newline, tk::end}));
    BOOST_TEST((kinds("") == std::vector<tk>{tk::end}));
    BOOST_TEST(lex("\xEF\xBB\xBFz = 1").tokens[0].span.column == 1);  // a byte order mark takes no column
    BOOST_TEST(line_text("\xEF\xBB\xBFz = 1", 1) == "z = 1");
    BOOST_TEST((kinds("# just a comment\n\n") == std::vector<tk>{tk::end}));
}

BOOST_AUTO_TEST_CASE(a_keyword_line_ends_an_open_statement) {
    const lex_result r = lex("z = f(x,\ngrad z wrt x\n");
    std::vector<tk> got;
    for (const token& t : r.tokens) got.push_back(t.kind);
    BOOST_TEST((got == std::vector<tk>{tk::identifier, tk::assign, tk::identifier, tk::lparen, tk::identifier,
                                       tk::comma, tk::newline, tk::keyword, tk::identifier, tk::identifier,
                                       tk::identifier, tk::newline, tk::end}));
    BOOST_TEST(r.open_brackets == 0);
    BOOST_TEST(lex("z = f(x,\n").open_brackets == 1);
    BOOST_TEST(lex("z = f([x,\n").open_brackets == 2);
    BOOST_TEST(lex("z = f(x))").open_brackets == 0);
}

BOOST_AUTO_TEST_CASE(invalid_text_becomes_invalid_tokens) {
    const auto tokens = lex("a = \"open\nb = c × d\ne = \xC3\x28").tokens;
    std::vector<std::string> problems;
    for (const token& t : tokens)
        if (t.kind == tk::invalid) problems.push_back(t.value);
    BOOST_REQUIRE(problems.size() == 3u);
    BOOST_TEST(problems[0] == "unterminated string: expected '\"' before the end of the line");
    BOOST_TEST(problems[1] == "unexpected character '×' (U+00D7): write '*' for a product");
    BOOST_TEST(problems[2] == "invalid UTF-8 byte 0xC3");
    BOOST_TEST(lex("\x01").tokens[0].value == "unexpected character U+0001");
    // an overlong encoding and a lone continuation byte are malformed
    BOOST_TEST((decode_utf8("\xC0\xAF", 0).value == invalid_code_point));
    BOOST_TEST((decode_utf8("\x80", 0).value == invalid_code_point));
    BOOST_TEST((decode_utf8("∂", 0).value == U'∂'));
    BOOST_TEST(encode_utf8(U'𝑥') == "𝑥");
}

BOOST_AUTO_TEST_CASE(letters_of_many_scripts_but_not_operators) {
    for (const char32_t c : {U'a', U'Z', U'_', U'é', U'ß', U'α', U'Ω', U'ж', U'ℓ', U'𝑥', U'中'})
        BOOST_TEST(is_name_start(c));
    for (const char32_t c : {U'∂', U'×', U'·', U'²', U'≤', U'0', U'₁', U'−'}) BOOST_TEST(!is_name_start(c));
    BOOST_TEST(is_name_continue(U'₁'));
    BOOST_TEST(is_name_continue(U'7'));
    BOOST_TEST(is_name_continue(U'\u0302'));  // combining circumflex
    BOOST_TEST(!is_name_continue(U'²'));
    BOOST_TEST(!is_name_continue(U'₊'));
}

BOOST_AUTO_TEST_SUITE_END()
