// lowerer::twin, shared by the lowering's source files (lower.cpp, lower_derivative.cpp).
#pragma once

#include "chainrule/core/error.hpp"
#include "chainrule/lang/lower.hpp"

namespace chainrule::lang {

// The tensor twin of a result that `build` makes from its operands' twins; no_tensor when an
// operand has none. The scalar path has already accepted the operation, so a refusal here is
// not the user's error: the value just has no twin and is handled element by element.
template <class Build>
tensor::tensor_id lowerer::twin(std::initializer_list<const value*> operands, Build build) {
    for (const value* v : operands)
        if (v->twin == tensor::no_tensor) return tensor::no_tensor;
    try {
        return build();
    } catch (const chainrule::error&) {
        return tensor::no_tensor;
    }
}

}  // namespace chainrule::lang
