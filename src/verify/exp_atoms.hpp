#pragma once
// Exponentials as powers of fresh symbols, so that normal() can decide identities between them.

#include <ginac/ginac.h>

namespace chainrule::verify {

// e with
// - u^v for a non-numeric exponent v written as exp(v log u);
// - sin(u) = (exp(iu) - exp(-iu)) / 2i and cos(u) = (exp(iu) + exp(-iu)) / 2;
// - every exp(a) written through atoms: a = c0 + sum c_k m_k expanded (c_k numbers, m_k without
//   a numeric factor; an imaginary coefficient moves i into the atom), and
//   exp(a) = prod E_k^(c_k d_k), E_k a fresh symbol standing for exp(m_k / d_k), d_k the least
//   common denominator of every coefficient m_k has anywhere in e; exp(c log w) is w^c.
// The constant atom (exp(1/d)) may take powers up to 1024 (sigmoid(x + 120) needs e^120); any
// other up to 64. Throws limit_error past them, and whatever GiNaC throws; the caller
// translates. With `exponents`, each atom symbol E is mapped to the exponent it stands for
// (m / d): log(E) = m / d.
GiNaC::ex exp_atoms(const GiNaC::ex& e, GiNaC::exmap* exponents = nullptr);

}  // namespace chainrule::verify
