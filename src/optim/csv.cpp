#include "chainrule/optim/csv.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
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

/// The cells of one line: split at commas outside double quotes and brackets, trimmed, quotes removed.
/// cell: blank* ( '"' ( [^"] | '""' )* '"' | ( [^,"[] | '[' [^"\]]* ']' )* ) blank*
std::vector<std::string> split_cells(std::string_view line, const std::string& file, std::size_t row) {
    std::vector<std::string> cells;
    std::size_t i = 0;
    for (;;) {
        std::string cell;
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i < line.size() && line[i] == '"') {
            // quoted: up to the closing quote, "" standing for one quote
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        cell += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                cell += line[i++];
            }
            if (!closed) throw data_error(file, row, cells.size() + 1, "", "a quoted cell has no closing quote");
            while (i < line.size() && is_blank(line[i])) ++i;
            if (i < line.size() && line[i] != ',')
                throw data_error(file, row, cells.size() + 1, "", "text after the closing quote of a quoted cell");
        } else {
            // unquoted: up to a comma outside brackets, so that X[0,1] is one name
            std::size_t end = i;
            int depth = 0;
            for (; end < line.size() && !(line[end] == ',' && depth == 0); ++end) {
                if (line[end] == '"') throw data_error(file, row, cells.size() + 1, "", "a quote inside an unquoted cell");
                if (line[end] == '[') ++depth;
                if (line[end] == ']' && depth > 0) --depth;
            }
            if (depth > 0) throw data_error(file, row, cells.size() + 1, "", "a '[' without its ']'");
            cell = std::string(trim(line.substr(i, end - i)));
            i = end;
        }
        cells.push_back(std::move(cell));
        if (i >= line.size()) return cells;
        ++i;  // the comma
    }
}

/// The value of a decimal cell: [+-]? digits [. digits] [(e|E) [+-]? digits], finite; nullopt
/// otherwise (with `out_of_range` set when the text is a number too large for a double).
std::optional<double> parse_number(std::string_view text, bool& out_of_range) {
    out_of_range = false;
    std::string_view body = text;
    if (!body.empty() && body.front() == '+') body.remove_prefix(1);
    // from_chars also reads "inf", "nan" and "infinity": only digits and '.' may start a number here
    const std::string_view unsigned_part = !body.empty() && body.front() == '-' ? body.substr(1) : body;
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

}  // namespace

table parse_csv(std::string_view text, const std::string& file) {
    table t;
    t.file = file;
    bool have_header = false;
    std::size_t row = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        // the next line, without its LF or CRLF
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++row;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim(line).empty()) continue;
        std::vector<std::string> cells = split_cells(line, file, row);

        if (!have_header) {
            // the header: names, non-empty, unique, not all numbers
            bool all_numbers = true;
            for (const std::string& c : cells) {
                bool out_of_range = false;
                if (!parse_number(c, out_of_range)) all_numbers = false;
            }
            if (all_numbers)
                throw data_error(file, row, 0, "",
                                 "the first line holds numbers, not column names: the file needs a header row "
                                 "naming its columns (for example: x[0],x[1],y)");
            for (std::size_t c = 0; c < cells.size(); ++c) {
                if (cells[c].empty()) throw data_error(file, row, c + 1, "", "the header has an empty column name");
                for (std::size_t d = 0; d < c; ++d)
                    if (canonical(cells[d]) == canonical(cells[c]))
                        throw data_error(file, row, c + 1, cells[c],
                                         "the name repeats column " + std::to_string(d + 1));
            }
            t.names = std::move(cells);
            t.columns.resize(t.names.size());
            t.text.resize(t.names.size());
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
        for (std::size_t c = 0; c < cells.size(); ++c) {
            bool out_of_range = false;
            const std::optional<double> value = parse_number(cells[c], out_of_range);
            if (!value) {
                const std::string problem = cells[c].empty() ? "the cell is empty, expected a number"
                                            : out_of_range   ? "'" + cells[c] + "' is too large for a double"
                                                             : "'" + cells[c] + "' is not a finite decimal number";
                throw data_error(file, row, c + 1, t.names[c], problem);
            }
            t.columns[c].push_back(*value);
            t.text[c].push_back(std::move(cells[c]));
        }
        t.lines.push_back(row);
    }
    if (!have_header) throw data_error(file, 0, 0, "", "the file is empty: expected a header row of column names");
    if (t.rows() == 0) throw data_error(file, 0, 0, "", "the file has a header row but no data rows");
    return t;
}

table read_csv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int code = errno;
        throw data_error(path, 0, 0, "", std::string("cannot open the file: ") + std::strerror(code));
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    if (in.bad()) throw data_error(path, 0, 0, "", "cannot read the file");
    return parse_csv(contents.str(), path);
}

}  // namespace chainrule::optim
