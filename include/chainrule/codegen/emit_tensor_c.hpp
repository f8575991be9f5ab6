#pragma once
/// \file
/// The tensor-level C emitter: a tensor model program (tensor_program.hpp) as loops and BLAS
/// calls, with the batch as one more dimension. The source defines, as emit_c.hpp's does,
///   const long chainrule_layout[3];   // inputs per sample, params, outputs
///   void chainrule_eval_batch(long n, const double *x, const double *p, int mean, double *out);
/// and also
///   void chainrule_bind_blas(cr_dgemm_fn dgemm);   // called once, before any evaluation
/// which hands the generated code cblas_dgemm (so the object needs no link to a BLAS of its own,
/// and libtcc can run it too).
///
/// How a batch is computed: the samples are taken in blocks of at most `block_rows`. A node that
/// depends on no input is computed once per call; a node that depends on an input holds one row
/// per sample of the block. W @ x over a block is one matrix product X Wᵀ; a param's gradient
/// outer(δ, x) summed over the block is one product Δᵀ X into the output; a bias's δ is summed
/// down the block's rows; everything else is a loop per element. No user text reaches the
/// source: variables are read by offset.

#include "chainrule/codegen/emit_c.hpp"
#include "chainrule/codegen/tensor_program.hpp"
#include "chainrule/tensor/graph.hpp"

#include <cstddef>
#include <string>

namespace chainrule::codegen {

/// How to emit tensor code.
struct tensor_c_options {
    /// Largest number of samples in one block.
    std::size_t block_rows = 256;
    /// Largest workspace, in doubles: the block shrinks (down to one sample) to stay within it.
    std::size_t workspace_doubles = std::size_t{1} << 22;
};

/// The C source of `m` over t. Throws limit_error when a constant is outside double's range or
/// one sample's workspace alone exceeds options.workspace_doubles.
c_source emit_tensor_c(const tensor::tensor_graph& t, const tensor_model_program& m, const tensor_c_options& options = {});

}  // namespace chainrule::codegen
