#pragma once
/// \file
/// What running a statement gives: data, one struct per kind of outcome in a std::variant, with
/// the statement's place in the source. Nothing here prints; lang/render and the command do.
///
/// Node ids name nodes of the session's graph (session::model()) unless a field says they are
/// in the display graph (session::display()), where every named definition is a variable of
/// the same name, so `to_text(display, named)` reads `(a - y)*a*(1 - a)*x` rather than the
/// expansion. Both graphs only grow, so a result stays valid as long as its session lives.

#include "chainrule/core/rational.hpp"
#include "chainrule/diff/trace.hpp"
#include "chainrule/optim/training.hpp"
#include "chainrule/graph/graph.hpp"
#include "chainrule/lang/diagnostic.hpp"
#include "chainrule/lang/evaluate.hpp"
#include "chainrule/lang/picture.hpp"
#include "chainrule/lang/statement.hpp"
#include "chainrule/lang/symbols.hpp"
#include "chainrule/lang/value.hpp"
#include "chainrule/simplify/cse.hpp"
#include "chainrule/verify/cross_check.hpp"
#include "chainrule/verify/equivalence.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace chainrule::lang {

/// A name the user gave to a node of the session's graph.
struct node_name {
    node_id node = no_node;
    std::string name;    ///< a definition's name, or an element's: "z", "h[1]"
    bool alias = false;  ///< the expression a definition names (its named node's operand), not
                         ///< the definition's own node: shown by the name, but not a step of its own
};

/// The names of the definitions' nodes and of the expressions they name (leaves excluded: a
/// variable or a constant keeps its own name), sorted by node id; a node defined under several
/// names keeps the first.
class name_table {
public:
    /// An empty table.
    name_table() = default;
    /// The table of `entries` (any order; for a repeated node the first entry wins).
    explicit name_table(std::vector<node_name> entries);
    /// The name of node n, or nullptr.
    const std::string* find(node_id n) const;
    /// Every entry, ascending by node id.
    const std::vector<node_name>& entries() const& noexcept { return entries_; }
    /// Every entry of a temporary table, moved out (so `for (... : s.definition_names().entries())`
    /// iterates a live vector).
    std::vector<node_name> entries() && noexcept { return std::move(entries_); }

private:
    std::vector<node_name> entries_;
};

/// One name an `input`, `param`, `const` or definition statement introduced.
struct declared {
    std::string name;
    symbol_kind kind = symbol_kind::input;
    lang::value value;               ///< its value (variables, constants or defining nodes)
    std::optional<param_init> init;  ///< a param's initialiser, when given
};

/// The outcome of `input`, `param`, `const` and definitions.
struct declaration_result {
    std::vector<declared> names;  ///< in the order of the statement
    /// For a definition: its value with the earlier definitions named, in the display graph
    /// (`a = sigmoid(z)` shows as sigmoid(z), not sigmoid(w*x + b)); empty otherwise.
    std::vector<node_id> named;
};

/// One partial of `grad`: d of / d wrt for one element.
struct partial_entry {
    /// For a Jacobian (grad of a vector or matrix), the element differentiated: "p[0]";
    /// empty when the expression is a scalar (grad_result::of).
    std::string of;
    std::string wrt;                        ///< "w", "W[0,1]", "z" (a definition), "h[2]"
    symbol_kind kind = symbol_kind::input;  ///< input, param or definition
    node_id target = no_node;               ///< the variable, or the definition's node
    node_id partial = no_node;              ///< the partial (for a definition, its adjoint)
    node_id named = no_node;                ///< the partial in the display graph
};

/// An intermediate's adjoint: d of / d a for a named definition a that `of` depends on.
struct adjoint_entry {
    std::string name;          ///< the definition (or element) name
    node_id node = no_node;    ///< its node
    node_id adjoint = no_node; ///< d of / d node, the node's own operands held fixed
    node_id named = no_node;   ///< the adjoint in the display graph
};

/// ∂L/∂W for a whole vector or matrix W, in matrix form: one node of the session's tensor graph
/// (the tensor reverse sweep), printed in matrix notation. Its elements are also in
/// grad_result::partials, at [first, first + count).
struct matrix_partial {
    std::string wrt;                                ///< "W", "b", "h"
    symbol_kind kind = symbol_kind::param;          ///< input, param or definition
    lang::shape dims;                               ///< W's shape, the derivative's too
    tensor::tensor_id partial = tensor::no_tensor;  ///< in session::tensors()
    std::size_t first = 0;
    std::size_t count = 0;
    /// The tensor graph's size when the derivative was made: only definitions made before name
    /// parts of it (tensor_print_options::names_below).
    tensor::tensor_id names_below = tensor::no_tensor;
};

/// The outcome of `grad L wrt ...`.
struct grad_result {
    std::string of;                           ///< the expression as written: "L", "(a - y)^2"
    node_id output = no_node;                 ///< its node
    /// One per element named after `wrt`, in order; for a Jacobian, every element of the
    /// expression (row-major) with every one of those.
    std::vector<partial_entry> partials;
    /// The adjoints of the named definitions the output reaches (the output itself excepted),
    /// from the output down (reverse topological order): ∂L/∂a, ∂L/∂z, ... for a renderer that
    /// shows the chain through the user's intermediates. At most
    /// session_options::max_intermediates of them, the latest definitions first.
    std::vector<adjoint_entry> intermediates;
    name_table names;                         ///< the definitions' names, for the renderer
    /// `over data`: the rows averaged over, and each partial's mean over them (at the trained or
    /// loaded params; certified decimals of 17 significant digits, every digit right), in the
    /// order of `partials`; 0 and empty otherwise.
    std::size_t rows = 0;
    std::vector<std::string> means;
    /// The whole vectors and matrices after `wrt` in matrix form, in order (none for a Jacobian,
    /// or when the expression has no tensor twin).
    std::vector<matrix_partial> matrices;
    /// How many more definitions the output reaches whose adjoints are not listed (a program of
    /// a million definitions lists the last max_intermediates).
    std::size_t intermediates_left_out = 0;
};

/// The outcome of `eval EXPR at ...`.
struct eval_result {
    std::string expression;                            ///< as written
    lang::shape dims;                                  ///< the value's shape
    std::vector<exact_value> elements;                 ///< row-major; exact nodes in the model graph
    int digits = 20;                                   ///< significant digits of the decimals
    std::vector<std::pair<std::string, rational>> point;  ///< the bindings, element by element
    /// `over data`: the rows averaged over (then each element is a certified mean, exact when
    /// every row's value is rational); 0 for a value at a point.
    std::size_t rows = 0;
    /// `over test`: the rows averaged over are the ones the data statement held out.
    bool over_test = false;
    /// `over data` of a model too large to expand: the mean computed in float64 by the compiled
    /// tensor evaluator, not certified (each element's decimal is float64's, its digits 0).
    bool float64 = false;
    /// Params that took their trained (or loaded) values because `at` did not give them; the
    /// human output then shows only the decimal (the exact form over 17-digit decimals says
    /// nothing more; JSON keeps it).
    std::size_t trained_params = 0;
};

/// One output of the program of `show ... as c`.
struct program_output {
    std::string label;               ///< the expression as written, or an element: "L", "h[1]"
    std::optional<std::string> wrt;  ///< for a partial, the variable ("w", "W[0,1]")
    node_id node = no_node;
};

/// The outcome of `show EXPR as FORMAT`.
struct show_result {
    std::string expression;                ///< as written
    show_format format = show_format::text;
    lang::value value;                     ///< the expression's nodes (model graph)
    std::vector<node_id> named;            ///< the same with earlier definitions named (display graph)
    /// steps: the chain-rule trace of the (scalar) expression, in the model graph.
    std::optional<chain_trace> trace;
    /// c: the value and, for a scalar, its partials with respect to every param it reaches (every
    /// input when it reaches no param), as one CSE program over the model graph.
    std::optional<cse_result> program;
    std::vector<program_output> program_outputs;  ///< one per program output, in order
    name_table names;                             ///< the definitions' names, for the renderer
    std::vector<std::pair<std::string, rational>> point;  ///< graph, steps: the `at` bindings
    std::optional<steps_data> steps;              ///< steps: the lines, in the user's names
    std::optional<graph_picture> picture;         ///< graph: the picture
    /// The expression is a derivative d(of)/d(wrt): both as written.
    std::optional<std::pair<std::string, std::string>> derivative;
    std::string c_source;                         ///< c: the program as C (render_c)
    /// text, latex: the value in matrix form (session::tensors()), for the derivative of a scalar
    /// with respect to a whole vector or matrix, and for a value too large to expand to scalars;
    /// no_tensor otherwise (then the elements are shown).
    tensor::tensor_id matrix = tensor::no_tensor;
    tensor::tensor_id names_below = tensor::no_tensor;  ///< see matrix_partial::names_below
};

/// The outcome of `assume`: the facts added, as written (a vector relation adds one fact per
/// element).
struct assumption_result {
    std::vector<std::string> facts;
};

/// The outcome of `claim A = B`. An element-wise claim (vectors or matrices) and a claim with
/// free index letters (`W[i,j]`) are decided element by element or combination by combination;
/// the result summarises them: refuted at the first combination refuted (then `index` names it),
/// otherwise unknown when any was unknown, otherwise verified when any was only verified,
/// otherwise proved.
struct claim_result {
    std::string text;                    ///< the claim as written, on one line
    verify::verdict verdict = verify::verdict::unknown;
    std::string method;                  ///< how the deciding combination was decided
    int points = 0;                      ///< random points (of the deciding combination)
    int digits = 0;                      ///< significant digits; 0 for exact rationals
    std::size_t combinations = 1;        ///< index combinations or elements decided
    std::optional<std::string> index;    ///< the refuted (or unknown) one: "i = 0, j = 1", "[1]"
    verify::named_point counterexample;  ///< refuted: the point, exactly
    std::optional<verify::side_value> lhs, rhs, difference;  ///< refuted: the values there
    std::string certificate;             ///< refuted, not exactly: the balls' proof that left != right
    std::string hint;                    ///< refuted: what the mistake looks like
    std::string reason;                  ///< unknown: why
    std::vector<std::string> notes;      ///< facts that could not be used
};

/// The outcome of `check L`: L's symbolic gradient against the numeric witnesses.
struct check_result {
    std::string expression;  ///< as written
    verify::cross_check_result check;
};

/// The outcome of `data "file.csv"`: the table now used by train.
struct data_result {
    std::string path;                  ///< as opened (relative to the program's directory)
    std::size_t rows = 0;              ///< data rows
    std::vector<std::string> columns;  ///< column names, in file order
    std::size_t test_rows = 0;         ///< of `rows`, those held out by `test F` (0 without)
};

/// The outcome of `train L by ...`: the run's report and the trained values (also kept by the
/// session for later eval and save).
struct train_result {
    std::string loss;                   ///< as written
    std::string optimizer;              ///< its name
    std::string backend;                ///< the evaluator that ran: "interpreter", "tcc" or "cc"
    double compile_seconds = 0;         ///< compiling the value-and-gradient code
    double setup_seconds = 0;           ///< deriving, emitting and compiling: before the first step
    std::vector<std::string> warnings;  ///< from building the evaluator (a fallback, a refused cache entry)
    double initial_loss = 0;            ///< the mean loss over the data before the first step
    optim::training_report report;      ///< epochs, steps, history, why it stopped
    std::vector<std::string> params;    ///< the trained param elements, in order
    std::vector<double> values;         ///< their values after training
};

/// The outcome of `save` and `load`.
struct params_file_result {
    std::string path;                ///< the file (relative to the program's directory)
    bool saved = false;              ///< save, or load
    std::vector<std::string> names;  ///< the params written or read
    std::size_t values = 0;          ///< their elements, in all
};

/// A statement that failed: malformed, or refused while running. Nothing changed in the session.
struct error_result {
    diagnostic error;
};

/// Which alternative a result holds; same order as result_body.
enum class result_kind { declaration, grad, eval, show, assumption, claim, check, data, train, params_file, error };

/// The outcome of one statement, one alternative per kind.
using result_body = std::variant<declaration_result, grad_result, eval_result, show_result, assumption_result,
                                 claim_result, check_result, data_result, train_result, params_file_result,
                                 error_result>;

/// The outcome of one statement, with its place in the source.
struct result {
    std::string file;
    source_span span;                         ///< the statement (for a parse error, the error)
    std::optional<statement_kind> statement;  ///< empty when the text did not parse
    result_body body;

    /// Which kind of outcome the body holds.
    result_kind kind() const noexcept { return static_cast<result_kind>(body.index()); }
    /// The source line the result belongs to.
    int line() const noexcept { return span.line; }
    /// Whether the statement did what it says and found nothing wrong: false for an error, a
    /// refuted claim and a training run stopped by a NaN or infinite value (each makes the
    /// command's exit status 1).
    bool ok() const noexcept {
        if (kind() == result_kind::claim) return std::get<claim_result>(body).verdict != verify::verdict::refuted;
        if (kind() == result_kind::train) return std::get<train_result>(body).report.reason != optim::stop_reason::non_finite;
        return kind() != result_kind::error;
    }
    /// The body as kind `T` (throws std::bad_variant_access on the wrong kind).
    template <class T>
    const T& as() const { return std::get<T>(body); }
};

/// The kind's name: "declaration", "grad", "eval", "show", "assumption", "claim", "check",
/// "data", "train", "params_file", "error".
std::string_view name(result_kind k);

}  // namespace chainrule::lang
