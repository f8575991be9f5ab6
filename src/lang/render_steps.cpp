// `show ... as steps`: the chain rule over the user's names, one line per step, in text and as
// one LaTeX `aligned` block. Everything printed here was computed by the session (picture.hpp).
#include "chainrule/lang/render.hpp"

#include "render_detail.hpp"

#include <sstream>

namespace chainrule::lang {

namespace {

/// Whether a printed factor needs parentheses after "·": a sum or difference at its top
/// level, or a leading minus.
bool needs_parentheses(std::string_view text) {
    if (!text.empty() && text.front() == '-') return true;
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '(' || c == '[' || c == '{') ++depth;
        else if (c == ')' || c == ']' || c == '}') --depth;
        else if (depth == 0 && (c == '+' || c == '-') && i > 0 && text[i - 1] == ' ') return true;
    }
    return false;
}

std::string wrapped(const std::string& text, bool alone) {
    return alone || !needs_parentheses(text) ? text : "(" + text + ")";
}

/// The pieces of one line, in one notation.
struct notation {
    std::string (*partial)(const graph&, std::string_view of, std::string_view wrt);
    std::string (*expression)(const graph&, node_id, const node_names&);
    std::string (*name)(const graph&, std::string_view);
    std::string times, equals;
};

std::string text_partial(const graph&, std::string_view of, std::string_view wrt) { return detail::partial_label(of, wrt); }
std::string text_name(const graph&, std::string_view name) { return std::string(name); }

std::string latex_label(const graph& g, std::string_view name) { return latex_name(g, name); }

std::string latex_partial(const graph& g, std::string_view of, std::string_view wrt) {
    return "\\frac{\\partial " + detail::latex_symbol(g, of) + "}{\\partial " + detail::latex_symbol(g, wrt) + "}";
}

/// ∂of/∂name = Σ ∂of/∂user · ∂user/∂name = Σ ∂of/∂user · c = adjoint [= numbers = value]
std::string line_text(session& s, const steps_data& d, const step_line& l, const node_names& printer,
                      const notation& n) {
    const graph& g = s.model();
    std::string out = n.partial(g, d.of, l.name) + n.equals;
    if (l.terms.empty()) return out + "1";
    std::string symbolic, local, numbers;
    bool all_one = true, only_direct = true;
    for (std::size_t k = 0; k < l.terms.size(); ++k) {
        const step_term& t = l.terms[k];
        const std::string sep = k ? " + " : "";
        // a coefficient that is itself a step reads as its name (the printer shows a named root
        // as the expression it names)
        const std::string value = g.is_named(t.coefficient) ? n.name(g, g.label_of(t.coefficient))
                                                            : n.expression(g, t.coefficient, printer);
        const bool alone = l.terms.size() == 1;
        numbers += sep + (t.direct ? wrapped(t.coefficient_value, alone)
                                   : wrapped(t.user_value, false) + n.times + wrapped(t.coefficient_value, false));
        if (t.direct) {
            // a use by the output itself contributes its local partial alone (∂L/∂L is 1)
            symbolic += sep + wrapped(value, alone);
            local += sep + wrapped(value, alone);
            continue;
        }
        only_direct = false;
        symbolic += sep + n.partial(g, d.of, t.user) + n.times + n.partial(g, t.user, l.name);
        local += sep + n.partial(g, d.of, t.user) + n.times + wrapped(value, false);
        if (!g.is_constant(t.coefficient, rational(1))) all_one = false;
    }
    const std::string result = n.expression(s.display(), l.shown, {});
    if (only_direct) {
        out += result;
    } else {
        out += symbolic;
        if (!all_one && local != symbolic) out += n.equals + local;
        if (result != symbolic) out += n.equals + result;
    }
    if (d.at) {
        if (numbers != l.value) out += n.equals + numbers;
        out += n.equals + l.value;
    }
    return out;
}

}  // namespace

std::string render_steps(session& s, const steps_data& d, const name_table& names) {
    const node_names printer = printer_names(names);
    const notation text{text_partial, detail::printed, text_name, " · ", " = "};
    std::ostringstream out;
    for (const step_line& l : d.lines) out << line_text(s, d, l, printer, text) << '\n';
    if (d.lines_left_out > 0) out << "... and " << d.lines_left_out << " more steps, farther from " << d.of << '\n';
    return out.str();
}

std::string render_steps_latex(session& s, const steps_data& d, const name_table& names) {
    const node_names printer = printer_names(names);
    const notation latex{latex_partial, detail::printed_latex, latex_label, " \\cdot ", " &= "};
    std::string out = "\\begin{aligned}\n";
    for (std::size_t k = 0; k < d.lines.size(); ++k) {
        std::string line = line_text(s, d, d.lines[k], printer, latex);
        // one alignment point per line: the first '=' only
        const std::size_t first = line.find(" &= ");
        for (std::size_t at = line.find(" &= ", first + 4); at != std::string::npos; at = line.find(" &= ", at + 3))
            line.replace(at, 4, " = ");
        out += line + (k + 1 < d.lines.size() || d.lines_left_out > 0 ? " \\\\\n" : "\n");
    }
    if (d.lines_left_out > 0)
        out += "&\\text{\\dots{} and " + std::to_string(d.lines_left_out) + " more steps}\n";
    return out + "\\end{aligned}";
}

}  // namespace chainrule::lang
