// JSON lines: one object per result, for `chainrule run --json` and tools reading it.
#include "chainrule/lang/render.hpp"

#include "chainrule/core/rational.hpp"
#include "chainrule/lang/statement.hpp"
#include "chainrule/lang/symbols.hpp"
#include "chainrule/lang/value.hpp"
#include "render_detail.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace chainrule::lang {

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    return out;
}

std::string json_string(std::string_view s) { return "\"" + json_escape(s) + "\""; }

namespace {

/// Writes `"key":value` pairs separated by commas.
class json_object {
public:
    json_object& raw(std::string_view key, std::string_view value) {
        out_ += (out_.size() > 1 ? "," : "") + json_string(key) + ":" + std::string(value);
        return *this;
    }
    json_object& str(std::string_view key, std::string_view value) { return raw(key, json_string(value)); }
    json_object& num(std::string_view key, long long value) { return raw(key, std::to_string(value)); }
    std::string done() const { return out_ + "}"; }

private:
    std::string out_ = "{";
};

// A measured double as a JSON number (17 significant digits); null when not finite.
std::string real(double x) {
    return std::isfinite(x) ? round_trip_text(x) : "null";
}

// Why a training run ended, as a word.
std::string_view reason_name(optim::stop_reason r) {
    switch (r) {
    case optim::stop_reason::completed: return "completed";
    case optim::stop_reason::early_stopped: return "early_stopped";
    case optim::stop_reason::requested: return "requested";
    case optim::stop_reason::non_finite: return "non_finite";
    }
    return "completed";
}

std::string json_array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t k = 0; k < items.size(); ++k) out += (k ? "," : "") + items[k];
    return out + "]";
}

std::string shape_json(const shape& s) {
    std::vector<std::string> dims;
    for (std::size_t d : s.dims) dims.push_back(std::to_string(d));
    return json_array(dims);
}

}  // namespace

std::string render_json(session& s, const result& r) {
    json_object o;
    o.str("file", r.file).num("line", r.line()).num("column", r.span.column).str("kind", name(r.kind()));
    o.raw("statement", r.statement ? json_string(name(*r.statement)) : "null");
    switch (r.kind()) {
    case result_kind::declaration: {
        const auto& d = r.as<declaration_result>();
        std::vector<std::string> names;
        for (const declared& n : d.names)
            names.push_back(json_object().str("name", n.name).str("kind", name(n.kind))
                                .raw("shape", shape_json(n.value.dims)).done());
        o.raw("names", json_array(names));
        if (!d.named.empty()) {
            std::vector<std::string> text, latex;
            for (node_id n : d.named) {
                text.push_back(json_string(detail::printed(s.display(), n, {})));
                latex.push_back(json_string(detail::printed_latex(s.display(), n, {})));
            }
            o.raw("text", json_array(text)).raw("latex", json_array(latex));
        }
        break;
    }
    case result_kind::grad: {
        const auto& g = r.as<grad_result>();
        o.str("of", g.of);
        std::vector<std::string> partials, intermediates;
        for (std::size_t k = 0; k < g.partials.size(); ++k) {
            const partial_entry& p = g.partials[k];
            json_object e;
            if (!p.of.empty()) e.str("of", p.of);
            e.str("wrt", p.wrt).str("wrt_kind", name(p.kind))
                .str("text", detail::printed(s.display(), p.named, {}))
                .str("latex", detail::printed_latex(s.display(), p.named, {}));
            if (g.rows) e.raw("mean", g.means[k]);
            partials.push_back(e.done());
        }
        for (const adjoint_entry& a : g.intermediates)
            intermediates.push_back(json_object().str("name", a.name)
                                        .str("text", detail::printed(s.display(), a.named, {}))
                                        .str("latex", detail::printed_latex(s.display(), a.named, {})).done());
        o.raw("partials", json_array(partials)).raw("intermediates", json_array(intermediates));
        if (g.rows) o.num("rows", g.rows);
        break;
    }
    case result_kind::eval: {
        const auto& e = r.as<eval_result>();
        o.str("expression", e.expression).raw("shape", shape_json(e.dims)).num("digits", e.digits);
        std::vector<std::string> point, elements;
        for (const auto& [n, q] : e.point) point.push_back(json_object().str("name", n).str("value", chainrule::to_string(q)).done());
        for (std::size_t k = 0; k < e.elements.size(); ++k) {
            const exact_value& v = e.elements[k];
            // over data: a certified mean, with an exact form when every row's value is rational
            const std::optional<std::string> omitted = detail::exact_omitted(s.model(), v);
            const bool closed = (!e.rows || v.rational_value) && !omitted;
            const std::string exact = closed ? json_string(detail::exact_text(s.model(), v)) : "null";
            const std::string latex = closed ? json_string(detail::exact_latex(s.model(), v)) : "null";
            elements.push_back(json_object().str("name", detail::element_label(e.expression, e.dims, k))
                                   .raw("exact", exact).raw("latex", latex)
                                   .raw("rational", v.rational_value ? "true" : "false")
                                   .str("decimal", v.decimal)
                                   .num("certain_digits", v.digits)
                                   .raw("exact_omitted", omitted ? json_string(*omitted) : "null").done());
        }
        if (e.dims.is_scalar() && e.elements.size() == 1)
            o.raw("exact", e.rows || detail::exact_omitted(s.model(), e.elements[0])
                               ? "null"
                               : json_string(detail::exact_text(s.model(), e.elements[0])))
                .str("decimal", e.elements[0].decimal);
        o.raw("at", json_array(point)).raw("elements", json_array(elements)).num("rows", static_cast<long long>(e.rows))
            .num("trained_params", static_cast<long long>(e.trained_params));
        break;
    }
    case result_kind::show: {
        const auto& sh = r.as<show_result>();
        o.str("expression", sh.expression).str("format", name(sh.format)).str("output", render_show(s, sh));
        if (sh.steps) o.str("latex", render_steps_latex(s, *sh.steps, sh.names));
        break;
    }
    case result_kind::assumption: {
        std::vector<std::string> facts;
        for (const std::string& f : r.as<assumption_result>().facts) facts.push_back(json_string(f));
        o.raw("facts", json_array(facts));
        break;
    }
    case result_kind::claim: {
        const auto& c = r.as<claim_result>();
        auto value_or_null = [](const std::optional<verify::side_value>& v) {
            return v ? json_string(v->exact ? chainrule::to_string(*v->exact) : v->decimal) : std::string("null");
        };
        json_object point;
        for (const auto& [n, q] : c.counterexample) point.str(n, chainrule::to_string(q));
        std::vector<std::string> notes;
        for (const std::string& n : c.notes) notes.push_back(json_string(n));
        o.str("text", c.text).str("verdict", verify::name(c.verdict)).str("method", c.method)
            .num("points", c.points).num("digits", c.digits)
            .raw("counterexample", c.verdict == verify::verdict::refuted ? point.done() : "null")
            .raw("lhs", value_or_null(c.lhs)).raw("rhs", value_or_null(c.rhs))
            .raw("difference", value_or_null(c.difference))
            .raw("certificate", c.certificate.empty() ? "null" : json_string(c.certificate))
            .raw("index", c.index ? json_string(*c.index) : "null")
            .raw("hint", c.hint.empty() ? "null" : json_string(c.hint))
            .num("combinations", static_cast<long long>(c.combinations))
            .raw("reason", c.reason.empty() ? "null" : json_string(c.reason)).raw("notes", json_array(notes));
        break;
    }
    case result_kind::check: {
        const auto& c = r.as<check_result>();
        auto witness = [](const verify::disagreement& d) {
            std::ostringstream e;
            e.precision(3);
            e << d.relative;
            return json_object().raw("relative", e.str()).raw("at", d.at.empty() ? "null" : json_string(d.at)).done();
        };
        std::vector<std::string> wrt;
        for (const std::string& w : c.check.wrt) wrt.push_back(json_string(w));
        o.str("expression", c.expression).num("points", c.check.points).num("skipped", c.check.skipped)
            .raw("wrt", json_array(wrt)).raw("tape_double", witness(c.check.tape_double))
            .raw("tape_digits", witness(c.check.tape_digits)).num("tape_digits_used", c.check.tape_digits_used)
            .raw("finite_difference", witness(c.check.finite_difference));
        break;
    }
    case result_kind::data: {
        const auto& d = r.as<data_result>();
        std::vector<std::string> columns;
        for (const std::string& c : d.columns) columns.push_back(json_string(c));
        o.str("path", d.path).num("rows", static_cast<long long>(d.rows)).raw("columns", json_array(columns));
        break;
    }
    case result_kind::train: {
        const auto& t = r.as<train_result>();
        const optim::training_report& p = t.report;
        std::vector<std::string> history;
        for (const optim::epoch_record& e : p.history)
            history.push_back(json_object().num("epoch", static_cast<long long>(e.epoch)).raw("train", real(e.train_loss))
                                  .raw("validation", e.validation_loss ? real(*e.validation_loss) : "null")
                                  .raw("learning_rate", real(e.learning_rate)).done());
        json_object params;
        for (std::size_t k = 0; k < t.params.size(); ++k) params.raw(t.params[k], real(t.values[k]));
        o.str("loss", t.loss).str("optimizer", t.optimizer).str("backend", t.backend)
            .str("reason", reason_name(p.reason)).num("epochs", static_cast<long long>(p.epochs_completed))
            .num("steps", static_cast<long long>(p.steps)).raw("initial_loss", real(t.initial_loss))
            .raw("final_loss", p.history.empty() ? "null" : real(p.final_train_loss))
            .raw("validation_loss", p.final_validation_loss ? real(*p.final_validation_loss) : "null")
            .raw("seconds", real(p.seconds)).raw("samples_per_second", real(p.samples_per_second))
            .raw("compile_seconds", real(t.compile_seconds)).raw("setup_seconds", real(t.setup_seconds))
            .raw("message", p.non_finite ? json_string(p.non_finite->message) : "null")
            .raw("history", json_array(history)).raw("params", params.done());
        break;
    }
    case result_kind::params_file: {
        const auto& f = r.as<params_file_result>();
        std::vector<std::string> names;
        for (const std::string& n : f.names) names.push_back(json_string(n));
        o.str("action", f.saved ? "save" : "load").str("path", f.path).raw("names", json_array(names))
            .num("values", static_cast<long long>(f.values));
        break;
    }
    case result_kind::error: {
        const diagnostic& d = r.as<error_result>().error;
        o.str("message", d.headline()).str("error", d.message)
            .num("end_line", d.span.end_line).num("end_column", d.span.end_column);
        break;
    }
    }
    return o.done();
}

}  // namespace chainrule::lang
