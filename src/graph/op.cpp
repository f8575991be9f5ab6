#include "chainrule/graph/op.hpp"

#include <ostream>

namespace chainrule {

int arity(op o) {
    switch (o) {
    case op::constant:
    case op::variable: return 0;
    case op::exp:
    case op::log:
    case op::sqrt:
    case op::sin:
    case op::cos:
    case op::tan:
    case op::tanh:
    case op::cosh:
    case op::sigmoid:
    case op::softplus:
    case op::relu:
    case op::abs:
    case op::step:
    case op::sign:
    case op::named: return 1;
    case op::add:
    case op::mul:
    case op::pow:
    case op::max:
    case op::min: return 2;
    }
    return 0;
}

std::string_view name(op o) {
    switch (o) {
    case op::constant: return "constant";
    case op::variable: return "variable";
    case op::add: return "+";
    case op::mul: return "*";
    case op::pow: return "^";
    case op::exp: return "exp";
    case op::log: return "log";
    case op::sqrt: return "sqrt";
    case op::sin: return "sin";
    case op::cos: return "cos";
    case op::tan: return "tan";
    case op::tanh: return "tanh";
    case op::cosh: return "cosh";
    case op::sigmoid: return "sigmoid";
    case op::softplus: return "softplus";
    case op::relu: return "relu";
    case op::abs: return "abs";
    case op::step: return "step";
    case op::sign: return "sign";
    case op::max: return "max";
    case op::min: return "min";
    case op::named: return "named";
    }
    return "?";
}

bool is_smooth(op o) {
    switch (o) {
    case op::relu:
    case op::abs:
    case op::step:
    case op::sign:
    case op::max:
    case op::min: return false;
    case op::constant:
    case op::variable:
    case op::add:
    case op::mul:
    case op::pow:
    case op::exp:
    case op::log:
    case op::sqrt:
    case op::sin:
    case op::cos:
    case op::tan:
    case op::tanh:
    case op::cosh:
    case op::sigmoid:
    case op::softplus:
    case op::named: return true;
    }
    return true;
}

bool is_partial_function(op o) {
    switch (o) {
    case op::log:     // x > 0
    case op::sqrt:    // x >= 0
    case op::tan:     // cos x != 0
        return true;
    case op::constant:
    case op::variable:
    case op::add:
    case op::mul:
    case op::pow:
    case op::max:
    case op::min:
    case op::exp:
    case op::sin:
    case op::cos:
    case op::tanh:
    case op::cosh:
    case op::sigmoid:
    case op::softplus:
    case op::relu:
    case op::abs:
    case op::step:
    case op::sign:
    case op::named: return false;
    }
    return false;
}

std::ostream& operator<<(std::ostream& out, op o) { return out << name(o); }

}  // namespace chainrule
