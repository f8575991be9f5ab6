#pragma once
/// \file
/// Central finite differences: the third witness, independent of both reverse modes.
///
/// D(h) = (f(x + h) - f(x - h)) / (2h) for each wrt variable x, the others held at the point.
/// The step h is a rational (a power of two times a power of ten), so x +- h is exact and the
/// only roundings are the arithmetic's own:
///   double (and running_error): h = 2^-17 * 2^e, about cbrt(eps) * max(1, |x|)
///                               (2^e the least power of two >= max(1, |x|));
///   CLN floats of D digits:     h = 10^-ceil(D/3) * 2^e.
/// Expected accuracy, for f three times differentiable on [x - h, x + h]:
///   |D(h) - f'(x)| <= h^2/6 max|f'''|  (truncation)  +  (E(x+h) + E(x-h)) / (2h)  (rounding),
/// where E is the rounding error of one evaluation of f (u * bound of running_error, about
/// eps |f| when f is well conditioned). With the steps above both terms are about
/// eps^(2/3) * scale: ~1e-11 relative in double, ~1e-33 with 50 digits. The truncation term
/// of a step h is measured by evaluating D(h) in higher precision (the steps overload), and
/// estimated by Richardson: D(2h) - D(h) = 3 h^2 f'''/6 + O(h^4). Near a kink of relu, abs,
/// step, max or min inside [x - h, x + h] the difference quotient means nothing.

#include "chainrule/numeric/scalar.hpp"

#include <span>
#include <vector>

namespace chainrule::numeric {

/// The step central_differences takes in arithmetic `a` for a variable whose value is x.
/// Instantiated for double, cln::cl_F and running_error.
template <class T>
rational difference_step(const rational& x, const arithmetic<T>& a);

/// Central differences (f(x+h) - f(x-h)) / 2h of `output` per wrt variable, with the steps of
/// difference_step. wrt nodes must be variables (usage_error otherwise); a wrt variable the
/// output does not reach gets 0. Throws as evaluate() does, at x +- h. Instantiated for
/// double, cln::cl_F and running_error (whose bound is the rounding term of the accuracy).
template <class T>
std::vector<T> central_differences(const graph& g, node_id output, std::span<const node_id> wrt, const point& at,
                                   const arithmetic<T>& a);

/// Central differences with the given steps (steps[k] > 0 for wrt[k]): for instance the double
/// steps evaluated with 50 digits, whose difference from the true derivative is the
/// truncation error alone. Throws usage_error when the sizes differ or a step is not positive.
template <class T>
std::vector<T> central_differences(const graph& g, node_id output, std::span<const node_id> wrt, const point& at,
                                   const arithmetic<T>& a, std::span<const rational> steps);

}  // namespace chainrule::numeric
