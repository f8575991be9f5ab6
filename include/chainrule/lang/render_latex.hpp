#pragma once
/// \file
/// Statement results as LaTeX math, for front ends that show formulas (the Jupyter kernel's
/// text/latex bundles). Like render.hpp, it only prints data built below.

#include "chainrule/lang/result.hpp"
#include "chainrule/lang/session.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace chainrule::lang {

/// `text` (chain-language source, such as an expression as written) as LaTeX math that shows
/// the same characters in a typewriter face: `\mathtt{d(L)/d(w)}`, with `^`, `_`, spaces and
/// LaTeX's special characters escaped. For labels of expressions that have no node.
std::string latex_verbatim(std::string_view text);

/// One result as LaTeX math without delimiters, where it has a LaTeX form: the partials of
/// `grad` (`\frac{\partial L}{\partial w} = ...`, an `aligned` block), the values of `eval`
/// (`L = \frac{1}{8} \approx 0.125`), and `show ... as text` or `as latex`. Nothing for the
/// other results (declarations, claims, checks, training, errors, steps, graphs, C). Adds
/// nodes to the session's display graph.
std::optional<std::string> render_latex(session& s, const result& r);

}  // namespace chainrule::lang
