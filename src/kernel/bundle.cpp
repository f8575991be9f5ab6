// Mime bundles and errors of results (bundle.hpp).
#include "bundle.hpp"

#include "chainrule/lang/diagnostic.hpp"
#include "chainrule/lang/render_latex.hpp"

#include <sstream>

namespace chainrule::kernel {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

/// An SVG document as a notebook inlines it: from its `<svg` element on, without the XML
/// declaration, DOCTYPE and comments Graphviz writes before it (nbconvert's HTML export, and
/// so nbviewer, fails on an encoding declaration; IPython's SVG display drops them too).
std::string inline_svg(std::string svg) {
    const std::size_t start = svg.find("<svg");
    if (start != std::string::npos) svg.erase(0, start);
    return svg;
}

}  // namespace

void rich_forms(nlohmann::json& bundle, lang::session& s, const lang::result& r) {
    switch (r.kind()) {
    case lang::result_kind::grad:
    case lang::result_kind::eval:
    case lang::result_kind::show:
        // formulas and steps where lang has their LaTeX; a graph picture as SVG (laid out by
        // Graphviz: when it fails, the DOT text alone)
        if (const std::optional<std::string> latex = lang::render_latex(s, r)) bundle["text/latex"] = "$$" + *latex + "$$";
        if (r.kind() == lang::result_kind::show)
            if (const auto& picture = r.as<lang::show_result>().picture) {
                try {
                    bundle["image/svg+xml"] = inline_svg(lang::render_svg(*picture));
                } catch (const chainrule::error&) {
                }
            }
        break;
    case lang::result_kind::train: {
        const auto& t = r.as<lang::train_result>();
        if (!t.report.history.empty()) bundle["image/svg+xml"] = inline_svg(lang::render_curve_svg(t));
        break;
    }
    case lang::result_kind::declaration:
    case lang::result_kind::assumption:
    case lang::result_kind::claim:
    case lang::result_kind::check:
    case lang::result_kind::data:
    case lang::result_kind::params_file:
    case lang::result_kind::error:
        break;
    }
}

std::optional<nlohmann::json> mime_bundle(lang::session& s, const lang::result& r, lang::render_source source) {
    const std::string text = lang::render_text(s, r, source);
    if (text.empty()) return std::nullopt;
    nlohmann::json bundle = nlohmann::json::object();
    bundle["text/plain"] = text;
    rich_forms(bundle, s, r);
    return bundle;
}

nlohmann::json jupyter_error::reply() const {
    nlohmann::json out;
    out["status"] = "error";
    out["ename"] = ename;
    out["evalue"] = evalue;
    out["traceback"] = traceback;
    return out;
}

jupyter_error error_of(const lang::result& r, lang::render_source source) {
    const lang::diagnostic& d = r.as<lang::error_result>().error;
    return {r.statement ? "Error" : "ParseError", d.message, split_lines(lang::render(d, source.text, source.first_line))};
}

jupyter_error internal_error(std::string_view what) {
    const std::string message = "internal error: " + std::string(what);
    return {"InternalError", message, {message}};
}

}  // namespace chainrule::kernel
