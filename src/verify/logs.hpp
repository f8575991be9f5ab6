#pragma once
// Logarithms split into the logarithms of their argument's irreducible factors, so that normal()
// can decide identities between them (log(sigmoid(x)) = -softplus(-x), the logsumexp shift,
// softplus(x) - softplus(-x) = x).

#include <ginac/ginac.h>

namespace chainrule::verify {

// e (already through exp_atoms) with every log(a) written as sum k_i log|f_i|: a's normal form
// numerator and denominator factored over the rationals into f_i^k_i (a constant into its
// primes, abs(g) read as g), each log|f| one fresh symbol per factor up to sign, and log|E| for
// an exp atom E the exponent it stands for (`exponents`, from exp_atoms). This is an identity
// wherever log(a) is defined (a > 0 there, so log a = log |a| = sum k_i log |f_i|). A log whose
// argument holds an imaginary atom (from sin or cos) is left as it is.
GiNaC::ex split_logs(const GiNaC::ex& e, const GiNaC::exmap& exponents);

}  // namespace chainrule::verify
