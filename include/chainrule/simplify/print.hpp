#pragma once
/// \file
/// Deterministic printing of expressions and CSE programs, as plain text and as LaTeX.
///
/// The output depends only on the expression, never on node ids or the order nodes were
/// created, so the same expression built two ways prints the same, in every process. Sums and
/// products are flattened; u + (-1)*v prints as `u - v`, u*v^(-1) as `u/v`, u^(1/2) as
/// `sqrt(u)`, (c*u)^(-1) as a denominator `1/(c*u)`; numeric terms of a sum and numeric factors
/// of a product are combined, a repeated term gets a coefficient (`x + x` is `2*x`, `x - x` is
/// `0`) and a repeated factor an exponent (`x*x` is `x^2`); a power and an inverse power of the
/// same base are not cancelled (`x^2/x`), since that would hide that x = 0 is excluded.
///
/// Order of terms in a sum: higher degree first, then positive before negative, then the terms
/// without their coefficients in graded lexicographic order (x^2, x*y, y^2; names in natural
/// order: x2 before x10), then by coefficient; the first positive term is then moved to the
/// front: `w*x + b`, `a - y`, `1 - a`, `x^2 - x + 1`, `x^2 + x*y + y^2 - w^2`.
/// Order of factors in a product: the numeric coefficient first, then factors without
/// variables, then by their first variable name, then variables before powers before function
/// calls before parenthesised sums, then by text: `a*(1 - a)*(a - y)*x`.
///
/// The plain text reads back as the same expression with GiNaC's parser when the variable names
/// are plain identifiers (and sigmoid, softplus, relu, step, sign, max, min are given their
/// meaning).

#include "chainrule/graph/graph.hpp"
#include "chainrule/simplify/cse.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <unordered_map>

namespace chainrule {

/// Limits on one printed expression (a CSE program is limited line by line).
struct print_limits {
    /// Largest tree size (nodes counted with repetition) of one printed expression.
    std::size_t max_tree_size = 20000;
    /// Largest nesting depth, in levels (a leaf is 1, sin(x) is 2).
    std::size_t max_depth = 1000;
};

/// Size and depth of an expression read as a tree.
struct tree_measure {
    /// Number of nodes counted with repetition, saturating at SIZE_MAX.
    std::size_t size = 0;
    /// Number of levels (a leaf is 1).
    std::size_t depth = 0;
};

/// Tree size and depth of node n, computed on the DAG without recursion.
tree_measure measure_tree(const graph& g, node_id n);

/// Names for nodes, e.g. the user's intermediates {z: "z", a: "a"}: a printer given them shows
/// such a node (other than the printed node itself) by its name instead of expanding it.
using node_names = std::unordered_map<node_id, std::string>;

/// Node n as plain text, with the nodes in `names` shown by their names: `(a - y)*a*(1 - a)`.
std::string to_text(const graph& g, node_id n, const node_names& names, print_limits limits = {});

/// Node n as LaTeX, with the nodes in `names` shown by their names.
std::string to_latex(const graph& g, node_id n, const node_names& names, print_limits limits = {});

/// A variable or element name as the printers write it in LaTeX: `x`, `w_{1}` for w1, `\alpha`
/// for alpha, `W_{1,2}` for W[1,2].
std::string latex_name(std::string_view name);

/// latex_name as the printers write it for graph g: a name that an element of g would also
/// print as (x1 while x[1] is a variable or a named element) is written whole, `\mathrm{x1}`.
std::string latex_name(const graph& g, std::string_view name);

/// Node n as plain text, e.g. `(a - y)^2/2`. Throws limit_error past the limits (print the
/// CSE form instead).
std::string to_text(const graph& g, node_id n, print_limits limits = {});

/// Node n as LaTeX math (without delimiters), e.g. `\frac{\left(a - y\right)^{2}}{2}`.
/// Throws limit_error past the limits.
std::string to_latex(const graph& g, node_id n, print_limits limits = {});

/// A CSE program as text, one line each: `t1 = ...` for the assignments, then
/// `name = ...` for each output, named by `output_names` (one per output, written as given).
/// Throws usage_error when the number of names differs from the number of outputs.
std::string to_text(const graph& g, const cse_result& program, std::span<const std::string> output_names,
                    print_limits limits = {});

/// A CSE program as a LaTeX `aligned` environment, temporaries written t_{1}, t_{2}, ...;
/// the output names are inserted as given (so they may be LaTeX, e.g. `\frac{\partial L}{\partial w}`).
std::string to_latex(const graph& g, const cse_result& program, std::span<const std::string> output_names,
                     print_limits limits = {});

/// Three-way comparison of names in the printers' natural order: runs of digits compare as
/// numbers (x2 < x10, z[2] < z[10]), everything else bytewise; 0 only for equal names.
int natural_compare(std::string_view a, std::string_view b);

/// The prefix of the temporaries' names in printed programs: "t", with "_" appended while some
/// variable of g is named prefix + digits (so a temporary never looks like a variable).
std::string temp_prefix(const graph& g);

}  // namespace chainrule
