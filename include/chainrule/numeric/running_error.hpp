#pragma once
/// \file
/// Running error analysis (Wilkinson; Higham, "Accuracy and Stability of Numerical Algorithms",
/// section 3.3): a double carried together with a first-order bound on the rounding error
/// accumulated in computing it. Running the evaluator, the tape or finite differences in
/// arithmetic<running_error> does exactly the double computation (the `value` parts are
/// bit-for-bit what arithmetic<double> gives) and, alongside, the evaluation repeated on
/// magnitudes: the error scale. The agreement bound of a double result against a
/// high-precision reference is then tolerance(e), not a flat 1e-10.
///
/// Model: every elementary operation returns the exact result times (1 + d), |d| <= u = 2^-53,
/// and each libm function is within `function_ulps` units of u. For z = x op y with
/// |x - x*| <= u bx and |y - y*| <= u by (x*, y* exact), to first order in u:
///   x + y:  bz = bx + by + |z|
///   x * y:  bz = |y| bx + |x| by + |z|
///   x / y:  bz = (bx + |z| by) / |y| + |z|
///   f(x):   bz = |f'(x)| bx + function_ulps |z|
/// The rounding term |z| is left out where the operation is exact (TwoSum and fma residuals are
/// 0), so exact integer arithmetic keeps bound 0. Constants and point values start with bound
/// |value| (one rounding) or 0 when exactly representable.
/// Second-order terms are ignored: where u * bound is not small against the value's scale the
/// bound is a scale, not a guarantee. A branch decided within the bound of its threshold
/// (step, relu, abs, max, min) sets `uncertain`: the double result may have taken the other
/// branch, and a gradient through it may differ by O(1) from the reference.

#include "chainrule/numeric/scalar.hpp"

#include <string>

namespace chainrule::numeric {

/// Unit roundoff of double: 2^-53.
inline constexpr double unit_roundoff = 0x1p-53;

/// Units of u charged for one libm elementary function (glibc's are within 1-2 ulp) or one
/// composite (sigmoid, softplus, a power through exp and log).
inline constexpr double function_ulps = 4;

/// A double with a first-order bound on its accumulated rounding error, in units of
/// unit_roundoff: |value - exact| <~ unit_roundoff * bound.
struct running_error {
    double value = 0;        ///< the double result, exactly as arithmetic<double> computes it
    double bound = 0;        ///< error bound in units of unit_roundoff (>= 0)
    bool uncertain = false;  ///< some branch on the way was decided within its error bound
};

/// x + y, bound bx + by + |x + y|.
running_error operator+(const running_error& x, const running_error& y);
/// x - y, bound bx + by + |x - y|.
running_error operator-(const running_error& x, const running_error& y);
/// -x (exact).
running_error operator-(const running_error& x);
/// x * y, bound |y| bx + |x| by + |x y|.
running_error operator*(const running_error& x, const running_error& y);
/// x / y, bound (bx + |x/y| by) / |y| + |x/y|.
running_error operator/(const running_error& x, const running_error& y);
/// x += y.
running_error& operator+=(running_error& x, const running_error& y);
/// x -= y.
running_error& operator-=(running_error& x, const running_error& y);

/// The absolute tolerance a double result with error scale e deserves against an exact or
/// high-precision reference: slack * unit_roundoff * e.bound. The default slack covers the
/// first-order model's constants; it is not a proof (see the file comment).
double tolerance(const running_error& e, double slack = 16);

/// Whether `computed` (a double) agrees with `reference` within tolerance(e, slack), where e is
/// the running error of the same computation. Never true when e.uncertain.
bool agrees(double computed, double reference, const running_error& e, double slack = 16);

/// Double arithmetic with running error bounds: the same functions as arithmetic<double>,
/// each also propagating the bound as the file comment says.
template <>
class arithmetic<running_error> {
public:
    /// q rounded to double; bound |value| unless q is exactly a double.
    running_error constant(const rational& q) const;
    /// -1, 0 or 1 (of the value).
    int sign(const running_error& x) const { return plain_.sign(x.value); }
    /// 1 for x > 0, else 0; uncertain when x is inexact and |x| is within tolerance(x) of 0.
    running_error step(const running_error& x) const;
    /// The value as a long when it is an integer of magnitude below 2^31.
    std::optional<long> small_integer(const running_error& x) const { return plain_.small_integer(x.value); }
    /// Whether the value and the bound are finite.
    bool finite(const running_error& x) const;
    /// The value.
    double to_double(const running_error& x) const { return x.value; }
    /// "value (+- u*bound)".
    std::string describe(const running_error& x) const;

    running_error exp(const running_error& x) const;  ///< e^x with its bound
    running_error log(const running_error& x) const;  ///< natural logarithm, x > 0 with its bound
    running_error sqrt(const running_error& x) const;  ///< square root, x >= 0 with its bound
    running_error sin(const running_error& x) const;  ///< sine with its bound
    running_error cos(const running_error& x) const;  ///< cosine with its bound
    running_error tan(const running_error& x) const;  ///< tangent, away from poles with its bound
    running_error sinh(const running_error& x) const;  ///< hyperbolic sine (for the derivative of cosh) with its bound
    running_error cosh(const running_error& x) const;  ///< hyperbolic cosine with its bound
    running_error tanh(const running_error& x) const;  ///< hyperbolic tangent with its bound
    running_error sigmoid(const running_error& x) const;  ///< 1 / (1 + e^-x) with its bound
    running_error softplus(const running_error& x) const;  ///< log(1 + e^x) with its bound
    /// u^c for u > 0 and a non-integer exact c, with its bound (c's own rounding included).
    running_error pow(const running_error& u, const rational& c) const;
    /// u^v for u > 0, with its bound.
    running_error pow(const running_error& u, const running_error& v) const;

private:
    arithmetic<double> plain_;
};

}  // namespace chainrule::numeric
