#pragma once
/// \file
/// A graph lowered to a flat instruction list: the nodes reachable from some roots, one
/// instruction each, in ascending node id order (operands before users), each naming its
/// operands by slot (instruction index). The evaluator and the tape run programs, never the
/// graph, so a program can be run at many points and outlives no graph state.

#include "chainrule/graph/graph.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chainrule::numeric {

/// Index of an instruction (and of its value) in a program.
using slot = std::uint32_t;

/// The slot no instruction has.
inline constexpr slot no_slot = std::numeric_limits<slot>::max();

/// One instruction: the op of graph node `node`, applied to the values in slots lhs and rhs.
struct instruction {
    op kind = op::constant;
    slot lhs = no_slot;          ///< first operand (functions and binary ops)
    slot rhs = no_slot;          ///< second operand (binary ops)
    std::uint32_t payload = 0;   ///< constant: index in constants(); variable: index in variables()
    node_id node = no_node;      ///< the graph node lowered here
};

/// A variable leaf of a program.
struct program_variable {
    node_id node = no_node;  ///< its graph node (the key of a point)
    std::string name;        ///< its name, for messages
};

/// The nodes reachable from some roots of a graph, lowered to instructions (iteratively: fit
/// for graphs a million nodes deep).
class program {
public:
    /// Lowers every node reachable from `roots`. Throws usage_error for an unknown root id.
    program(const graph& g, std::span<const node_id> roots);

    /// The instructions, operands first.
    const std::vector<instruction>& instructions() const noexcept { return code_; }
    /// Number of instructions.
    std::size_t size() const noexcept { return code_.size(); }
    /// The exact constants, indexed by a constant instruction's payload.
    const std::vector<rational>& constants() const noexcept { return constants_; }
    /// The variables, indexed by a variable instruction's payload.
    const std::vector<program_variable>& variables() const noexcept { return variables_; }
    /// The slot of each root, in the order given.
    const std::vector<slot>& roots() const noexcept { return roots_; }
    /// The slot of graph node n, if it was lowered.
    std::optional<slot> slot_of(node_id n) const;
    /// The exact exponent of instruction i when it is a pow whose exponent is a constant.
    const rational* constant_exponent(slot i) const;

private:
    std::vector<instruction> code_;
    std::vector<rational> constants_;
    std::vector<program_variable> variables_;
    std::vector<slot> roots_;
};

}  // namespace chainrule::numeric
