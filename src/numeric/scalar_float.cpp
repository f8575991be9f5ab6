// arithmetic<cln::cl_F>: CLN floats of one fixed format; the stable forms of sigmoid and softplus.
#include "chainrule/numeric/scalar.hpp"

#include <cln/float_io.h>
#include <cln/integer.h>
#include <cln/rational.h>

#include <sstream>

namespace chainrule::numeric {

namespace {

// log(1 + e) for e > -1, accurate also when |e| is below the format's epsilon (Kahan: the
// rounding of 1 + e is undone by the factor e / (w - 1)).
cln::cl_F log1p(const cln::cl_F& e, const cln::cl_F& one) {
    const cln::cl_F w = one + e;
    if (w == one) return e;
    return cln::ln(w) * e / (w - one);
}

// CLN 1.3 gets exp, cosh and sinh of huge arguments wrong instead of signalling: exp(7e7588)
// returns 1.0, cosh(2.6e7589) returns 1.0, tanh(e^1600) returns 0. Beyond this magnitude the
// results are outside CLN's exponent range anyway (exp(1e20) already overflows).
bool beyond_range(const cln::cl_F& x) { return cln::abs(x) > cln::cl_F(1e18); }

// e^x; 0 where it underflows the format (as IEEE arithmetic rounds it: CLN would throw);
// CLN's overflow exception where it overflows
cln::cl_F exp_or_zero(const cln::cl_F& x) {
    if (beyond_range(x)) {
        if (cln::minusp(x)) return cln::cl_float(0, x);
        throw cln::floating_point_overflow_exception();
    }
    try {
        return cln::exp(x);
    } catch (const cln::floating_point_underflow_exception&) {
        return cln::cl_float(0, x);
    }
}

// f(x) for cosh and sinh, which overflow beyond the range
cln::cl_F hyperbolic(const cln::cl_F (*f)(const cln::cl_F&), const cln::cl_F& x) {
    if (beyond_range(x)) throw cln::floating_point_overflow_exception();
    return f(x);
}

}  // namespace

arithmetic<cln::cl_F>::arithmetic(int digits)
    : digits_(digits), format_(cln::float_format(static_cast<uintE>(digits < 1 ? 1 : digits))) {
    if (digits < 1) throw usage_error("arithmetic<cl_F>: digits must be at least 1, not " + std::to_string(digits));
}

cln::cl_F arithmetic<cln::cl_F>::constant(const rational& q) const { return cln::cl_float(q, format_); }

int arithmetic<cln::cl_F>::sign(const cln::cl_F& x) const { return cln::minusp(x) ? -1 : cln::zerop(x) ? 0 : 1; }

cln::cl_F arithmetic<cln::cl_F>::step(const cln::cl_F& x) const { return cln::cl_float(cln::plusp(x) ? 1 : 0, format_); }

std::optional<long> arithmetic<cln::cl_F>::small_integer(const cln::cl_F& x) const {
    if (cln::abs(x) >= constant(rational(2147483648L))) return std::nullopt;
    const cln::cl_I n = cln::truncate1(x);
    if (!cln::zerop(x - cln::cl_float(n, format_))) return std::nullopt;
    return cln::cl_I_to_long(n);
}

double arithmetic<cln::cl_F>::to_double(const cln::cl_F& x) const { return cln::double_approx(x); }

std::string arithmetic<cln::cl_F>::describe(const cln::cl_F& x) const {
    std::ostringstream out;
    cln::fprint(out, x);
    return out.str();
}

cln::cl_F arithmetic<cln::cl_F>::exp(const cln::cl_F& x) const { return exp_or_zero(x); }
cln::cl_F arithmetic<cln::cl_F>::log(const cln::cl_F& x) const { return cln::ln(x); }
cln::cl_F arithmetic<cln::cl_F>::sqrt(const cln::cl_F& x) const { return cln::sqrt(x); }
cln::cl_F arithmetic<cln::cl_F>::sin(const cln::cl_F& x) const { return cln::sin(x); }
cln::cl_F arithmetic<cln::cl_F>::cos(const cln::cl_F& x) const { return cln::cos(x); }
cln::cl_F arithmetic<cln::cl_F>::tan(const cln::cl_F& x) const { return cln::tan(x); }
cln::cl_F arithmetic<cln::cl_F>::sinh(const cln::cl_F& x) const { return hyperbolic(cln::sinh, x); }
cln::cl_F arithmetic<cln::cl_F>::cosh(const cln::cl_F& x) const { return hyperbolic(cln::cosh, x); }
cln::cl_F arithmetic<cln::cl_F>::tanh(const cln::cl_F& x) const {
    // CLN 1.3's tanh returns 0 for huge arguments (tanh(e^1600) = 0): for |x| >= 1 use
    // tanh(x) = sign(x) (1 - t) / (1 + t), t = e^(-2|x|) (no cancellation there: t <= e^-2)
    const cln::cl_F a = cln::minusp(x) ? -x : x, one = constant(1);
    if (a < one) return cln::tanh(x);
    const cln::cl_F t = exp_or_zero(-(a + a));
    const cln::cl_F y = (one - t) / (one + t);
    return cln::minusp(x) ? -y : y;
}

cln::cl_F arithmetic<cln::cl_F>::sigmoid(const cln::cl_F& x) const {
    // x >= 0: 1 / (1 + e^-x); x < 0: e^x / (1 + e^x)
    const cln::cl_F one = constant(1);
    if (!cln::minusp(x)) return one / (one + exp_or_zero(-x));
    const cln::cl_F e = exp_or_zero(x);
    return e / (one + e);
}

cln::cl_F arithmetic<cln::cl_F>::softplus(const cln::cl_F& x) const {
    // x > 0: x + log1p(e^-x); x <= 0: log1p(e^x)
    const cln::cl_F one = constant(1);
    if (cln::plusp(x)) return x + log1p(exp_or_zero(-x), one);
    return log1p(exp_or_zero(x), one);
}

// u^c = exp(c log u) for u > 0
cln::cl_F arithmetic<cln::cl_F>::pow(const cln::cl_F& u, const rational& c) const {
    return exp_or_zero(constant(c) * cln::ln(u));
}

// u^v = exp(v log u) for u > 0
cln::cl_F arithmetic<cln::cl_F>::pow(const cln::cl_F& u, const cln::cl_F& v) const {
    return exp_or_zero(v * cln::ln(u));
}

}  // namespace chainrule::numeric
