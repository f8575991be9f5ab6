#include "chainrule/lang/lexer.hpp"

#include <cstdio>

namespace chainrule::lang {

namespace {

std::string code_point_name(char32_t c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
    return buffer;
}

// "unexpected character '×' (U+00D7): write '*' for a product"
std::string unexpected_character(char32_t c) {
    std::string message = "unexpected character ";
    if (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0))
        message += "'" + encode_utf8(c) + "' (" + code_point_name(c) + ")";
    else
        message += code_point_name(c);
    switch (c) {
    case U'×':
    case U'·':
    case U'⋅': return message + ": write '*' for a product";
    case U'÷': return message + ": write '/' for a quotient";
    case U'−': return message + ": write '-' for a difference";
    case U'²':
    case U'³': return message + ": write '^' for a power, as in x^2";
    case U'!': return message + ": did you mean '!='?";
    case U';': return message + ": statements end at the end of the line";
    default: return message;
    }
}

class lexer {
public:
    lexer(std::string_view text, int first_line) : text_(text), line_(first_line) {}

    lex_result run() {
        if (text_.starts_with("\xEF\xBB\xBF")) offset_ = 3;  // a byte order mark is no column
        while (offset_ < text_.size()) step();
        end_statement();
        token end;
        end.kind = token_kind::end;
        end.span = here_span();
        result_.tokens.push_back(std::move(end));
        result_.open_brackets = brackets_;
        return std::move(result_);
    }

private:
    // one token, or skipped whitespace, comment or line break
    void step() {
        const char c = text_[offset_];
        if (c == '\n') {
            advance_byte_line_break();
            if (brackets_ == 0) end_statement();
            return;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            advance();
            return;
        }
        if (c == '#') {
            while (offset_ < text_.size() && text_[offset_] != '\n') advance();
            return;
        }
        start_token();
        const decoded_char d = decode_utf8(text_, offset_);
        if (d.value == invalid_code_point) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
            advance();
            finish_invalid(std::string("invalid UTF-8 byte ") + buffer);
            return;
        }
        if (d.value == 0xA0) {  // no-break space
            advance();
            return;
        }
        if (is_digit(c) || (c == '.' && offset_ + 1 < text_.size() && is_digit(text_[offset_ + 1]))) {
            number();
        } else if (is_name_start(d.value)) {
            name();
        } else if (c == '"') {
            string();
        } else {
            punctuation(d.value);
        }
    }

    static bool is_digit(char c) { return c >= '0' && c <= '9'; }

    void number() {
        while (offset_ < text_.size()) {
            const char c = text_[offset_];
            if ((c == 'e' || c == 'E') && offset_ + 2 < text_.size() &&
                (text_[offset_ + 1] == '+' || text_[offset_ + 1] == '-') && is_digit(text_[offset_ + 2])) {
                advance(), advance();
                continue;
            }
            if (c == '.' || is_digit(c)) {
                advance();
                continue;
            }
            const decoded_char d = decode_utf8(text_, offset_);
            if (d.value == invalid_code_point || !is_name_continue(d.value)) break;
            advance();
        }
        finish(token_kind::number);
    }

    void name() {
        while (offset_ < text_.size()) {
            const decoded_char d = decode_utf8(text_, offset_);
            if (d.value == invalid_code_point || !is_name_continue(d.value)) break;
            advance();
        }
        const std::string_view word = text_.substr(start_offset_, offset_ - start_offset_);
        if (!is_statement_keyword(word)) {
            finish(token_kind::identifier);
            return;
        }
        // a statement keyword first on its line starts a new statement even inside brackets
        if (brackets_ > 0 && !first_on_line()) {
            finish(token_kind::keyword);
            return;
        }
        if (brackets_ > 0) {
            token pending = make(token_kind::keyword);
            brackets_ = 0;
            end_statement();
            push(std::move(pending));
            return;
        }
        finish(token_kind::keyword);
    }

    // string: '"' (char | '\"' | '\\')* '"' on one line
    void string() {
        advance();  // opening quote
        std::string contents;
        while (offset_ < text_.size() && text_[offset_] != '\n') {
            const char c = text_[offset_];
            if (c == '"') {
                advance();
                token t = make(token_kind::string);
                t.value = std::move(contents);
                push(std::move(t));
                return;
            }
            if (c == '\\' && offset_ + 1 < text_.size() && (text_[offset_ + 1] == '"' || text_[offset_ + 1] == '\\')) {
                contents += text_[offset_ + 1];
                advance(), advance();
                continue;
            }
            const std::size_t before = offset_;
            advance();
            contents.append(text_.substr(before, offset_ - before));
        }
        finish_invalid("unterminated string: expected '\"' before the end of the line");
    }

    void punctuation(char32_t c) {
        const auto next_is = [&](char n) { return offset_ + 1 < text_.size() && text_[offset_ + 1] == n; };
        token_kind kind = token_kind::invalid;
        int bytes = 1;
        switch (c) {
        case '+': kind = token_kind::plus; break;
        case '-': kind = token_kind::minus; break;
        case '*':
            kind = next_is('*') ? token_kind::power : token_kind::star;
            bytes = next_is('*') ? 2 : 1;
            break;
        case '/': kind = token_kind::slash; break;
        case '^': kind = token_kind::power; break;
        case '@': kind = token_kind::matmul; break;
        case '(': kind = token_kind::lparen; break;
        case ')': kind = token_kind::rparen; break;
        case '[': kind = token_kind::lbracket; break;
        case ']': kind = token_kind::rbracket; break;
        case ',': kind = token_kind::comma; break;
        case ':': kind = token_kind::colon; break;
        case '~': kind = token_kind::tilde; break;
        case '=':
            kind = next_is('=') ? token_kind::equal : token_kind::assign;
            bytes = next_is('=') ? 2 : 1;
            break;
        case '!':
            if (next_is('=')) kind = token_kind::not_equal, bytes = 2;
            break;
        case '<':
            kind = next_is('=') ? token_kind::less_equal : token_kind::less;
            bytes = next_is('=') ? 2 : 1;
            break;
        case '>':
            kind = next_is('=') ? token_kind::greater_equal : token_kind::greater;
            bytes = next_is('=') ? 2 : 1;
            break;
        case U'∂': kind = token_kind::partial; break;
        case U'≤': kind = token_kind::less_equal; break;
        case U'≥': kind = token_kind::greater_equal; break;
        case U'≠': kind = token_kind::not_equal; break;
        default: break;
        }
        if (kind == token_kind::invalid) {
            advance();
            finish_invalid(unexpected_character(c));
            return;
        }
        if (bytes == 2) advance();
        advance();
        if (kind == token_kind::lparen || kind == token_kind::lbracket) ++brackets_;
        if ((kind == token_kind::rparen || kind == token_kind::rbracket) && brackets_ > 0) --brackets_;
        finish(kind);
    }

    // position bookkeeping
    void advance() {
        offset_ += static_cast<std::size_t>(decode_utf8(text_, offset_).length);
        ++column_;
    }
    void advance_byte_line_break() {
        ++offset_;
        ++line_;
        column_ = 1;
    }
    void start_token() {
        start_line_ = line_;
        start_column_ = column_;
        start_offset_ = offset_;
    }
    source_span here_span() const {
        return {line_, column_, line_, column_, offset_, offset_};
    }
    token make(token_kind kind) const {
        token t;
        t.kind = kind;
        t.text = text_.substr(start_offset_, offset_ - start_offset_);
        t.span = {start_line_, start_column_, line_, column_, start_offset_, offset_};
        return t;
    }
    void finish(token_kind kind) { push(make(kind)); }
    void finish_invalid(std::string problem) {
        token t = make(token_kind::invalid);
        t.value = std::move(problem);
        push(std::move(t));
    }
    bool first_on_line() const {
        return statement_open_ == false || result_.tokens.empty() || result_.tokens.back().span.end_line < start_line_;
    }
    void push(token t) {
        statement_open_ = true;
        result_.tokens.push_back(std::move(t));
    }
    // a newline token just past the statement's last token, when the statement has tokens
    void end_statement() {
        if (!statement_open_) return;
        const source_span last = result_.tokens.back().span;
        token nl;
        nl.kind = token_kind::newline;
        nl.span = {last.end_line, last.end_column, last.end_line, last.end_column, last.end, last.end};
        result_.tokens.push_back(std::move(nl));
        statement_open_ = false;
    }

    std::string_view text_;
    std::size_t offset_ = 0;
    int line_;
    int column_ = 1;
    int start_line_ = 0;
    int start_column_ = 0;
    std::size_t start_offset_ = 0;
    int brackets_ = 0;
    bool statement_open_ = false;
    lex_result result_;
};

}  // namespace

lex_result lex(std::string_view text, int first_line) { return lexer(text, first_line).run(); }

}  // namespace chainrule::lang
