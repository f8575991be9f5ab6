// `show ... as c`: a CSE program as a C function. Identifiers are generated (v[k], t<k>,
// out[k]); no user text enters the code.
#include "chainrule/lang/render.hpp"

#include "chainrule/core/rational.hpp"
#include "chainrule/graph/op.hpp"

#include <algorithm>
#include <sstream>
#include <unordered_map>

namespace chainrule::lang {

namespace {

/// A rational as a C double expression: "3.0", "(-1.0/3.0)".
std::string c_number(const rational& q) {
    const std::string s = chainrule::to_string(q);
    const auto slash = s.find('/');
    if (slash == std::string::npos) return s + ".0";
    return "(" + s.substr(0, slash) + ".0/" + s.substr(slash + 1) + ".0)";
}

class c_emitter {
public:
    c_emitter(const graph& g, const cse_result& p, std::span<const node_id> vars) : g_(g), p_(p) {
        for (std::size_t k = 0; k < vars.size(); ++k) index_.emplace(vars[k], k);
    }

    /// Node n in C; with `root` false, a node with a temporary is that temporary.
    std::string expr(node_id n, bool root) const {
        if (!root)
            if (std::size_t t = p_.temp_of(n)) return "t" + std::to_string(t);
        const node nd = g_.at(n);
        auto u = [&] { return expr(nd.lhs, false); };
        auto v = [&] { return expr(nd.rhs, false); };
        auto call = [&](std::string_view f) { return std::string(f) + "(" + u() + ")"; };
        switch (nd.kind) {
        case op::constant: return c_number(g_.value(n));
        case op::variable: return "v[" + std::to_string(index_.at(n)) + "]";
        case op::add: return "(" + u() + " + " + v() + ")";
        case op::mul:
            if (g_.is_constant(nd.lhs, rational(-1))) return "(-" + v() + ")";
            return "(" + u() + " * " + v() + ")";
        case op::pow:
            if (g_.is_constant(nd.rhs, rational(-1))) return "(1.0 / " + u() + ")";
            if (g_.is_constant(nd.rhs, rational(2))) {
                const std::string b = u();
                return "(" + b + " * " + b + ")";
            }
            if (g_.is_constant(nd.rhs, rational(1) / rational(2))) return "sqrt(" + u() + ")";
            return "pow(" + u() + ", " + v() + ")";
        case op::exp: return call("exp");
        case op::log: return call("log");
        case op::sqrt: return call("sqrt");
        case op::sin: return call("sin");
        case op::cos: return call("cos");
        case op::tan: return call("tan");
        case op::tanh: return call("tanh");
        case op::cosh: return call("cosh");
        case op::sigmoid: return call("chainrule_sigmoid");
        case op::softplus: return call("chainrule_softplus");
        case op::relu: return "fmax(" + u() + ", 0.0)";
        case op::abs: return call("fabs");
        case op::step: return "(" + u() + " > 0.0 ? 1.0 : 0.0)";
        case op::max: return "fmax(" + u() + ", " + v() + ")";
        case op::min: return "fmin(" + u() + ", " + v() + ")";
        }
        return "0.0";
    }

private:
    const graph& g_;
    const cse_result& p_;
    std::unordered_map<node_id, std::size_t> index_;
};

}  // namespace

std::vector<node_id> program_variables(const graph& g, const cse_result& program) {
    std::vector<node_id> roots;
    for (const cse_output& o : program.outputs) roots.push_back(o.value);
    std::vector<node_id> vars;
    for (node_id n : g.reachable(roots))
        if (g.is_variable(n)) vars.push_back(n);
    return vars;
}

std::string render_c(const graph& g, const cse_result& program, std::span<const node_id> variables) {
    const c_emitter emit(g, program, variables);
    std::ostringstream out;
    out << "#include <math.h>\n\n"
           "static inline double chainrule_sigmoid(double u) { return 1.0 / (1.0 + exp(-u)); }\n"
           "static inline double chainrule_softplus(double u) { return u > 0.0 ? u + log1p(exp(-u)) : log1p(exp(u)); }\n\n"
           "void chainrule_eval(const double *v, double *out)\n{\n";
    for (const cse_assignment& a : program.assignments)
        out << "    const double t" << a.temp << " = " << emit.expr(a.value, true) << ";\n";
    for (std::size_t k = 0; k < program.outputs.size(); ++k)
        out << "    out[" << k << "] = " << emit.expr(program.outputs[k].value, false) << ";\n";
    if (variables.empty()) out << "    (void)v;\n";
    out << "}\n";
    return out.str();
}

}  // namespace chainrule::lang
