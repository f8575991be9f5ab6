#pragma once
// Internal: the forward sweep of a program (the value of every slot at a point), shared by the
// evaluator, the tape and finite differences. One loop in slot order: no recursion.

#include "primal.hpp"

#include <cln/exception.h>

namespace chainrule::numeric::detail {

/// Translates a failure of CLN inside `where` into a chainrule domain_error.
[[noreturn]] inline void translate_cln(const cln::runtime_exception& e, const context& where) {
    undefined(where, std::string("the arithmetic failed (") + e.what() + ")");
}

/// The value of every slot of p at `at`. In an arithmetic with infinities (double) an infinite
/// or NaN value is a domain_error naming the op.
template <class T>
std::vector<T> forward(const program& p, const point& at, const arithmetic<T>& a, const char* who) {
    std::vector<T> value;
    value.reserve(p.size());
    context where{who, no_node};
    try {
        for (slot i = 0; i < p.size(); ++i) {
            where.node = p.instructions()[i].node;
            value.push_back(value_of(p, i, value, at, a, where));
            if (!a.finite(value.back())) {
                // a ball is not finite only where it straddles a pole: no verdict at this precision
                if constexpr (std::is_same_v<T, ball>)
                    throw uncertain(std::string(name(p.instructions()[i].kind)) +
                                    " gives no finite enclosure at " + std::to_string(a.bits()) +
                                    " bits (its argument is too large)");
                throw undefined_value(where.who, where.node,
                                      std::string(name(p.instructions()[i].kind)) + " gives " + a.describe(value.back()) +
                                          " (overflow or not a number)",
                                      value_failure::overflow);
            }
        }
    } catch (const cln::runtime_exception& e) {
        translate_cln(e, where);
    }
    return value;
}

}  // namespace chainrule::numeric::detail
