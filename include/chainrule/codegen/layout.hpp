#pragma once
/// \file
/// The argument layout shared by every evaluator and by the emitted C: which variable of the
/// graph is read from which slot. A compiled function never sees a variable's name; it reads
/// input k from `x[k]` and param k from `p[k]`.

#include "chainrule/graph/graph.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace chainrule::codegen {

/// Where each variable of a program is read from: inputs[k] is `x[k]`, params[k] is `p[k]`.
/// A variable may appear in at most one slot.
struct argument_layout {
    std::vector<node_id> inputs;  ///< x[0], x[1], ... (per-sample data)
    std::vector<node_id> params;  ///< p[0], p[1], ... (shared by every sample of a batch)
};

/// Which array a variable is read from.
enum class argument_array : unsigned char { inputs, params };

/// One variable's slot: its array and index.
struct argument_slot {
    argument_array array = argument_array::inputs;
    std::size_t index = 0;
};

/// The layout of `variables` split by kind (inputs then params, each in the given order).
argument_layout layout_by_kind(const graph& g, const std::vector<node_id>& variables);

/// The slot of variable n in `layout`, or nothing when the layout does not hold it.
std::optional<argument_slot> find_slot(const argument_layout& layout, node_id n);

}  // namespace chainrule::codegen
