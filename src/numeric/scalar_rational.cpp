// arithmetic<rational>: exact; every function without an exact rational value throws not_rational.
#include "chainrule/numeric/scalar.hpp"

#include <cln/rational.h>
#include <cln/real.h>

namespace chainrule::numeric {

namespace {

[[noreturn]] void refuse(const char* function, const rational& x) {
    throw not_rational(std::string("exact rational arithmetic: ") + function + "(" + to_string(x) +
                       ") has no exact rational value; evaluate in floating point instead");
}

}  // namespace

int arithmetic<rational>::sign(const rational& x) const { return cln::minusp(x) ? -1 : cln::zerop(x) ? 0 : 1; }

rational arithmetic<rational>::step(const rational& x) const { return cln::plusp(x) ? 1 : 0; }

std::optional<long> arithmetic<rational>::small_integer(const rational& x) const {
    const auto n = to_small_integer(x);
    if (!n || *n >= (1L << 31) || *n <= -(1L << 31)) return std::nullopt;
    return n;
}

double arithmetic<rational>::to_double(const rational& x) const { return cln::double_approx(x); }

rational arithmetic<rational>::exp(const rational& x) const { refuse("exp", x); }
rational arithmetic<rational>::log(const rational& x) const { refuse("log", x); }
rational arithmetic<rational>::sqrt(const rational& x) const { refuse("sqrt", x); }
rational arithmetic<rational>::sin(const rational& x) const { refuse("sin", x); }
rational arithmetic<rational>::cos(const rational& x) const { refuse("cos", x); }
rational arithmetic<rational>::tan(const rational& x) const { refuse("tan", x); }
rational arithmetic<rational>::sinh(const rational& x) const { refuse("sinh", x); }
rational arithmetic<rational>::cosh(const rational& x) const { refuse("cosh", x); }
rational arithmetic<rational>::tanh(const rational& x) const { refuse("tanh", x); }
rational arithmetic<rational>::sigmoid(const rational& x) const { refuse("sigmoid", x); }
rational arithmetic<rational>::softplus(const rational& x) const { refuse("softplus", x); }

rational arithmetic<rational>::pow(const rational& u, const rational& c) const {
    throw not_rational("exact rational arithmetic: (" + to_string(u) + ")^(" + to_string(c) +
                       ") has a non-integer exponent; evaluate in floating point instead");
}

}  // namespace chainrule::numeric
