#pragma once
/// \file
/// Points and the arithmetic of each scalar type the numeric layer runs in: double,
/// CLN floats of a chosen precision, exact rationals (and running_error, in running_error.hpp).
///
/// An arithmetic<T> supplies what the operators + - * / of T do not: conversion of exact
/// constants, the sign of a value, and the elementary functions. Its functions are raw: they
/// assume an argument inside the function's domain (log of x > 0, sqrt of x >= 0, ...). The
/// domain checks, with messages naming the node, live in one place, the evaluator
/// (evaluate.hpp), which every numeric result of this layer goes through.

#include "chainrule/core/error.hpp"
#include "chainrule/core/rational.hpp"
#include "chainrule/graph/graph.hpp"

#include <cln/float.h>

#include <map>
#include <optional>
#include <string>

namespace chainrule::numeric {

/// A point: the exact value of each variable node.
using point = std::map<node_id, rational>;

/// An operation that has no exact rational result (exp, log, sqrt, sin, a non-integer power, ...)
/// was asked of arithmetic<rational>: the caller can fall back to floats.
class not_rational : public usage_error {
public:
    using usage_error::usage_error;
};

/// The arithmetic of a scalar type; see the specialisations below.
template <class T>
class arithmetic;

/// IEEE double arithmetic (glibc's libm for the elementary functions).
template <>
class arithmetic<double> {
public:
    /// q rounded to the nearest double.
    double constant(const rational& q) const;
    /// -1, 0 or 1.
    int sign(double x) const { return x > 0 ? 1 : x < 0 ? -1 : 0; }
    /// 1 for x > 0, else 0 (so step(0) = 0).
    double step(double x) const { return x > 0 ? 1.0 : 0.0; }
    /// x as a long when it is an integer of magnitude below 2^31.
    std::optional<long> small_integer(double x) const;
    /// Whether x is neither infinite nor NaN.
    bool finite(double x) const;
    /// x as a double.
    double to_double(double x) const { return x; }
    /// x with 17 significant digits.
    std::string describe(double x) const;

    double exp(double x) const;  ///< e^x
    double log(double x) const;   ///< x > 0
    double sqrt(double x) const;  ///< x >= 0
    double sin(double x) const;  ///< sine
    double cos(double x) const;  ///< cosine
    double tan(double x) const;  ///< tangent, away from poles
    double sinh(double x) const;  ///< hyperbolic sine (for the derivative of cosh)
    double cosh(double x) const;  ///< hyperbolic cosine
    double tanh(double x) const;  ///< hyperbolic tangent
    /// 1 / (1 + exp(-x)), without overflow for large |x|.
    double sigmoid(double x) const;
    /// log(1 + exp(x)), without overflow or loss of relative accuracy for large |x|.
    double softplus(double x) const;
    /// u^c for u > 0 and a non-integer exact c (integer powers are done by multiplication).
    double pow(double u, const rational& c) const;
    /// u^v for u > 0.
    double pow(double u, double v) const;
};

/// CLN floats of at least `digits` decimal digits (cln::float_format(digits)): every constant
/// and point value is converted at that precision, so all values share one float format.
/// exp (and sigmoid, softplus, tanh, powers through it) returns 0 where CLN would signal
/// underflow, as IEEE arithmetic rounds it; exp, cosh, sinh of arguments beyond 1e18 in
/// magnitude overflow (CLN 1.3 itself returns wrong values there, e.g. exp(7e7588) = 1).
template <>
class arithmetic<cln::cl_F> {
public:
    /// An arithmetic of at least `digits` significant decimal digits (digits >= 1).
    explicit arithmetic(int digits);
    /// The precision asked for, in decimal digits.
    int digits() const noexcept { return digits_; }
    /// The CLN float format of every value.
    cln::float_format_t format() const noexcept { return format_; }

    /// q rounded to the format.
    cln::cl_F constant(const rational& q) const;
    /// -1, 0 or 1.
    int sign(const cln::cl_F& x) const;
    /// 1 for x > 0, else 0 (so step(0) = 0).
    cln::cl_F step(const cln::cl_F& x) const;
    /// x as a long when it is an integer of magnitude below 2^31.
    std::optional<long> small_integer(const cln::cl_F& x) const;
    /// Always true: CLN floats have no infinities or NaNs (overflow throws).
    bool finite(const cln::cl_F&) const { return true; }
    /// x rounded to the nearest double.
    double to_double(const cln::cl_F& x) const;
    /// x with all its digits.
    std::string describe(const cln::cl_F& x) const;

    cln::cl_F exp(const cln::cl_F& x) const;  ///< e^x
    cln::cl_F log(const cln::cl_F& x) const;   ///< x > 0
    cln::cl_F sqrt(const cln::cl_F& x) const;  ///< x >= 0
    cln::cl_F sin(const cln::cl_F& x) const;  ///< sine
    cln::cl_F cos(const cln::cl_F& x) const;  ///< cosine
    cln::cl_F tan(const cln::cl_F& x) const;  ///< tangent, away from poles
    cln::cl_F sinh(const cln::cl_F& x) const;  ///< hyperbolic sine (for the derivative of cosh)
    cln::cl_F cosh(const cln::cl_F& x) const;  ///< hyperbolic cosine
    cln::cl_F tanh(const cln::cl_F& x) const;  ///< hyperbolic tangent
    /// 1 / (1 + exp(-x)), in the form that keeps relative accuracy for large |x|.
    cln::cl_F sigmoid(const cln::cl_F& x) const;
    /// log(1 + exp(x)), keeping relative accuracy for large |x|.
    cln::cl_F softplus(const cln::cl_F& x) const;
    /// u^c for u > 0 and a non-integer exact c.
    cln::cl_F pow(const cln::cl_F& u, const rational& c) const;
    /// u^v for u > 0.
    cln::cl_F pow(const cln::cl_F& u, const cln::cl_F& v) const;

private:
    int digits_;
    cln::float_format_t format_;
};

/// Exact rational arithmetic: + * and integer powers only. Every other function throws
/// not_rational naming it, so callers can fall back to floats.
template <>
class arithmetic<rational> {
public:
    /// q itself.
    rational constant(const rational& q) const { return q; }
    /// -1, 0 or 1.
    int sign(const rational& x) const;
    /// 1 for x > 0, else 0 (so step(0) = 0).
    rational step(const rational& x) const;
    /// x as a long when it is an integer of magnitude below 2^31.
    std::optional<long> small_integer(const rational& x) const;
    /// Always true.
    bool finite(const rational&) const { return true; }
    /// x rounded to the nearest double.
    double to_double(const rational& x) const;
    /// x exactly ("-3/4").
    std::string describe(const rational& x) const { return to_string(x); }

    rational exp(const rational& x) const;  ///< e^x (throws not_rational)
    rational log(const rational& x) const;  ///< natural logarithm, x > 0 (throws not_rational)
    rational sqrt(const rational& x) const;  ///< square root, x >= 0 (throws not_rational)
    rational sin(const rational& x) const;  ///< sine (throws not_rational)
    rational cos(const rational& x) const;  ///< cosine (throws not_rational)
    rational tan(const rational& x) const;  ///< tangent, away from poles (throws not_rational)
    rational sinh(const rational& x) const;  ///< hyperbolic sine (for the derivative of cosh) (throws not_rational)
    rational cosh(const rational& x) const;  ///< hyperbolic cosine (throws not_rational)
    rational tanh(const rational& x) const;  ///< hyperbolic tangent (throws not_rational)
    rational sigmoid(const rational& x) const;  ///< 1 / (1 + e^-x) (throws not_rational)
    rational softplus(const rational& x) const;  ///< log(1 + e^x) (throws not_rational)
    /// u^c for a non-integer c (integer powers are done by multiplication): throws not_rational.
    rational pow(const rational& u, const rational& c) const;
};

}  // namespace chainrule::numeric
