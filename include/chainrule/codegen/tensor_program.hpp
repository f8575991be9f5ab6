#pragma once
/// \file
/// A tensor model program: what the tensor-level evaluator computes. A scalar loss of input
/// variables (per-sample data) and param variables (shared), each a scalar, vector or matrix of
/// the tensor graph, and the loss's gradient with respect to every param in matrix form
/// (diff/tensor_reverse.hpp). In a batch the samples become one more dimension: the emitted code
/// runs matrix products over whole blocks of samples (emit_tensor_c.hpp).
///
/// The argument layout: x holds each sample's inputs one after another, every input's elements
/// in row-major order (input k starts at input_offsets[k]); p holds the params the same way;
/// output 0 is the loss, output 1 + param_offsets[k] + e is ∂loss/∂(element e of param k). A
/// value-only program (make_tensor_value_program) has output 0 alone.

#include "chainrule/tensor/graph.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace chainrule::codegen {

/// The loss, the variables it reads and its gradient nodes in one tensor graph.
struct tensor_model_program {
    tensor::tensor_id loss = tensor::no_tensor;      ///< a scalar (per sample)
    std::vector<tensor::tensor_id> inputs;           ///< input variables, in layout order
    std::vector<tensor::tensor_id> params;           ///< param variables, in layout order
    std::vector<tensor::tensor_id> gradient;         ///< ∂loss/∂params[k], of params[k]'s shape; none when value-only
    std::vector<std::size_t> input_offsets;          ///< where inputs[k]'s elements start in x
    std::vector<std::size_t> param_offsets;          ///< where params[k]'s elements start in p
    std::size_t input_count = 0;                     ///< elements of one sample's inputs
    std::size_t param_count = 0;                     ///< elements of all params

    /// The outputs the program writes: the loss, then the gradient's elements unless value-only.
    std::size_t outputs() const noexcept { return 1 + (gradient.empty() ? 0 : param_count); }
};

/// The tensor model program of `loss` over t: adds the gradient nodes to t. Throws usage_error
/// when the loss is not a scalar, a listed node is not a variable of the listed kind, a variable
/// is listed twice, or the loss reaches a variable that is listed neither as input nor as param.
tensor_model_program make_tensor_model_program(tensor::tensor_graph& t, tensor::tensor_id loss,
                                               std::span<const tensor::tensor_id> inputs,
                                               std::span<const tensor::tensor_id> params);

/// The value-only program of `value` (a scalar per sample) over t: as make_tensor_model_program
/// without the gradient, for evaluating a model too large to expand (its mean over data, say).
tensor_model_program make_tensor_value_program(const tensor::tensor_graph& t, tensor::tensor_id value,
                                               std::span<const tensor::tensor_id> inputs,
                                               std::span<const tensor::tensor_id> params);

}  // namespace chainrule::codegen
