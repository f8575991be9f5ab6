// The C text both emitters share (c_text.hpp).
#include "c_text.hpp"

#include "chainrule/core/error.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace chainrule::codegen::detail {

namespace {

// tanh without branches, so that a loop of it vectorises (under -fno-trapping-math, which lets
// the compiler compute both sides of a select):
//   |x| < 0.625:  tanh x = x + x·s·P(s)/Q(s), s = x²            (Cephes's tanh, 2.5e-16 relative)
//   otherwise:    tanh x = sign(x)·(1 − 2/(e^{2|x|} + 1)), |x| capped at 22 (tanh = 1 in double)
// with e^y for y in [1.25, 44] as Cephes's exp: y = k ln 2 + r, |r| ≤ ln 2 / 2,
//   e^r = 1 + 2·r·p(r²)/(q(r²) − r·p(r²)), times 2^k built from k's bits (k is an integer below
//   64 held in the low bits of y·log2(e) + 1.5·2^52). Within 2 ulps of glibc's tanh; NaN stays NaN.
const char* const tanh_in_loops =
    "typedef unsigned long long cr_bits;\n"
    "static inline double cr_exp_tanh(double y)\n{\n"
    "    const double shift = 6755399441055744.0;\n"
    "    const double t = y * 1.4426950408889634 + shift, k = t - shift;\n"
    "    const double r = y - k * 0.693145751953125 - k * 1.4286068203094173e-06, rr = r * r;\n"
    "    const double px = r * ((0.00012617719307481058 * rr + 0.030299440770744195) * rr + 1.0);\n"
    "    const double q = ((3.0019850513866446e-06 * rr + 0.002524483403496841) * rr + 0.22726554820815503) * rr + 2.0;\n"
    "    union { double d; cr_bits u; } bits, scale;\n"
    "    bits.d = t;\n"
    "    scale.u = (bits.u - 0x4338000000000000ULL + 1023ULL) << 52;\n"
    "    return (1.0 + 2.0 * (px / (q - px))) * scale.d;\n}\n\n"
    "static inline double cr_tanh(double x)\n{\n"
    "    union { double d; cr_bits u; } a, sign, out;\n"
    "    a.d = x;\n"
    "    sign.u = a.u & 0x8000000000000000ULL;\n"
    "    a.u &= 0x7fffffffffffffffULL;\n"
    "    const double s = x * x;\n"
    "    const double small = a.d + a.d * s * (((-0.9643991794250523 * s - 99.28772310019185) * s - 1614.6876844170845) /\n"
    "                                         (((s + 112.81167849163293) * s + 2235.4883906010045) * s + 4844.063053251255));\n"
    "    const double big = 1.0 - 2.0 / (cr_exp_tanh(2.0 * (a.d > 22.0 ? 22.0 : a.d)) + 1.0);\n"
    "    out.d = a.d < 0.625 ? small : big;\n"
    "    out.u |= sign.u;\n"
    "    return out.d;\n}\n\n";

}  // namespace

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
    if (uses("cr_tanh")) out += tanh_in_loops;
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

std::string c_call_in_loops(op f, const std::string& u) { return f == op::tanh ? "cr_tanh(" + u + ")" : c_call(f, u); }

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
