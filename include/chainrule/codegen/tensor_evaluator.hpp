#pragma once
/// \file
/// The tensor-level evaluator: a tensor model program (tensor_program.hpp) emitted as loops and
/// BLAS calls (emit_tensor_c.hpp), compiled by cc or libtcc, behind the evaluator interface of
/// evaluator.hpp, so every optimizer and the training loop run it unchanged. The matrix
/// products call cblas_dgemm of Debian's libblas.so.3 (OpenBLAS when it is installed), loaded
/// when the first tensor evaluator is made.

#include "chainrule/codegen/emit_tensor_c.hpp"
#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/codegen/tensor_program.hpp"

#include <memory>

namespace chainrule::codegen {

/// How to build a tensor evaluator.
struct tensor_evaluator_options {
    /// cc, tcc, or automatic. There is no interpreter at this level: the scalar path's
    /// interpreter is the fallback of the caller.
    backend kind = backend::automatic;
    /// For `automatic`: the sample evaluations expected over the evaluator's life. cc is chosen
    /// when they times the param count reach `cc_threshold` (cc's loops run 1.4-2x faster than
    /// libtcc's, which pays for its ~0.13 s compile, cached afterwards, after about that much
    /// work), when cc's object is in the cache already, or when libtcc is missing; libtcc
    /// otherwise (it compiles in under a millisecond).
    double expected_evaluations = 0;
    double cc_threshold = 2e8;
    /// The cc tier's compiler, flags and cache (the loops want -O2's vectoriser: see the .cpp).
    cc_options cc;
    /// Blocks and workspace of the emitted code.
    tensor_c_options emit;
    /// Threads a batch is split over: 0 for every processor the process may use
    /// (available_processors(): its affinity mask and CPU quota). A batch of more than
    /// emit.block_rows samples is always cut into chunks of emit.block_rows, each summed on its
    /// own and the sums added in chunk order, so the result is the same bits whatever the
    /// thread count. With more than one thread, OpenBLAS's own threads are set to one.
    std::size_t threads = 0;
};

/// Whether a tensor evaluator can be built with `options`: the BLAS loads and a compiler for its
/// kind exists.
bool tensor_evaluator_available(const tensor_evaluator_options& options = {});

/// An evaluator of m over t. Throws compile_error when the chosen compiler fails or is missing,
/// usage_error for backend::interpreter, limit_error from the emitter.
std::unique_ptr<evaluator> make_tensor_evaluator(const tensor::tensor_graph& t, const tensor_model_program& m,
                                                 const tensor_evaluator_options& options = {});

}  // namespace chainrule::codegen
