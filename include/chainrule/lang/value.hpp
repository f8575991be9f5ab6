#pragma once
/// \file
/// Values of the chain language: a shape (scalar, vector[n], matrix[m,n]) and one graph node per
/// element, row-major. The operations here expand vectors and matrices into scalar nodes of one
/// graph, checking shapes; they throw shape_error with a message naming both shapes, and the
/// lowering (lower.hpp) puts the source position in front.

#include "chainrule/core/error.hpp"
#include "chainrule/graph/graph.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::lang {

/// The shape of a value: no dimensions for a scalar, {n} for a vector[n], {m, n} for a
/// matrix[m,n]. Every dimension is at least 1.
struct shape {
    std::vector<std::size_t> dims;

    /// The shape of a scalar.
    static shape scalar() { return {}; }
    /// vector[n].
    static shape vector(std::size_t n) { return shape{{n}}; }
    /// matrix[rows,cols].
    static shape matrix(std::size_t rows, std::size_t cols) { return shape{{rows, cols}}; }

    /// 0 for a scalar, 1 for a vector, 2 for a matrix.
    std::size_t rank() const noexcept { return dims.size(); }
    /// Whether this is the shape of a scalar.
    bool is_scalar() const noexcept { return dims.empty(); }
    /// Number of elements (1 for a scalar).
    std::size_t size() const noexcept;

    friend bool operator==(const shape&, const shape&) = default;
};

/// "scalar", "vector[3]", "matrix[2,3]".
std::string to_string(const shape& s);

/// With an article, for messages: "a scalar", "a vector[3]", "a matrix[2,3]".
std::string describe(const shape& s);

/// The name of element `flat` (row-major) of a value called `base`: "x" for a scalar,
/// "x[2]", "W[0,1]" (0-based). These are also the graph's variable names for the elements of
/// inputs and params.
std::string element_name(std::string_view base, const shape& s, std::size_t flat);

/// A value: its shape and its elements, row-major, each a node of one graph.
struct value {
    lang::shape dims;
    std::vector<node_id> elements;

    /// A scalar value.
    static value scalar(node_id n) { return value{shape::scalar(), {n}}; }
    /// Whether the value is a scalar.
    bool is_scalar() const noexcept { return dims.is_scalar(); }
    /// The node of a scalar value (asserts that it is one).
    node_id node() const;
};

/// A shape mismatch, or an operation applied to a shape it does not take.
class shape_error : public usage_error {
public:
    using usage_error::usage_error;
};

/// The element-wise binary operations.
enum class elementwise { add, subtract, multiply, divide, power, max, min };

/// a op b element by element; a scalar operand is broadcast over the other operand. Throws
/// shape_error for two different non-scalar shapes: "cannot add a vector[3] and a vector[2]";
/// domain_error from the graph (division by the constant 0).
value combine(graph& g, elementwise f, const value& a, const value& b);

/// f applied to every element (f takes one operand).
value map(graph& g, op f, const value& a);

/// -a, element by element.
value negate(graph& g, const value& a);

/// a @ b: matrix[m,n] @ vector[n] -> vector[m]; matrix[m,n] @ matrix[n,p] -> matrix[m,p];
/// vector[n] @ matrix[n,p] -> vector[p]; vector[n] @ vector[n] -> scalar (the dot product).
/// Each entry is the left-to-right sum of its products. Throws shape_error for a scalar
/// operand or unequal inner dimensions, limit_error when m*n*p passes `max_work` or the result
/// has more than `max_elements` elements.
value matmul(graph& g, const value& a, const value& b, std::size_t max_work, std::size_t max_elements);

/// The sum of every element, left to right (a scalar's sum is itself).
value sum(graph& g, const value& a);

/// sum(a) / (number of elements).
value mean(graph& g, const value& a);

/// The sum of a[i]*b[i] for two vectors of the same length; throws shape_error otherwise.
value dot(graph& g, const value& a, const value& b);

/// exp(a[i]) / sum over j of exp(a[j]), for a vector; throws shape_error otherwise.
value softmax(graph& g, const value& a);

/// log(sum of exp(a[i])) over every element of a vector or matrix (no shift: exact).
value logsumexp(graph& g, const value& a);

/// The vector (or matrix) whose elements (rows) are `items`: all scalars give a vector[n], all
/// vector[k] give a matrix[n,k]. Throws shape_error for a matrix item or unequal items,
/// limit_error past `max_elements`.
value stack(std::span<const value> items, std::size_t max_elements);

/// Element (i) of a vector, (i, j) of a matrix, or row (i) of a matrix as a vector. The indices
/// must be in range (the lowering checks them with their positions); asserts otherwise.
value element(const value& a, std::span<const std::size_t> indices);

}  // namespace chainrule::lang
