#pragma once
/// \file
/// Renderers of statement results (result.hpp): human text, JSON lines, and the formats of
/// `show ... as`: text, LaTeX, chain-rule steps, Graphviz DOT and C. Only the command and the
/// kernel print what these return. Every output depends only on the program run, never on
/// addresses or timing, so the same program renders the same bytes in every process.

#include "chainrule/graph/graph.hpp"
#include "chainrule/lang/result.hpp"
#include "chainrule/lang/session.hpp"
#include "chainrule/simplify/cse.hpp"
#include "chainrule/simplify/print.hpp"
#include "chainrule/verify/diagnosis.hpp"

#include <span>
#include <string>
#include <string_view>

namespace chainrule::lang {

/// The source a result came from: its text and the number of its first line.
struct render_source {
    std::string_view text;
    int first_line = 1;
};

/// The names of a name table as printer names.
node_names printer_names(const name_table& t);

/// `s` as the contents of a JSON string, without the quotes: `"`, `\`, and control characters
/// escaped (\n, \t, \u001f, ...); each byte that is not part of valid UTF-8 replaced by U+FFFD;
/// other characters (UTF-8 included) are kept as they are.
std::string json_escape(std::string_view s);

/// `s` as a JSON string, with the quotes.
std::string json_string(std::string_view s);

/// The steps of a `show ... as steps` result, one line per step in board order (lang/picture.hpp):
/// `∂L/∂z = ∂L/∂a · ∂a/∂z = ∂L/∂a · a*(1 - a) = (a - y)*a*(1 - a)`: the sum over the steps that
/// use the node, each adjoint times its local partial with the other steps held fixed, those
/// local partials, and the adjoint as `grad` writes it; at a point, then the same with numbers
/// (`= 0.5 · 0.1966 = 0.09831`). A use by the output itself contributes its local partial alone.
std::string render_steps(session& s, const steps_data& d, const name_table& names);

/// The same steps as one LaTeX `aligned` block, aligned at each line's first `=`.
std::string render_steps_latex(session& s, const steps_data& d, const name_table& names);

/// A graph picture as Graphviz DOT: left to right from the inputs to the output, a node per
/// picture node labelled in the user's words (`z = w*x + b`, `x`, `W [2×3]`), its values in green
/// and its adjoints ∂of/∂node in red when computed, each edge labelled with its local partial.
std::string render_dot(const graph_picture& p);

/// A graph picture as SVG, laid out in-process by Graphviz (libgvc, the dot layout). Throws
/// chainrule::error when Graphviz cannot lay it out or render it.
std::string render_svg(const graph_picture& p);

/// The hint of a refuted claim, in the user's names: the mistake diagnosed for d(of)/d(target)
/// (of_name empty for a claim without a derivative: the left side against the right).
std::string hint_text(const graph& g, const verify::mistake& m, const node_names& names, const std::string& of_name,
                      const std::string& target_name);

/// The hint when no single common mistake explains a refuted claim.
extern const char* const no_pattern_hint;

/// A CSE program as C, by codegen's emitter (codegen/emit_c.hpp): `void chainrule_eval(const
/// double *x, const double *p, double *out)` and its batched form, the inputs among `variables`
/// read from `x[k]` and the params from `p[k]` (each in the order given), `out[k]` the outputs in
/// order. No user text enters the code: identifiers are generated.
std::string render_c(const graph& g, const cse_result& program, std::span<const node_id> variables);

/// The variables the outputs of `program` reach, ascending by node id.
std::vector<node_id> program_variables(const graph& g, const cse_result& program);

/// The body of a show result in its format, as the user asked for it (no header), ending in a
/// newline. Adds nodes to the session's model graph (steps).
std::string render_show(session& s, const show_result& r);

/// A training run's loss curve as CSV: `epoch,train_loss,validation_loss,learning_rate`, one
/// row per completed epoch (an empty validation cell when there is no validation).
std::string render_curve_csv(const train_result& t);

/// A training run's loss curve as a standalone SVG line chart (train, and validation when there
/// is some; a log scale when the losses span more than a decade), drawn by chainrule itself.
std::string render_curve_svg(const train_result& t);

/// One result as human text, ending in a newline, or "" for results that print nothing
/// (declarations). Errors are `file:line:col: error: message`, the source line and a caret.
std::string render_text(session& s, const result& r, render_source source);

/// One result as one JSON object on one line (no newline). Every object has "file", "line" and
/// "column" (the statement's start), "kind" (name(result_kind)) and "statement" (the statement's
/// keyword, "definition", or null when it did not parse). Then, by kind:
/// - declaration: "names": [{"name", "kind", "shape": [dims]}]; a definition also "text" and
///   "latex", one string per element, with earlier definitions named;
/// - grad: "of", "partials": [{"wrt", "wrt_kind", "text", "latex"}] (a Jacobian's also "of",
///   the element), "intermediates": [{"name", "text", "latex"}] (the adjoints of the named
///   definitions, output first; at most session_options::max_intermediates, and then
///   "intermediates_left_out": the number not listed); over data also "rows" and each partial's "mean" and
///   "mean_decimal" (a certified decimal, below);
/// - eval: "expression", "shape", "digits", "at": [{"name", "value"}], "elements": [{"name",
///   "exact", "latex", "rational": bool, "decimal"}], and for a scalar "exact" and "decimal";
/// - show: "expression", "format", "output" (render_show's text);
/// - assumption: "facts"; claim: "text", "verdict", "method", "points", "digits",
///   "counterexample", "lhs", "rhs", "difference", "index", "hint", "combinations", "reason",
///   "notes"; check: "expression", "wrt", "points", "skipped", "tape_double", "tape_digits",
///   "finite_difference", "tape_digits_used" (README.md documents each);
/// - data: "path", "rows", "columns"; train: "loss", "optimizer", "backend", "reason",
///   "epochs", "steps", "initial_loss", "final_loss", "validation_loss", "seconds",
///   "samples_per_second", "compile_seconds", "setup_seconds", "message", "history", "params";
///   params_file: "action" ("save" or "load"), "path", "names", "values";
/// - error: "message" ("file:line:col: error: ..."), "error" (without the position),
///   "end_line", "end_column".
/// Exact values are strings; counts and measured doubles are JSON numbers (null when not
/// finite). A certified decimal given as a number is two fields: "KEY", the nearest double, or
/// null when the value is outside double range (it would round to infinity, or from nonzero to
/// 0), and "KEY_decimal", the decimal string with every certified digit. Bytes of names and text
/// that are not UTF-8 become U+FFFD, so the line is always valid JSON.
std::string render_json(session& s, const result& r);

}  // namespace chainrule::lang
