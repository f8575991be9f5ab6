#include "json_check.hpp"

#include <cstddef>

namespace chainrule::golden {

namespace {

/// Recursive-descent recogniser over `s`; each method consumes one production or fails.
class recogniser {
public:
    explicit recogniser(std::string_view s) : s_(s) {}

    /// json: ws value ws
    bool document() {
        space();
        if (!value(0)) return false;
        space();
        return i_ == s_.size();
    }

    /// The keys of the top-level object, if the text is one (each key's raw text).
    bool top_level_has(std::string_view key) {
        space();
        if (!eat('{')) return false;
        space();
        if (eat('}')) return false;
        for (;;) {
            space();
            const std::size_t start = i_;
            if (!string()) return false;
            const std::string_view k = s_.substr(start + 1, i_ - start - 2);
            if (k == key) return true;
            space();
            if (!eat(':')) return false;
            space();
            if (!value(1)) return false;
            space();
            if (eat(',')) continue;
            return false;
        }
    }

private:
    bool eat(char c) {
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    void space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }
    bool literal(std::string_view word) {
        if (s_.substr(i_, word.size()) != word) return false;
        i_ += word.size();
        return true;
    }
    static bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
    static bool digit(char c) { return c >= '0' && c <= '9'; }

    /// string: '"' (unescaped | '\' escape)* '"'; no raw control characters.
    bool string() {
        if (!eat('"')) return false;
        while (i_ < s_.size()) {
            const auto c = static_cast<unsigned char>(s_[i_++]);
            if (c == '"') return true;
            if (c < 0x20) return false;
            if (c == '\\') {
                if (i_ >= s_.size()) return false;
                const char e = s_[i_++];
                if (e == 'u') {
                    for (int k = 0; k < 4; ++k)
                        if (i_ >= s_.size() || !hex(s_[i_++])) return false;
                } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
                    return false;
                }
            }
        }
        return false;
    }
    /// number: '-'? int frac? exp?
    bool number() {
        eat('-');
        if (eat('0')) {
        } else if (i_ < s_.size() && digit(s_[i_]) && s_[i_] != '0') {
            while (i_ < s_.size() && digit(s_[i_])) ++i_;
        } else {
            return false;
        }
        if (eat('.')) {
            if (i_ >= s_.size() || !digit(s_[i_])) return false;
            while (i_ < s_.size() && digit(s_[i_])) ++i_;
        }
        if (eat('e') || eat('E')) {
            if (!eat('+')) eat('-');
            if (i_ >= s_.size() || !digit(s_[i_])) return false;
            while (i_ < s_.size() && digit(s_[i_])) ++i_;
        }
        return true;
    }
    /// value: object | array | string | number | true | false | null
    bool value(int depth) {
        if (depth > 100 || i_ >= s_.size()) return false;
        const char c = s_[i_];
        if (c == '{') {
            ++i_;
            space();
            if (eat('}')) return true;
            for (;;) {
                space();
                if (!string()) return false;
                space();
                if (!eat(':')) return false;
                space();
                if (!value(depth + 1)) return false;
                space();
                if (eat('}')) return true;
                if (!eat(',')) return false;
            }
        }
        if (c == '[') {
            ++i_;
            space();
            if (eat(']')) return true;
            for (;;) {
                space();
                if (!value(depth + 1)) return false;
                space();
                if (eat(']')) return true;
                if (!eat(',')) return false;
            }
        }
        if (c == '"') return string();
        if (c == 't') return literal("true");
        if (c == 'f') return literal("false");
        if (c == 'n') return literal("null");
        return number();
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

}  // namespace

bool is_json(std::string_view text) { return recogniser(text).document(); }

bool has_top_level_key(std::string_view text, std::string_view key) {
    return is_json(text) && !text.empty() && recogniser(text).top_level_has(key);
}

}  // namespace chainrule::golden
