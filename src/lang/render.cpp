// Human text and the bodies of `show`: what `chainrule run` prints for each result.
#include "chainrule/lang/render.hpp"

#include "chainrule/codegen/layout.hpp"
#include "chainrule/core/error.hpp"
#include "chainrule/core/rational.hpp"
#include "chainrule/lang/diagnostic.hpp"
#include "chainrule/lang/source.hpp"
#include "chainrule/lang/value.hpp"
#include "chainrule/simplify/tensor_print.hpp"
#include "render_detail.hpp"

#include <cstdio>
#include <sstream>

namespace chainrule::lang {

node_names printer_names(const name_table& t) {
    node_names out;
    for (const node_name& e : t.entries()) out.emplace(e.node, e.name);
    return out;
}

namespace detail {

std::string printed(const graph& g, node_id n, const node_names& names) {
    try {
        return to_text(g, n, names);
    } catch (const limit_error& e) {
        return std::string("<too large to print: ") + e.what() + ">";
    }
}

std::string printed_latex(const graph& g, node_id n, const node_names& names) {
    try {
        return to_latex(g, n, names);
    } catch (const limit_error& e) {
        return std::string("\\text{too large to print}");
    }
}

std::string one_line(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

bool is_name(std::string_view expression) {
    if (expression.empty() || std::isdigit(static_cast<unsigned char>(expression[0]))) return false;
    for (char c : expression)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}

std::string element_label(std::string_view expression, const shape& dims, std::size_t k) {
    if (dims.is_scalar()) return std::string(expression);
    bool plain = !expression.empty();
    for (char c : expression)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) plain = false;
    std::string base = plain ? std::string(expression) : "(" + std::string(expression) + ")";
    return element_name(base, dims, k);
}

std::string partial_label(std::string_view of, std::string_view wrt) {
    auto wrap = [](std::string_view e) {
        const bool plain = !e.empty() && e.find_first_of(" ()+-*/^@") == std::string_view::npos;
        return plain ? std::string(e) : "(" + std::string(e) + ")";
    };
    return "∂" + wrap(of) + "/∂" + wrap(wrt);
}

std::optional<std::string> exact_omitted(const graph& g, const exact_value& v) {
    if (v.rational_value || v.exact == no_node) return std::nullopt;
    const print_limits limits;
    const tree_measure m = measure_tree(g, v.exact);
    if (m.size <= limits.max_tree_size && m.depth <= limits.max_depth) return std::nullopt;
    char size[32];
    std::snprintf(size, sizeof size, "%.2g", static_cast<double>(m.size));
    return "the exact form is too large to print: a tree of " + std::string(size) + " nodes, " +
           std::to_string(m.depth) + " levels deep (the limits are " + std::to_string(limits.max_tree_size) + " and " +
           std::to_string(limits.max_depth) + "); the decimal is certified";
}

std::string exact_text(const graph& g, const exact_value& v) {
    if (v.rational_value) return chainrule::to_string(*v.rational_value);
    return printed(g, v.exact, {});
}

std::string exact_latex(const graph& g, const exact_value& v) { return printed_latex(g, v.exact, {}); }

std::string latex_symbol(const graph& g, std::string_view name) {
    const bool element = is_name(name.substr(0, name.find('['))) && !name.empty() && name.back() == ']';
    return is_name(name) || element ? latex_name(g, name) : "\\left(\\text{" + std::string(name) + "}\\right)";
}

}  // namespace detail

using detail::printed;

std::string render_show(session& s, const show_result& r) {
    std::ostringstream out;
    switch (r.format) {
    case show_format::text:
        if (r.matrix != tensor::no_tensor) {
            tensor_print_options o;
            o.names_below = r.names_below;
            out << (r.derivative ? detail::partial_label(r.derivative->first, r.derivative->second) : r.expression)
                << " = " << tensor_text(s.tensors(), r.matrix, o) << '\n';
            break;
        }
        for (std::size_t k = 0; k < r.named.size(); ++k)
            out << detail::element_label(r.expression, r.value.dims, k) << " = "
                << printed(s.display(), r.named[k], {}) << '\n';
        break;
    case show_format::latex:
        if (r.matrix != tensor::no_tensor) {
            tensor_print_options o;
            o.names_below = r.names_below;
            if (r.derivative)
                out << "\\frac{\\partial " << detail::latex_symbol(s.display(), r.derivative->first) << "}{\\partial "
                    << detail::latex_symbol(s.display(), r.derivative->second) << "} = ";
            else if (detail::is_name(r.expression))
                out << latex_name(s.display(), r.expression) << " = ";
            out << tensor_latex(s.tensors(), r.matrix, o) << '\n';
            break;
        }
        // labelled like the text form when the expression is a name: `h_{1} = \tanh(...)`
        for (std::size_t k = 0; k < r.named.size(); ++k) {
            const std::string label = detail::element_label(r.expression, r.value.dims, k);
            if (r.derivative && r.value.is_scalar())
                out << "\\frac{\\partial " << detail::latex_symbol(s.display(), r.derivative->first) << "}{\\partial "
                    << detail::latex_symbol(s.display(), r.derivative->second) << "} = ";
            else if (detail::is_name(r.expression)) out << latex_name(s.display(), label) << " = ";
            out << detail::printed_latex(s.display(), r.named[k], {}) << '\n';
        }
        break;
    case show_format::steps:
        if (r.steps) out << render_steps(s, *r.steps, r.names);
        break;
    case show_format::graph:
        if (r.picture) out << render_dot(*r.picture);
        break;
    case show_format::c:
        if (r.program) {
            // a legend for the reader, above the source (the source itself holds no user text)
            const std::vector<node_id> vars = program_variables(s.model(), *r.program);
            const codegen::argument_layout layout = codegen::layout_by_kind(s.model(), vars);
            auto slots = [&](const std::vector<node_id>& v) {
                for (std::size_t k = 0; k < v.size(); ++k) out << (k ? ", " : "") << s.model().variable_of(v[k]).name;
                if (v.empty()) out << "(none)";
            };
            out << "// x[] holds, in order: ";
            slots(layout.inputs);
            out << "\n// p[] holds, in order: ";
            slots(layout.params);
            out << "\n// out: ";
            for (std::size_t k = 0; k < r.program_outputs.size(); ++k) {
                const program_output& o = r.program_outputs[k];
                out << (k ? ", " : "") << "out[" << k << "] = "
                    << (o.wrt ? detail::partial_label(o.label, *o.wrt) : o.label);
            }
            out << '\n' << r.c_source;
        }
        break;
    }
    return out.str();
}

namespace {

std::string header(const result& r, render_source source) {
    return r.file + ":" + std::to_string(r.line()) + ": " + detail::one_line(span_text(source.text, r.span)) + "\n";
}

std::string indent(const std::string& body) {
    std::string out;
    bool start = true;
    for (char c : body) {
        if (start && c != '\n') out += "    ";
        out += c;
        start = c == '\n';
    }
    return out;
}

}  // namespace

std::string render_text(session& s, const result& r, render_source source) {
    std::ostringstream out;
    switch (r.kind()) {
    case result_kind::declaration:
        return "";
    case result_kind::grad: {
        const auto& g = r.as<grad_result>();
        out << header(r, source);
        const auto of = [&](const partial_entry& p) -> const std::string& { return p.of.empty() ? g.of : p.of; };
        // a whole vector or matrix in matrix form (its elements when averaged over data)
        auto matrix = g.rows ? g.matrices.end() : g.matrices.begin();
        const auto in_matrix_form = [&](const matrix_partial& m) {
            out << "    " << detail::partial_label(g.of, m.wrt) << " = " << tensor_text(s.tensors(), m.partial, detail::as_made(m))
                << (m.dims.is_scalar() ? std::string() : "    (" + to_string(m.dims) + ")") << '\n';
        };
        if (g.partials.empty())  // a model too large to expand: matrix form only
            for (const matrix_partial& m : g.matrices) in_matrix_form(m);
        for (std::size_t k = 0; k < g.partials.size(); ++k) {
            if (matrix != g.matrices.end() && matrix->first == k) {
                in_matrix_form(*matrix);
                k += matrix->count - 1;
                ++matrix;
                continue;
            }
            const partial_entry& p = g.partials[k];
            out << "    " << detail::partial_label(of(p), p.wrt) << " = " << printed(s.display(), p.named, {}) << '\n';
        }
        if (g.rows) {
            out << "    mean over " << g.rows << " rows:\n";
            for (std::size_t k = 0; k < g.partials.size(); ++k)
                out << "      " << detail::partial_label(of(g.partials[k]), g.partials[k].wrt) << " ≈ "
                    << g.means[k] << '\n';
        }
        break;
    }
    case result_kind::eval: {
        const auto& e = r.as<eval_result>();
        out << header(r, source);
        for (std::size_t k = 0; k < e.elements.size(); ++k) {
            const exact_value& v = e.elements[k];
            const std::optional<std::string> omitted = detail::exact_omitted(s.model(), v);
            out << "    " << detail::element_label(e.expression, e.dims, k)
                << (e.rows ? " = mean over " + std::to_string(e.rows) + (e.over_test ? " test rows" : " rows") : std::string())
                << (e.trained_params || (e.rows && !v.rational_value) || omitted ? std::string(" ≈ ")
                                                                                  : " = " + detail::exact_text(s.model(), v) + " ≈ ")
                << v.decimal;
            if (e.float64) out << "  (in float64 by the compiled model: too large to certify)";
            if (omitted && !e.trained_params) out << "\n      " << *omitted;
            // past the precision ceiling: fewer digits than asked for are certain
            if (v.digits > 0 && v.digits < e.digits)
                out << "  (only " << v.digits << " of " << e.digits << " digits are certain at the ceiling of "
                    << numeric::ceiling_digits(s.options().evaluation.certified) << " digits)";
            out << '\n';
        }
        break;
    }
    case result_kind::show:
        out << header(r, source) << indent(render_show(s, r.as<show_result>()));
        break;
    case result_kind::assumption:
        return "";
    case result_kind::claim:
        out << render_claim(r, source);
        break;
    case result_kind::check:
        out << render_check(r, source);
        break;
    case result_kind::data:
    case result_kind::train:
    case result_kind::params_file:
        out << render_training(r);
        break;
    case result_kind::error:
        out << render(r.as<error_result>().error, source.text, source.first_line) << '\n';
        break;
    }
    return out.str();
}

}  // namespace chainrule::lang
