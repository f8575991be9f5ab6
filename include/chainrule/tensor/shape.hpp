#pragma once
/// \file
/// Shapes of values (scalar, vector[n], matrix[m,n]), the names of their elements, and the error
/// for a shape mismatch. The tensor graph checks shapes with these; the chain language uses them
/// for its values.

#include "chainrule/core/error.hpp"

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::tensor {

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
    /// Rows of a matrix, length of a vector, 1 for a scalar.
    std::size_t rows() const noexcept { return dims.empty() ? 1 : dims[0]; }
    /// Columns of a matrix, 1 for a vector or a scalar.
    std::size_t cols() const noexcept { return dims.size() == 2 ? dims[1] : 1; }

    friend bool operator==(const shape&, const shape&) = default;
};

/// "scalar", "vector[3]", "matrix[2,3]".
std::string to_string(const shape& s);

/// With an article, for messages: "a scalar", "a vector[3]", "a matrix[2,3]".
std::string describe(const shape& s);

/// Writes to_string(s).
std::ostream& operator<<(std::ostream& out, const shape& s);

/// The name of element `flat` (row-major) of a value called `base`: "x" for a scalar,
/// "x[2]", "W[0,1]" (0-based). These are also the scalar graph's variable names for the
/// elements of inputs and params.
std::string element_name(std::string_view base, const shape& s, std::size_t flat);

/// A shape mismatch, or an operation applied to a shape it does not take.
class shape_error : public usage_error {
public:
    using usage_error::usage_error;
};

}  // namespace chainrule::tensor
