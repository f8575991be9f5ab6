#pragma once
// The generators of the data sets of examples/data (see make_datasets.cpp and README.md).
#include <cstdint>
#include <string>

namespace chainrule_examples {

/// Writes xor.csv, regression.csv, spirals.csv and circles.csv into `directory` (which must
/// exist); std::runtime_error when a file cannot be written. The same bytes on every run.
void write_datasets(const std::string& directory);

/// Writes `rows` images shaped like MNIST's to the CSV file `path`: columns x[0] .. x[783] (28x28
/// pixels, row by row, in [0, 1] with at most four decimals) and y[0] .. y[9] (the class,
/// one-hot). Each of ten seeded prototype images lights about a fifth of the pixels; an image of
/// class c keeps each of c's lit pixels with probability 0.85 (dimmed by up to a quarter) and
/// lights each other pixel with probability 0.03 (dimly), so the classes can be learned but not
/// perfectly. The class of each image is uniform. The same bytes for the same rows and seed on
/// every machine; std::runtime_error when the file cannot be written.
void write_mnist_like(const std::string& path, long rows, std::uint64_t seed);

}  // namespace chainrule_examples
