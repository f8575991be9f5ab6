#pragma once
/// \file
/// Ball arithmetic (Arb, FLINT's rigorous numerics): a real number as a midpoint and a radius
/// that certainly enclose it, at a working precision in bits. A ball also carries the value's
/// exact rational while it is known (constants, and +, -, *, / and integer powers of exact
/// operands), so a sign at a kink is decided exactly wherever the value is rational, and only
/// there is the enclosure not needed.
///
/// arithmetic<ball> is the numeric layer's arithmetic for certified results: a sign that the
/// ball cannot decide (it contains 0, the value is not known exactly) throws `uncertain`, never
/// a guess; the caller raises the precision (certified.hpp).

#include "chainrule/numeric/scalar.hpp"

#include <arb.h>

#include <optional>
#include <string>
#include <utility>

namespace chainrule::numeric {

/// A sign (and so a kink, a domain check or a comparison) that a ball could not decide at its
/// precision: the ball contains 0 and the value is not known exactly.
class uncertain : public error {
public:
    using error::error;
};

/// A real number as an Arb ball, with its exact rational value when known.
class ball {
public:
    /// The exact 0 at 64 bits.
    ball();
    /// q, exactly, as a ball of `bits` bits (q's binary expansion rounded outward).
    ball(const rational& q, long bits);
    /// An enclosure computed by an Arb function, at `bits` bits, without an exact value.
    static ball enclosure(const arb_t value, long bits);
    ball(const ball& other);
    ball(ball&& other) noexcept;
    ball& operator=(const ball& other);
    ball& operator=(ball&& other) noexcept;
    ~ball();

    /// The Arb ball.
    const arb_struct* get() const noexcept { return value_; }
    /// The exact value, when known.
    const std::optional<rational>& exact() const noexcept { return exact_; }
    /// The working precision, in bits.
    long bits() const noexcept { return bits_; }

    ball operator-() const;
    ball& operator+=(const ball& other);
    friend ball operator+(const ball& a, const ball& b);
    friend ball operator-(const ball& a, const ball& b);
    friend ball operator*(const ball& a, const ball& b);
    /// a / b; b must not be an exact 0 (the evaluator checks domains before dividing).
    friend ball operator/(const ball& a, const ball& b);

private:
    arb_t value_;
    std::optional<rational> exact_;
    long bits_ = 64;
};

/// The arithmetic of balls at a working precision of `bits` bits. Exact operands give exact
/// results where the result is rational (e^0 = 1, sqrt of a square, 0, 1, -1 to any integer
/// power) and is at most max_rational_digits digits long; every other result is an enclosure.
template <>
class arithmetic<ball> {
public:
    /// An arithmetic of `bits` bits of working precision (at least 16).
    explicit arithmetic(long bits);
    /// The working precision.
    long bits() const noexcept { return bits_; }

    /// q exactly.
    ball constant(const rational& q) const { return ball(q, bits_); }
    /// -1, 0 or 1; throws uncertain when x's ball contains 0 and x is not known exactly.
    int sign(const ball& x) const;
    /// 1 for x > 0, else 0 (so step(0) = 0); throws uncertain as sign does.
    ball step(const ball& x) const;
    /// |x|, max(x, 0), max(x, y), min(x, y): continuous, so defined without deciding a sign
    /// (exact where the operands are).
    ball abs(const ball& x) const;
    ball relu(const ball& x) const;
    ball max(const ball& x, const ball& y) const;
    ball min(const ball& x, const ball& y) const;
    /// x as a long when it is known exactly to be an integer of magnitude below 2^31.
    std::optional<long> small_integer(const ball& x) const;
    /// Whether the ball is finite.
    bool finite(const ball& x) const;
    /// The midpoint rounded to the nearest double.
    double to_double(const ball& x) const;
    /// The exact value, or the ball as Arb prints it ("[0.33333 +/- 3.34e-6]").
    std::string describe(const ball& x) const;

    ball exp(const ball& x) const;  ///< e^x
    ball log(const ball& x) const;   ///< x > 0
    ball sqrt(const ball& x) const;  ///< x >= 0
    ball sin(const ball& x) const;  ///< sine
    ball cos(const ball& x) const;  ///< cosine
    ball tan(const ball& x) const;  ///< tangent, away from poles
    ball sinh(const ball& x) const;  ///< hyperbolic sine
    ball cosh(const ball& x) const;  ///< hyperbolic cosine
    ball tanh(const ball& x) const;  ///< hyperbolic tangent
    ball sigmoid(const ball& x) const;  ///< 1 / (1 + e^-x)
    ball softplus(const ball& x) const;  ///< log(1 + e^x)
    /// u^c for u > 0 and an exact c.
    ball pow(const ball& u, const rational& c) const;
    /// u^v for u > 0.
    ball pow(const ball& u, const ball& v) const;

private:
    template <class F>
    ball exact_at(const ball& x, long at, long value, F f) const;

    long bits_;
};

/// A decimal of x with `digits` significant digits, correctly rounded (to nearest, ties to
/// even, as to_decimal), when x's ball decides every one of them: the value rounds to the same
/// text at both ends of the ball. Nothing when it does not (raise the precision). Exact values
/// are rounded exactly; any exponent is allowed (2^(10^20) is about 1.3e+30102999566398119521).
std::optional<std::string> certified_decimal(const ball& x, int digits);

/// The most significant digits (at most `digits`) that x's ball decides, 0 when not even the
/// first: what a value past the precision ceiling can still show.
int certain_digits(const ball& x, int digits);

/// The decimal of x with as many of `digits` significant digits as its ball decides (all of
/// them, or fewer when the ball is wide), and that count; nothing when not even the first is.
std::optional<std::pair<std::string, int>> certain_decimal(const ball& x, int digits);

/// An upper bound on |x| (the ball's magnitude), as a short decimal ("3.2e-151").
std::string magnitude_bound(const ball& x);

/// An e with |x| < 2^e for every value in the ball (for comparing bounds).
long magnitude_exponent(const ball& x);

/// A lower bound on |x| as a short decimal ("9.9e-151"): positive when the ball excludes 0.
std::string lower_magnitude_bound(const ball& x);

}  // namespace chainrule::numeric
