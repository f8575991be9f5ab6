#pragma once
// The generators of the data sets of examples/data (see make_datasets.cpp and README.md).
#include <string>

namespace chainrule_examples {

/// Writes xor.csv, regression.csv, spirals.csv and circles.csv into `directory` (which must
/// exist); std::runtime_error when a file cannot be written. The same bytes on every run.
void write_datasets(const std::string& directory);

}  // namespace chainrule_examples
