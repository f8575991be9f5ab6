// The interpreter: compile the program's expressions into register instructions (one register
// per inlined operation, the temporaries' registers shared by their readers), then run them.
#include "chainrule/codegen/interpreter.hpp"

#include "lowering.hpp"
#include "scalar_ops.hpp"

#include "chainrule/core/assert.hpp"

#include <cmath>
#include <unordered_map>

namespace chainrule::codegen {

using detail::form;

class interpreter_builder {
public:
    interpreter_builder(interpreted_program& target, const detail::program_reader& reader)
        : p_(target), reader_(reader) {}

    /// The register holding node n (with `root`, n's own temporary is ignored).
    std::uint32_t compile(node_id n, bool root) {
        const detail::lowered l = reader_.read(n, root);
        switch (l.kind) {
        case form::temp: return temps_.at(l.slot);
        case form::number: return emit(l.kind, 0, 0, l.value);
        case form::input:
        case form::param: return emit(l.kind, 0, 0, static_cast<double>(l.slot));
        case form::add:
        case form::mul:
        case form::div:
        case form::pow:
        case form::max:
        case form::min: {
            const std::uint32_t a = compile(l.a, false);
            const std::uint32_t b = compile(l.b, false);
            return emit(l.kind, a, b, 0);
        }
        case form::neg:
        case form::recip:
        case form::square:
        case form::cube:
        case form::sqrt:
        case form::rsqrt:
        case form::exp:
        case form::log:
        case form::sin:
        case form::cos:
        case form::tan:
        case form::tanh:
        case form::cosh:
        case form::sigmoid:
        case form::softplus:
        case form::relu:
        case form::abs:
        case form::step:
        case form::sign: return emit(l.kind, compile(l.a, false), 0, 0);
        }
        CHAINRULE_ASSERT(false);
        return 0;
    }

    void assign(std::size_t temp, node_id value) { temps_[temp] = compile(value, true); }

private:
    std::uint32_t emit(form f, std::uint32_t a, std::uint32_t b, double value) {
        const auto dst = static_cast<std::uint32_t>(p_.registers_++);
        p_.code_.push_back(interpreted_program::instruction{static_cast<std::uint8_t>(f), dst, a, b, value});
        return dst;
    }

    interpreted_program& p_;
    const detail::program_reader& reader_;
    std::unordered_map<std::size_t, std::uint32_t> temps_;
};

interpreted_program::interpreted_program(const graph& g, const cse_result& program, const argument_layout& layout) {
    const detail::program_reader reader(g, program, layout);
    interpreter_builder b(*this, reader);
    for (const cse_assignment& a : program.assignments) b.assign(a.temp, a.value);
    for (const cse_output& o : program.outputs) outputs_.push_back(b.compile(o.value, false));
}

void interpreted_program::accumulate(const double* x, const double* p, double* out, double* r, bool first) const {
    namespace s = detail::scalar;
    for (const instruction& i : code_) {
        const double a = r[i.a], b = r[i.b];
        double v = 0;
        switch (static_cast<form>(i.kind)) {
        case form::number: v = i.value; break;
        case form::input: v = x[static_cast<std::size_t>(i.value)]; break;
        case form::param: v = p[static_cast<std::size_t>(i.value)]; break;
        case form::temp: CHAINRULE_ASSERT(false); break;  // temporaries are registers
        case form::add: v = a + b; break;
        case form::neg: v = -a; break;
        case form::mul: v = a * b; break;
        case form::div: v = a / b; break;
        case form::recip: v = 1.0 / a; break;
        case form::square: v = a * a; break;
        case form::cube: v = a * a * a; break;
        case form::sqrt: v = std::sqrt(a); break;
        case form::rsqrt: v = 1.0 / std::sqrt(a); break;
        case form::pow: v = std::pow(a, b); break;
        case form::exp: v = std::exp(a); break;
        case form::log: v = std::log(a); break;
        case form::sin: v = std::sin(a); break;
        case form::cos: v = std::cos(a); break;
        case form::tan: v = std::tan(a); break;
        case form::tanh: v = std::tanh(a); break;
        case form::cosh: v = std::cosh(a); break;
        case form::sigmoid: v = s::sigmoid(a); break;
        case form::softplus: v = s::softplus(a); break;
        case form::relu: v = s::relu(a); break;
        case form::abs: v = std::fabs(a); break;
        case form::step: v = s::step(a); break;
        case form::sign: v = s::sign(a); break;
        case form::max: v = s::max(a, b); break;
        case form::min: v = s::min(a, b); break;
        }
        r[i.dst] = v;
    }
    if (first)
        for (std::size_t k = 0; k < outputs_.size(); ++k) out[k] = r[outputs_[k]];
    else
        for (std::size_t k = 0; k < outputs_.size(); ++k) out[k] += r[outputs_[k]];
}

}  // namespace chainrule::codegen
