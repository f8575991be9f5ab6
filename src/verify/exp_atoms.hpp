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
// Throws limit_error when an atom would need a power above 64, and whatever GiNaC throws; the
// caller translates.
GiNaC::ex exp_atoms(const GiNaC::ex& e);

}  // namespace chainrule::verify
