#pragma once
/// \file
/// Evaluators: one interface over every backend for the value and the whole gradient of a
/// model program (program.hpp), at one sample or summed/averaged over a batch of samples.
///
/// Backends: the interpreter (always available), libtcc (in memory, compiles in milliseconds)
/// and cc (the system compiler at -O2 into a cached shared object). `automatic` picks libtcc
/// for short jobs and cc for long ones, and falls back to the interpreter, with a warning, when
/// no compiler is present. An evaluator holds no reference to the graph: it may be used on any
/// thread, and concurrently (its methods are const and keep no shared scratch state).

#include "chainrule/codegen/cc_toolchain.hpp"
#include "chainrule/codegen/emit_c.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/graph/graph.hpp"

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::codegen {

/// Which implementation runs the program.
enum class backend : unsigned char {
    interpreter,  ///< register instructions run in C++; no compiler needed
    tcc,          ///< libtcc, compiled in memory
    cc,           ///< the system C compiler at -O2, a cached shared object
    automatic,    ///< libtcc or cc by the expected work; the interpreter when neither exists
};

/// The backend's name: "interpreter", "tcc", "cc", "auto".
std::string_view name(backend b);

/// How a batch is reduced.
enum class reduction : unsigned char { sum, mean };

/// The value of the loss and its gradient with respect to the params.
struct evaluation {
    double value = 0;
    std::vector<double> gradient;  ///< d loss / d params[k]
};

/// How to build an evaluator.
struct evaluator_options {
    backend kind = backend::automatic;
    /// For `automatic`: the number of sample evaluations expected over the evaluator's life.
    /// From `cc_threshold` on, the cc tier pays for its compile time.
    double expected_evaluations = 0;
    /// For `automatic`: expected_evaluations times program statements from which cc is chosen.
    double cc_threshold = 2e8;
    /// For `automatic`: whether libtcc may be chosen.
    bool use_tcc = true;
    /// Largest number of program statements libtcc is given (past it: limit_error naming cc).
    std::size_t tcc_max_statements = 2'000'000;
    /// Largest number of program statements cc is given (past it: limit_error naming the
    /// interpreter).
    std::size_t cc_max_statements = 400'000;
    /// The cc tier's compiler, flags and cache.
    cc_options cc;
    /// The layout of the emitted source (tcc and cc).
    c_options emit;
};

class evaluator;

/// An evaluator of model program m of g, by options.kind. Throws compile_error when the
/// chosen compiler fails (with its log) or is missing (except for `automatic`, which falls back
/// to the interpreter), limit_error when the program is too large for the chosen tier.
std::unique_ptr<evaluator> make_evaluator(const graph& g, const model_program& m, const evaluator_options& options = {});

/// The value and gradient of one model program. Inputs are laid out as the program's layout
/// says: inputs[k] is x[k], params[k] is p[k]; a batch of n samples is n * input_count()
/// inputs, sample-major.
class evaluator {
public:
    virtual ~evaluator() = default;
    evaluator(const evaluator&) = delete;
    evaluator& operator=(const evaluator&) = delete;

    /// The backend that runs (never `automatic`).
    backend kind() const noexcept { return kind_; }
    /// Number of inputs per sample.
    std::size_t input_count() const noexcept { return inputs_; }
    /// Number of params (and of gradient entries).
    std::size_t param_count() const noexcept { return params_; }
    /// Number of outputs: the loss and the gradient entries (the loss alone for a value-only
    /// tensor program).
    std::size_t output_count() const noexcept { return outputs_; }
    /// What happened while building it (fallbacks, refused cache entries), for the caller to show.
    const std::vector<std::string>& warnings() const noexcept { return warnings_; }
    /// Seconds spent compiling (0 for the interpreter and for a cached object).
    double compile_seconds() const noexcept { return compile_seconds_; }

    /// The loss and its gradient at one sample. Throws usage_error on wrong sizes.
    evaluation value_and_gradient(std::span<const double> inputs, std::span<const double> params) const;

    /// The sum or mean over a batch of samples of the loss and of its gradient. Throws
    /// usage_error when inputs.size() is not a multiple of input_count().
    evaluation value_and_gradient(std::span<const double> inputs, std::span<const double> params, reduction r) const;

    /// As value_and_gradient over a batch, but throws domain_error naming the first sample
    /// (its index and inputs) at which the loss or a gradient entry is NaN or infinite.
    evaluation checked_value_and_gradient(std::span<const double> inputs, std::span<const double> params,
                                          reduction r) const;

    /// Allocation-free form: out[0] = loss, out[1 + k] = gradient k (out.size() = output_count(): 1 +
    /// param_count(), or 1 when value-only), over `samples` samples (inputs.size() = samples * input_count()).
    void evaluate_into(std::span<const double> inputs, std::span<const double> params, reduction r,
                       std::span<double> out) const;

protected:
    evaluator(backend kind, const argument_layout& layout, std::size_t outputs);
    evaluator(backend kind, std::size_t inputs, std::size_t params, std::size_t outputs);
    /// out[0..outputs) = sum over n samples (mean when `mean`), as chainrule_eval_batch.
    virtual void run_batch(long n, const double* x, const double* p, bool mean, double* out) const = 0;

    std::vector<std::string> warnings_;
    double compile_seconds_ = 0;

private:
    friend std::unique_ptr<evaluator> make_evaluator(const graph&, const model_program&, const evaluator_options&);
    backend kind_;
    std::size_t inputs_;
    std::size_t params_;
    std::size_t outputs_;
};

/// The backend `automatic` chooses for a program of `statements` statements.
backend choose_backend(std::size_t statements, const evaluator_options& options);

}  // namespace chainrule::codegen
