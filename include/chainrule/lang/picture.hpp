#pragma once
/// \file
/// What `show ... as steps` and `show ... as graph` show, as data: the chain-rule steps in the
/// user's names, and a graph picture (nodes, edges, values, adjoints, local partials). Built by
/// the session; printed by lang/render (text, LaTeX, DOT, SVG) and the kernel.

#include "chainrule/graph/graph.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chainrule::lang {

/// One term of a step: ∂of/∂user · ∂user/∂node.
struct step_term {
    std::string user;                 ///< the user's name ("a", "z[1]"), or the output's
    bool direct = false;              ///< the user is the output itself (its adjoint is 1)
    node_id coefficient = no_node;    ///< ∂user/∂node, the other steps held fixed (model graph)
    std::string user_value;           ///< at a point: ∂of/∂user there; empty otherwise
    std::string coefficient_value;    ///< at a point: the coefficient there; empty otherwise
};

/// One line of the steps: ∂of/∂name = sum of terms = adjoint.
struct step_line {
    std::string name;                 ///< "L", "a", "z[1]", "w"
    node_id adjoint = no_node;        ///< model graph
    node_id shown = no_node;          ///< the adjoint as `grad` shows it (display graph)
    std::vector<step_term> terms;     ///< empty for the output (∂of/∂of = 1)
    std::string value;                ///< at a point: the adjoint's value; empty otherwise
};

/// `show E as steps` or `show d(E)/d(v) as steps`, optionally at a point.
struct steps_data {
    std::string of;                   ///< the differentiated expression, as written
    std::optional<std::string> wrt;   ///< d(E)/d(v): v, whose line comes last
    /// In board order: the output, then each step after every step that uses it, elements of
    /// one name in index order; only steps on a path to `wrt` when it is given.
    /// At most session_options::max_intermediates lines, those nearest the output, then the
    /// lines of `wrt`'s elements.
    std::vector<step_line> lines;
    /// How many more steps there are past `lines` (each line prints an adjoint, so a million
    /// definitions would print a quadratic amount).
    std::size_t lines_left_out = 0;
    bool at = false;                  ///< values were computed at a point
};

/// What a picture node stands for.
enum class picture_kind { input, param, constant, definition, expression, operation };

/// One node of a picture.
struct picture_node {
    picture_kind kind = picture_kind::definition;
    std::string name;                 ///< "z", "W"; empty for an operation or an expression
    std::string label;                ///< "z = w*x + b", "x", "W", "sigmoid", "+"
    std::string shape;                ///< "" for a scalar, "3", "2×3"
    std::vector<std::string> values;  ///< at a point: the value, element by element (maybe shortened)
    std::vector<std::string> adjoints;  ///< at a point: ∂of/∂node, element by element
    std::size_t elements = 1;         ///< its number of elements (values hold at most a few)
    std::size_t depth = 0;            ///< edges from the drawn output
};

/// One edge, from an operand to its user.
struct picture_edge {
    std::size_t from = 0;             ///< index into graph_picture::nodes
    std::size_t to = 0;
    std::string operand;              ///< expanded graphs: "u" or "v" for a two-operand op
    std::string partial;              ///< at a point: the local partial ∂to/∂from (scalars only)
};

/// `show E as graph [expanded] [at ...]`.
struct graph_picture {
    std::string of;                   ///< the drawn expression, as written
    bool expanded = false;            ///< one node per scalar operation
    bool at = false;                  ///< values, adjoints and partials were computed
    std::vector<picture_node> nodes;  ///< the drawn output first
    std::vector<picture_edge> edges;
    std::string note;                 ///< why something is left out or summarised; empty if nothing
};

}  // namespace chainrule::lang
