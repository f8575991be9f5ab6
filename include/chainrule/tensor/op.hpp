#pragma once
/// \file
/// The closed set of tensor operations: the model level, where a node is a whole scalar, vector
/// or matrix. Every switch over `tensor_op` lists all values and has no `default:` (built with
/// -Werror=switch), so adding an op fails to compile until every module handles it.

#include <cstdint>
#include <iosfwd>
#include <string_view>

namespace chainrule::tensor {

/// An operation of the tensor graph. Element-wise ops take operands of one shape: a scalar
/// operand is broadcast explicitly (the builders insert the broadcast node).
enum class tensor_op : std::uint8_t {
    constant,   ///< an exact rational scalar
    variable,   ///< an input or a param of any shape; element k is the scalar variable element_name(name, shape, k)
    map,        ///< f(U) element by element, for a one-operand scalar op f
    add,        ///< U + V
    mul,        ///< U ⊙ V (element-wise)
    pow,        ///< U ^ V element-wise
    max,        ///< max(U, V) element-wise
    min,        ///< min(U, V) element-wise
    broadcast,  ///< a scalar to any shape; a vector to the rows (axis 0) or the columns (axis 1) of a matrix
    matmul,     ///< A @ B: matrix@matrix, matrix@vector, vector@matrix, vector@vector (the dot product)
    transpose,  ///< Aᵀ of a matrix
    outer,      ///< u vᵀ of two vectors
    diag,       ///< the diagonal matrix of a vector
    sum,        ///< every element (a scalar), or a matrix summed over axis 0 (vector of columns' sums) or 1 (rows' sums)
    softmax,    ///< exp(u_i) / Σ_j exp(u_j) of a vector, or of each row of a matrix
    logsumexp,  ///< log Σ exp(u) over every element (a scalar), or over each row of a matrix (axis 1)
    element,    ///< one element of a vector or a matrix: a scalar
    row,        ///< row i of a matrix: A[i, :]
    column,     ///< column j of a matrix: A[:, j]
    stack,      ///< n scalars as a vector, or n vectors of one length as the rows of a matrix
    named,      ///< a named definition: the value of its operand, kept as a node of its own
};

/// Number of ops in `tensor_op`.
inline constexpr int tensor_op_count = static_cast<int>(tensor_op::named) + 1;

/// The op's name as the chain language writes it ("transpose", "@", "+").
std::string_view name(tensor_op o);

/// Whether the op acts element by element on operands of one shape (map, add, mul, pow, max, min).
bool is_elementwise(tensor_op o);

/// Writes name(o).
std::ostream& operator<<(std::ostream& out, tensor_op o);

}  // namespace chainrule::tensor
