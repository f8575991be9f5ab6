#pragma once
// The one place that decides how a node of a CSE program is computed in double precision:
// which special form (division, square, reciprocal, ...) and which operands. The C emitter and
// the interpreter both read programs through it, so they perform the same operations in the
// same order and agree bit for bit.
#include "chainrule/codegen/layout.hpp"
#include "chainrule/core/rational.hpp"
#include "chainrule/graph/graph.hpp"
#include "chainrule/simplify/cse.hpp"

#include <cstdint>
#include <unordered_map>

namespace chainrule::codegen::detail {

/// A double-precision operation. Unary forms read `a`; binary forms read `a` and `b`.
enum class form : std::uint8_t {
    number,  ///< the constant `value`
    input,   ///< x[slot]
    param,   ///< p[slot]
    temp,    ///< the temporary `slot`
    add,     ///< a + b
    neg,     ///< -a
    mul,     ///< a * b
    div,     ///< a / b  (a * b^-1)
    recip,   ///< 1.0 / a  (a^-1)
    square,  ///< a * a  (a^2)
    cube,    ///< a * a * a  (a^3)
    sqrt,    ///< sqrt(a)  (sqrt op, or a^(1/2))
    rsqrt,   ///< 1.0 / sqrt(a)  (a^(-1/2))
    pow,     ///< pow(a, b)
    exp,
    log,
    sin,
    cos,
    tan,
    tanh,
    cosh,
    sigmoid,
    softplus,
    relu,
    abs,
    step,
    sign,
    max,
    min,
};

/// How one node is computed: a form and its operand nodes.
struct lowered {
    form kind = form::number;
    node_id a = no_node;
    node_id b = no_node;
    double value = 0;       ///< for number
    std::size_t slot = 0;   ///< for input, param, temp
};

/// The correctly rounded double of q. Throws limit_error when |q| is beyond the double range.
double to_double(const rational& q);

/// to_double for a constant of the generated code: also refuses (limit_error) a nonzero q that
/// rounds to 0.
double constant_double(const rational& q);

/// The exact value of a finite double.
rational exact_rational(double d);

/// Reads the nodes of one CSE program.
class program_reader {
public:
    /// A reader of `program` over g with the variables at their slots in `layout`; throws
    /// usage_error when the program reaches a variable the layout does not hold.
    program_reader(const graph& g, const cse_result& program, const argument_layout& layout);

    /// How node n is computed. With `inline_root` true, n's own temporary is ignored (the
    /// right-hand side of n's assignment); otherwise a node with a temporary is that temporary.
    lowered read(node_id n, bool inline_root) const;

private:
    const graph& g_;
    const cse_result& program_;
    std::unordered_map<node_id, argument_slot> slots_;
};

}  // namespace chainrule::codegen::detail
