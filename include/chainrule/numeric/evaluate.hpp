#pragma once
/// \file
/// The forward evaluator: values of graph nodes at a point, in any arithmetic of scalar.hpp.

#include "chainrule/numeric/scalar.hpp"

#include <span>
#include <vector>

namespace chainrule::numeric {

/// The values of `roots` at `at`, in the order given, computed node by node (each reachable node
/// once, iteratively, no recursion: graphs can be 1,000,000 deep). Every variable the roots reach
/// must be bound (usage_error naming it otherwise). Undefined operations throw
/// chainrule::domain_error naming the operation and the node: 0 to a negative power (division by
/// 0), log of x <= 0, sqrt of x < 0, a negative base to a non-integer power, tan exactly at a
/// pole; in double an infinite or NaN result (overflow) is a domain_error too, and in CLN floats
/// an exponent overflow. arithmetic<rational> throws not_rational for ops without exact values and
/// limit_error for an exact power of more than max_rational_digits digits.
/// Instantiated for double, cln::cl_F, rational and running_error.
template <class T>
std::vector<T> evaluate(const graph& g, std::span<const node_id> roots, const point& at, const arithmetic<T>& a);

}  // namespace chainrule::numeric
