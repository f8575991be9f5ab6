#pragma once
// Internal: the value of one instruction, with every domain check of the numeric layer, for
// any scalar T with an arithmetic<T>. Used by the forward sweep and by the tape's rules (which
// need powers such as u^(c-1) under the same checks).

#include "chainrule/core/assert.hpp"
#include "chainrule/core/error.hpp"
#include "chainrule/numeric/ball.hpp"
#include "chainrule/numeric/program.hpp"
#include "chainrule/numeric/scalar.hpp"
#include "chainrule/numeric/undefined.hpp"

#include <cln/integer.h>
#include <cln/rational.h>

#include <string>
#include <type_traits>
#include <vector>

namespace chainrule::numeric::detail {

/// Where a computation happens, for messages: "evaluate", node 12.
struct context {
    const char* who;
    node_id node;
};

[[noreturn]] inline void undefined(const context& where, const std::string& what) {
    throw undefined_value(where.who, where.node, what);
}

/// u^n for an integer n by repeated squaring; u != 0 when n < 0 (checked by the caller).
template <class T>
T integer_power(const T& u, long n, const arithmetic<T>& a) {
    const bool invert = n < 0;
    unsigned long k = invert ? 0UL - static_cast<unsigned long>(n) : static_cast<unsigned long>(n);
    T result = a.constant(1);
    T base = u;
    bool first = true;  // result is still 1: assign instead of multiplying (exact either way)
    while (k != 0) {
        if (k & 1UL) {
            result = first ? base : result * base;
            first = false;
        }
        k >>= 1;
        if (k != 0) base = base * base;
    }
    return invert ? a.constant(1) / result : result;
}

/// u^e for an exponent known exactly (c, when `exact` is set) or by value (v).
/// Undefined: 0 to a negative power, a negative base to a non-integer power. The sign of u is
/// asked only where it matters (a negative or non-integer exponent, or a huge integer one), so
/// (x - y)^2 needs no decision about x - y.
template <class T>
T power(const T& u, const rational* exact, const T& v, const arithmetic<T>& a, const context& where) {
    std::optional<long> n;
    if (exact) {
        n = arithmetic<rational>().small_integer(*exact);
    } else {
        n = a.small_integer(v);
    }
    const auto by_multiplication = [&](long k) {
        if constexpr (std::is_same_v<T, rational>) {
            // exact powers grow: refuse results past max_rational_digits digits
            const std::size_t size = decimal_size(u) * static_cast<std::size_t>(k < 0 ? -k : k);
            if (size > max_rational_digits)
                throw limit_error(std::string(where.who) + ": the exact power (" + a.describe(u) + ")^" +
                                      std::to_string(k) + " would have about " + std::to_string(size) +
                                      " digits at node " + std::to_string(where.node),
                                  max_rational_digits, size);
        }
        return integer_power(u, k, a);
    };
    if (n && *n >= 0) return by_multiplication(*n);
    const int su = a.sign(u);
    const int se = exact ? (cln::minusp(*exact) ? -1 : cln::zerop(*exact) ? 0 : 1) : a.sign(v);
    const auto shown = [&] { return exact ? to_string(*exact) : a.describe(v); };
    if (su == 0 && se < 0)
        undefined(where, "0 raised to the negative power " + shown() + " (a division by zero)");
    if (exact && !n && is_integer(*exact)) {
        // an integer exponent past 2^31: |u|^c, negative for a negative u and an odd c
        if (su == 0) return a.constant(0);
        const T magnitude = a.pow(su < 0 ? -u : u, *exact);
        return su < 0 && cln::oddp(cln::numerator(*exact)) ? -magnitude : magnitude;
    }
    if (n) return by_multiplication(*n);
    if (su < 0)
        undefined(where, "the negative base " + a.describe(u) + " raised to the non-integer power " + shown());
    if (su == 0) return a.constant(0);  // 0^e = 0 for e > 0
    return exact ? a.pow(u, *exact) : a.pow(u, v);
}

/// log(u), undefined for u <= 0.
template <class T>
T checked_log(const T& u, const arithmetic<T>& a, const context& where) {
    if (a.sign(u) <= 0) undefined(where, "log(" + a.describe(u) + ") of a number <= 0");
    return a.log(u);
}

/// The value of instruction i of p from the values of earlier slots. Throws usage_error for an
/// unbound variable and domain_error where the op is undefined.
template <class T>
T value_of(const program& p, slot i, const std::vector<T>& value, const point& at, const arithmetic<T>& a,
           const context& where) {
    const instruction& in = p.instructions()[i];
    const auto operand = [&](slot s) -> const T& { return value[s]; };
    switch (in.kind) {
    case op::constant: return a.constant(p.constants()[in.payload]);
    case op::variable: {
        const program_variable& x = p.variables()[in.payload];
        const auto it = at.find(x.node);
        if (it == at.end())
            throw usage_error(std::string(where.who) + ": variable '" + x.name + "' (node " +
                              std::to_string(x.node) + ") has no value at the point");
        return a.constant(it->second);
    }
    case op::add: return operand(in.lhs) + operand(in.rhs);
    case op::mul: return operand(in.lhs) * operand(in.rhs);
    case op::pow: return power(operand(in.lhs), p.constant_exponent(i), operand(in.rhs), a, where);
    case op::exp: return a.exp(operand(in.lhs));
    case op::log: return checked_log(operand(in.lhs), a, where);
    case op::sqrt: {
        const T& u = operand(in.lhs);
        if (a.sign(u) < 0) undefined(where, "sqrt(" + a.describe(u) + ") of a negative number");
        return a.sqrt(u);
    }
    case op::sin: return a.sin(operand(in.lhs));
    case op::cos: return a.cos(operand(in.lhs));
    case op::tan: {
        const T& u = operand(in.lhs);
        T y = a.tan(u);  // first: arithmetic<rational> refuses tan before anything else
        if (a.sign(a.cos(u)) == 0) undefined(where, "tan(" + a.describe(u) + ") at a pole");
        return y;
    }
    case op::tanh: return a.tanh(operand(in.lhs));
    case op::cosh: return a.cosh(operand(in.lhs));
    case op::sigmoid: return a.sigmoid(operand(in.lhs));
    case op::softplus: return a.softplus(operand(in.lhs));
    case op::relu: {  // max(u, 0)
        const T& u = operand(in.lhs);
        if constexpr (std::is_same_v<T, ball>) return a.relu(u);  // continuous: no sign needed
        return a.sign(u) > 0 ? u : a.constant(0);
    }
    case op::abs: {
        const T& u = operand(in.lhs);
        if constexpr (std::is_same_v<T, ball>) return a.abs(u);
        return a.sign(u) < 0 ? -u : u;
    }
    case op::step: return a.step(operand(in.lhs));  // 1 for u > 0, else 0
    case op::sign: {  // 1 for u > 0, -1 for u < 0, 0 at 0
        // step(u) - step(-u): exact in every arithmetic, and a ball that contains 0 is
        // undecided (uncertain) as for step, a running error near 0 uncertain
        const T& u = operand(in.lhs);
        return a.step(u) - a.step(-u);
    }
    case op::max: {  // a tie goes to u
        const T &u = operand(in.lhs), &v = operand(in.rhs);
        if constexpr (std::is_same_v<T, ball>) return a.max(u, v);
        return a.sign(v - u) > 0 ? v : u;
    }
    case op::min: {  // a tie goes to u
        const T &u = operand(in.lhs), &v = operand(in.rhs);
        if constexpr (std::is_same_v<T, ball>) return a.min(u, v);
        return a.sign(u - v) > 0 ? v : u;
    }
    case op::named: return operand(in.lhs);  // a name for u's value
    }
    CHAINRULE_ASSERT(false);
    return a.constant(0);
}

}  // namespace chainrule::numeric::detail
