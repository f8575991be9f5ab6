#pragma once
/// \file
/// The interpreter: a CSE program compiled to a flat list of register instructions and run in
/// C++. Always available (no compiler), and it performs exactly the double operations of the
/// emitted C (both read the program through the same lowering), so it agrees with the compiled
/// backends bit for bit on the same machine.

#include "chainrule/codegen/layout.hpp"
#include "chainrule/graph/graph.hpp"
#include "chainrule/simplify/cse.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chainrule::codegen {

/// A CSE program as register instructions. Independent of the graph once built (so it may run
/// on any thread).
class interpreted_program {
public:
    /// Compiles `program` of g with the variables at their slots in `layout`. Throws
    /// usage_error when the program reads a variable the layout does not hold.
    interpreted_program(const graph& g, const cse_result& program, const argument_layout& layout);

    /// Number of outputs.
    std::size_t output_count() const noexcept { return outputs_.size(); }
    /// Number of registers a run needs.
    std::size_t register_count() const noexcept { return registers_; }
    /// Number of instructions.
    std::size_t size() const noexcept { return code_.size(); }

    /// The outputs at inputs x and params p written to out[0..output_count()) (`first`, the
    /// first sample of a batch) or added to it (the later ones, as the C batch function does);
    /// `registers` is scratch space of register_count() doubles.
    void accumulate(const double* x, const double* p, double* out, double* registers, bool first) const;

private:
    struct instruction {
        std::uint8_t kind;  // detail::form
        std::uint32_t dst;
        std::uint32_t a;
        std::uint32_t b;
        double value;       // number; or the slot of an input or param
    };
    std::vector<instruction> code_;
    std::vector<std::uint32_t> outputs_;
    std::size_t registers_ = 0;

    friend class interpreter_builder;
};

}  // namespace chainrule::codegen
