#pragma once
// Names and numbers as they are printed: natural order of strings, LaTeX of variable names, of
// exact rationals and of parentheses.

#include "chainrule/core/rational.hpp"
#include "chainrule/graph/graph.hpp"

#include <string>
#include <string_view>

namespace chainrule::detail {

/// Three-way comparison of a and b in natural order: runs of digits compare as numbers
/// (x2 < x10), everything else bytewise. Equal only when a == b.
int natural_compare(std::string_view a, std::string_view b);

/// A variable name as LaTeX: `x`, `w_{1}` for w1, `\alpha` for alpha, `W_{1,2}` for W[1,2],
/// `x_{\mathrm{hat}}` for x_hat, `\mathrm{lr}` for lr.
std::string latex_name(std::string_view name);

/// The element name that `name` would be confused with in LaTeX: "x[1]" for x1 (both would be
/// x_{1}), "W[12]" for W12; empty when the name has no trailing digits, an underscore or an index.
std::string confusable_element(std::string_view name);

/// latex_name, except that a name whose LaTeX an element of the program would also take (x1
/// while x[1] is a variable or a named element of g) is written whole: `\mathrm{x1}`.
std::string latex_name(const graph& g, std::string_view name);

/// |q| as LaTeX: `3`, `\frac{1}{2}`.
std::string latex_magnitude(const rational& q);

/// s in parentheses sized to it: `\left( \right)` around tall contents (fractions, roots,
/// superscripts, matrices), plain `( )` otherwise.
std::string latex_paren(const std::string& s);

}  // namespace chainrule::detail
