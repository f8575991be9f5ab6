#pragma once
/// \file
/// A chain-language session: runs statements in order, from a whole file or one at a time (a
/// REPL), keeps what they declare (inputs, params with shapes and initialisers, constants,
/// definitions) in one graph, and returns each statement's outcome as data (result.hpp),
/// never printing.
///
/// A statement either succeeds completely or changes nothing: a failed statement leaves every
/// name, value and earlier result as it was (the graph may have gained unreferenced nodes,
/// which is invisible), and the statements after it still run. Errors carry file:line:col and
/// the span of the offending subexpression where there is one.
///
/// What each statement gives:
/// - `input`, `param`, `const`, definitions: declaration_result. Redefining a name, a shape with
///   more than lowering_limits::max_elements elements, more than max_variable_elements input and
///   param elements in all, a const that is not exact, a bad initialiser: error_result.
/// - `grad L wrt v, ...`: grad_result (L must be a scalar; each v an input, a param or a
///   definition, whole or an element).
/// - `eval EXPR at x = 1/2, ... digits N`: eval_result. The bindings (inputs and params only,
///   each once, shaped like the variable, exact numbers) are substituted into the graph, whose
///   folding gives the exact value; unbound variables the value depends on, division by 0,
///   log(0) and other undefined operations are errors, as are values whose decimal does not
///   settle (evaluate.hpp).
/// - `show EXPR as FORMAT`: show_result; `steps` needs a scalar.
/// - `assume A op B, ...`: assumption_result; each relation (element-wise for vectors) becomes a
///   fact that later claims and checks use. A relation between constants is checked instead
///   (a false one is an error).
/// - `claim A = B`: claim_result, decided by verify::decide under the facts, for every element
///   and every combination of free index letters; a refuted derivative claim gets a hint
///   (verify/diagnosis.hpp, or swapped indices).
/// - `check L`: check_result, L's gradient with respect to every variable it reaches against
///   the numeric witnesses (verify/cross_check.hpp).
/// - `data "f.csv"`: data_result; the table (paths are relative to the program's directory)
///   replaces any earlier one. `data "f.csv" test F seed S` holds out round(F x rows) rows,
///   chosen by optim::random_split seeded by S (0 without seed), for `eval ... over test`;
///   train, `grad ... over data` and `eval ... over data` use the other rows.
/// - `train L by OPT(...) epochs E batch B seed S`: train_result. L's params reached are
///   initialised once (their initialisers, seeded by S and their names), L and its gradient are
///   compiled (codegen, automatic backend), the data's columns are matched to L's inputs by
///   name, and optim::train runs; the values are kept for later statements, and `eval` uses them
///   for params it is not given. A run stopped by a NaN is a result, not an error (ok() false).
/// - `save "p.json"` / `load "p.json"`: params_file_result (param_file.hpp's format).
///
/// Not thread-safe (GiNaC is not): use a session from one thread.

#include "chainrule/graph/graph.hpp"
#include "chainrule/graph/substitute.hpp"
#include "chainrule/lang/evaluate.hpp"
#include "chainrule/lang/lower.hpp"
#include "chainrule/lang/parser.hpp"
#include "chainrule/lang/result.hpp"
#include "chainrule/lang/symbols.hpp"
#include "chainrule/optim/csv.hpp"
#include "chainrule/optim/training.hpp"
#include "chainrule/verify/equivalence.hpp"
#include "chainrule/verify/facts.hpp"

#include <chrono>
#include <unordered_map>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::codegen {
class evaluator;
}

namespace chainrule::lang {

/// Limits and defaults of a session.
struct session_options {
    lowering_limits lowering;
    evaluation_limits evaluation;
    /// How claims are decided: the points of the numeric check, the symbolic proof's size and
    /// time budgets.
    verify::equivalence_options proof;
    /// Most input and param elements of a session, all declarations together.
    std::size_t max_variable_elements = 1000000;
    /// Most definitions whose adjoints `grad` lists (the latest ones; the others are counted), and
    /// most lines of `show ... as steps` (those nearest the output, and the target's): each is
    /// printed, so listing all of a million definitions would be quadratic.
    std::size_t max_intermediates = 100;
    /// Significant digits of `eval` decimals without `digits N`.
    int default_digits = 20;
    /// Told of training progress (steps and epochs); may stop a run. Empty: not called.
    optim::progress_callback progress;
    /// A model with a matrix param trains on the tensor evaluator (loops and BLAS over the batch)
    /// when it has at least tensor_training_params param elements or trains in batches of at
    /// least tensor_training_batch samples; otherwise on the scalar path's straight-line code,
    /// which is up to 2x faster for a tiny model at batch 1 (bench/run_tensor's scalar tier:
    /// the tensor path is level at 1,300-2,400 params and ahead from batch 8, 4x at 64-32-10
    /// batch 64). A model too large to expand always trains in tensor form.
    std::size_t tensor_training_params = 2000;
    std::size_t tensor_training_batch = 8;
};

/// Runs chain-language statements against one graph.
class session {
public:
    explicit session(session_options options = {});
    session(const session&) = delete;
    session& operator=(const session&) = delete;

    /// Runs every statement of `text` (the contents of file `file`, whose first line is
    /// `first_line`) in source order: one result per statement, a malformed statement giving its
    /// parse error in its place.
    std::vector<result> run_program(std::string_view text, const std::string& file, int first_line = 1);

    /// Runs text holding one statement (a REPL's input, possibly several lines): its result, or
    /// nothing for blank or comment-only text. Malformed text gives an error result.
    std::optional<result> run_line(std::string_view text, const std::string& file, int first_line = 1);

    /// Runs one parsed statement; `text` is the source its spans index into (for the
    /// expressions' text in results).
    result run(const statement& s, std::string_view text, const std::string& file);

    /// The graph every model node id of a result refers to.
    graph& model() noexcept { return model_; }
    const graph& model() const noexcept { return model_; }

    /// The tensor graph every value's twin refers to (the model level of the same values).
    tensor::tensor_graph& tensors() noexcept { return tensors_; }
    const tensor::tensor_graph& tensors() const noexcept { return tensors_; }

    /// The display graph: results' `named` nodes, with definitions as variables of their names.
    const graph& display() const noexcept { return display_; }

    /// The session's names.
    const symbol_table& symbols() const noexcept { return symbols_; }

    /// Knows the session's names (for the parser's `dL/dw` shorthand). Valid while the session
    /// lives.
    name_context names() const;

    /// The names of the definitions' nodes.
    name_table definition_names() const;

    /// The facts of every `assume` so far, in order (nodes of the model graph).
    const std::vector<verify::fact>& facts() const noexcept { return facts_; }

    /// The session's limits and defaults.
    const session_options& options() const noexcept { return options_; }

    /// `nodes` of the model graph copied into the display graph with every definition's node
    /// replaced by a variable of the definition's name; with `name_roots` false, the nodes
    /// themselves stay expanded one level (so showing a definition does not just print its name).
    std::vector<node_id> named(std::span<const node_id> nodes, bool name_roots);

private:
    result_body dispatch(const statement& s, std::string_view text, const std::string& file);
    declaration_result declare(std::span<const declared_name> names, symbol_kind kind,
                               const std::optional<initialiser>& init, const std::string& file);
    declaration_result define_constant(const const_statement& c, std::string_view text, const std::string& file);
    declaration_result define(const definition_statement& d, std::string_view text, const std::string& file);
    grad_result grad(const grad_statement& g, std::string_view text, const std::string& file);
    eval_result eval(const eval_statement& e, std::string_view text, const std::string& file);
    show_result show(const show_statement& s, std::string_view text, const std::string& file);
    assumption_result assume(const assume_statement& a, std::string_view text, const std::string& file);
    claim_result claim(const claim_statement& c, std::string_view text, const std::string& file);
    check_result check(const check_statement& c, std::string_view text, const std::string& file);
    data_result data(const data_statement& d, const std::string& file);
    grad_result grad_in_matrix_form(const grad_statement& g, const value& of, lowerer& lw, std::string_view text,
                                    const std::string& file);
    std::vector<matrix_partial> matrix_partials(const grad_statement& g, const value& of, lowerer& lw);
    grad_result jacobian(const grad_statement& g, const value& of, const std::vector<derivative_target>& targets,
                         std::string_view text, const std::string& file);
    eval_result eval_over_data(const eval_statement& e, const value& v, node_id domain, const replacement_map& bound,
                               eval_result out, const std::string& file);
    /// `eval ... over data|test` of a value too large to expand: its mean in float64 by the
    /// tensor evaluator, value-only (session_eval_tensor.cpp).
    eval_result eval_over_data_tensor(const eval_statement& e, const value& v, tensor::tensor_id domain, eval_result out,
                                      const std::string& file);
    /// The rows `... over data` (test false) or `... over test` averages over; located errors
    /// when no data is loaded or none is held out.
    const std::vector<std::size_t>& averaged_rows(bool test, const source_span& clause, const std::string& file) const;
    /// The loaded data's column of each name; a located error when one is missing.
    std::vector<std::size_t> data_columns(std::span<const std::string> names, const source_span& where,
                                          const std::string& file);
    /// The certified means of `nodes` over the data's rows, with `digits` significant digits.
    /// The values of `nodes` at `point` for steps and pictures: exact when a short rational, else
    /// 4 certified digits; "undefined" where a value is.
    std::vector<std::string> values_at(std::span<const node_id> nodes, const replacement_map& point,
                                       const source_span& where, const std::string& file);
    /// `show E as steps [at ...]` and `show d(E)/d(v) as steps [at ...]` (session_picture.cpp).
    steps_data steps(const show_statement& s, std::string_view text, const std::string& file, lowerer& lw,
                     const replacement_map& point);
    /// `show E as graph [expanded] [at ...]` (session_picture.cpp).
    graph_picture picture(const show_statement& s, std::string_view text, const std::string& file, lowerer& lw,
                          const replacement_map& point);
    /// The decimal means over the data of `partials` (grad ... over data), refused when `domain`
    /// (lowerer::domain) is undefined on a row.
    std::vector<std::string> partial_means(std::span<const node_id> partials, node_id domain, const source_span& where,
                                           const source_span& over, const std::string& file);
    /// Fails at `where` unless `domain` (lowerer::domain(), or no_node) is defined at `point`, where
    /// it reaches no free variable: a derivative exists only where what it differentiates does.
    void require_domain(node_id domain, const replacement_map& point, const source_span& where, const std::string& file);
    /// Fails naming every variable `closed` still depends on ("eval needs a value for x, w[1]).
    void require_bound(std::span<const node_id> closed, const source_span& where, const std::string& file,
                       std::string_view what);
    /// Binds each param among `variables` that `point` leaves free and that has a trained or
    /// loaded value to that value (its 17-digit decimal, exactly); how many it bound.
    std::size_t bind_trained(replacement_map& point, std::span<const node_id> variables);
    /// The point of `at` bindings: each bound variable (element) to its constant, checked
    /// (inputs and params only, once each, of the right shape, exact); `shown` gets them by name.
    replacement_map bind_point(const std::vector<binding>& bindings, lowerer& lw, const std::string& file,
                               std::vector<std::pair<std::string, rational>>& shown);
    /// `test`: over the held-out rows instead of the training rows. `domain` (or no_node) must be
    /// defined on every row, where it is evaluated too, and is not averaged: the derivatives in
    /// `nodes` exist only there.
    std::vector<numeric::certified_value> means_over_data(std::span<const node_id> nodes, node_id domain,
                                                          const replacement_map& bound,
                                                          const source_span& where, const source_span& clause,
                                                          const std::string& file, std::string_view unbound_hint,
                                                          int digits, bool test = false);
    train_result train(const train_statement& t, std::string_view text, const std::string& file);
    params_file_result save(const save_statement& s, const std::string& file);
    params_file_result load(const load_statement& l, const std::string& file);
    /// Whether `loss` trains on the tensor evaluator in batches of `batch`: it is too large to
    /// expand to scalars, or it reads a matrix param and is large enough or batched enough
    /// (session_options::tensor_training_params, tensor_training_batch), and a compiler for
    /// tensor code exists.
    bool trains_in_tensor_form(const value& loss, std::size_t batch) const;
    /// train on the tensor evaluator (session_train_tensor.cpp).
    train_result train_tensor(const train_statement& t, const value& loss, const optim::training_options& options,
                              std::string_view text, const std::string& file,
                              std::chrono::steady_clock::time_point started);
    /// The training run both paths share: the objective over `rows`, the initial loss, the run.
    void run_training(const train_statement& t, const codegen::evaluator& e, std::vector<double> rows,
                      std::size_t samples, const optim::training_options& options, std::vector<double>& values,
                      std::string_view text, const std::string& file, std::chrono::steady_clock::time_point started,
                      train_result& out);
    /// What made training's loss non-finite (`event`'s cause): the samples it names evaluated
    /// one by one in double with its parameters until one gives an undefined value, said with
    /// its node and inputs; empty when none does (the compiled code rounded differently).
    std::string non_finite_cause(node_id loss, std::span<const node_id> inputs, std::span<const node_id> params,
                                 const optim::non_finite_event& event);
    /// The data's columns `names`, one row per sample (located errors: no data, a missing column).
    std::vector<double> data_rows(std::span<const std::string> names, const source_span& where, const std::string& file);
    /// The initial values of param `s` (its initialiser, seeded by `seed` and its name;
    /// PyTorch's default otherwise), row-major.
    std::vector<double> initial_values(const symbol_entry& s, std::uint64_t seed, const std::string& file,
                                       const source_span& where);
    /// Gives every param symbol that has an element in `params` and no value yet its initial
    /// values (its initialiser, seeded by `seed` and its name; PyTorch's default otherwise).
    void initialise_params(std::span<const node_id> params, std::uint64_t seed, const std::string& file,
                           const source_span& where);
    /// For each node, the shorter of its shown form `shown` and its normal form multiplied out
    /// in the definitions' names (algebra.hpp in_terms_of), in the display graph.
    std::vector<node_id> readable(std::span<const node_id> nodes, std::vector<node_id> shown);
    std::optional<param_init> initialise(const std::optional<initialiser>& init, const std::string& file);
    void check_new_name(const std::string& name, const source_span& where, const std::string& file) const;

    session_options options_;
    graph model_;
    tensor::tensor_graph tensors_;  // the model level of every value (lang::value::twin)
    graph display_;
    /// The expression each definition element names (its named node's operand) -> the element's
    /// name, the first definition winning: what definition_names() calls aliases.
    std::unordered_map<node_id, std::string> aliases_;
    symbol_table symbols_;
    std::vector<verify::fact> facts_;
    /// The table of the last `data` statement.
    struct data_set {
        std::string path;
        optim::table table;
        std::vector<std::size_t> train;  ///< the rows training and `over data` use, in file order
        std::vector<std::size_t> test;   ///< the rows held out for `over test` (empty without a split)
    };
    std::optional<data_set> data_;
    /// Current values of param elements (trained, loaded or initialised), by variable node.
    std::unordered_map<node_id, double> values_;
    /// Current values of params too large to expand to scalars (tensor form only), by name,
    /// row-major.
    std::unordered_map<std::string, std::vector<double>> tensor_values_;
};

}  // namespace chainrule::lang
