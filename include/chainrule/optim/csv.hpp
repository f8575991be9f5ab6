#pragma once
/// \file
/// Numeric tables from CSV files with a header row.
///
/// Format: lines end in LF or CRLF; cells are separated by commas and trimmed of spaces and
/// tabs. A comma inside square brackets does not separate cells, so the header may name matrix
/// elements X[0,1] as they are; a cell may also be double-quoted ("" inside quotes is one quote). The first non-blank line is the header: unique, non-empty
/// names. Every later non-blank line is a row with exactly as many cells as the header, each a
/// finite decimal number (an optional sign, digits, an optional fraction and exponent; "nan" and
/// "inf" are refused). Blank lines are skipped. Numbers are converted by std::from_chars, which
/// rounds the decimal text to the nearest double; the text itself is kept too, so a caller may
/// read the exact decimal value.

#include "chainrule/optim/data_error.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::optim {

/// A table of named numeric columns, all of the same length. The cells' decimal text is kept
/// without a string per cell: the file's bytes once, and where each cell starts in them.
struct table {
    std::string file = {};                              ///< where it was read from (for messages)
    std::vector<std::string> names = {};                ///< column names, in file order
    std::vector<std::vector<double>> columns = {};      ///< columns[c][r]: the value of row r in column c
    std::vector<std::size_t> lines = {};                ///< lines[r]: the 1-based file line of row r
    std::string source = {};                            ///< the file's bytes, as read
    std::vector<std::size_t> row_starts = {};           ///< row_starts[r]: where row r's line starts in source
    /// cell_starts[r * names.size() + c]: where the text of row r's cell c starts, counted from
    /// row_starts[r] (a quoted cell: after its quote)
    std::vector<std::uint32_t> cell_starts = {};

    /// The number of data rows.
    std::size_t rows() const { return lines.size(); }

    /// The decimal text of row `row`'s cell in column `column`, as written (trimmed, without
    /// quotes): "0.1", "+3e2". Valid while the table lives and is not modified.
    std::string_view text(std::size_t column, std::size_t row) const;
};

/// The largest CSV file read: 2 GiB (its table takes about four times that in memory).
inline constexpr std::uintmax_t max_csv_bytes = std::uintmax_t{2} << 30;

/// Reads the CSV file at `path`. usage_error when it is not a regular file (a directory, a
/// device, a FIFO), is larger than max_csv_bytes or cannot be read; data_error when it is
/// malformed (see the file comment): empty file, a first line that is data rather than names,
/// empty or repeated names, ragged rows, cells that are not finite numbers, no data rows.
table read_csv(const std::string& path);

/// Parses CSV text as read_csv does, naming `file` in errors.
table parse_csv(std::string_view text, const std::string& file);

}  // namespace chainrule::optim
