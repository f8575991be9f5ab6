#pragma once
/// \file
/// A model program: what every evaluator computes. A scalar loss of inputs (per-sample data)
/// and params (shared), and its gradient with respect to the params, as one CSE program whose
/// output 0 is the loss and output 1 + k is d loss / d params[k] (reverse mode,
/// diff/reverse.hpp).

#include "chainrule/codegen/layout.hpp"
#include "chainrule/graph/graph.hpp"
#include "chainrule/simplify/cse.hpp"

#include <span>
#include <vector>

namespace chainrule::codegen {

/// The loss, its gradient nodes and their CSE program.
struct model_program {
    argument_layout layout;          ///< x[k] = layout.inputs[k], p[k] = layout.params[k]
    node_id loss = no_node;          ///< the scalar loss (without named nodes: see without_names)
    std::vector<node_id> gradient;   ///< d loss / d layout.params[k]
    cse_result program;              ///< outputs: loss, then gradient[0], gradient[1], ...
};

/// The model program of `loss` over g: adds the gradient nodes to g and runs CSE over the loss
/// and the gradient together (shared subexpressions of the forward and reverse sweeps become
/// one temporary). Throws usage_error when an id is unknown, a listed node is not a variable,
/// a variable is listed twice or with the wrong kind, or the loss reaches a variable that is
/// neither listed input nor param.
model_program make_model_program(graph& g, node_id loss, std::span<const node_id> inputs,
                                 std::span<const node_id> params);

/// The program of the loss alone (output 0 only), for comparing value-only evaluation.
model_program value_only(const graph& g, const model_program& m);

}  // namespace chainrule::codegen
