#pragma once
// The models of the training benchmark (issue 6) and their files: the chain program, the
// initial weights and the data, written by `train prepare` and read by every tier.

#include "train_handwritten.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace chainrule::bench {

/// One benchmark model.
struct model_spec {
    std::string name;
    mlp_model mlp;
    std::size_t batch = 1;
    double lr = 0.1;
    double target = 0.5;  ///< the epoch mean loss to reach
    std::size_t max_epochs = 2000;
    bool spirals = true;  ///< the data: examples/data/spirals.csv, else random (softmax.csv)
};

/// Every model of the benchmark.
const std::vector<model_spec>& models();

/// The model named `name`; exits with status 2 (after a message) when there is none.
const model_spec& find_model(const std::string& name);

/// x with 17 significant digits (it reads back exactly).
std::string number(double x);

/// The model as a chain program: inputs, params, layers and the loss L.
std::string chain_program(const model_spec& m);

/// The initial weights, in the evaluator's param order (seeded, the same in every tier).
std::vector<double> initial_weights(const model_spec& m);

/// The data rows (inputs then targets) of the model.
std::vector<double> data_rows(const model_spec& m);

/// The model's data file: examples/data/spirals.csv, or DIR/softmax.csv.
std::string data_file(const model_spec& m, const std::filesystem::path& dir);

/// `train prepare DIR`: writes every model's weights, chain program and data into DIR and prints
/// one `model=... key=value` line per model.
int prepare(const std::filesystem::path& dir);

}  // namespace chainrule::bench
