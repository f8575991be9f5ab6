// How each node of a CSE program is computed in double precision (see lowering.hpp).
#include "lowering.hpp"

#include "chainrule/core/error.hpp"

#include <cfloat>
#include <cln/integer.h>
#include <cmath>
#include <cln/rational.h>
#include <cln/real.h>
#include <cln/float.h>
#include <string>

namespace chainrule::codegen::detail {

double to_double(const rational& q) {
    // |q| > DBL_MAX rounds to infinity: refused rather than emitted
    static const rational largest = exact_rational(DBL_MAX);
    if (cln::abs(q) > largest)
        throw limit_error("the constant " + to_decimal(q, 5) + " is outside the range of double, in which compiled code computes",
                          static_cast<std::size_t>(DBL_MAX_EXP), 0);
    // below DBL_MIN the doubles are the multiples of 2^-1074: round there exactly (CLN's
    // conversion would signal underflow)
    static const rational smallest_normal = exact_rational(DBL_MIN);
    if (cln::abs(q) < smallest_normal) {
        const cln::cl_I m = cln::round1(q * cln::expt(rational(2), 1074));
        return std::ldexp(static_cast<double>(cln::cl_I_to_L(m)), -1074);
    }
    return cln::double_approx(q);
}

double constant_double(const rational& q) {
    const double d = to_double(q);
    // a nonzero constant that rounds to 0 changes what the code computes, not only how closely:
    // log(1e-400) would be -inf and 1/1e-400 inf where the exact values are finite
    if (d == 0 && !cln::zerop(q))
        throw limit_error("the constant " + to_decimal(q, 5) +
                              " is below the smallest double (4.9e-324) and would compute as 0: compiled code computes in double",
                          1074, 0);
    return d;
}

rational exact_rational(double d) {
    if (d == 0) return rational(0);
    int e = 0;
    const double m = std::frexp(d, &e);  // d = m 2^e, 1/2 <= |m| < 1
    const auto mantissa = static_cast<long long>(std::ldexp(m, 53));
    return rational(cln::cl_I(mantissa)) * cln::expt(rational(2), e - 53);
}

program_reader::program_reader(const graph& g, const cse_result& program, const argument_layout& layout)
    : g_(g), program_(program) {
    for (std::size_t k = 0; k < layout.inputs.size(); ++k)
        slots_.emplace(layout.inputs[k], argument_slot{argument_array::inputs, k});
    for (std::size_t k = 0; k < layout.params.size(); ++k)
        slots_.emplace(layout.params[k], argument_slot{argument_array::params, k});
    std::vector<node_id> roots;
    for (const cse_output& o : program.outputs) roots.push_back(o.value);
    for (node_id n : g.reachable(roots))
        if (g.is_variable(n) && !slots_.count(n))
            throw usage_error("codegen: the program reads variable '" + g.variable_of(n).name +
                              "', which the argument layout does not hold");
}

lowered program_reader::read(node_id n, bool inline_root) const {
    if (!inline_root)
        if (const std::size_t t = program_.temp_of(n)) return lowered{form::temp, no_node, no_node, 0, t};
    const node x = g_.at(n);
    auto unary = [&](form f) { return lowered{f, x.lhs}; };
    // an operand written inline as v^-1 (not a temporary of its own)
    auto inline_reciprocal = [&](node_id m) {
        if (program_.temp_of(m) != 0 || g_.kind(m) != op::pow) return false;
        return g_.is_constant(g_.at(m).rhs, rational(-1));
    };
    switch (x.kind) {
    case op::constant: return lowered{form::number, no_node, no_node, constant_double(g_.value(n))};
    case op::variable: {
        const argument_slot s = slots_.at(n);
        return lowered{s.array == argument_array::inputs ? form::input : form::param, no_node, no_node, 0, s.index};
    }
    case op::add: return lowered{form::add, x.lhs, x.rhs};
    case op::mul:
        if (g_.is_constant(x.lhs, rational(-1))) return lowered{form::neg, x.rhs};
        // u * v^-1 is the division u / v (one rounding instead of two)
        if (inline_reciprocal(x.rhs)) return lowered{form::div, x.lhs, g_.at(x.rhs).lhs};
        if (inline_reciprocal(x.lhs)) return lowered{form::div, x.rhs, g_.at(x.lhs).lhs};
        return lowered{form::mul, x.lhs, x.rhs};
    case op::pow:
        if (g_.is_constant(x.rhs)) {
            const rational& c = g_.value(x.rhs);
            if (c == rational(-1)) return unary(form::recip);
            if (c == rational(2)) return unary(form::square);
            if (c == rational(3)) return unary(form::cube);
            if (c == rational(1) / 2) return unary(form::sqrt);
            if (c == rational(-1) / 2) return unary(form::rsqrt);
        }
        return lowered{form::pow, x.lhs, x.rhs};
    case op::exp: return unary(form::exp);
    case op::log: return unary(form::log);
    case op::sqrt: return unary(form::sqrt);
    case op::sin: return unary(form::sin);
    case op::cos: return unary(form::cos);
    case op::tan: return unary(form::tan);
    case op::tanh: return unary(form::tanh);
    case op::cosh: return unary(form::cosh);
    case op::sigmoid: return unary(form::sigmoid);
    case op::softplus: return unary(form::softplus);
    case op::relu: return unary(form::relu);
    case op::abs: return unary(form::abs);
    case op::step: return unary(form::step);
    case op::sign: return unary(form::sign);
    case op::max: return lowered{form::max, x.lhs, x.rhs};
    case op::min: return lowered{form::min, x.lhs, x.rhs};
    case op::named: return read(x.lhs, false);  // the value it names
    }
    throw usage_error("codegen: node " + std::to_string(n) + " has an unknown op");
}

}  // namespace chainrule::codegen::detail
