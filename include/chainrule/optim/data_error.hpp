#pragma once
/// \file
/// The error of an unreadable or inconsistent data file, with where in the file it is.

#include "chainrule/core/error.hpp"

#include <cstddef>
#include <string>

namespace chainrule::optim {

/// A data file that cannot be used: missing, empty, without a header, ragged, with a cell that
/// is not a number, with repeated or missing columns. what() reads
/// "FILE:ROW: column C 'NAME': MESSAGE" with the parts that apply.
class data_error : public usage_error {
public:
    /// An error in `file` at 1-based line `row` (0: the whole file) and 1-based column
    /// `column` named `column_name` (0 / empty: the whole row).
    data_error(std::string file, std::size_t row, std::size_t column, std::string column_name, const std::string& message);
    /// The file as given to the reader.
    const std::string& file() const noexcept { return file_; }
    /// The 1-based line of the file (the header is line 1); 0 when the error is about the whole file.
    std::size_t row() const noexcept { return row_; }
    /// The 1-based column; 0 when the error is about a whole row or file.
    std::size_t column() const noexcept { return column_; }
    /// The column's name from the header, when known.
    const std::string& column_name() const noexcept { return column_name_; }
    /// The message without the location prefix.
    const std::string& message() const noexcept { return message_; }

private:
    std::string file_;
    std::size_t row_;
    std::size_t column_;
    std::string column_name_;
    std::string message_;
};

}  // namespace chainrule::optim
