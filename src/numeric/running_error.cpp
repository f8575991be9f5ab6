// arithmetic<running_error>: the double computation plus its first-order rounding error bound
// (formulas in running_error.hpp). Each value is computed by arithmetic<double>, so the value
// parts are bit-for-bit the plain double results.
#include "chainrule/numeric/running_error.hpp"

#include <cln/float.h>
#include <cln/real.h>

#include <cmath>
#include <limits>

namespace chainrule::numeric {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// the result y = f(x) with bound |f'(x)| bx + function_ulps |y|
running_error function(double y, double slope, const running_error& x) {
    return running_error{y, std::fabs(slope) * x.bound + function_ulps * std::fabs(y), x.uncertain};
}

// the rounding term of z = x + y: 0 when the sum is exact (TwoSum's error is 0), else |z|
double sum_rounding(double x, double y, double z) {
    const double yy = z - x;
    const double error = (x - (z - yy)) + (y - yy);
    return error == 0 ? 0 : std::fabs(z);
}

// the rounding term of z = x * y: 0 when the product is exact (fma gives the exact residual)
double product_rounding(double x, double y, double z) { return std::fma(x, y, -z) == 0 ? 0 : std::fabs(z); }

}  // namespace

running_error operator+(const running_error& x, const running_error& y) {
    const double z = x.value + y.value;
    return {z, x.bound + y.bound + sum_rounding(x.value, y.value, z), x.uncertain || y.uncertain};
}

running_error operator-(const running_error& x, const running_error& y) {
    const double z = x.value - y.value;
    return {z, x.bound + y.bound + sum_rounding(x.value, -y.value, z), x.uncertain || y.uncertain};
}

running_error operator-(const running_error& x) { return {-x.value, x.bound, x.uncertain}; }

running_error operator*(const running_error& x, const running_error& y) {
    const double z = x.value * y.value;
    return {z, std::fabs(y.value) * x.bound + std::fabs(x.value) * y.bound + product_rounding(x.value, y.value, z),
            x.uncertain || y.uncertain};
}

running_error operator/(const running_error& x, const running_error& y) {
    const double z = x.value / y.value;
    const double bound = y.value == 0 ? infinity
                                      : (x.bound + std::fabs(z) * y.bound) / std::fabs(y.value) +
                                            (std::fma(z, y.value, -x.value) == 0 ? 0 : std::fabs(z));
    return {z, bound, x.uncertain || y.uncertain};
}

running_error& operator+=(running_error& x, const running_error& y) { return x = x + y; }

running_error& operator-=(running_error& x, const running_error& y) { return x = x - y; }

double tolerance(const running_error& e, double slack) { return slack * unit_roundoff * e.bound; }

bool agrees(double computed, double reference, const running_error& e, double slack) {
    if (e.uncertain || !std::isfinite(e.bound)) return false;
    return std::fabs(computed - reference) <= tolerance(e, slack);
}

running_error arithmetic<running_error>::constant(const rational& q) const {
    const double v = plain_.constant(q);
    const bool exact = std::isfinite(v) && cln::rational(cln::cl_DF(v)) == q;
    return {v, exact ? 0 : std::fabs(v), false};
}

running_error arithmetic<running_error>::step(const running_error& x) const {
    // an exact value (bound 0) decides its branch exactly, even at 0
    const bool near = !std::isfinite(x.bound) || (x.bound > 0 && std::fabs(x.value) <= tolerance(x));
    return {plain_.step(x.value), 0, x.uncertain || near};
}

bool arithmetic<running_error>::finite(const running_error& x) const { return std::isfinite(x.value); }

std::string arithmetic<running_error>::describe(const running_error& x) const {
    return plain_.describe(x.value) + " (+- " + plain_.describe(unit_roundoff * x.bound) + ")";
}

// d exp(x) = exp(x) dx
running_error arithmetic<running_error>::exp(const running_error& x) const {
    const double y = plain_.exp(x.value);
    return function(y, y, x);
}

// d log(x) = dx / x
running_error arithmetic<running_error>::log(const running_error& x) const {
    return function(plain_.log(x.value), 1 / x.value, x);
}

// d sqrt(x) = dx / (2 sqrt(x)); no first-order bound at 0 unless x is exact
running_error arithmetic<running_error>::sqrt(const running_error& x) const {
    const double y = plain_.sqrt(x.value);
    if (y == 0) return {y, x.bound == 0 ? 0 : infinity, x.uncertain};
    return function(y, 1 / (2 * y), x);
}

// d sin(x) = cos(x) dx
running_error arithmetic<running_error>::sin(const running_error& x) const {
    return function(plain_.sin(x.value), plain_.cos(x.value), x);
}

// d cos(x) = -sin(x) dx
running_error arithmetic<running_error>::cos(const running_error& x) const {
    return function(plain_.cos(x.value), plain_.sin(x.value), x);
}

// d tan(x) = (1 + tan(x)^2) dx
running_error arithmetic<running_error>::tan(const running_error& x) const {
    const double y = plain_.tan(x.value);
    return function(y, 1 + y * y, x);
}

// d sinh(x) = cosh(x) dx
running_error arithmetic<running_error>::sinh(const running_error& x) const {
    return function(plain_.sinh(x.value), plain_.cosh(x.value), x);
}

// d cosh(x) = sinh(x) dx
running_error arithmetic<running_error>::cosh(const running_error& x) const {
    return function(plain_.cosh(x.value), plain_.sinh(x.value), x);
}

// d tanh(x) = dx / cosh(x)^2
running_error arithmetic<running_error>::tanh(const running_error& x) const {
    const double c = plain_.cosh(x.value);
    return function(plain_.tanh(x.value), 1 / (c * c), x);
}

// d sigmoid(x) = sigmoid(x) sigmoid(-x) dx
running_error arithmetic<running_error>::sigmoid(const running_error& x) const {
    const double y = plain_.sigmoid(x.value);
    return function(y, y * plain_.sigmoid(-x.value), x);
}

// d softplus(x) = sigmoid(x) dx
running_error arithmetic<running_error>::softplus(const running_error& x) const {
    return function(plain_.softplus(x.value), plain_.sigmoid(x.value), x);
}

// d u^c = c u^(c-1) du; c itself is rounded to double: + |u^c log(u) c| for that rounding
running_error arithmetic<running_error>::pow(const running_error& u, const rational& c) const {
    const double y = plain_.pow(u.value, c);
    const double cd = plain_.constant(c);
    running_error out = function(y, cd * y / u.value, u);
    out.bound += std::fabs(y * std::log(u.value) * cd);
    return out;
}

// d u^v = v u^(v-1) du + u^v log(u) dv
running_error arithmetic<running_error>::pow(const running_error& u, const running_error& v) const {
    const double y = plain_.pow(u.value, v.value);
    running_error out = function(y, v.value * y / u.value, u);
    out.bound += std::fabs(y * std::log(u.value)) * v.bound;
    out.uncertain = u.uncertain || v.uncertain;
    return out;
}

}  // namespace chainrule::numeric
