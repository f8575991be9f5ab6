#pragma once
/// \file
/// Matching a table's columns to a model's inputs by name: a scalar input x is column "x", a
/// vector input x[3] is columns "x[0]", "x[1]", "x[2]", a matrix input X[2,3] is columns
/// "X[0,0]", "X[0,1]", ..., "X[1,2]" (row-major). Spaces inside names do not matter.

#include "chainrule/optim/csv.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace chainrule::optim {

/// The column names of an input called `name` with shape `shape` (empty: a scalar), in
/// row-major order: element_names("x", {3}) = {"x[0]", "x[1]", "x[2]"}.
std::vector<std::string> element_names(const std::string& name, std::span<const std::size_t> shape);

/// For each needed name, the index of the table column with that name (spaces ignored).
/// data_error naming the first missing column and listing the columns the file has.
std::vector<std::size_t> match_columns(const table& t, std::span<const std::string> needed);

}  // namespace chainrule::optim
