#pragma once
/// \file
/// The syntax tree of chain-language expressions: plain data that the parser produces and the
/// lowering reads. Every node carries the span of the text it came from, so a later error can
/// put a caret under exactly that text. (Statements are in statement.hpp.)
///
/// Shape: an `expression` owns its operands through `expression_ptr` (std::unique_ptr); its
/// `node` is a std::variant with one alternative per kind, and kind() names the alternative,
/// so code can either `switch (e.kind())` and `e.as<binary_expr>()`, or std::visit the node.
/// Trees from the parser are at most max_expression_height levels high (parser.hpp), so code
/// may recurse over them; destroying a tree never recurses, whatever its depth.

#include "chainrule/core/rational.hpp"
#include "chainrule/lang/source.hpp"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chainrule::lang {

/// The built-in functions (a closed set: a switch over it has no `default:`).
enum class builtin {
    exp, log, sqrt, sin, cos, tan, tanh, cosh, sigmoid, relu, softplus, abs, step,
    sign,       ///< sign(a): 1, -1, or 0 at 0
    max,        ///< max(a, b)
    min,        ///< min(a, b)
    sum,        ///< sum(v): the sum of every element; sum(X, axis): of each column (0) or row (1)
    mean,       ///< mean(v), mean(X, axis)
    dot,        ///< dot(u, v)
    softmax,    ///< softmax(v) of a vector, softmax(S) of each row of a matrix
    logsumexp,  ///< logsumexp(v) = log(sum(exp(v))); logsumexp(S, axis) of each column (0) or row (1)
    transpose,  ///< transpose(A): Aᵀ (a vector is its own transpose)
    outer,      ///< outer(u, v) = u vᵀ
    diag,       ///< diag(v): the diagonal matrix of a vector
    argmax,     ///< argmax(v): the index of v's largest element, the first of equal ones
    delta,      ///< delta(i, j): 1 when the two scalars are equal, else 0
};

/// A built-in function's name as written and how many arguments it takes.
struct builtin_info {
    std::string_view name;
    int arguments = 1;
    int optional = 0;  ///< arguments that may follow (the axis of sum, mean, logsumexp)
};

/// Name and argument count of `f`.
const builtin_info& info(builtin f);

/// The built-in function called `name`, if there is one.
std::optional<builtin> find_builtin(std::string_view name);

/// Every built-in function's name, in the order of `builtin` (for did-you-mean).
std::span<const std::string_view> builtin_names();

struct expression;
/// Owning pointer to a subexpression; never null in a tree the parser made.
using expression_ptr = std::unique_ptr<expression>;

/// `-e`.
enum class unary_op { negate };

/// The infix operators: + - * / ^ (also written **) and @ (matrix product).
enum class binary_op { add, subtract, multiply, divide, power, matmul };

/// How a derivative was written (the lowering treats all alike; a printer may echo the user).
enum class derivative_notation {
    leibniz,    ///< d(e)/d(v)
    partial,    ///< ∂L/∂w or ∂(e)/∂(v)
    shorthand,  ///< dL/dw
};

/// The operator as written: "-", "+", "*", "/", "^", "@".
std::string_view symbol(unary_op o);
std::string_view symbol(binary_op o);

/// A variable that can be differentiated with respect to or bound: a name with optional
/// indices (`w`, `W[i,j]`, `z[0]`). Used by derivatives and by `grad ... wrt`.
struct variable_ref {
    std::string name;
    source_span name_span;                ///< the name alone
    std::vector<expression_ptr> indices;  ///< empty for a whole variable; numbers or index letters
    source_span span;                     ///< name and indices
};

/// An exact number: `0.1` is 1/10, `1e-3` is 1/1000.
struct number_expr {
    rational value;
    std::string text;  ///< as written
};

/// A name: an input, param, constant or definition, or an index letter such as `i`.
/// Which one is for the lowering to decide.
struct name_expr {
    std::string name;
};

/// `-operand`.
struct unary_expr {
    unary_op op = unary_op::negate;
    expression_ptr operand;
};

/// `left op right`.
struct binary_expr {
    binary_op op = binary_op::add;
    expression_ptr left;
    expression_ptr right;
    source_span op_span;  ///< the operator itself
};

/// `f(arguments...)`; the argument count is already checked against info(f).
struct call_expr {
    builtin function = builtin::exp;
    source_span name_span;  ///< the function's name
    std::vector<expression_ptr> arguments;
};

/// `base[indices...]`: `v[i]`, `W[i,j]`, `softmax(z)[0]`. Indices are 0-based.
struct index_expr {
    expression_ptr base;
    std::vector<expression_ptr> indices;  ///< at least one
};

/// `[elements...]`: a vector literal (a matrix literal when the elements are vectors).
struct vector_expr {
    std::vector<expression_ptr> elements;  ///< at least one
};

/// `d(of)/d(wrt)`, `∂of/∂wrt` or `dL/dw`: the derivative of `of` with respect to `wrt`
/// (for a named definition, its adjoint: see DESIGN.md).
struct derivative_expr {
    expression_ptr of;
    variable_ref wrt;
    derivative_notation notation = derivative_notation::leibniz;
};

/// `:` as an index: every row (`X[:, j]`, a column) or every column (`X[i, :]`, a row).
struct whole_expr {};

/// Which alternative an expression node holds; same order as expression_node.
enum class expression_kind { number, name, unary, binary, call, index, vector, derivative, whole };

/// The kinds' data, one alternative per kind.
using expression_node = std::variant<number_expr, name_expr, unary_expr, binary_expr, call_expr,
                                     index_expr, vector_expr, derivative_expr, whole_expr>;

/// One node of an expression tree.
struct expression {
    expression_node node;
    source_span span;  ///< the whole subexpression's text

    expression(expression_node node, source_span span);
    expression(const expression&) = delete;
    expression& operator=(const expression&) = delete;
    /// Destroys the subtree without recursion (deep trees cannot overflow the stack).
    ~expression();

    expression_kind kind() const noexcept { return static_cast<expression_kind>(node.index()); }
    /// The node's data as kind `T` (throws std::bad_variant_access on the wrong kind).
    template <class T>
    const T& as() const { return std::get<T>(node); }
    template <class T>
    T& as() { return std::get<T>(node); }
};

/// A new expression holding `node`.
expression_ptr make_expression(expression_node node, source_span span);

/// A deep copy (recursion depth is the tree's depth).
expression_ptr clone(const expression& e);
variable_ref clone(const variable_ref& v);

/// The kind's name: "number", "name", ..., "derivative".
std::string_view name(expression_kind k);

}  // namespace chainrule::lang
