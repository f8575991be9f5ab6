#pragma once
/// \file
/// The pure C emitter: a CSE program (simplify/cse.hpp) as C99 source. The source depends only
/// on the program and the layout, so the same graph gives byte-identical source in every
/// process, and it contains no text from the model: every identifier, number and comment is
/// generated (variables are read by slot, argument_layout).
///
/// The emitted source defines, for a program with K outputs over a layout of NX inputs and NP
/// params (documented here because it is the contract of `chainrule compile`):
///
///     const long chainrule_layout[3];   // {NX, NP, K}
///     void chainrule_eval(const double *x, const double *p, double *out);
///         // out[k] = output k at inputs x[0..NX) and params p[0..NP)
///     void chainrule_eval_batch(long n, const double *x, const double *p, int mean,
///                               double *out);
///         // samples i = 0..n-1 read inputs x[i*NX .. i*NX+NX) (sample-major) and the same
///         // params; out[k] = the sum over samples of output k, divided by n when mean != 0
///         // (summed in sample order: the first sample is written to out[] directly, each later
///         // one added; n <= 0 gives zeros). The scratch (a sample's outputs, and temporaries
///         // passed between the parts of a long program) lives on the stack up to 4096 values,
///         // else on the heap; if that allocation fails, out[] is NaN.
///
/// Arrays must not overlap. The functions keep no state (safe to call from several threads).
///
/// For a model program (program.hpp) output 0 is the loss and output 1 + k its partial
/// derivative with respect to param k, so one call gives the value and the whole gradient.
///
/// Semantics at kinks, matching diff/partials.cpp and graph's folding: step(u) = 1 for u > 0,
/// else 0 (so step(0) = 0); sign(u) = 1 for u > 0, -1 for u < 0, else 0; relu(u) = u for u > 0,
/// else 0; max and min give the first operand on a tie; |u| is fabs. relu' and max'/min' are
/// written through step and |.|' as sign, so they are 0 (or the documented tie) at the kink and
/// no NaN comes out of an inactive branch. A NaN operand propagates through every helper.
/// sigmoid and softplus are evaluated without overflow (exp of a non-positive argument only).
/// Temporaries are `const double` locals.
/// The first sample's outputs are written to out[] (directly, or copied from the scratch array
/// when the program is in parts) and each later sample's computed into scratch and added, so a
/// batch of one makes no zeroing, adding or dividing pass over the K outputs.
///
/// A long program is split into parts (c_options). Its source can also be compiled as several
/// translation units at once: with -DCR_UNITS=n -DCR_UNIT=i, unit i holds the parts j with
/// j % n == i (hidden symbols), and unit 0 also the exported functions; the n objects linked
/// together make the same library (cc_toolchain.hpp does this). Without CR_UNIT the source is
/// one ordinary translation unit.

#include "chainrule/codegen/layout.hpp"
#include "chainrule/graph/graph.hpp"
#include "chainrule/simplify/cse.hpp"

#include <cstddef>
#include <string>

namespace chainrule::codegen {

/// How the source is laid out.
struct c_options {
    /// Largest number of statements in one C function: a longer program is split into
    /// functions `cr_part0`, `cr_part1`, ... (temporaries read across them pass through the
    /// scratch array), because gcc's compile time grows faster than linearly with the size of one
    /// function. The values computed are the same.
    std::size_t statements_per_function = 256;
};

/// The emitted source and its size.
struct c_source {
    std::string text;         ///< the C99 translation unit
    std::size_t statements;   ///< number of assignments and output statements in the body
};

/// The CSE program `program` of g as C source (see the file comment for the functions it
/// defines). Throws usage_error when an output reaches a variable that `layout` does not hold,
/// limit_error when a constant is outside the range of double.
c_source emit_c(const graph& g, const cse_result& program, const argument_layout& layout, const c_options& options = {});

}  // namespace chainrule::codegen
