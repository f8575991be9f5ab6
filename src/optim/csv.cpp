#include "chainrule/optim/csv.hpp"

#include "chainrule/core/file.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <system_error>

namespace chainrule::optim {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

/// A name with its white space removed: "x[0, 1]" and "x[0,1]" are the same column.
std::string canonical(std::string_view name) {
    std::string out;
    for (char c : name)
        if (!is_blank(c)) out += c;
    return out;
}

/// Where one cell's text lies in its line: [begin, end), trimmed, inside the quotes of a quoted
/// cell; `escaped` when that text holds "" standing for one quote.
struct cell_span {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool escaped = false;
};

/// The cell's value as a string: its text with "" read as one quote.
std::string unescape(std::string_view line, const cell_span& c) {
    const std::string_view raw = line.substr(c.begin, c.end - c.begin);
    if (!c.escaped) return std::string(raw);
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        out += raw[i];
        if (raw[i] == '"') ++i;  // the second quote of ""
    }
    return out;
}

/// The cells of one line into `cells` (cleared first, its storage reused): split at commas
/// outside double quotes and brackets, trimmed, quotes removed.
/// cell: blank* ( '"' ( [^"] | '""' )* '"' | ( [^,"[] | '[' [^"\]]* ']' )* ) blank*
void split_cells(std::string_view line, const std::string& file, std::size_t row, std::vector<cell_span>& cells) {
    cells.clear();
    std::size_t i = 0;
    for (;;) {
        cell_span cell;
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i < line.size() && line[i] == '"') {
            // quoted: up to the closing quote, "" standing for one quote
            ++i;
            cell.begin = i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        cell.escaped = true;
                        i += 2;
                        continue;
                    }
                    cell.end = i;
                    ++i;
                    closed = true;
                    break;
                }
                ++i;
            }
            if (!closed) throw data_error(file, row, cells.size() + 1, "", "a quoted cell has no closing quote");
            while (i < line.size() && is_blank(line[i])) ++i;
            if (i < line.size() && line[i] != ',')
                throw data_error(file, row, cells.size() + 1, "", "text after the closing quote of a quoted cell");
        } else {
            // unquoted: up to a comma outside brackets, so that X[0,1] is one name
            std::size_t end = i;
            int depth = 0;
            for (; end < line.size(); ++end) {
                const char c = line[end];
                if (c == ',' && depth == 0) break;
                if (c == '"') throw data_error(file, row, cells.size() + 1, "", "a quote inside an unquoted cell");
                if (c == '[') ++depth;
                if (c == ']' && depth > 0) --depth;
            }
            if (depth > 0) throw data_error(file, row, cells.size() + 1, "", "a '[' without its ']'");
            cell.begin = i;
            cell.end = end;
            while (cell.end > cell.begin && is_blank(line[cell.end - 1])) --cell.end;
            i = end;
        }
        cells.push_back(cell);
        if (i >= line.size()) return;
        ++i;  // the comma
    }
}

/// The value of a decimal cell: [+-]? digits [. digits] [(e|E) [+-]? digits], finite; nullopt
/// otherwise (with `out_of_range` set when the text is a number too large for a double).
std::optional<double> parse_number(std::string_view text, bool& out_of_range) {
    out_of_range = false;
    // whole numbers of at most 15 digits are exact in a double: the value from_chars gives,
    // without its general algorithm (most cells of image data are such)
    {
        std::size_t i = 0;
        const bool negative = !text.empty() && text.front() == '-';
        if (!text.empty() && (text.front() == '-' || text.front() == '+')) i = 1;
        if (text.size() > i && text.size() - i <= 15) {
            std::uint64_t v = 0;
            bool digits = true;
            for (; i < text.size() && digits; ++i) {
                const unsigned d = static_cast<unsigned char>(text[i]) - unsigned{'0'};
                digits = d <= 9;
                v = v * 10 + d;
            }
            if (digits) {
                const double x = static_cast<double>(v);
                return negative ? -x : x;
            }
        }
    }
    std::string_view body = text;
    const bool plus = !body.empty() && body.front() == '+';
    if (plus) body.remove_prefix(1);
    // one sign at most: from_chars would read the "-1" of "+-1"
    const bool minus = !body.empty() && body.front() == '-';
    if (plus && minus) return std::nullopt;
    // from_chars also reads "inf", "nan" and "infinity": only digits and '.' may start a number here
    const std::string_view unsigned_part = minus ? body.substr(1) : body;
    if (unsigned_part.empty() || !(std::isdigit(static_cast<unsigned char>(unsigned_part.front())) ||
                                   unsigned_part.front() == '.'))
        return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
    if (ec == std::errc::result_out_of_range) {
        out_of_range = true;
        return std::nullopt;
    }
    if (ec != std::errc() || end != body.data() + body.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

/// A character a decimal cell's text may hold: where such a text ends in the file is where
/// these end.
bool in_number(char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E';
}

/// Parses the bytes of a CSV file, which the table keeps (see the file comment).
table parse_source(std::string source, const std::string& file) {
    table t;
    t.file = file;
    t.source = std::move(source);
    const std::string_view text = t.source;
    bool have_header = false;
    std::size_t row = 0;
    std::size_t pos = 0;
    std::vector<cell_span> cells;
    while (pos < text.size()) {
        // the next line, without its LF or CRLF
        const std::size_t start = pos;
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++row;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim(line).empty()) continue;
        split_cells(line, file, row, cells);

        if (!have_header) {
            // the header: names, non-empty, unique, not all numbers
            std::vector<std::string> names;
            for (const cell_span& c : cells) names.push_back(unescape(line, c));
            bool all_numbers = true;
            for (const std::string& c : names) {
                bool out_of_range = false;
                if (!parse_number(c, out_of_range)) all_numbers = false;
            }
            if (all_numbers)
                throw data_error(file, row, 0, "",
                                 "the first line holds numbers, not column names: the file needs a header row "
                                 "naming its columns (for example: x[0],x[1],y)");
            for (std::size_t c = 0; c < names.size(); ++c) {
                if (names[c].empty()) throw data_error(file, row, c + 1, "", "the header has an empty column name");
                for (std::size_t d = 0; d < c; ++d)
                    if (canonical(names[d]) == canonical(names[c]))
                        throw data_error(file, row, c + 1, names[c], "the name repeats column " + std::to_string(d + 1));
            }
            t.names = std::move(names);
            // room for as many rows as the rest has lines
            // (pos is one past the end after a last line without its LF)
            const std::string_view rest = text.substr(std::min(pos, text.size()));
            const std::size_t rows_left = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '\n')) + 1;
            t.columns.resize(t.names.size());
            for (std::vector<double>& column : t.columns) column.reserve(rows_left);
            t.cell_starts.reserve(rows_left * t.names.size());
            t.lines.reserve(rows_left);
            t.row_starts.reserve(rows_left);
            have_header = true;
            continue;
        }

        // a data row: as many cells as names, each a finite number
        if (cells.size() != t.names.size()) {
            const std::size_t column = std::min(cells.size(), t.names.size()) + 1;
            const std::string name = cells.size() < t.names.size() ? t.names[cells.size()] : "";
            throw data_error(file, row, column, name,
                             "the row has " + std::to_string(cells.size()) + " cells but the header has " +
                                 std::to_string(t.names.size()) + " columns");
        }
        if (line.size() > std::numeric_limits<std::uint32_t>::max())
            throw data_error(file, row, 0, "", "the line is longer than 4 GiB");
        for (std::size_t c = 0; c < cells.size(); ++c) {
            bool out_of_range = false;
            const std::string_view cell = line.substr(cells[c].begin, cells[c].end - cells[c].begin);
            // a quoted cell with "" in it holds a quote, so it is no number
            const std::optional<double> value = cells[c].escaped ? std::nullopt : parse_number(cell, out_of_range);
            if (!value) {
                const std::string shown = unescape(line, cells[c]);
                const std::string problem = shown.empty() ? "the cell is empty, expected a number"
                                            : out_of_range ? "'" + shown + "' is too large for a double"
                                                           : "'" + shown + "' is not a finite decimal number";
                throw data_error(file, row, c + 1, t.names[c], problem);
            }
            t.columns[c].push_back(*value);
            t.cell_starts.push_back(static_cast<std::uint32_t>(cells[c].begin));
        }
        t.lines.push_back(row);
        t.row_starts.push_back(start);
    }
    if (!have_header) throw data_error(file, 0, 0, "", "the file is empty: expected a header row of column names");
    if (t.rows() == 0) throw data_error(file, 0, 0, "", "the file has a header row but no data rows");
    return t;
}

}  // namespace

std::string_view table::text(std::size_t column, std::size_t row) const {
    const std::size_t begin = row_starts[row] + cell_starts[row * names.size() + column];
    std::size_t end = begin;
    while (end < source.size() && in_number(source[end])) ++end;
    return std::string_view(source).substr(begin, end - begin);
}

table parse_csv(std::string_view text, const std::string& file) { return parse_source(std::string(text), file); }

table read_csv(const std::string& path) { return parse_source(read_input_file(path, "data file", max_csv_bytes), path); }

}  // namespace chainrule::optim
