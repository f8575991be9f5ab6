// Names and classes of the tensor ops.
#include "chainrule/tensor/op.hpp"

#include <ostream>

namespace chainrule::tensor {

std::string_view name(tensor_op o) {
    switch (o) {
    case tensor_op::constant: return "constant";
    case tensor_op::variable: return "variable";
    case tensor_op::map: return "map";
    case tensor_op::add: return "+";
    case tensor_op::mul: return "*";
    case tensor_op::pow: return "^";
    case tensor_op::max: return "max";
    case tensor_op::min: return "min";
    case tensor_op::broadcast: return "broadcast";
    case tensor_op::matmul: return "@";
    case tensor_op::transpose: return "transpose";
    case tensor_op::outer: return "outer";
    case tensor_op::diag: return "diag";
    case tensor_op::sum: return "sum";
    case tensor_op::softmax: return "softmax";
    case tensor_op::logsumexp: return "logsumexp";
    case tensor_op::element: return "element";
    case tensor_op::row: return "row";
    case tensor_op::column: return "column";
    case tensor_op::stack: return "stack";
    case tensor_op::named: return "named";
    }
    return "?";
}

bool is_elementwise(tensor_op o) {
    switch (o) {
    case tensor_op::map:
    case tensor_op::add:
    case tensor_op::mul:
    case tensor_op::pow:
    case tensor_op::max:
    case tensor_op::min: return true;
    case tensor_op::constant:
    case tensor_op::variable:
    case tensor_op::broadcast:
    case tensor_op::matmul:
    case tensor_op::transpose:
    case tensor_op::outer:
    case tensor_op::diag:
    case tensor_op::sum:
    case tensor_op::softmax:
    case tensor_op::logsumexp:
    case tensor_op::element:
    case tensor_op::row:
    case tensor_op::column:
    case tensor_op::stack:
    case tensor_op::named: return false;
    }
    return false;
}

std::ostream& operator<<(std::ostream& out, tensor_op o) { return out << name(o); }

}  // namespace chainrule::tensor
