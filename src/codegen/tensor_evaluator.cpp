// The tensor evaluator: the emitted tensor program compiled by cc or libtcc, handed
// cblas_dgemm once, and called as the other compiled tiers are.
#include "chainrule/codegen/tensor_evaluator.hpp"

#include "chainrule/codegen/cc_toolchain.hpp"
#include "chainrule/codegen/compile_error.hpp"
#include "chainrule/codegen/object_cache.hpp"
#include "chainrule/codegen/process.hpp"
#include "chainrule/codegen/tcc_toolchain.hpp"
#include "chainrule/core/error.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace chainrule::codegen {

namespace {

using batch_function = void (*)(long, const double*, const double*, int, double*);
using dgemm_function = void (*)(int, int, int, int, int, int, double, const double*, int, const double*, int, double,
                                double*, int);
using bind_function = void (*)(dgemm_function);

// The BLAS: Debian's libblas.so.3 (OpenBLAS when installed), loaded on first use rather than
// linked, so that a program that never trains in tensor form does not start OpenBLAS's thread
// pool, and so that those threads are made by a thread that already holds the process's signal
// mask (the Jupyter kernel blocks SIGINT everywhere but in its signal thread: a pool started
// before main would take Ctrl-C and die of it). cblas_dgemm's enumerations are ints, as the
// generated code passes them.
struct blas_library {
    void* handle = nullptr;
    dgemm_function dgemm = nullptr;
    void (*set_threads)(int) = nullptr;  // OpenBLAS only
};

const blas_library& blas() {
    static const blas_library library = [] {
        blas_library b;
        b.handle = ::dlopen("libblas.so.3", RTLD_NOW | RTLD_LOCAL);
        if (!b.handle)
            throw compile_error("the tensor evaluator cannot load the BLAS library libblas.so.3 (Debian's "
                                "libopenblas0-pthread or libblas3)",
                                ::dlerror());
        b.dgemm = reinterpret_cast<dgemm_function>(::dlsym(b.handle, "cblas_dgemm"));
        if (!b.dgemm) throw compile_error("the BLAS library libblas.so.3 has no cblas_dgemm", "");
        b.set_threads = reinterpret_cast<void (*)(int)>(::dlsym(b.handle, "openblas_set_num_threads"));
        return b;
    }();
    return library;
}

// The loops of tensor code are what -O2's scalar flags switch off in straight-line code: loop
// vectorisation on, the same rounding (no contraction, libm at run time); -fno-trapping-math
// lets the vectoriser compute both sides of a select (cr_tanh's): the code reads no
// floating-point exception flags, and rounding is unchanged.
cc_options tensor_flags(cc_options o) {
    const std::vector<std::string> off = {"-fno-tree-slp-vectorize", "-fno-tree-dse", "-fno-dse"};
    std::vector<std::string> flags;
    for (const std::string& f : o.flags)
        if (std::find(off.begin(), off.end(), f) == off.end()) flags.push_back(f == "-O2" ? "-O3" : f);
    flags.push_back("-fno-trapping-math");
    o.flags = flags;
    return o;
}

// Whether cc's object of `source` is in the cache already (then cc costs no compile).
bool cached(const std::string& source, const cc_options& o) {
    if (!o.use_cache) return false;
    try {
        const object_cache cache(o.cache_directory ? *o.cache_directory : object_cache::default_directory());
        return cache.find(cc_cache_key(source, o)).state == cache_state::valid;
    } catch (const std::exception&) {
        return false;  // an unusable cache: as if absent (compile_with_cc says why, if cc runs)
    }
}

void check_layout(const void* symbol, const tensor_model_program& m) {
    const long* layout = static_cast<const long*>(symbol);
    if (layout[0] != static_cast<long>(m.input_count) || layout[1] != static_cast<long>(m.param_count) ||
        layout[2] != static_cast<long>(m.outputs()))
        throw compile_error("the compiled object's layout does not match the tensor program", "");
}

// OpenBLAS's threads set to one, when the library is OpenBLAS (the netlib BLAS has none).
void single_threaded_blas() {
    if (blas().set_threads) blas().set_threads(1);
}

// Where the batch is cut and how many threads share the chunks.
struct split {
    long chunk_rows;
    std::size_t threads;
};

template <class module>
class compiled_tensor_evaluator final : public evaluator {
public:
    compiled_tensor_evaluator(backend kind, module code, const tensor_model_program& m, double seconds,
                              std::vector<std::string> warnings, split how)
        : evaluator(kind, m.input_count, m.param_count, m.outputs()), code_(std::move(code)), split_(how) {
        compile_seconds_ = seconds;
        warnings_ = std::move(warnings);
        check_layout(code_.symbol("chainrule_layout"), m);
        reinterpret_cast<bind_function>(code_.symbol("chainrule_bind_blas"))(blas().dgemm);
        batch_ = reinterpret_cast<batch_function>(code_.symbol("chainrule_eval_batch"));
    }

private:
    // Chunks of chunk_rows samples, each summed into its own row of `partial`, shared by the
    // threads in turn; then added in chunk order: the same bits for any thread count.
    void run_batch(long n, const double* x, const double* p, bool mean, double* out) const override {
        const long chunk = split_.chunk_rows;
        const std::size_t inputs = input_count(), outputs = output_count();
        if (n <= chunk || inputs == 0) {
            batch_(n, x, p, mean ? 1 : 0, out);
            return;
        }
        const long chunks = (n + chunk - 1) / chunk;
        // kept by the calling thread from call to call: a fresh vector of chunks × outputs doubles
        // (megabytes for a large model) would cost its page faults at every step; each chunk's
        // call writes every one of its outputs
        thread_local std::vector<double> partial;
        partial.resize(std::max(partial.size(), static_cast<std::size_t>(chunks) * outputs));
        double* const sums = partial.data();  // the caller's: a worker's own `partial` is another
        const auto work = [&](long first, long step) {
            for (long c = first; c < chunks; c += step)
                batch_(std::min(chunk, n - c * chunk), x + static_cast<std::size_t>(c * chunk) * inputs, p, 0,
                       sums + static_cast<std::size_t>(c) * outputs);
        };
        const long threads = static_cast<long>(std::min<std::size_t>(split_.threads, static_cast<std::size_t>(chunks)));
        std::vector<std::thread> others;
        for (long t = 1; t < threads; ++t) others.emplace_back(work, t, threads);
        work(0, std::max(threads, 1L));
        for (std::thread& t : others) t.join();
        for (std::size_t k = 0; k < outputs; ++k) {
            double s = 0;
            for (long c = 0; c < chunks; ++c) s += sums[static_cast<std::size_t>(c) * outputs + k];
            out[k] = mean ? s / static_cast<double>(n) : s;
        }
    }
    module code_;
    batch_function batch_ = nullptr;
    split split_;
};

}  // namespace

bool tensor_evaluator_available(const tensor_evaluator_options& options) {
    try {
        blas();
    } catch (const compile_error&) {
        return false;
    }
    switch (options.kind) {
    case backend::cc: return cc_available(options.cc);
    case backend::tcc: return tcc_available();
    case backend::automatic: return cc_available(options.cc) || tcc_available();
    case backend::interpreter: return false;
    }
    return false;
}

std::unique_ptr<evaluator> make_tensor_evaluator(const tensor::tensor_graph& t, const tensor_model_program& m,
                                                 const tensor_evaluator_options& options) {
    const std::string source = emit_tensor_c(t, m, options.emit).text;
    const cc_options flags = tensor_flags(options.cc);
    backend kind = options.kind;
    if (kind == backend::automatic) {
        const bool long_job =
            options.expected_evaluations * static_cast<double>(m.param_count) >= options.cc_threshold;
        if (cc_available(options.cc) && (long_job || !tcc_available() || cached(source, flags))) kind = backend::cc;
        else if (tcc_available()) kind = backend::tcc;
        else
            throw compile_error("the tensor evaluator needs a C compiler (libtcc or '" + options.cc.compiler +
                                    "'), and neither is available",
                                "");
    }
    const split how{static_cast<long>(std::max<std::size_t>(options.emit.block_rows, 1)),
                    options.threads ? options.threads : std::max<std::size_t>(available_processors(), 1)};
    if (how.threads > 1) single_threaded_blas();
    switch (kind) {
    case backend::cc: {
        cc_library lib = compile_with_cc(source, flags);
        return std::make_unique<compiled_tensor_evaluator<shared_object>>(backend::cc, std::move(lib.library), m,
                                                                          lib.compile_seconds, std::move(lib.warnings), how);
    }
    case backend::tcc: {
        const auto start = std::chrono::steady_clock::now();
        tcc_module code(source);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return std::make_unique<compiled_tensor_evaluator<tcc_module>>(backend::tcc, std::move(code), m, seconds,
                                                                       std::vector<std::string>{}, how);
    }
    case backend::interpreter:
    case backend::automatic: break;
    }
    throw usage_error("the tensor evaluator has no interpreter: use the scalar evaluator (make_evaluator)");
}

}  // namespace chainrule::codegen
