#include "chainrule/optim/data_error.hpp"

#include <utility>

namespace chainrule::optim {

namespace {

/// "FILE:ROW: column C 'NAME': MESSAGE", with the parts that apply.
std::string locate(const std::string& file, std::size_t row, std::size_t column, const std::string& name,
                   const std::string& message) {
    std::string where = file;
    if (row > 0) where += ":" + std::to_string(row);
    where += ": ";
    if (column > 0) {
        where += "column " + std::to_string(column);
        if (!name.empty()) where += " '" + name + "'";
        where += ": ";
    }
    return where + message;
}

}  // namespace

data_error::data_error(std::string file, std::size_t row, std::size_t column, std::string column_name,
                       const std::string& message)
    : usage_error(locate(file, row, column, column_name, message)), file_(std::move(file)), row_(row),
      column_(column), column_name_(std::move(column_name)), message_(message) {}

}  // namespace chainrule::optim
