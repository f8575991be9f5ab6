#pragma once
// The symbolic comparison of the diff tests: GiNaC's normal() on the difference, after a
// canonical rewriting (rewrite_to_exp and the sound steps described in canonical.cpp) that
// lets normal() see through exponentials, roots and logarithms.

#include "chainrule/graph/ginac_bridge.hpp"

#include <ginac/ginac.h>

namespace chainrule::testing {

/// e through exp (rewrite_to_exp), then a^v = exp(v log a), exp(c1 t1 + ...) = e_t1^c1 ...,
/// logs split over factors, and rational powers written as integer powers of fresh symbols
/// f^(1/d) for the factors f of their bases: atoms that GiNaC's normal() can combine.
GiNaC::ex canonical(const GiNaC::ex& e);

/// Whether a and b are the same function: the numerator of normal(canonical(a - b)), with the
/// root symbols reduced (s^d = f), is 0.
bool same_function(const GiNaC::ex& a, const GiNaC::ex& b);

}  // namespace chainrule::testing
