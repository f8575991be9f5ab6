#pragma once
/// \file
/// The numeric reverse-mode tape: the independent oracle for chainrule's symbolic gradients.
/// It is recorded once from the subgraph of an output (its own instruction list, program.hpp)
/// and run at many points in any arithmetic of scalar.hpp. Its derivative rules are written by
/// hand on numbers (src/numeric/rules.hpp) and never call the symbolic rules or GiNaC.

#include "chainrule/numeric/program.hpp"
#include "chainrule/numeric/scalar.hpp"

#include <span>
#include <vector>

namespace chainrule::numeric {

/// The output's value and its gradient at one point.
template <class T>
struct tape_gradient {
    T value;                ///< the output
    std::vector<T> gradient;  ///< gradient[k] = d output / d wrt[k]
};

/// A reverse-mode tape for d output / d wrt, runnable at many points. Only instructions that
/// depend on some wrt variable are swept, and none reached only through a step or a sign
/// (whose derivative is 0): the same activity as the symbolic sweep, so both are undefined at
/// the same points. Instantiated for double, cln::cl_F, rational and running_error.
template <class T>
class tape {
public:
    /// Records the tape of `output` with respect to `wrt` (variables; a wrt variable the output
    /// does not reach gets derivative 0). Throws usage_error for an unknown id or a wrt node that
    /// is not a variable.
    tape(const graph& g, node_id output, std::span<const node_id> wrt);

    /// The value and gradient at `at`: a forward sweep, then a reverse sweep. Throws as
    /// evaluate() does (unbound variable, undefined op), and domain_error where a derivative is
    /// undefined though the value is not (sqrt at 0, u^c with c < 1 at u = 0, log(u) <= 0 for a
    /// variable exponent), or, in double, overflows.
    tape_gradient<T> run(const point& at, const arithmetic<T>& a) const;

    /// The recorded instructions.
    const program& code() const noexcept { return program_; }

private:
    program program_;
    std::vector<slot> wrt_;     // slot of each wrt variable; no_slot where the output does not reach it
    std::vector<char> active_;  // per slot: depends on some wrt variable
    std::vector<char> swept_;   // per slot: active and reached from the output other than through a step or sign
};

/// One-shot convenience: tape(g, output, wrt).run(at, a).
template <class T>
tape_gradient<T> gradient(const graph& g, node_id output, std::span<const node_id> wrt, const point& at,
                          const arithmetic<T>& a);

}  // namespace chainrule::numeric
