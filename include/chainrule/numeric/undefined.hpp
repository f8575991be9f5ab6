#pragma once
/// \file
/// The error of a numeric evaluation that met an undefined operation: the node where it
/// happened and why, as data, so that callers above can name the node by its expression and
/// say with which inputs.

#include "chainrule/core/error.hpp"
#include "chainrule/graph/graph.hpp"

#include <string>

namespace chainrule::numeric {

/// Why a value is missing.
enum class value_failure {
    undefined,  ///< the operation has no value there (log of -1, 1/0)
    overflow,   ///< the value exists but the arithmetic cannot hold it (exp(1000) in double: inf or NaN)
};

/// An operation undefined at the values it met (log of -1, 1/0, exp(1000) in double), at
/// `node`. what() reads "WHO: REASON at node N"; reason() is REASON alone.
class undefined_value : public domain_error {
public:
    undefined_value(const std::string& who, node_id node, std::string reason,
                    value_failure failure = value_failure::undefined)
        : domain_error(who + ": " + reason + " at node " + std::to_string(node)), node_(node),
          reason_(std::move(reason)), failure_(failure) {}
    /// The node whose value is undefined.
    node_id node() const noexcept { return node_; }
    /// Whether it is undefined or overflowed.
    value_failure failure() const noexcept { return failure_; }
    /// Why, without the node: "log(-1) of a number <= 0".
    const std::string& reason() const noexcept { return reason_; }

private:
    node_id node_;
    std::string reason_;
    value_failure failure_;
};

}  // namespace chainrule::numeric
