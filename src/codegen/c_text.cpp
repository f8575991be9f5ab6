// The C text both emitters share (c_text.hpp).
#include "c_text.hpp"

#include "chainrule/core/error.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace chainrule::codegen::detail {

std::string c_number(double d) {
    char buffer[64];
    for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(buffer, sizeof buffer, "%.*g", digits, d);
        if (std::strtod(buffer, nullptr) == d) break;
    }
    std::string s = buffer;
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return d < 0 || std::signbit(d) ? "(" + s + ")" : s;
}

std::string c_preamble(const std::string& body) {
    auto uses = [&](const char* name) { return body.find(std::string(name) + "(") != std::string::npos; };
    std::string out;
    const bool sigmoid = uses("cr_sigmoid"), softplus = uses("cr_softplus");
    struct libm_function {
        const char* name;
        bool binary;
        bool needed;
    };
    const libm_function libm[] = {
        {"exp", false, uses("exp") || sigmoid || softplus},
        {"log", false, uses("log")},
        {"log1p", false, softplus},
        {"sqrt", false, uses("sqrt")},
        {"sin", false, uses("sin")},
        {"cos", false, uses("cos")},
        {"tan", false, uses("tan")},
        {"tanh", false, uses("tanh")},
        {"cosh", false, uses("cosh")},
        {"pow", true, uses("pow")},
        {"fabs", false, uses("fabs")},
    };
    for (const libm_function& f : libm)
        if (f.needed) out += std::string("double ") + f.name + (f.binary ? "(double, double);\n" : "(double);\n");
    if (!out.empty()) out += "\n";
    if (sigmoid)
        out += "static inline double cr_sigmoid(double u)\n{\n"
               "    if (u >= 0.0) return 1.0 / (1.0 + exp(-u));\n"
               "    const double e = exp(u);\n"
               "    return e / (1.0 + e);\n}\n\n";
    if (softplus)
        out += "static inline double cr_softplus(double u)\n{\n"
               "    if (u > 0.0) return u + log1p(exp(-u));\n"
               "    return log1p(exp(u));\n}\n\n";
    if (uses("cr_relu")) out += "static inline double cr_relu(double u) { return u < 0.0 ? 0.0 : u; }\n\n";
    if (uses("cr_step")) out += "static inline double cr_step(double u) { return u > 0.0 ? 1.0 : (u <= 0.0 ? 0.0 : u); }\n\n";
    if (uses("cr_sign"))
        out += "static inline double cr_sign(double u) { return u > 0.0 ? 1.0 : (u < 0.0 ? -1.0 : (u == 0.0 ? 0.0 : u)); }\n\n";
    if (uses("cr_max")) out += "static inline double cr_max(double u, double v) { return u >= v ? u : (u < v ? v : u + v); }\n\n";
    if (uses("cr_min")) out += "static inline double cr_min(double u, double v) { return u <= v ? u : (u > v ? v : u + v); }\n\n";
    if (uses("cr_square")) out += "static inline double cr_square(double u) { return u * u; }\n\n";
    if (uses("cr_cube")) out += "static inline double cr_cube(double u) { return u * u * u; }\n\n";
    return out;
}

std::string c_call(op f, const std::string& u) {
    switch (f) {
    case op::exp: return "exp(" + u + ")";
    case op::log: return "log(" + u + ")";
    case op::sqrt: return "sqrt(" + u + ")";
    case op::sin: return "sin(" + u + ")";
    case op::cos: return "cos(" + u + ")";
    case op::tan: return "tan(" + u + ")";
    case op::tanh: return "tanh(" + u + ")";
    case op::cosh: return "cosh(" + u + ")";
    case op::sigmoid: return "cr_sigmoid(" + u + ")";
    case op::softplus: return "cr_softplus(" + u + ")";
    case op::relu: return "cr_relu(" + u + ")";
    case op::abs: return "fabs(" + u + ")";
    case op::step: return "cr_step(" + u + ")";
    case op::sign: return "cr_sign(" + u + ")";
    case op::constant:
    case op::variable:
    case op::add:
    case op::mul:
    case op::pow:
    case op::max:
    case op::min:
    case op::named: break;
    }
    throw usage_error(std::string("codegen: '") + std::string(name(f)) + "' is not a one-operand function");
}

}  // namespace chainrule::codegen::detail
