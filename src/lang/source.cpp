#include "chainrule/lang/source.hpp"

#include "chainrule/core/assert.hpp"

namespace chainrule::lang {

int source_span::length() const noexcept {
    if (end_line != line) return 1;
    return end_column > column ? end_column - column : 1;
}

source_span cover(const source_span& first, const source_span& last) {
    source_span s = first;
    s.end_line = last.end_line;
    s.end_column = last.end_column;
    s.end = last.end;
    return s;
}

std::string_view span_text(std::string_view text, const source_span& span) {
    if (span.begin > text.size() || span.end < span.begin) return {};
    return text.substr(span.begin, span.end - span.begin);
}

std::string_view line_text(std::string_view text, int line, int first_line) {
    if (line < first_line) return {};
    std::size_t start = 0;
    for (int current = first_line; current < line; ++current) {
        const std::size_t brk = text.find('\n', start);
        if (brk == std::string_view::npos) return {};
        start = brk + 1;
    }
    if (start == 0 && text.starts_with("\xEF\xBB\xBF")) start = 3;  // byte order mark
    std::size_t stop = text.find('\n', start);
    if (stop == std::string_view::npos) stop = text.size();
    if (stop > start && text[stop - 1] == '\r') --stop;
    return text.substr(start, stop - start);
}

decoded_char decode_utf8(std::string_view text, std::size_t offset) {
    CHAINRULE_ASSERT(offset < text.size());
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(offset);
    if (lead < 0x80) return {lead, 1};
    int length = 0;
    char32_t value = 0;
    char32_t smallest = 0;  // below this the form is overlong
    if ((lead & 0xE0) == 0xC0) {
        length = 2, value = lead & 0x1F, smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, value = lead & 0x0F, smallest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, value = lead & 0x07, smallest = 0x10000;
    } else {
        return {invalid_code_point, 1};
    }
    if (offset + static_cast<std::size_t>(length) > text.size()) return {invalid_code_point, 1};
    for (int k = 1; k < length; ++k) {
        const unsigned char next = byte(offset + static_cast<std::size_t>(k));
        if ((next & 0xC0) != 0x80) return {invalid_code_point, 1};
        value = (value << 6) | (next & 0x3F);
    }
    if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return {invalid_code_point, 1};
    return {value, length};
}

std::string encode_utf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

int count_columns(std::string_view text) {
    int columns = 0;
    for (std::size_t i = 0; i < text.size(); i += static_cast<std::size_t>(decode_utf8(text, i).length))
        ++columns;
    return columns;
}

}  // namespace chainrule::lang
