// The double-precision helpers of the emitted C (emit_c.cpp writes the same formulas as C), for
// the interpreter: stable sigmoid and softplus, and the kink conventions step(0) = 0,
// sign(0) = 0, relu(0) = 0, ties of max/min to the first operand; a NaN operand propagates.
#pragma once

#include <cmath>

namespace chainrule::codegen::detail::scalar {

/// sigmoid(u) = 1/(1 + exp(-u)), with exp of a non-positive argument only.
inline double sigmoid(double u) {
    if (u >= 0.0) return 1.0 / (1.0 + std::exp(-u));
    const double e = std::exp(u);
    return e / (1.0 + e);
}

/// softplus(u) = log(1 + exp(u)) = u + log1p(exp(-u)) for u > 0.
inline double softplus(double u) {
    if (u > 0.0) return u + std::log1p(std::exp(-u));
    return std::log1p(std::exp(u));
}

/// relu(u) = u for u > 0, else 0.
inline double relu(double u) { return u < 0.0 ? 0.0 : u; }

/// step(u) = 1 for u > 0, else 0.
inline double step(double u) { return u > 0.0 ? 1.0 : (u <= 0.0 ? 0.0 : u); }

/// sign(u) = 1 for u > 0, -1 for u < 0, 0 at 0 (and at -0).
inline double sign(double u) { return u > 0.0 ? 1.0 : (u < 0.0 ? -1.0 : (u == 0.0 ? 0.0 : u)); }

/// max(u, v), u on a tie.
inline double max(double u, double v) { return u >= v ? u : (u < v ? v : u + v); }

/// min(u, v), u on a tie.
inline double min(double u, double v) { return u <= v ? u : (u > v ? v : u + v); }

}  // namespace chainrule::codegen::detail::scalar
