#pragma once
/// \file
/// The statements of the chain language as data: one struct per kind in a std::variant, each
/// with its fields and the spans a later error needs. Expressions are in ast.hpp.

#include "chainrule/core/rational.hpp"
#include "chainrule/lang/ast.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chainrule::lang {

/// A name being declared, with its shape: `x` (scalar), `x[3]` (vector), `X[2,3]` (matrix).
struct declared_name {
    std::string name;
    source_span name_span;
    std::vector<long> shape;  ///< dimensions, each at least 1; empty for a scalar
    source_span span;         ///< name and shape
};

/// A quoted file name: `"xor.csv"`.
struct path_literal {
    std::string path;   ///< the string's value
    source_span span;   ///< including the quotes
};

/// A whole number in a clause: `epochs 500`, `digits 30`.
struct count_clause {
    long value = 0;
    source_span span;  ///< the number
};

/// `input x, y[3], X[2,3]`: data the model reads.
struct input_statement {
    std::vector<declared_name> names;
};

/// The initialisers of `param ... ~ init`.
enum class initialiser_kind {
    normal,   ///< normal(mean, standard_deviation)
    uniform,  ///< uniform(low, high)
    file,     ///< file("w0.json"): values saved by `save`
};

/// `~ normal(0, 1/2)`, `~ uniform(-1, 1)`, `~ file("w0.json")`.
struct initialiser {
    initialiser_kind kind = initialiser_kind::normal;
    source_span name_span;
    std::vector<expression_ptr> arguments;  ///< two for normal and uniform, none for file
    std::optional<path_literal> file;       ///< for file only
    source_span span;                       ///< from the name to ')'
};

/// `param w, b` or `param W[2,3] ~ normal(0, 1/2)`: trainable values; the initialiser applies
/// to every name of the statement.
struct param_statement {
    std::vector<declared_name> names;
    std::optional<initialiser> init;
};

/// `const eps = 1/1000`: an exact named constant.
struct const_statement {
    std::string name;
    source_span name_span;
    expression_ptr value;
};

/// `z = w*x + b`: a named definition, a node of the graph.
struct definition_statement {
    std::string name;
    source_span name_span;
    expression_ptr value;
};

/// `grad L wrt w, b, W[0,1]`: exact partials of an expression.
struct grad_statement {
    expression_ptr of;
    std::vector<variable_ref> wrt;  ///< at least one
    /// `over data`, when given: each partial's mean over the data's rows at the trained params
    std::optional<source_span> over_data;
};

/// `x = 1/2` in `eval ... at x = 1/2, v = [1, 2]`.
struct binding {
    std::string name;
    source_span name_span;
    expression_ptr value;  ///< a number expression or a vector literal
};

/// `eval EXPR at x = 1/2, y = 1 digits 30`: the exact value and a decimal; `eval EXPR over
/// data`: its mean over the rows of the loaded data.
struct eval_statement {
    expression_ptr value;
    std::vector<binding> bindings;       ///< empty without `at`
    std::optional<count_clause> digits;  ///< between 1 and max_digits (parser.hpp)
    std::optional<source_span> over_data;  ///< `over data` or `over test`, when given
    /// `over test`: the mean over the rows the data statement held out, not the training rows
    bool over_test = false;
};

/// The outputs of `show ... as FORMAT`.
enum class show_format { text, latex, steps, graph, c };

/// `show L as latex`; without `as`, text. `show L as graph expanded at x = 1/2`.
struct show_statement {
    expression_ptr value;
    show_format format = show_format::text;
    std::optional<source_span> format_span;  ///< the format word, when given
    /// graph and steps: `at x = 1/2, ...`, values (and for a graph adjoints) at that point
    std::vector<binding> bindings;
    /// graph: `expanded`, the scalar graph (one node per operation) instead of the model level
    bool expanded = false;
};

/// The relations of `assume`: < <= > >= = (also ==) != (also ≤ ≥ ≠).
enum class relation_op { less, less_equal, greater, greater_equal, equal, not_equal };

/// `left op right`.
struct relation {
    expression_ptr left;
    relation_op op = relation_op::equal;
    expression_ptr right;
    source_span op_span;
    source_span span;
};

/// `assume x > 0, sum(y) = 1`: facts later claims may use.
struct assume_statement {
    std::vector<relation> facts;  ///< at least one
};

/// `claim d(L)/d(w) = (a - y)*x`: an equality to prove, verify or refute.
struct claim_statement {
    expression_ptr left;
    expression_ptr right;
    source_span equals_span;  ///< the '='
};

/// `check L`: cross-check L's gradient against the numeric oracles.
struct check_statement {
    expression_ptr value;
};

/// `test 0.2` in a data statement: the fraction of the rows held out for testing.
struct fraction_clause {
    rational value;    ///< strictly between 0 and 1
    source_span span;  ///< the number
};

/// `data "xor.csv"`: the training data, columns named like the inputs; `data "digits.csv"
/// test 0.2 seed 1` holds out a seeded random fifth of the rows for `eval ... over test` and
/// trains on the others.
struct data_statement {
    path_literal file;
    std::optional<fraction_clause> test;  ///< `test F`, when given
    std::optional<count_clause> seed;     ///< `seed S` (only with `test`), when given
};

/// `lr = 0.05` in `adam(lr = 0.05)`.
struct option {
    std::string name;
    source_span name_span;
    expression_ptr value;
};

/// `adam(lr = 0.05, beta1 = 0.9)` or `sgd`: an optimizer by name (which names exist is the
/// training layer's business) with keyword options.
struct optimizer_spec {
    std::string name;
    source_span name_span;
    std::vector<option> options;
};

/// `train L by adam(lr = 0.05) epochs 500 batch 4 seed 1`; the clauses come in any order,
/// each at most once.
struct train_statement {
    expression_ptr loss;
    optimizer_spec optimizer;
    std::optional<count_clause> epochs;  ///< at least 1
    std::optional<count_clause> batch;   ///< at least 1
    std::optional<count_clause> seed;    ///< at least 0
};

/// `save "p.json"`: the params' current values.
struct save_statement {
    path_literal file;
};

/// `load "p.json"`: params' values saved before.
struct load_statement {
    path_literal file;
};

/// Which alternative a statement holds; same order as statement_node.
enum class statement_kind {
    input, param, constant, definition, grad, eval, show, assume, claim, check, data, train,
    save, load,
};

/// The kinds' data, one alternative per kind.
using statement_node =
    std::variant<input_statement, param_statement, const_statement, definition_statement,
                 grad_statement, eval_statement, show_statement, assume_statement,
                 claim_statement, check_statement, data_statement, train_statement,
                 save_statement, load_statement>;

/// One statement of a program.
struct statement {
    statement_node node;
    source_span span;  ///< from its first token to its last (may cover several lines)

    statement_kind kind() const noexcept { return static_cast<statement_kind>(node.index()); }
    /// The statement's data as kind `T` (throws std::bad_variant_access on the wrong kind).
    template <class T>
    const T& as() const { return std::get<T>(node); }
    template <class T>
    T& as() { return std::get<T>(node); }
};

/// The kind's name: its keyword ("input", "const", "grad", ...), or "definition".
std::string_view name(statement_kind k);

/// The format's word: "text", "latex", "steps", "graph", "c".
std::string_view name(show_format f);

/// The relation as written: "<", "<=", ">", ">=", "=", "!=".
std::string_view symbol(relation_op o);

/// The initialiser's word: "normal", "uniform", "file".
std::string_view name(initialiser_kind k);

/// The names a statement introduces: input and param names, a constant's or a definition's
/// name; none for the other kinds.
std::vector<std::string> declared_names(const statement& s);

}  // namespace chainrule::lang
