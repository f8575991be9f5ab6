#pragma once
// Parameter files (`save "p.json"`, `load "p.json"`, `param W ~ file("w0.json")`): one JSON
// object mapping each param's name to its value, a number for a scalar, an array for a vector,
// an array of rows for a matrix, written with 17 significant digits so doubles round-trip:
//   {"W": [[0.5, -1.25], [2, 0]], "b": [0, 0], "w": 0.75}

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace chainrule::lang {

// One param's values, row-major, with its shape (empty for a scalar).
struct param_values {
    std::vector<std::size_t> shape;
    std::vector<double> values;
};

// The file's text for `params` (in name order).
std::string param_file_text(const std::map<std::string, param_values>& params);

// The params of a file's text; usage_error "FILE:LINE:COL: ..." for malformed JSON, a value that
// is not a finite number, or ragged matrix rows.
std::map<std::string, param_values> parse_param_file(const std::string& text, const std::string& file);

// Reads and parses the file at `path` (usage_error when it cannot be read).
std::map<std::string, param_values> read_param_file(const std::string& path);

// Writes `params` to `path` (usage_error when it cannot be written; the file is replaced whole).
void write_param_file(const std::string& path, const std::map<std::string, param_values>& params);

}  // namespace chainrule::lang
