// GiNaC functions for the chainrule ops GiNaC lacks (sigmoid, softplus, relu, max, min) or
// defines differently (GiNaC's step(0) is 1/2, chainrule's step(0) is 0; GiNaC's csgn has
// sign's values but no derivative).
#include "chainrule/graph/ginac_functions.hpp"

namespace chainrule::gfn {

using GiNaC::ex;
using GiNaC::numeric;

namespace {

bool is_real_number(const ex& x) { return GiNaC::is_exactly_a<numeric>(x) && GiNaC::ex_to<numeric>(x).is_real(); }
const numeric& num(const ex& x) { return GiNaC::ex_to<numeric>(x); }

// sigmoid(u) = 1 / (1 + exp(-u))
ex sigmoid_eval(const ex& u) {
    if (is_real_number(u) && num(u).is_zero()) return numeric(1, 2);
    return sigmoid(u).hold();
}
ex sigmoid_evalf(const ex& u) {
    if (!is_real_number(u)) return sigmoid(u).hold();
    return numeric(1) / (numeric(1) + GiNaC::exp(-num(u).evalf()));
}
// d sigmoid(u) = sigmoid(u) (1 - sigmoid(u)) du
ex sigmoid_deriv(const ex& u, unsigned) { return sigmoid(u) * (1 - sigmoid(u)); }

// softplus(u) = log(1 + exp(u))
ex softplus_eval(const ex& u) { return softplus(u).hold(); }
ex softplus_evalf(const ex& u) {
    if (!is_real_number(u)) return softplus(u).hold();
    // evalf() again: at an exact 0 every step stays exact (0.evalf() is 0, 1 + e^0 = 2), and
    // log(2) would be left unevaluated
    return GiNaC::log(numeric(1) + GiNaC::exp(num(u).evalf())).evalf();
}
// d softplus(u) = sigmoid(u) du
ex softplus_deriv(const ex& u, unsigned) { return sigmoid(u); }

// relu(u) = max(u, 0)
ex relu_eval(const ex& u) {
    if (is_real_number(u)) return num(u).is_positive() ? u : ex(0);
    return relu(u).hold();
}
// d relu(u) = step(u) du
ex relu_deriv(const ex& u, unsigned) { return unit_step(u); }

// step(u) = 1 for u > 0, 0 for u <= 0
ex unit_step_eval(const ex& u) {
    if (is_real_number(u)) return num(u).is_positive() ? ex(1) : ex(0);
    return unit_step(u).hold();
}
// d step(u) = 0 (almost everywhere)
ex unit_step_deriv(const ex&, unsigned) { return 0; }

// sign(u) = 1 for u > 0, -1 for u < 0, 0 at 0; sign(c u) = sign(c) sign(u) for a real number c
ex sign_eval(const ex& u) {
    if (is_real_number(u)) return num(u).is_positive() ? ex(1) : num(u).is_negative() ? ex(-1) : ex(0);
    if (GiNaC::is_exactly_a<GiNaC::mul>(u)) {
        const ex c = u.op(u.nops() - 1);  // a product keeps its numeric coefficient last
        if (is_real_number(c) && !num(c).is_zero() && !c.is_equal(1)) {
            const ex rest = sign(u / c).hold();
            return num(c).is_positive() ? rest : -rest;
        }
    }
    return sign(u).hold();
}
// d sign(u) = 0 (almost everywhere; the jump at 0 is not differentiated)
ex sign_deriv(const ex&, unsigned) { return 0; }

ex max_eval(const ex& u, const ex& v) {
    if (is_real_number(u) && is_real_number(v)) return num(u) >= num(v) ? u : v;
    if (u.is_equal(v)) return u;
    return max(u, v).hold();
}
// d max(u, v) = (1 - step(v - u)) du + step(v - u) dv
ex max_deriv(const ex& u, const ex& v, unsigned which) {
    return which == 0 ? 1 - unit_step(v - u) : unit_step(v - u);
}

ex min_eval(const ex& u, const ex& v) {
    if (is_real_number(u) && is_real_number(v)) return num(u) <= num(v) ? u : v;
    if (u.is_equal(v)) return u;
    return min(u, v).hold();
}
// d min(u, v) = (1 - step(u - v)) du + step(u - v) dv
ex min_deriv(const ex& u, const ex& v, unsigned which) {
    return which == 0 ? 1 - unit_step(u - v) : unit_step(u - v);
}

}  // namespace

REGISTER_FUNCTION(sigmoid, eval_func(sigmoid_eval).evalf_func(sigmoid_evalf).derivative_func(sigmoid_deriv).latex_name("\\sigma"))
REGISTER_FUNCTION(softplus, eval_func(softplus_eval).evalf_func(softplus_evalf).derivative_func(softplus_deriv).latex_name("\\operatorname{softplus}"))
REGISTER_FUNCTION(relu, eval_func(relu_eval).evalf_func(relu_eval).derivative_func(relu_deriv).latex_name("\\operatorname{relu}"))
REGISTER_FUNCTION(unit_step, eval_func(unit_step_eval).evalf_func(unit_step_eval).derivative_func(unit_step_deriv).latex_name("\\operatorname{step}"))
REGISTER_FUNCTION(sign, eval_func(sign_eval).evalf_func(sign_eval).derivative_func(sign_deriv).latex_name("\\operatorname{sign}"))
REGISTER_FUNCTION(max, eval_func(max_eval).evalf_func(max_eval).derivative_func(max_deriv).latex_name("\\max"))
REGISTER_FUNCTION(min, eval_func(min_eval).evalf_func(min_eval).derivative_func(min_deriv).latex_name("\\min"))

}  // namespace chainrule::gfn
