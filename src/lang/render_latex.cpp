// Results as LaTeX math: what the Jupyter kernel puts in its text/latex bundles.
#include "chainrule/lang/render_latex.hpp"

#include "chainrule/lang/render.hpp"
#include "chainrule/simplify/print.hpp"
#include "chainrule/simplify/tensor_print.hpp"
#include "render_detail.hpp"

#include <sstream>
#include <vector>

namespace chainrule::lang {

std::string latex_verbatim(std::string_view text) {
    std::string out = "\\mathtt{";
    for (std::size_t k = 0; k < text.size(); ++k) {
        const char c = text[k];
        switch (c) {
        case '^': out += "\\hat{\\ }"; break;
        case '_': out += "\\_"; break;
        case ' ': out += "\\ "; break;
        case '{': out += "\\{"; break;
        case '}': out += "\\}"; break;
        case '%': out += "\\%"; break;
        case '&': out += "\\&"; break;
        case '$': out += "\\$"; break;
        case '#': out += "\\#"; break;
        case '~': out += "\\sim "; break;
        case '\\': out += "\\backslash "; break;
        default:
            // ∂ (U+2202) is written as a command; other characters pass as they are
            if (text.substr(k, 3) == "\xe2\x88\x82") {
                out += "\\partial ";
                k += 2;
            } else {
                out += c;
            }
        }
    }
    return out + "}";
}

namespace {

/// A certified decimal as LaTeX: `1.5e-07` is `1.5 \times 10^{-7}`.
std::string decimal_latex(const std::string& d) {
    const std::size_t e = d.find_first_of("eE");
    if (e == std::string::npos) return d;
    std::string exponent = d.substr(e + 1);
    const bool negative = !exponent.empty() && exponent.front() == '-';
    if (!exponent.empty() && (exponent.front() == '-' || exponent.front() == '+')) exponent.erase(0, 1);
    exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
    return d.substr(0, e) + " \\times 10^{" + (negative ? "-" : "") + exponent + "}";
}

/// A name or an element name as written ("L", "h[1]") in LaTeX, or the verbatim text of any
/// other expression ("(a - y)^2").
std::string label_latex(const graph& display, std::string_view expression, std::string_view label) {
    return detail::is_name(expression) ? latex_name(display, label) : latex_verbatim(label);
}

/// Rows as one formula, or an `aligned` block aligned at the first " = " of each row.
std::string rows_latex(const std::vector<std::string>& rows) {
    if (rows.size() == 1) return rows.front();
    std::string out = "\\begin{aligned}\n";
    for (std::size_t k = 0; k < rows.size(); ++k) {
        std::string row = rows[k];
        const std::size_t eq = row.find(" = ");
        const std::size_t approx = row.find(" \\approx ");
        const std::size_t at = std::min(eq, approx);
        if (at != std::string::npos) row.insert(at + 1, "&");
        else row.insert(0, "&");
        out += row + (k + 1 < rows.size() ? " \\\\\n" : "\n");
    }
    return out + "\\end{aligned}";
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

// Text for \text{...}: LaTeX's special characters escaped.
std::string latex_text(std::string_view in) {
    std::string out;
    for (char c : in) {
        switch (c) {
        case '\\': out += "\\textbackslash{}"; break;
        case '{':
        case '}':
        case '$':
        case '&':
        case '#':
        case '_':
        case '%': out += '\\', out += c; break;
        case '^': out += "\\^{}"; break;
        case '~': out += "\\~{}"; break;
        default: out += c;
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> render_latex(session& s, const result& r) {
    switch (r.kind()) {
    case result_kind::grad: {
        const auto& g = r.as<grad_result>();
        // the differentiated expression: its name, or its formula with the definitions named
        const node_id output[] = {g.output};
        const std::string whole = detail::is_name(g.of)      ? latex_name(s.display(), g.of)
                                  : g.output == no_node ? "\\left(\\text{" + latex_text(g.of) + "}\\right)"
                                                        : "\\left(" + detail::printed_latex(s.display(), s.named(output, true).front(), {}) +
                                            "\\right)";
        std::vector<std::string> rows;
        auto matrix = g.rows ? g.matrices.end() : g.matrices.begin();
        const auto in_matrix_form = [&](const matrix_partial& m) {
            const std::string wrt = latex_name(s.display(), m.wrt);
            rows.push_back((detail::is_name(g.of) ? "\\frac{\\partial " + whole + "}{\\partial " + wrt + "}"
                                                  : "\\frac{\\partial}{\\partial " + wrt + "} " + whole) +
                           " = " + tensor_latex(s.tensors(), m.partial, detail::as_made(m)));
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
            const std::string of = p.of.empty() ? whole : latex_name(s.display(), p.of);
            const std::string wrt = latex_name(s.display(), p.wrt);
            std::string row = detail::is_name(g.of) || !p.of.empty()
                                  ? "\\frac{\\partial " + of + "}{\\partial " + wrt + "}"
                                  : "\\frac{\\partial}{\\partial " + wrt + "} " + of;
            row += " = " + detail::printed_latex(s.display(), p.named, {});
            if (g.rows)
                row += ", \\quad \\text{mean over " + std::to_string(g.rows) + " rows} \\approx " +
                       decimal_latex(g.means[k]);
            rows.push_back(std::move(row));
        }
        if (rows.empty()) return std::nullopt;
        return rows_latex(rows);
    }
    case result_kind::eval: {
        const auto& e = r.as<eval_result>();
        std::vector<std::string> rows;
        for (std::size_t k = 0; k < e.elements.size(); ++k) {
            const exact_value& v = e.elements[k];
            std::string row = label_latex(s.display(), e.expression, detail::element_label(e.expression, e.dims, k));
            if (e.rows) row += " = \\text{mean over " + std::to_string(e.rows) + (e.over_test ? " test rows}" : " rows}");
            // as the text form: the exact value unless it is only the trained params' decimals
            if (!(e.trained_params || (e.rows && !v.rational_value) || detail::exact_omitted(s.model(), v)))
                row += " = " + detail::exact_latex(s.model(), v);
            row += " \\approx " + decimal_latex(v.decimal);
            rows.push_back(std::move(row));
        }
        if (rows.empty()) return std::nullopt;
        return rows_latex(rows);
    }
    case result_kind::show: {
        show_result shown = r.as<show_result>();
        if (shown.format == show_format::steps && shown.steps) return render_steps_latex(s, *shown.steps, shown.names);
        if (shown.format != show_format::text && shown.format != show_format::latex) return std::nullopt;
        shown.format = show_format::latex;
        const std::vector<std::string> rows = lines(render_show(s, shown));
        if (rows.empty()) return std::nullopt;
        return rows_latex(rows);
    }
    case result_kind::declaration:
    case result_kind::assumption:
    case result_kind::claim:
    case result_kind::check:
    case result_kind::data:
    case result_kind::train:
    case result_kind::params_file:
    case result_kind::error:
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace chainrule::lang
