#pragma once
/// \file
/// The certified evaluator: decimals of graph values in which every digit shown is right.
/// Values are computed in ball arithmetic (ball.hpp) at a rising working precision, from
/// `start_bits` doubling up to the ceiling `max_bits`, until each value's ball decides its
/// decimal: the whole ball rounds to the same `digits` significant digits (correct rounding,
/// to nearest). Rational values known exactly along the way are rounded exactly. A sign the
/// balls cannot decide (a kink, a domain check, a pole) also raises the precision.
///
/// Past the ceiling a value shows the digits its ball does decide, and says how many; a value
/// with none (it is 0, or a kink is met exactly at a value that is not rational, where balls
/// never shrink to one side) is an `uncertain` error, never a guess.

#include "chainrule/numeric/ball.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chainrule::numeric {

/// The precisions of certified evaluation.
struct certified_limits {
    long start_bits = 128;    ///< the first working precision
    long max_bits = 33280;    ///< the ceiling: about 10,000 decimal digits
};

/// One value, certified.
struct certified_value {
    std::optional<rational> exact;  ///< the value, when it is rational and was known exactly
    std::string decimal;            ///< rounded to `digits` significant digits, every one right
    int digits = 0;                 ///< the digits shown: those asked for, or fewer past the ceiling
    long bits = 0;                  ///< the working precision that decided them (0: exact)
};

/// The values of `roots` at `at` with `digits` significant digits (1 to 10,000). Throws
/// domain_error where a value is undefined (division by 0, log of a number <= 0, ...), usage_error
/// for an unbound variable, uncertain when a value has no certain digit at the ceiling.
std::vector<certified_value> certify(const graph& g, std::span<const node_id> roots, const point& at, int digits,
                                     const certified_limits& limits = {});

/// A value undefined at one row of certify_mean: the row (from 0) and why.
class row_error : public domain_error {
public:
    row_error(std::size_t row, const std::string& why, node_id node = no_node, std::string reason = {})
        : domain_error(why), row_(row), node_(node), reason_(std::move(reason)) {}
    /// The row, from 0.
    std::size_t row() const noexcept { return row_; }
    /// The node whose value is undefined (undefined_value's), or no_node.
    node_id node() const noexcept { return node_; }
    /// undefined_value's reason, when node() is set.
    const std::string& reason() const noexcept { return reason_; }

private:
    std::size_t row_;
    node_id node_;
    std::string reason_;
};

/// The means of `roots` over `rows` points, `row(r)` giving the r-th, with `digits` significant
/// digits, certified as certify's values are: the balls of every row are summed and divided by
/// `rows` exactly at each working precision, so a mean is exact when every value is rational.
/// Throws row_error for a value undefined at a row (or a variable it leaves unbound), uncertain
/// as certify does, usage_error for no rows.
std::vector<certified_value> certify_mean(const graph& g, std::span<const node_id> roots, std::size_t rows,
                                          const std::function<point(std::size_t)>& row, int digits,
                                          const certified_limits& limits = {});

/// The working precisions tried, in bits: start, 2 start, 4 start, ..., up to max_bits.
std::vector<long> precisions(const certified_limits& limits);

/// max_bits in decimal digits (about bits log10 2).
long ceiling_digits(const certified_limits& limits);

}  // namespace chainrule::numeric
