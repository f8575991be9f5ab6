// `show ... as graph`: the expression's nodes as Graphviz DOT text.
#include "chainrule/lang/render.hpp"

#include "chainrule/core/rational.hpp"
#include "chainrule/graph/op.hpp"

#include <sstream>

namespace chainrule::lang {

namespace {

/// `s` inside a DOT double-quoted string.
std::string dot_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::string node_label(const graph& g, node_id n) {
    switch (g.kind(n)) {
    case op::constant: return chainrule::to_string(g.value(n));
    case op::variable: return g.variable_of(n).name;
    case op::add:
    case op::mul:
    case op::pow:
    case op::exp:
    case op::log:
    case op::sqrt:
    case op::sin:
    case op::cos:
    case op::tan:
    case op::tanh:
    case op::cosh:
    case op::sigmoid:
    case op::softplus:
    case op::relu:
    case op::abs:
    case op::step:
    case op::max:
    case op::min: return std::string(name(g.kind(n)));
    case op::named: return g.label_of(n);  // not drawn: see render_dot
    }
    return "?";
}

}  // namespace

std::string render_dot(const graph& g, std::span<const node_id> roots, const name_table& names) {
    std::ostringstream out;
    out << "digraph chainrule {\n  rankdir=BT;\n  node [shape=box];\n";
    // a definition's named node is drawn as the expression it names, which carries the name
    const std::vector<node_id> nodes = g.reachable(roots);
    const auto drawn = [&](node_id n) { return g.unnamed(n); };
    for (node_id n : nodes) {
        const node nd = g.at(n);
        if (nd.kind == op::named) continue;
        std::string label = node_label(g, n);
        if (const std::string* s = names.find(n); s && nd.kind != op::variable) label = *s + " = " + label;
        out << "  n" << n << " [label=\"" << dot_escape(label) << "\"";
        if (nd.kind == op::variable) out << ", shape=ellipse";
        if (nd.kind == op::constant) out << ", shape=plaintext";
        out << "];\n";
    }
    for (node_id n : nodes) {
        const node nd = g.at(n);
        if (nd.kind == op::named) continue;
        const int k = arity(nd.kind);
        if (k >= 1) out << "  n" << drawn(nd.lhs) << " -> n" << n << (k == 2 ? " [label=\"u\"]" : "") << ";\n";
        if (k == 2) out << "  n" << drawn(nd.rhs) << " -> n" << n << " [label=\"v\"];\n";
    }
    out << "}\n";
    return out.str();
}

}  // namespace chainrule::lang
