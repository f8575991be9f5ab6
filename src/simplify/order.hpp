#pragma once
// The stable human order of printed terms and factors (the rules are stated in
// include/chainrule/simplify/print.hpp). Every comparison is on printed text, degrees and
// variable names, never on node ids, so the order does not depend on how a graph was built.

#include "layout.hpp"

#include <vector>

namespace chainrule::detail {

/// Merges factors whose bases print the same (x*x^2 = x^3, but x^2/x stays) and sorts them:
/// factors without variables first, then by least variable name, then variables before powers
/// before calls before parenthesised sums, then by text.
void order_factors(const std::vector<item>& items, std::vector<factor>& factors);

/// Merges terms with the same body (x + 2*x = 3*x), drops zero terms, and sorts the rest:
/// higher degree first, then positive before negative, then the bodies in graded
/// lexicographic order (x^2, x*y, y^2), then by coefficient; the first positive term leads.
/// Fills each term's degree.
std::vector<term> order_terms(const std::vector<item>& items, std::vector<term> terms);

/// Total degree of a product of factors (a variable, a temporary, a call or power with variables
/// count 1).
rational degree_of(const std::vector<item>& items, const std::vector<factor>& factors);

/// The lesser of two least variable names, null (no variables) ignored.
const std::string* least_name(const std::string* a, const std::string* b);

/// The least variable name in the bases of `factors` (null when there is none).
const std::string* least_name_of(const std::vector<item>& items, const std::vector<factor>& factors);

}  // namespace chainrule::detail
