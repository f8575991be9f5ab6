// `show ... as graph`: a graph picture (lang/picture.hpp) as Graphviz DOT, with HTML-like labels:
// the node's words on top, then its values (forward, green) and adjoints (backward, red).
#include "chainrule/lang/render.hpp"

#include <sstream>

namespace chainrule::lang {

namespace {

constexpr const char* forward_colour = "#1a7f37";   // values flowing forward
constexpr const char* backward_colour = "#cf222e";  // gradients flowing back

/// `s` inside an HTML-like label: & < > " escaped.
std::string html(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

/// `s` inside a DOT double-quoted string.
std::string dot_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

/// "0.5", "[0.5, 1, 2, …]" for a node of `elements` elements with the first few values listed.
std::string listed(const std::vector<std::string>& values, std::size_t elements) {
    if (elements == 1 && values.size() == 1) return values[0];
    std::string out = "[";
    for (std::size_t k = 0; k < values.size(); ++k) out += (k ? ", " : "") + values[k];
    if (values.size() < elements) out += ", …";
    return out + "]";
}

std::string label(const graph_picture& p, const picture_node& n) {
    std::string head = n.label;
    if (!n.shape.empty() && n.kind != picture_kind::operation) {
        // "W [2×3]" for a variable, "h [3] = tanh(...)" for a definition
        const std::size_t eq = head.find(" = ");
        const std::string shape = " [" + n.shape + "]";
        head = eq == std::string::npos ? head + shape : head.substr(0, eq) + shape + head.substr(eq);
    }
    std::string out = "<";
    out += html(head);
    if (!n.values.empty())
        out += "<br/><font color=\"" + std::string(forward_colour) + "\">" + html(listed(n.values, n.elements)) + "</font>";
    if (!n.adjoints.empty()) {
        const std::string name = n.kind == picture_kind::expression || n.name.empty() ? "" : "∂" + p.of + "/∂" + n.name + " = ";
        out += "<br/><font color=\"" + std::string(backward_colour) + "\">" + html(name + listed(n.adjoints, n.elements)) +
               "</font>";
    }
    return out + ">";
}

std::string shape_of(picture_kind k) {
    switch (k) {
    case picture_kind::input: return "ellipse";
    case picture_kind::param: return "ellipse, style=filled, fillcolor=\"#fff8c5\"";
    case picture_kind::constant: return "plaintext";
    case picture_kind::definition: return "box, style=rounded";
    case picture_kind::expression: return "box, style=\"rounded,bold\"";
    case picture_kind::operation: return "circle, margin=0.02";
    }
    return "box";
}

}  // namespace

std::string render_dot(const graph_picture& p) {
    std::ostringstream out;
    out << "digraph chainrule {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11, margin=\"0.22,0.06\"];\n"
        << "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#57606a\"];\n";
    if (!p.note.empty()) out << "  label=" << dot_string(p.note) << ";\n  labelloc=b;\n  fontsize=10;\n";
    for (std::size_t k = 0; k < p.nodes.size(); ++k) {
        const picture_node& n = p.nodes[k];
        out << "  n" << k << " [label=" << label(p, n) << ", shape=" << shape_of(n.kind) << "];\n";
    }
    for (const picture_edge& e : p.edges) {
        out << "  n" << e.from << " -> n" << e.to;
        std::string text = e.operand;
        if (!e.partial.empty()) text += (text.empty() ? "" : ": ") + e.partial;
        if (!text.empty()) out << " [label=" << dot_string(text) << ", fontcolor=\"#0550ae\"]";
        out << ";\n";
    }
    out << "}\n";
    return out.str();
}

}  // namespace chainrule::lang
