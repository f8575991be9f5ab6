#pragma once
// Models for the codegen tests: random graphs split into inputs and params, and MLP-like
// networks written with the graph's operators.
#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/graph/graph.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

namespace chainrule::testing {

/// A graph that owns its model program.
struct test_model {
    std::unique_ptr<graph> g = std::make_unique<graph>();
    codegen::model_program program;
};

/// A random expression (tests/support/random_graph) copied into a fresh graph with its first
/// variables as params and the others as inputs (at least one of each when it has two).
test_model random_model(std::uint64_t seed, bool non_smooth, int operations = 8);

/// An MLP sizes[0]-sizes[1]-...-1 with tanh hidden layers and loss (out - y)^2 / 2.
test_model mlp_model(const std::vector<int>& sizes);

/// An MLP in-hidden-classes with tanh and softmax cross-entropy against one-hot inputs y[k]:
/// log(sum_k exp(z_k)) - sum_k y_k z_k.
test_model softmax_model(int in, int hidden, int classes);

/// Options that run the cc tier against a private cache directory.
codegen::evaluator_options backend_options(codegen::backend b, const std::filesystem::path& cache);

/// A temporary cache directory shared by the tests of one run.
const std::filesystem::path& test_cache();

}  // namespace chainrule::testing
