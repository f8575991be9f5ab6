#pragma once
// `chainrule graph`: a program's computational graph as a picture (SVG through Graphviz, or DOT).

#include <span>
#include <string>
#include <string_view>

namespace chainrule::cli {

/// The help text of `chainrule graph`.
extern const std::string_view graph_help;

/// `chainrule graph [FILE] [-e STATEMENT]... [-o OUT.svg|OUT.dot] [--of NAME] [--at BINDINGS]
/// [--expand] [--json] [EXPR]`.
int command_graph(std::span<const std::string> args);

}  // namespace chainrule::cli
