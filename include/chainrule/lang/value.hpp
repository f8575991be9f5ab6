#pragma once
/// \file
/// Values of the chain language: a shape (scalar, vector[n], matrix[m,n]) and one graph node per
/// element, row-major. The operations here expand vectors and matrices into scalar nodes of one
/// graph, checking shapes; they throw shape_error with a message naming both shapes, and the
/// lowering (lower.hpp) puts the source position in front.

#include "chainrule/core/error.hpp"
#include "chainrule/graph/graph.hpp"
#include "chainrule/tensor/graph.hpp"
#include "chainrule/tensor/shape.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::lang {

/// Shapes live in the tensor layer; the language uses them for its values.
using tensor::shape;
using tensor::to_string;
using tensor::describe;
using tensor::element_name;
using tensor::shape_error;

/// A value: its shape and its elements, row-major, each a node of one graph.
struct value {
    lang::shape dims;
    std::vector<node_id> elements;
    /// The same value as one node of the session's tensor graph (the model level), when the
    /// value was built from operations that graph has; no_tensor otherwise (a derivative of a
    /// non-scalar, an index letter's sum). Expanded, it gives exactly `elements` (the same nodes),
    /// except for a derivative with respect to a whole vector or matrix: its twin comes from the
    /// tensor reverse sweep and its elements from the scalar one, equal but built apart.
    tensor::tensor_id twin = tensor::no_tensor;

    /// A scalar value.
    static value scalar(node_id n) { return value{shape::scalar(), {n}}; }
    /// Whether the elements are built: false for a value too large to expand to scalars, which
    /// lives in the tensor graph only (its twin).
    bool expanded() const noexcept { return !elements.empty(); }
    /// Whether the value is a scalar.
    bool is_scalar() const noexcept { return dims.is_scalar(); }
    /// The node of a scalar value (asserts that it is one).
    node_id node() const;
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

/// The index of a vector's largest element, the first of equal ones, as a scalar of step nodes:
/// the sum over k of k [a_k > a_j for j < k] [a_k >= a_j for j > k]; piecewise constant, so its
/// derivative is 0 wherever it is defined. Throws shape_error for a scalar or a matrix.
value argmax(graph& g, const value& a);

/// 1 when the scalars a and b are equal, else 0: 1 - |sign(a - b)|.
value equal_indicator(graph& g, const value& a, const value& b);

/// argmax and equal_indicator by the same formulas in the tensor graph, for values too large to
/// expand to scalars: u a vector, a and b scalars.
tensor::tensor_id argmax(tensor::tensor_graph& t, tensor::tensor_id u);
tensor::tensor_id equal_indicator(tensor::tensor_graph& t, tensor::tensor_id a, tensor::tensor_id b);

/// The vector (or matrix) whose elements (rows) are `items`: all scalars give a vector[n], all
/// vector[k] give a matrix[n,k]. Throws shape_error for a matrix item or unequal items,
/// limit_error past `max_elements`.
value stack(std::span<const value> items, std::size_t max_elements);

/// Element (i) of a vector, (i, j) of a matrix, or row (i) of a matrix as a vector. The indices
/// must be in range (the lowering checks them with their positions); asserts otherwise.
value element(const value& a, std::span<const std::size_t> indices);

}  // namespace chainrule::lang
