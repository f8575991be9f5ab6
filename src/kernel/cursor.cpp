// Cursor positions and names in a cell (cursor.hpp).
#include "cursor.hpp"

#include "chainrule/lang/source.hpp"
#include "chainrule/lang/token.hpp"

namespace chainrule::kernel {

std::size_t byte_offset(std::string_view text, int position) {
    std::size_t at = 0;
    for (int k = 0; k < position && at < text.size(); ++k) at += static_cast<std::size_t>(lang::decode_utf8(text, at).length);
    return at;
}

int code_points(std::string_view text, std::size_t bytes) {
    int n = 0;
    for (std::size_t at = 0; at < bytes && at < text.size(); ++n) at += static_cast<std::size_t>(lang::decode_utf8(text, at).length);
    return n;
}

byte_range name_before(std::string_view text, std::size_t cursor) {
    if (cursor > text.size()) cursor = text.size();
    // scan from the start (UTF-8 is not read backwards): the last run of name characters,
    // begun by a name start, that reaches the cursor
    std::size_t begin = cursor;
    bool in_name = false;
    for (std::size_t at = 0; at < cursor;) {
        const lang::decoded_char c = lang::decode_utf8(text, at);
        if (in_name && lang::is_name_continue(c.value)) {
        } else if (lang::is_name_start(c.value)) {
            in_name = true;
            begin = at;
        } else {
            in_name = false;
        }
        at += static_cast<std::size_t>(c.length);
    }
    return in_name ? byte_range{begin, cursor} : byte_range{cursor, cursor};
}

byte_range name_around(std::string_view text, std::size_t cursor) {
    if (cursor > text.size()) cursor = text.size();
    byte_range r = name_before(text, cursor);
    if (r.empty()) {
        // the cursor may stand on a name's first character
        if (cursor == text.size() || !lang::is_name_start(lang::decode_utf8(text, cursor).value)) return r;
        r = {cursor, cursor};
    }
    while (r.end < text.size()) {
        const lang::decoded_char c = lang::decode_utf8(text, r.end);
        if (!lang::is_name_continue(c.value)) break;
        r.end += static_cast<std::size_t>(c.length);
    }
    return r;
}

}  // namespace chainrule::kernel
