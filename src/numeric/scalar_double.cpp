// arithmetic<double>: IEEE doubles and glibc's libm; the stable forms of sigmoid and softplus.
#include "chainrule/numeric/scalar.hpp"

#include <cmath>
#include <cstdio>

namespace chainrule::numeric {

double arithmetic<double>::constant(const rational& q) const { return cln::double_approx(q); }

std::optional<long> arithmetic<double>::small_integer(double x) const {
    if (!(std::fabs(x) < 0x1p31) || std::trunc(x) != x) return std::nullopt;
    return static_cast<long>(x);
}

bool arithmetic<double>::finite(double x) const { return std::isfinite(x); }

std::string arithmetic<double>::describe(double x) const {
    return round_trip_text(x);
}

double arithmetic<double>::exp(double x) const { return std::exp(x); }
double arithmetic<double>::log(double x) const { return std::log(x); }
double arithmetic<double>::sqrt(double x) const { return std::sqrt(x); }
double arithmetic<double>::sin(double x) const { return std::sin(x); }
double arithmetic<double>::cos(double x) const { return std::cos(x); }
double arithmetic<double>::tan(double x) const { return std::tan(x); }
double arithmetic<double>::sinh(double x) const { return std::sinh(x); }
double arithmetic<double>::cosh(double x) const { return std::cosh(x); }
double arithmetic<double>::tanh(double x) const { return std::tanh(x); }

double arithmetic<double>::sigmoid(double x) const {
    // x >= 0: 1 / (1 + e^-x); x < 0: e^x / (1 + e^x). exp never overflows: its argument is <= 0.
    if (x >= 0) return 1 / (1 + std::exp(-x));
    const double e = std::exp(x);
    return e / (1 + e);
}

double arithmetic<double>::softplus(double x) const {
    // x > 0: x + log1p(e^-x); x <= 0: log1p(e^x). No overflow, full relative accuracy for x << 0.
    if (x > 0) return x + std::log1p(std::exp(-x));
    return std::log1p(std::exp(x));
}

double arithmetic<double>::pow(double u, const rational& c) const { return std::pow(u, cln::double_approx(c)); }

double arithmetic<double>::pow(double u, double v) const { return std::pow(u, v); }

}  // namespace chainrule::numeric
