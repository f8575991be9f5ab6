// The parser's entry points (parser.hpp), its cursor and its error reporting.

#include "parser_impl.hpp"

#include "chainrule/core/assert.hpp"
#include "chainrule/lang/lexer.hpp"

#include <string>
#include <vector>

namespace chainrule::lang {

name_context::name_context(std::initializer_list<std::string> names) : names_(names) {}

name_context::name_context(std::function<bool(std::string_view)> is_known) : is_known_(std::move(is_known)) {}

bool name_context::knows(std::string_view name) const {
    return names_.contains(name) || (is_known_ && is_known_(name));
}

void name_context::add(std::string name) { names_.insert(std::move(name)); }

namespace detail {

parser::parser(const std::vector<token>& tokens, std::string file, const name_context& names)
    : tokens_(tokens), file_(std::move(file)), names_(names) {
    CHAINRULE_ASSERT(!tokens_.empty() && tokens_.back().kind == token_kind::end);
}

const token& parser::peek(std::size_t ahead) const {
    return tokens_[std::min(position_ + ahead, tokens_.size() - 1)];
}

const token& parser::advance() {
    const token& t = tokens_[position_];
    if (position_ + 1 < tokens_.size()) ++position_;
    return t;
}

bool parser::at_word(std::string_view word) const { return at(token_kind::identifier) && peek().text == word; }

const token& parser::previous() const {
    CHAINRULE_ASSERT(position_ > 0);
    return tokens_[position_ - 1];
}

bool parser::knows(std::string_view name) const { return learned_.contains(name) || names_.knows(name); }

void parser::fail(const source_span& where, std::string message) const {
    throw source_error(diagnostic{file_, where, std::move(message)});
}

void parser::fail_found(const std::string& expected, std::span<const std::string_view> suggestions) const {
    const token& t = peek();
    if (t.kind == token_kind::invalid) fail(t.span, t.value);
    std::string message = "expected " + expected + ", found " + describe(t);
    if (t.kind == token_kind::identifier) message += did_you_mean(t.text, suggestions);
    fail(t.span, message);
}

const token& parser::expect_close(const token& open, bool list) {
    const token_kind closer = open.kind == token_kind::lparen ? token_kind::rparen : token_kind::rbracket;
    if (at(closer)) return advance();
    fail_found(std::string(list ? "',' or " : "") + std::string(spelling(closer)) + " to close " +
               std::string(spelling(open.kind)) + " at " + std::to_string(open.span.line) + ":" +
               std::to_string(open.span.column));
}

void parser::expect_end(const std::string& expected, std::span<const std::string_view> suggestions) {
    if (at(token_kind::newline)) return;
    const token& t = peek();
    if (t.kind == token_kind::rparen || t.kind == token_kind::rbracket)
        fail(t.span, "expected " + expected + ", found " + describe(t) + " with no matching " +
                         (t.kind == token_kind::rparen ? "'('" : "'['"));
    fail_found(expected, suggestions);
}

}  // namespace detail

parse_result parse_program(std::string_view text, std::string file_name, const name_context& names,
                           int first_line) {
    const lex_result lexed = lex(text, first_line);
    detail::parser p(lexed.tokens, std::move(file_name), names);
    parse_result result;
    while (!p.at_end()) {
        try {
            statement s = p.parse_statement();
            p.learn(s);
            result.statements.push_back(std::move(s));
        } catch (const source_error& e) {
            // first error of this statement; resume at the next one
            result.errors.push_back(e.detail());
            p.skip_statement();
        }
    }
    return result;
}

std::optional<statement> parse_statement(std::string_view text, std::string file_name,
                                         const name_context& names, int first_line) {
    const lex_result lexed = lex(text, first_line);
    detail::parser p(lexed.tokens, std::move(file_name), names);
    if (p.at_end()) return std::nullopt;
    statement s = p.parse_statement();
    if (!p.at_end())
        p.fail(p.peek().span, "expected a single statement, found another one starting with " + describe(p.peek()));
    return s;
}

expression_ptr parse_expression(std::string_view text, std::string file_name, const name_context& names) {
    const lex_result lexed = lex(text, 1);
    detail::parser p(lexed.tokens, std::move(file_name), names);
    if (p.at_end()) p.fail_found("an expression");
    expression_ptr e = p.parse_expression();
    p.expect_end("an operator or end of line");
    p.advance();
    if (!p.at_end())
        p.fail(p.peek().span, "expected a single expression, found more starting with " + describe(p.peek()));
    return e;
}

bool is_complete(std::string_view text) { return lex(text).open_brackets == 0; }

std::string one_line(std::string_view text) {
    const lex_result lexed = lex(text);
    // a '#' outside every token (strings included) starts a comment
    std::vector<char> in_token(text.size(), 0);
    for (const token& t : lexed.tokens)
        if (t.kind != token_kind::newline && t.kind != token_kind::end)
            for (std::size_t k = t.span.begin; k < t.span.end && k < text.size(); ++k) in_token[k] = 1;
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string line;
        for (std::size_t k = start; k < end; ++k) {
            if (text[k] == '#' && !in_token[k]) break;
            const auto c = static_cast<unsigned char>(text[k]);
            line += c < 0x20 || c == 0x7f ? ' ' : text[k];
        }
        const std::size_t first = line.find_first_not_of(' '), last = line.find_last_not_of(' ');
        if (first != std::string::npos) {
            if (!out.empty()) out += ' ';
            out += line.substr(first, last + 1 - first);
        }
        start = end + 1;
    }
    return out;
}

}  // namespace chainrule::lang
