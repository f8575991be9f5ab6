#pragma once
/// \file
/// GiNaC functions for chainrule ops that GiNaC lacks or defines differently. Each evaluates
/// exactly at rational arguments where the value is rational and numerically otherwise, and
/// knows its derivative, so GiNaC's own diff works on converted expressions.

#include <ginac/ginac.h>

namespace chainrule::gfn {

/// sigmoid(u) = 1 / (1 + exp(-u)); d sigmoid(u) = sigmoid(u) (1 - sigmoid(u)) du
DECLARE_FUNCTION_1P(sigmoid)
/// softplus(u) = log(1 + exp(u)); d softplus(u) = sigmoid(u) du
DECLARE_FUNCTION_1P(softplus)
/// relu(u) = max(u, 0); d relu(u) = step(u) du
DECLARE_FUNCTION_1P(relu)
/// step(u) = 1 for u > 0, 0 for u <= 0 (GiNaC's own step(0) is 1/2); d step(u) = 0
DECLARE_FUNCTION_1P(unit_step)
/// sign(u) = 1 for u > 0, -1 for u < 0, 0 at 0; d sign(u) = 0 (as for step). GiNaC's csgn has
/// the same values on the reals but no derivative rule (its diff leaves D[0](csgn)(u)).
DECLARE_FUNCTION_1P(sign)
/// max(u, v); d max = (1 - step(v - u)) du + step(v - u) dv (a tie goes to u)
DECLARE_FUNCTION_2P(max)
/// min(u, v); d min = (1 - step(u - v)) du + step(u - v) dv (a tie goes to u)
DECLARE_FUNCTION_2P(min)

}  // namespace chainrule::gfn
