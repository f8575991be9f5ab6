// The evaluator interface and its three backends. The compiled backends call the emitted
// chainrule_eval_batch; the interpreter runs the same program as register instructions.
#include "chainrule/codegen/evaluator.hpp"

#include "chainrule/codegen/compile_error.hpp"
#include "chainrule/codegen/emit_c.hpp"
#include "chainrule/codegen/interpreter.hpp"
#include "chainrule/codegen/tcc_toolchain.hpp"
#include "chainrule/core/error.hpp"

#include <chrono>
#include <cmath>
#include <sstream>

namespace chainrule::codegen {

std::string_view name(backend b) {
    switch (b) {
    case backend::interpreter: return "interpreter";
    case backend::tcc: return "tcc";
    case backend::cc: return "cc";
    case backend::automatic: return "auto";
    }
    return "?";
}

evaluator::evaluator(backend kind, const argument_layout& layout, std::size_t outputs)
    : evaluator(kind, layout.inputs.size(), layout.params.size(), outputs) {}

evaluator::evaluator(backend kind, std::size_t inputs, std::size_t params, std::size_t outputs)
    : kind_(kind), inputs_(inputs), params_(params), outputs_(outputs) {}

void evaluator::evaluate_into(std::span<const double> inputs, std::span<const double> params, reduction r,
                              std::span<double> out) const {
    if (params.size() != params_)
        throw usage_error("evaluator: " + std::to_string(params.size()) + " params given, the model has " +
                          std::to_string(params_));
    if (out.size() != outputs_)
        throw usage_error("evaluator: the output has room for " + std::to_string(out.size()) + " values, " +
                          std::to_string(outputs_) + " are written");
    std::size_t n = 1;
    if (inputs_ == 0) {
        if (!inputs.empty()) throw usage_error("evaluator: the model has no inputs, " + std::to_string(inputs.size()) + " given");
    } else {
        if (inputs.size() % inputs_ != 0 || inputs.empty())
            throw usage_error("evaluator: " + std::to_string(inputs.size()) + " inputs given: not a positive multiple of " +
                              std::to_string(inputs_) + " (the inputs of one sample)");
        n = inputs.size() / inputs_;
    }
    run_batch(static_cast<long>(n), inputs.data(), params.data(), r == reduction::mean, out.data());
}

evaluation evaluator::value_and_gradient(std::span<const double> inputs, std::span<const double> params, reduction r) const {
    std::vector<double> out(outputs_);
    evaluate_into(inputs, params, r, out);
    return evaluation{out[0], std::vector<double>(out.begin() + 1, out.end())};
}

evaluation evaluator::value_and_gradient(std::span<const double> inputs, std::span<const double> params) const {
    if (inputs.size() != inputs_)
        throw usage_error("evaluator: " + std::to_string(inputs.size()) + " inputs given, one sample has " +
                          std::to_string(inputs_));
    return value_and_gradient(inputs, params, reduction::sum);
}

evaluation evaluator::checked_value_and_gradient(std::span<const double> inputs, std::span<const double> params,
                                                 reduction r) const {
    evaluation e = value_and_gradient(inputs, params, r);
    auto finite = [](const evaluation& v) {
        if (!std::isfinite(v.value)) return false;
        for (double d : v.gradient)
            if (!std::isfinite(d)) return false;
        return true;
    };
    if (finite(e)) return e;
    // find the first sample that produced it
    const std::size_t samples = inputs_ == 0 ? 1 : inputs.size() / inputs_;
    for (std::size_t i = 0; i < samples; ++i) {
        const auto one = inputs.subspan(i * inputs_, inputs_);
        const evaluation v = value_and_gradient(one, params, reduction::sum);
        if (finite(v)) continue;
        double bad = v.value;
        for (double d : v.gradient)
            if (std::isfinite(bad)) bad = d;
        std::ostringstream msg;
        msg.precision(17);
        msg << "evaluator: " << (std::isfinite(v.value) ? "a gradient entry" : "the loss") << " is "
            << (std::isnan(bad) ? "NaN" : "infinite") << " at sample " << i << ", inputs (";
        for (std::size_t k = 0; k < one.size(); ++k) msg << (k ? ", " : "") << one[k];
        msg << ")";
        throw domain_error(msg.str());
    }
    throw domain_error("evaluator: the batch sum is not finite (it overflowed) although every sample is");
}

namespace {

using batch_function = void (*)(long, const double*, const double*, int, double*);

class interpreter_evaluator final : public evaluator {
public:
    interpreter_evaluator(const graph& g, const model_program& m)
        : evaluator(backend::interpreter, m.layout, m.program.outputs.size()), code_(g, m.program, m.layout) {}

private:
    void run_batch(long n, const double* x, const double* p, bool mean, double* out) const override {
        const std::size_t k = code_.output_count();
        std::vector<double> registers(code_.register_count());
        if (n <= 0) {
            for (std::size_t i = 0; i < k; ++i) out[i] = 0.0;
            return;
        }
        const std::size_t stride = input_count();
        for (long i = 0; i < n; ++i)
            code_.accumulate(x + static_cast<std::size_t>(i) * stride, p, out, registers.data(), i == 0);
        if (mean && n > 1)
            for (std::size_t i = 0; i < k; ++i) out[i] /= static_cast<double>(n);
    }
    interpreted_program code_;
};

// Checks the emitted layout record against the program's.
void check_layout(const void* symbol, const model_program& m) {
    const long* layout = static_cast<const long*>(symbol);
    if (layout[0] != static_cast<long>(m.layout.inputs.size()) || layout[1] != static_cast<long>(m.layout.params.size()) ||
        layout[2] != static_cast<long>(m.program.outputs.size()))
        throw compile_error("the compiled object's layout does not match the program", "");
}

class tcc_evaluator final : public evaluator {
public:
    tcc_evaluator(const std::string& source, const model_program& m)
        : evaluator(backend::tcc, m.layout, m.program.outputs.size()), module_(compile(source)) {
        check_layout(module_.symbol("chainrule_layout"), m);
        batch_ = reinterpret_cast<batch_function>(module_.symbol("chainrule_eval_batch"));
    }

private:
    tcc_module compile(const std::string& source) {
        const auto start = std::chrono::steady_clock::now();
        tcc_module out(source);
        compile_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return out;
    }
    void run_batch(long n, const double* x, const double* p, bool mean, double* out) const override {
        batch_(n, x, p, mean ? 1 : 0, out);
    }
    tcc_module module_;
    batch_function batch_ = nullptr;
};

class cc_evaluator final : public evaluator {
public:
    cc_evaluator(cc_library lib, const model_program& m)
        : evaluator(backend::cc, m.layout, m.program.outputs.size()), library_(std::move(lib.library)) {
        warnings_ = std::move(lib.warnings);
        compile_seconds_ = lib.compile_seconds;
        check_layout(library_.symbol("chainrule_layout"), m);
        batch_ = reinterpret_cast<batch_function>(library_.symbol("chainrule_eval_batch"));
    }

private:
    void run_batch(long n, const double* x, const double* p, bool mean, double* out) const override {
        batch_(n, x, p, mean ? 1 : 0, out);
    }
    shared_object library_;
    batch_function batch_ = nullptr;
};

void check_size(std::size_t statements, std::size_t limit, const char* tier, const char* alternative) {
    if (statements > limit)
        throw limit_error(std::string("codegen: the program has ") + std::to_string(statements) + " statements, more than the " +
                              tier + " tier takes (" + std::to_string(limit) + "); use the " + alternative + " backend",
                          limit, statements);
}

}  // namespace

backend choose_backend(std::size_t statements, const evaluator_options& options) {
    const bool tcc = options.use_tcc && tcc_available() && statements <= options.tcc_max_statements;
    const bool cc = cc_available(options.cc) && statements <= options.cc_max_statements;
    const bool long_job = options.expected_evaluations * static_cast<double>(statements) >= options.cc_threshold;
    if (cc && (long_job || !tcc)) return backend::cc;
    if (tcc) return backend::tcc;
    return backend::interpreter;
}

std::unique_ptr<evaluator> make_evaluator(const graph& g, const model_program& m, const evaluator_options& options) {
    const std::size_t statements = m.program.assignments.size() + m.program.outputs.size();
    backend kind = options.kind;
    std::vector<std::string> notes;
    if (kind == backend::automatic) {
        kind = choose_backend(statements, options);
        if (kind == backend::interpreter)
            notes.push_back("no C compiler is available (neither libtcc nor '" + options.cc.compiler +
                            "'): evaluating with the interpreter, which is much slower");
    }
    std::unique_ptr<evaluator> out;
    switch (kind) {
    case backend::interpreter:
    case backend::automatic: out = std::make_unique<interpreter_evaluator>(g, m); break;
    case backend::tcc:
        check_size(statements, options.tcc_max_statements, "libtcc", "cc");
        out = std::make_unique<tcc_evaluator>(emit_c(g, m.program, m.layout, options.emit).text, m);
        break;
    case backend::cc:
        check_size(statements, options.cc_max_statements, "cc", "tcc or interpreter");
        out = std::make_unique<cc_evaluator>(compile_with_cc(emit_c(g, m.program, m.layout, options.emit).text, options.cc), m);
        break;
    }
    out->warnings_.insert(out->warnings_.begin(), notes.begin(), notes.end());
    return out;
}

}  // namespace chainrule::codegen
