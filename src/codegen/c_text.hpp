#pragma once
// Pieces of C text both emitters write: numbers that read back exactly, and the declarations
// and helper functions (stable sigmoid and softplus, the kink conventions of relu, step, sign,
// max and min) a body uses, as scalar_ops.hpp computes them for the interpreter.
#include "chainrule/graph/op.hpp"

#include <string>

namespace chainrule::codegen::detail {

/// The shortest decimal that reads back as d ("2.0", "0.1", "(-1.5e-07)").
std::string c_number(double d);

/// The C call of one-operand function f on `u` ("exp(u)", "cr_sigmoid(u)", "fabs(u)"), the
/// helpers c_preamble declares; usage_error for an op that is not a one-operand function.
std::string c_call(op f, const std::string& u);

/// As c_call, for the tensor emitter's loops: tanh by cr_tanh, a branch-free form (Cephes's, within
/// 2 ulps of libm's) that the vectoriser takes where libm's call keeps a loop scalar.
std::string c_call_in_loops(op f, const std::string& u);

/// The libm declarations and cr_ helpers that `body` calls, in a fixed order. The helpers are
/// static inline: a unit that uses none of them compiles without an unused-function warning.
std::string c_preamble(const std::string& body);

}  // namespace chainrule::codegen::detail
