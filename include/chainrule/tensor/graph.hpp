#pragma once
/// \file
/// The tensor graph: the model level, where one node is a whole scalar, vector or matrix
/// (CasADi's MX over the scalar graph's SX). Nodes are hash-consed and an operand's id is always
/// smaller than its user's, so ascending ids are a topological order. Every builder checks
/// shapes and throws shape_error with a message naming both shapes; broadcasting is explicit (a
/// scalar operand of an element-wise op becomes a broadcast node). expand.hpp lowers any node to
/// the scalar graph, which stays the exact element-level oracle.
///
/// The tensor module sits on the graph module: it names its element-wise functions with the
/// scalar `op`, and expands into the scalar graph.

#include "chainrule/core/rational.hpp"
#include "chainrule/graph/graph.hpp"
#include "chainrule/tensor/op.hpp"
#include "chainrule/tensor/shape.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace chainrule::tensor {

/// Index of a node in its tensor graph.
using tensor_id = std::uint32_t;

/// The id no tensor node has.
inline constexpr tensor_id no_tensor = std::numeric_limits<tensor_id>::max();

/// The axis of a reduction or a broadcast. A reduction over `rows` (axis 0) sums down each
/// column of a matrix[m,n], giving a vector[n]; over `cols` (axis 1) along each row, giving a
/// vector[m]. A broadcast over `rows` repeats a vector[n] as the m rows of a matrix[m,n]; over
/// `cols`, a vector[m] as its n columns; so each broadcast's adjoint is the reduction over the
/// same axis.
enum class axis : std::int8_t { all = -1, rows = 0, cols = 1 };

/// One tensor node. `a` and `b` are the operands (no_tensor where absent); a stack's operands
/// are in `items`. `payload` is the scalar op of a map and indexes the constant, variable or
/// label table for leaves and named nodes; `i` and `j` are the indices of element, row and
/// column.
struct tensor_node {
    tensor_op kind = tensor_op::constant;
    tensor::shape dims;
    tensor_id a = no_tensor;
    tensor_id b = no_tensor;
    std::vector<tensor_id> items;
    std::uint32_t payload = 0;
    tensor::axis over = axis::all;
    std::size_t i = 0;
    std::size_t j = 0;

    friend bool operator==(const tensor_node&, const tensor_node&) = default;
};

/// A variable of the tensor graph: a whole input or param.
struct tensor_variable {
    std::string name;
    tensor::shape dims;
    variable_kind kind = variable_kind::input;
    tensor_id id = no_tensor;
};

/// A DAG of tensor nodes with hash-consing and light, value-preserving rewrites at construction
/// (constant folding, x ⊙ 1 = x, x + 0 = x, (Aᵀ)ᵀ = A). Not thread-safe.
class tensor_graph {
public:
    tensor_graph() = default;

    // --- leaves
    /// The scalar constant q.
    tensor_id constant(const rational& q);
    /// The constant q at every element of shape `s` (q itself for a scalar).
    tensor_id filled(const rational& q, const shape& s);
    /// The variable `name` of shape `s`; the same name gives the same node. Throws usage_error
    /// when `name` exists with another shape or kind.
    tensor_id variable(const std::string& name, const shape& s, variable_kind kind);

    // --- element-wise (a scalar operand is broadcast over the other's shape)
    /// f(U) element by element; f is a one-operand scalar op (not named).
    tensor_id map(op f, tensor_id u);
    /// U + V, U ⊙ V, U ^ V, max(U, V), min(U, V): `f` is add, mul, pow, max or min. Throws
    /// shape_error for two different non-scalar shapes.
    tensor_id binary(tensor_op f, tensor_id u, tensor_id v);
    tensor_id add(tensor_id u, tensor_id v) { return binary(tensor_op::add, u, v); }
    tensor_id mul(tensor_id u, tensor_id v) { return binary(tensor_op::mul, u, v); }
    tensor_id pow(tensor_id u, tensor_id v) { return binary(tensor_op::pow, u, v); }
    /// -U, built as (-1) ⊙ U.
    tensor_id neg(tensor_id u);
    /// U - V, built as U + (-1) ⊙ V.
    tensor_id sub(tensor_id u, tensor_id v);
    /// U ⊘ V, built as U ⊙ V^(-1). Throws domain_error when V is the constant 0.
    tensor_id div(tensor_id u, tensor_id v);

    // --- shape changes
    /// A scalar repeated at every element of shape `s`.
    tensor_id broadcast(tensor_id scalar, const shape& s);
    /// A vector[n] as each of the m rows of a matrix[m,n] (over = rows), or a vector[m] as each
    /// of the n columns of a matrix[m,n] (over = cols); `count` is m or n.
    tensor_id broadcast(tensor_id vector, tensor::axis over, std::size_t count);
    /// A @ B (see the op). Throws shape_error for a scalar operand or unequal inner dimensions.
    tensor_id matmul(tensor_id a, tensor_id b);
    /// Aᵀ for a matrix; a vector or a scalar is its own transpose.
    tensor_id transpose(tensor_id a);
    /// u vᵀ: matrix[m,n] from vector[m] and vector[n].
    tensor_id outer(tensor_id u, tensor_id v);
    /// The matrix[n,n] with v on its diagonal and 0 elsewhere.
    tensor_id diag(tensor_id v);
    /// The sum of every element (over = all), or of a matrix over one axis.
    tensor_id sum(tensor_id u, tensor::axis over = axis::all);
    /// sum(U, over) divided by the number of elements summed.
    tensor_id mean(tensor_id u, tensor::axis over = axis::all);
    /// softmax of a vector, or of each row of a matrix.
    tensor_id softmax(tensor_id u);
    /// log Σ exp over every element (over = all, a scalar) or over each row (cols) or column (rows)
    /// of a matrix.
    tensor_id logsumexp(tensor_id u, tensor::axis over = axis::all);
    /// Element (i) of a vector or (i, j) of a matrix (in range: checked, shape_error otherwise).
    tensor_id element(tensor_id u, std::size_t i, std::size_t j = 0);
    /// Row i of a matrix as a vector.
    tensor_id row(tensor_id a, std::size_t i);
    /// Column j of a matrix as a vector.
    tensor_id column(tensor_id a, std::size_t j);
    /// n scalars as a vector[n], or n vectors[k] as a matrix[n,k].
    tensor_id stack(std::span<const tensor_id> items);

    // --- named definitions
    /// U under the name `label`: a node of its own whose value is U's, which the rewrites never
    /// look through (its adjoint is the derivative with respect to the definition). A constant is
    /// returned as it is.
    tensor_id named(tensor_id u, const std::string& label);

    // --- inspection
    std::size_t size() const noexcept { return nodes_.size(); }
    /// The node `n` (checked: usage_error for an unknown id). Invalidated when the graph grows.
    const tensor_node& at(tensor_id n) const;
    tensor_op kind(tensor_id n) const { return at(n).kind; }
    const shape& shape_of(tensor_id n) const { return at(n).dims; }
    /// The value of scalar constant `n` (usage_error if it is not one).
    const rational& value(tensor_id n) const;
    /// Whether every element of `n` is the constant q (a constant, or a broadcast of one).
    bool is_filled(tensor_id n, const rational& q) const;
    /// The constant every element of `n` holds, if it is a constant or a broadcast of one.
    const rational* filled_value(tensor_id n) const;
    /// The variable behind node `n` (usage_error if it is not a variable).
    const tensor_variable& variable_of(tensor_id n) const;
    /// The label of named node `n` (usage_error if it is not named).
    const std::string& label_of(tensor_id n) const;
    /// The scalar op of map node `n`.
    op function_of(tensor_id n) const;
    /// Whether an element of `n` can be undefined where its operands' elements are defined: a map
    /// of log, sqrt or tan, and a power other than one with a constant natural-number exponent
    /// (as graph::is_partial; softmax and logsumexp are defined everywhere).
    bool is_partial(tensor_id n) const;
    /// Every variable, in the order they were created.
    const std::vector<tensor_variable>& variables() const noexcept { return variables_; }
    /// Ids of every node reachable from `roots` (roots included), ascending.
    std::vector<tensor_id> reachable(std::span<const tensor_id> roots) const;
    /// The operands of `n`: a, b or the items.
    std::vector<tensor_id> operands(tensor_id n) const;

private:
    struct node_hash {
        std::size_t operator()(const tensor_node& n) const noexcept;
    };
    struct rational_hash {
        std::size_t operator()(const rational& q) const noexcept { return hash_value(q); }
    };
    struct rational_equal {
        bool operator()(const rational& a, const rational& b) const noexcept { return a == b; }
    };
    tensor_id intern(tensor_node n);
    tensor_id fold(tensor_op f, tensor_id u, tensor_id v, const shape& s);

    std::vector<tensor_node> nodes_;
    std::unordered_map<tensor_node, tensor_id, node_hash> index_;
    std::vector<rational> constants_;
    // slot of each constant in constants_ (a linear search was quadratic in distinct constants)
    std::unordered_map<rational, std::uint32_t, rational_hash, rational_equal> constant_index_;
    std::vector<tensor_variable> variables_;
    std::unordered_map<std::string, std::uint32_t> variable_index_;
    std::vector<std::string> labels_;
    std::unordered_map<std::string, std::uint32_t> label_index_;
};

}  // namespace chainrule::tensor
