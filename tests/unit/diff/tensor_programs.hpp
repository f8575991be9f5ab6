#pragma once
/// \file
/// A seeded generator of random tensor programs for property tests: small models (dims 1..3)
/// over a few variables, with matrix products, element-wise functions, explicit broadcasts,
/// reductions, softmax, logsumexp, reshaping ops and named intermediates used twice, built
/// through tensor_graph's public builders (so every construction rewrite applies) and ending in
/// one scalar. Every node is kept in a form GiNaC's normal() decides quickly once expanded: logs,
/// roots and negative or fractional powers only of positive values, variable exponents only a
/// variable, no deep towers. The same seed and options give the same program on every machine
/// (std::mt19937_64 with integer-only draws).

#include "chainrule/tensor/graph.hpp"

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace chainrule::testing {

/// What the tensor program generator may build.
struct tensor_program_options {
    int operations = 12;         ///< operations applied (each adds one to a few nodes)
    std::size_t max_dim = 3;     ///< largest dimension of a vector or matrix
    bool non_smooth = true;      ///< also relu, abs, step, max, min
};

/// One generated program.
struct tensor_program {
    tensor::tensor_graph t;
    tensor::tensor_id output = tensor::no_tensor;  ///< a scalar
    std::vector<tensor::tensor_id> variables;      ///< every variable made (output may not use them all)
    std::vector<tensor::tensor_id> named;          ///< every named node made
};

/// A seeded random tensor program generator.
class tensor_program_generator {
public:
    explicit tensor_program_generator(std::uint64_t seed, tensor_program_options options = {});

    /// A new random program.
    tensor_program operator()();

    /// A random integer in [lo, hi].
    long uniform(long lo, long hi);

private:
    struct entry {
        tensor::tensor_id id;
        bool positive;  // > 0 wherever defined, at every element
    };
    class builder;

    std::mt19937_64 engine_;
    tensor_program_options options_;
};

/// The nodes reachable from `roots`, one line each in ascending order: "%7 = @ %3 %5 : vector[2]",
/// "%2 = W : param matrix[2,3]", "%9 = named h %8 : vector[2]".
std::string dump(const tensor::tensor_graph& t, std::span<const tensor::tensor_id> roots);

}  // namespace chainrule::testing
