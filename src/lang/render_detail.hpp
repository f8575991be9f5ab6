#pragma once
// Helpers shared by the renderers (render*.cpp); not part of the public interface.

#include "chainrule/graph/graph.hpp"
#include "chainrule/lang/evaluate.hpp"
#include "chainrule/lang/value.hpp"
#include "chainrule/simplify/print.hpp"
#include "chainrule/simplify/tensor_print.hpp"

#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace chainrule::lang::detail {

/// to_text, or a note when the expression is past the printer's limits.
std::string printed(const graph& g, node_id n, const node_names& names);

/// How a matrix-form derivative prints: in the names that existed when it was made.
inline tensor_print_options as_made(const matrix_partial& m) {
    tensor_print_options o;
    o.names_below = m.names_below;
    return o;
}

/// to_latex, or a note when the expression is past the printer's limits.
std::string printed_latex(const graph& g, node_id n, const node_names& names);
/// Text with runs of white space (line breaks included) as one space, trimmed.
std::string one_line(std::string_view text);
/// Whether the expression as written is a plain name (`h`, `x_1`).
bool is_name(std::string_view expression);
/// "x" for a scalar, "h[1]" or "(W @ x)[1]" for element k of a vector or matrix.
std::string element_label(std::string_view expression, const shape& dims, std::size_t k);
/// "∂L/∂w", or "∂((a - y)^2)/∂a" when `of` is not a plain name.
std::string partial_label(std::string_view of, std::string_view wrt);
/// A name in LaTeX (latex_name for g), or an expression as written in upright text.
std::string latex_symbol(const graph& g, std::string_view name);
/// Why an eval value's exact form is not printed (its tree is past the printer's limits), or
/// nothing when it prints: "the exact form is too large to print: a tree of 5.1e+14 nodes, ...".
std::optional<std::string> exact_omitted(const graph& g, const exact_value& v);
/// An eval value's exact form as text: the rational, or the closed form.
std::string exact_text(const graph& g, const exact_value& v);
/// An eval value's exact form as LaTeX.
std::string exact_latex(const graph& g, const exact_value& v);

}  // namespace chainrule::lang::detail

namespace chainrule::lang {

struct result;
struct render_source;

/// The human text of a claim result: `FILE:LINE: VERDICT  TEXT`, then the method, the
/// counterexample and both values, and the hint, indented.
std::string render_claim(const result& r, render_source source);
/// The human text of a check result: one line per witness with its largest disagreement.
std::string render_check(const result& r, render_source source);
/// The human text of data, train and params_file results ("" for other kinds).
std::string render_training(const result& r);

}  // namespace chainrule::lang
