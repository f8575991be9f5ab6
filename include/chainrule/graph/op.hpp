#pragma once
/// \file
/// The closed set of scalar operations and each one's metadata.
/// Every switch over `op` lists all values and has no `default:` (built with -Werror=switch),
/// so adding an op fails to compile until every module handles it.

#include <cstdint>
#include <iosfwd>
#include <string_view>

namespace chainrule {

/// A scalar operation of the graph.
enum class op : std::uint8_t {
    constant,  ///< an exact rational number
    variable,  ///< an input or a param
    add,       ///< u + v
    mul,       ///< u * v
    pow,       ///< u ^ v
    exp,
    log,       ///< natural logarithm
    sqrt,
    sin,
    cos,
    tan,
    tanh,
    cosh,
    sigmoid,   ///< 1 / (1 + exp(-u))
    softplus,  ///< log(1 + exp(u))
    relu,      ///< max(u, 0)
    abs,
    step,      ///< 1 for u > 0, else 0 (so step(0) = 0)
    sign,      ///< 1 for u > 0, -1 for u < 0, 0 at 0
    max,
    min,
    named,     ///< a named definition: the value of its operand, kept as a node of its own
};

/// Number of ops in `op`.
inline constexpr int op_count = static_cast<int>(op::named) + 1;

/// Number of operands: 0 for leaves, 1 for functions and named, 2 for add, mul, pow, max, min.
int arity(op o);

/// The op's name as users write it ("sigmoid", "max"); "+", "*", "^" for the arithmetic ops.
std::string_view name(op o);

/// Whether the op is smooth (infinitely differentiable) where it is defined:
/// false for relu, abs, step, sign, max, min.
bool is_smooth(op o);

/// Whether the one-operand function can be undefined where its operand is defined: log, sqrt,
/// tan. (A power's depends on its exponent: graph::is_partial.)
bool is_partial_function(op o);

/// Writes name(o).
std::ostream& operator<<(std::ostream& out, op o);

}  // namespace chainrule
