#pragma once
/// \file
/// What a session assumes: relations between nodes of its graph (`assume x > 0`,
/// `assume sum(y) = 1`) that later claims may use. Equalities are solved for one variable and
/// substituted; inequalities restrict where points are sampled and tell the symbolic engine
/// which variables are positive.

#include "chainrule/graph/graph.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::verify {

/// The relation of a fact.
enum class relation { less, less_equal, greater, greater_equal, equal, not_equal };

/// `left relation right`, each side a scalar node of the session's graph.
struct fact {
    node_id left = no_node;
    relation rel = relation::equal;
    node_id right = no_node;
    std::string text;  ///< as the user wrote it, for messages: "sum(y) = 1"
    /// Not an assumption but where the claim's derivatives exist (domain_fact): kept out of the
    /// verdict's method, never dropped for sharing no variable with the sides.
    bool domain = false;
};

/// The fact `e >= e`, which holds exactly where e is defined: a point where a derivative
/// d(e)/d(v) exists. Such a point also satisfies every fact of e's own derivatives.
fact domain_fact(node_id e);

/// facts, and domain_fact(domain) unless domain is no_node.
std::vector<fact> with_domain(std::span<const fact> facts, node_id domain);

/// The relation as written: "<", "<=", ">", ">=", "=", "!=".
std::string_view symbol(relation r);

/// Whether `difference` = left - right satisfies the relation (difference compared with 0).
template <class T>
bool holds(relation r, const T& difference) {
    switch (r) {
    case relation::less: return difference < 0;
    case relation::less_equal: return difference <= 0;
    case relation::greater: return difference > 0;
    case relation::greater_equal: return difference >= 0;
    case relation::equal: return difference == 0;
    case relation::not_equal: return difference != 0;
    }
    return false;
}

}  // namespace chainrule::verify
