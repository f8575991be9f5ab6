#include "chainrule/lang/diagnostic.hpp"

#include <algorithm>
#include <vector>

namespace chainrule::lang {

std::string diagnostic::headline() const {
    return file + ":" + std::to_string(span.line) + ":" + std::to_string(span.column) +
           ": error: " + message;
}

source_error::source_error(diagnostic d) : parse_error(d.position(), d.message), detail_(std::move(d)) {}

std::string render_caret(std::string_view line, int column, int length) {
    std::string out = "    ";
    out.append(line);
    out += "\n    ";
    int current = 1;
    for (std::size_t i = 0; i < line.size() && current < column; ++current) {
        out += line[i] == '\t' ? '\t' : ' ';
        i += static_cast<std::size_t>(decode_utf8(line, i).length);
    }
    for (; current < column; ++current) out += ' ';
    out += '^';
    for (int k = 1; k < length; ++k) out += '~';
    return out;
}

std::string render(const diagnostic& d, std::string_view text, int first_line) {
    const std::string_view line = line_text(text, d.span.line, first_line);
    int length = d.span.length();
    if (d.span.end_line != d.span.line) length = std::max(1, count_columns(line) - d.span.column + 1);
    return d.headline() + "\n" + render_caret(line, d.span.column, length);
}

namespace {

std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const decoded_char d = decode_utf8(s, i);
        out += d.value;
        i += static_cast<std::size_t>(d.length);
    }
    return out;
}

}  // namespace

std::size_t edit_distance(std::string_view a_text, std::string_view b_text) {
    const std::u32string a = code_points(a_text), b = code_points(b_text);
    const std::size_t n = a.size(), m = b.size();
    // d[i][j]: distance between a[0..i) and b[0..j)
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates) {
    if (word.size() > 64) return std::nullopt;
    const std::size_t length = static_cast<std::size_t>(count_columns(word));
    const std::size_t allowed = std::clamp<std::size_t>(length / 3, 1, 3);
    std::optional<std::string_view> best;
    std::size_t best_distance = allowed + 1;
    std::size_t best_gap = 0;  // difference in length, the tie-breaker: "tahn" is "tanh", not "tan"
    for (const std::string_view candidate : candidates) {
        const std::size_t distance = edit_distance(word, candidate);
        const std::size_t candidate_length = static_cast<std::size_t>(count_columns(candidate));
        if (distance == 0 || distance >= candidate_length) continue;
        const std::size_t gap = candidate_length > length ? candidate_length - length : length - candidate_length;
        if (distance < best_distance || (distance == best_distance && gap < best_gap))
            best = candidate, best_distance = distance, best_gap = gap;
    }
    return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
    const auto match = closest_match(word, candidates);
    return match ? " (did you mean '" + std::string(*match) + "'?)" : std::string();
}

}  // namespace chainrule::lang
