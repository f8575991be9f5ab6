#pragma once
// Roots of even powers and of products, written the way GiNaC's normal() can compare them:
// sqrt(g^2) = |g| for real g, and (f g)^c = f^c g^c where f is positive.

#include <ginac/ginac.h>

namespace chainrule::verify {

// e with, bottom-up, every (b^n)^c (n an even integer, c a non-integer rational, b real) written
// |b|^(n c), and every (f_1 ... f_k)^c (c not an integer) split into f_i^c for the factors GiNaC
// knows positive (the rest stay together). Identities for real values.
GiNaC::ex split_roots(const GiNaC::ex& e);

}  // namespace chainrule::verify
