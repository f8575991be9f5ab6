// The in-memory tier over libtcc. Math functions are bound explicitly with tcc_add_symbol
// (the source declares them and includes no header), so no library search path is involved.
#include "chainrule/codegen/tcc_toolchain.hpp"

#include "chainrule/codegen/compile_error.hpp"

#include <cmath>
#include <cstdlib>
#include <mutex>

#ifdef CHAINRULE_HAVE_TCC
#include <libtcc.h>
#endif

namespace chainrule::codegen {

#ifdef CHAINRULE_HAVE_TCC

namespace {

// libtcc 0.9.27 keeps global state: one compilation at a time
std::mutex& tcc_mutex() {
    static std::mutex m;
    return m;
}

void collect(void* opaque, const char* message) {
    std::string& log = *static_cast<std::string*>(opaque);
    log += message;
    log += '\n';
}

double (*const unary_functions[])(double) = {::exp, ::log, ::log1p, ::sqrt, ::sin, ::cos, ::tan, ::tanh, ::cosh, ::fabs};
const char* const unary_names[] = {"exp", "log", "log1p", "sqrt", "sin", "cos", "tan", "tanh", "cosh", "fabs"};

}  // namespace

struct tcc_module::state {
    TCCState* s = nullptr;
    ~state() {
        if (s) {
            const std::lock_guard<std::mutex> lock(tcc_mutex());
            tcc_delete(s);
        }
    }
};

bool tcc_available() noexcept { return true; }

tcc_module::tcc_module(const std::string& source) : state_(std::make_unique<state>()) {
    const std::lock_guard<std::mutex> lock(tcc_mutex());
    std::string log;
    state_->s = tcc_new();
    if (!state_->s) throw compile_error("libtcc: cannot create a compilation state", "");
    TCCState* s = state_->s;
    tcc_set_error_func(s, &log, collect);
    tcc_set_options(s, "-nostdlib");
    tcc_set_output_type(s, TCC_OUTPUT_MEMORY);
    if (tcc_compile_string(s, source.c_str()) != 0) throw compile_error("libtcc rejected the generated source", log);
    for (std::size_t i = 0; i < std::size(unary_names); ++i)
        tcc_add_symbol(s, unary_names[i], reinterpret_cast<const void*>(unary_functions[i]));
    double (*power)(double, double) = ::pow;
    tcc_add_symbol(s, "pow", reinterpret_cast<const void*>(power));
    void* (*allocate)(std::size_t) = std::malloc;
    void (*release)(void*) = std::free;
    tcc_add_symbol(s, "malloc", reinterpret_cast<const void*>(allocate));
    tcc_add_symbol(s, "free", reinterpret_cast<const void*>(release));
    if (tcc_relocate(s, TCC_RELOCATE_AUTO) < 0) throw compile_error("libtcc could not link the generated code", log);
}

void* tcc_module::symbol(const std::string& name) const {
    const std::lock_guard<std::mutex> lock(tcc_mutex());
    void* p = tcc_get_symbol(state_->s, name.c_str());
    if (!p) throw compile_error("the libtcc module has no symbol " + name, "");
    return p;
}

#else

struct tcc_module::state {};

bool tcc_available() noexcept { return false; }

tcc_module::tcc_module(const std::string&) {
    throw compile_error("chainrule was built without libtcc (install libtcc-dev and reconfigure)", "");
}

void* tcc_module::symbol(const std::string& name) const {
    throw compile_error("chainrule was built without libtcc: no symbol " + name, "");
}

#endif

tcc_module::tcc_module(tcc_module&&) noexcept = default;
tcc_module& tcc_module::operator=(tcc_module&&) noexcept = default;
tcc_module::~tcc_module() = default;

}  // namespace chainrule::codegen
