#pragma once
/// \file
/// Lowering: syntax trees (ast.hpp) to values of one graph. Nodes are built with the graph's own
/// operations (hash-consing and the light rewrites of graph/rewrite.cpp) and nothing else, so
/// the graph keeps the user's steps for the chain-rule trace: GiNaC folds nothing here.
///
/// Derivatives. `d(e)/d(v)` lowers to
/// - for v an input or a param (or an element of one): the reverse-mode partial
///   (reverse_gradient);
/// - for v a named definition (or an element of one): the adjoint of v's node in the reverse
///   sweep of e (reverse_adjoints(g, e).find(node)), the sum over every path from v to e with
///   v's own inputs held fixed; the constant 0 when the sweep does not reach v.
/// A scalar e with a whole vector or matrix v gives the gradient, shaped like v; a vector or
/// matrix e with a scalar v gives the element-wise derivatives, shaped like e; both non-scalar
/// is refused (no Jacobians). Second derivatives compose: `d(d(f)/d(x))/d(y)`.
///
/// Errors are source_error at the offending subexpression: undefined names (with did-you-mean
/// over the session's names), shape mismatches naming both shapes, indices out of range naming
/// the index and the shape, derivative targets that are not inputs, params or definitions,
/// division by the constant 0, and limits (elements per value, work per matrix product, nodes
/// one statement may add, work of the reverse sweeps), refused before the work is done.

#include "chainrule/graph/graph.hpp"
#include "chainrule/lang/ast.hpp"
#include "chainrule/lang/diagnostic.hpp"
#include "chainrule/lang/symbols.hpp"
#include "chainrule/lang/value.hpp"
#include "chainrule/tensor/expand.hpp"

#include <cstddef>
#include <initializer_list>
#include <map>
#include <unordered_set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::lang {

/// Limits that keep one statement's lowering small and quick.
struct lowering_limits {
    /// Most elements of one value expanded to scalars (a declared shape, a literal, a product's
    /// result). A declared input or param past it lives in the tensor graph only: matrix-form
    /// derivatives work on it, anything that needs its scalar elements is refused.
    std::size_t max_elements = 100000;
    /// Most elements of one value in the tensor graph (a declared shape).
    std::size_t max_tensor_elements = 100000000;
    /// Most multiplications of one matrix product.
    std::size_t max_product_work = 1000000;
    /// Most nodes one statement may add to the graph (checked before each large step, so a
    /// refused statement has done at most about this much work: about a second).
    std::size_t max_new_nodes = 1000000;
    /// Most graph nodes one statement's reverse sweeps may visit, added over its derivatives.
    std::size_t max_sweep_work = 10000000;
};

/// One element a derivative is taken with respect to.
struct derivative_target {
    std::string name;                       ///< "w", "W[0,1]", "z[2]"
    node_id node = no_node;                 ///< the variable, or the definition's node
    symbol_kind kind = symbol_kind::input;  ///< input, param or definition
};

/// The elements a variable reference names, with its shape (a whole vector, a row, an element).
struct target_set {
    shape dims;
    std::vector<derivative_target> elements;  ///< row-major
};

/// Lowers the expressions of one statement into a graph, reading names from a symbol table.
/// The graph and the table must outlive it; its node budget counts from construction.
class lowerer {
public:
    /// A lowerer into g and its tensor twin t (the model level of the same values), reading
    /// `symbols`, whose errors name `file`.
    lowerer(graph& g, tensor::tensor_graph& t, const symbol_table& symbols, std::string file,
            lowering_limits limits = {});

    /// The value of e, every element a scalar node. Throws source_error located in e (also when
    /// e needs a value too large to expand to scalars).
    value lower(const expression& e);

    /// The value of e, which may be too large to expand: then it has its shape and tensor twin
    /// but no elements (value::expanded() is false). Throws source_error located in e.
    value lower_lazy(const expression& e);

    /// The scalar elements of tensor node t; a source_error at `where` past the limit of
    /// expanding to scalars.
    std::vector<node_id> expanded(tensor::tensor_id t, const source_span& where);

    /// The exact rational value of e, which must be a scalar constant; `what` names the role
    /// in the error ("an index", "the value of 'eps'"). Throws source_error.
    rational lower_rational(const expression& e, std::string_view what);

    /// The elements `v` names, for a derivative or `grad ... wrt`. Throws source_error for an
    /// undefined name, a constant, indices out of range, a definition element that is a
    /// constant (no expression depends on it).
    target_set targets(const variable_ref& v);

    /// d of / d t for each target t (partials for variables, adjoints for definitions), as
    /// nodes; `where` locates a limit error.
    std::vector<node_id> derivatives(node_id of, std::span<const derivative_target> targets,
                                     const source_span& where);

    /// d(of)/d(wrt) in matrix form (a node of the tensor graph): with respect to the whole of wrt,
    /// or its element, row or column named by wrt's indices; `of` must be a scalar with a twin.
    /// Throws source_error at `where`.
    tensor::tensor_id lazy_derivative(const value& of, const variable_ref& wrt, const source_span& where);

    /// Throws source_error(message) at `where`.
    [[noreturn]] void fail(const source_span& where, std::string message) const;

    /// Throws a located limit error when adding `extra` more nodes would pass the statement's
    /// node budget.
    void reserve_nodes(std::size_t extra, const source_span& where) const;

    /// The file name errors carry.
    const std::string& file() const noexcept { return file_; }

    /// A node that must be defined wherever the values lowered so far are, or no_node: the sum
    /// of the expressions their derivatives differentiate and of the domains of the definitions
    /// they read (a sum is defined exactly where its terms are). d(log(x))/d(x) is the node 1/x,
    /// defined at x = -1, but the derivative exists only where log(x) is.
    node_id domain() const noexcept { return domain_; }

    /// The same for the derivatives taken in matrix form only (of values too large to expand): a
    /// scalar of the tensor graph, the sum of every element of the partial nodes of what they
    /// differentiate, or no_tensor.
    tensor::tensor_id tensor_domain() const noexcept { return tensor_domain_; }

    /// Gives the index letter `letter` (a name that is not a symbol) the value `value` for the
    /// expressions lowered from now on: a claim's free indices, one combination at a time.
    void bind_index(const std::string& letter, long value);

private:
    value lower_node(const expression& e);
    value lower_call(const expression& e);
    value lower_index(const expression& e);
    value lower_slice(const index_expr& x, const value& base, const source_span& where);
    value lower_derivative(const expression& e);
    value lower_tensor_call(const call_expr& c, std::span<const value> args);
    value lower_lazy_call(const call_expr& c, std::span<const value> args);
    value lazy(tensor::tensor_id t) const;
    tensor::tensor_id strict_twin(const value& v) const;
    value from_twin(tensor::tensor_id t);
    tensor::axis axis_argument(const expression& e, const value& of);
    std::size_t index_value(const expression& index, std::size_t axis, const shape& of);
    std::vector<std::size_t> resolve_indices(std::span<const expression_ptr> indices, const shape& of,
                                             const source_span& where);
    [[noreturn]] void undefined(std::string_view name, const source_span& where) const;
    void require_defined(node_id n);
    void require_defined_in_matrix_form(tensor::tensor_id n);

    template <class Build>
    tensor::tensor_id twin(std::initializer_list<const value*> operands, Build build);

    graph& graph_;
    tensor::tensor_graph& tensors_;
    const symbol_table& symbols_;
    std::string file_;
    lowering_limits limits_;
    tensor::expander expand_;
    std::size_t start_size_;
    std::size_t sweep_work_ = 0;
    std::map<std::string, long, std::less<>> indices_;
    node_id domain_ = no_node;
    std::unordered_set<node_id> walked_;    // roots whose partial nodes are in domain_
    std::unordered_set<node_id> required_;  // the partial nodes summed in domain_
    tensor::tensor_id tensor_domain_ = tensor::no_tensor;
    std::unordered_set<tensor::tensor_id> tensor_walked_;    // roots whose partial nodes are in tensor_domain_
    std::unordered_set<tensor::tensor_id> tensor_required_;  // the partial nodes summed in tensor_domain_
};

}  // namespace chainrule::lang
