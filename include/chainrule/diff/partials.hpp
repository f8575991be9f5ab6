#pragma once
/// \file
/// The local derivative rules: for each op, the partial derivative of a node with respect to
/// one of its operands, built as nodes of the same graph. Every rule of chainrule lives here
/// (reverse mode, forward mode and the trace all call local_partial).

#include "chainrule/graph/graph.hpp"

#include <string_view>

namespace chainrule {

/// d n / d operand: the local partial derivative of node n with respect to its operand
/// `operand` (0 for the first, 1 for the second), holding the other operand fixed, as a node
/// of g. Conventions at kinks: step'(u) = sign'(u) = 0, relu'(0) = 0, abs'(u) = sign(u) (so
/// abs'(0) = 0), and a tie in max or min goes to the first operand. Throws usage_error when n
/// is not in g, is a leaf, or has no such operand; domain_error for d c^v/dv with a negative
/// constant base c.
node_id local_partial(graph& g, node_id n, int operand);

/// The rule local_partial applies, as text: "d tanh(u)/du = 1 - tanh(u)^2". Operands are
/// called u and v. Throws usage_error when op `o` has no such operand.
std::string_view rule_text(op o, int operand);

}  // namespace chainrule
