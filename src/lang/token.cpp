#include "chainrule/lang/token.hpp"

#include <algorithm>
#include <array>

namespace chainrule::lang {

std::string_view spelling(token_kind kind) {
    switch (kind) {
    case token_kind::identifier: return "a name";
    case token_kind::keyword: return "a statement keyword";
    case token_kind::number: return "a number";
    case token_kind::string: return "a string";
    case token_kind::partial: return "'∂'";
    case token_kind::plus: return "'+'";
    case token_kind::minus: return "'-'";
    case token_kind::star: return "'*'";
    case token_kind::slash: return "'/'";
    case token_kind::power: return "'^'";
    case token_kind::matmul: return "'@'";
    case token_kind::lparen: return "'('";
    case token_kind::rparen: return "')'";
    case token_kind::lbracket: return "'['";
    case token_kind::rbracket: return "']'";
    case token_kind::comma: return "','";
    case token_kind::colon: return "':'";
    case token_kind::tilde: return "'~'";
    case token_kind::assign: return "'='";
    case token_kind::equal: return "'=='";
    case token_kind::not_equal: return "'!='";
    case token_kind::less: return "'<'";
    case token_kind::less_equal: return "'<='";
    case token_kind::greater: return "'>'";
    case token_kind::greater_equal: return "'>='";
    case token_kind::newline: return "end of line";
    case token_kind::end: return "end of input";
    case token_kind::invalid: return "invalid text";
    }
    return "?";
}

std::string describe(const token& t) {
    switch (t.kind) {
    case token_kind::newline:
    case token_kind::end: return std::string(spelling(t.kind));
    case token_kind::string: return "string " + std::string(t.text);
    case token_kind::identifier:
    case token_kind::keyword:
    case token_kind::number:
    case token_kind::partial:
    case token_kind::plus:
    case token_kind::minus:
    case token_kind::star:
    case token_kind::slash:
    case token_kind::power:
    case token_kind::matmul:
    case token_kind::lparen:
    case token_kind::rparen:
    case token_kind::lbracket:
    case token_kind::rbracket:
    case token_kind::comma:
    case token_kind::colon:
    case token_kind::tilde:
    case token_kind::assign:
    case token_kind::equal:
    case token_kind::not_equal:
    case token_kind::less:
    case token_kind::less_equal:
    case token_kind::greater:
    case token_kind::greater_equal:
    case token_kind::invalid: break;
    }
    std::string shown(t.text);
    if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
    return "'" + shown + "'";
}

namespace {

constexpr std::array<std::string_view, 13> keywords = {
    "input", "param", "const", "grad", "eval", "show", "assume",
    "claim", "check", "data", "train", "save", "load",
};

struct range {
    char32_t first, last;
};

// letters outside ASCII, roughly Unicode's L categories for the scripts people write maths in
constexpr range letter_ranges[] = {
    {0x00AA, 0x00AA}, {0x00B5, 0x00B5}, {0x00BA, 0x00BA}, {0x00C0, 0x00D6},
    {0x00D8, 0x00F6}, {0x00F8, 0x02AF},                                     // Latin, IPA
    {0x0370, 0x0373}, {0x0376, 0x0377}, {0x037B, 0x037D}, {0x037F, 0x037F},
    {0x0386, 0x0386}, {0x0388, 0x03F5}, {0x03F7, 0x03FF},                   // Greek
    {0x0400, 0x0481}, {0x048A, 0x052F},                                     // Cyrillic
    {0x0531, 0x0556}, {0x0561, 0x0587},                                     // Armenian
    {0x05D0, 0x05EA}, {0x0620, 0x064A},                                     // Hebrew, Arabic
    {0x1E00, 0x1FBC}, {0x1FC2, 0x1FCC}, {0x1FD0, 0x1FDB}, {0x1FE0, 0x1FEC},
    {0x1FF2, 0x1FFC},                                                       // Latin/Greek ext.
    {0x2102, 0x2102}, {0x2107, 0x2107}, {0x210A, 0x2113}, {0x2115, 0x2115},
    {0x2119, 0x211D}, {0x2124, 0x2124}, {0x2126, 0x2126}, {0x2128, 0x2128},
    {0x212A, 0x212D}, {0x212F, 0x2139},                                     // letterlike: ℓ ℏ
    {0x3041, 0x3096}, {0x30A1, 0x30FA}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
    {0xAC00, 0xD7A3},                                                       // CJK, Hangul
    {0x1D400, 0x1D7CB},                                                     // 𝑥, 𝐖
};

bool in(const range* first, const range* last, char32_t c) {
    return std::any_of(first, last, [c](const range& r) { return r.first <= c && c <= r.last; });
}

}  // namespace

std::span<const std::string_view> statement_keywords() { return keywords; }

bool is_statement_keyword(std::string_view word) {
    return std::find(keywords.begin(), keywords.end(), word) != keywords.end();
}

bool is_name_start(char32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    return in(std::begin(letter_ranges), std::end(letter_ranges), c);
}

bool is_name_continue(char32_t c) {
    if (c >= '0' && c <= '9') return true;
    if (c >= 0x0300 && c <= 0x036F) return true;  // combining marks
    if ((c >= 0x2080 && c <= 0x2089) || (c >= 0x2090 && c <= 0x209C)) return true;  // subscripts
    return is_name_start(c);
}

}  // namespace chainrule::lang
