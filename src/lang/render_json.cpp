// JSON lines: one object per result, for `chainrule run --json` and tools reading it. Objects are
// nlohmann::ordered_json (fields in the order written here), dumped on one line.
#include "chainrule/lang/render.hpp"

#include "chainrule/core/rational.hpp"
#include "chainrule/lang/statement.hpp"
#include "chainrule/lang/symbols.hpp"
#include "chainrule/lang/value.hpp"
#include "chainrule/simplify/tensor_print.hpp"
#include "render_detail.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <system_error>

namespace chainrule::lang {

namespace {

using json = nlohmann::ordered_json;

/// `value` on one line, UTF-8 kept as it is; bytes that are not UTF-8 (a file name, a column
/// name, the text of a bad statement) become U+FFFD, so that dumping never throws.
std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string json_string(std::string_view s) { return dump(json(std::string(s))); }

std::string json_escape(std::string_view s) {
    const std::string quoted = json_string(s);
    return quoted.substr(1, quoted.size() - 2);
}

namespace {

/// A measured double as a JSON number; null when not finite.
json real(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

/// A string, or null.
json string_or_null(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

/// A certified decimal ("0.33333333333333333", "1.5e+400") as a JSON number: the nearest
/// double, or null when the value is outside double range (it would round to infinity, or from
/// nonzero to zero), so that no reader overflows.
json nearest_double(const std::string& decimal) {
    double x = 0;
    const auto [end, ec] = std::from_chars(decimal.data(), decimal.data() + decimal.size(), x);
    if (ec != std::errc() || end != decimal.data() + decimal.size() || !std::isfinite(x)) return nullptr;
    return x;
}

/// `key`: the certified decimal as a number (nearest_double), and `key_decimal`: the decimal
/// itself, every certified digit kept.
void put_decimal(json& o, const std::string& key, const std::string& decimal) {
    o[key] = nearest_double(decimal);
    o[key + "_decimal"] = decimal;
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

json strings(const std::vector<std::string>& items) {
    json out = json::array();
    for (const std::string& s : items) out.push_back(s);
    return out;
}

json shape_json(const shape& s) {
    json dims = json::array();
    for (std::size_t d : s.dims) dims.push_back(d);
    return dims;
}

/// A cross-check's largest relative difference, rounded to 3 significant digits as a number
/// (null when not finite), and the variable where it was largest.
json witness(const verify::disagreement& d) {
    double shown = d.relative;
    if (std::isfinite(shown)) {
        char text[32];
        const auto printed = std::to_chars(text, text + sizeof text, d.relative, std::chars_format::general, 3);
        std::from_chars(text, printed.ptr, shown);
    }
    json w;
    w["relative"] = real(shown);
    w["at"] = d.at.empty() ? json(nullptr) : json(d.at);
    return w;
}

}  // namespace

std::string render_json(session& s, const result& r) {
    json o;
    o["file"] = r.file;
    o["line"] = r.line();
    o["column"] = r.span.column;
    o["kind"] = name(r.kind());
    o["statement"] = r.statement ? json(name(*r.statement)) : json(nullptr);
    switch (r.kind()) {
    case result_kind::declaration: {
        const auto& d = r.as<declaration_result>();
        json names = json::array();
        for (const declared& n : d.names) {
            json e;
            e["name"] = n.name;
            e["kind"] = name(n.kind);
            e["shape"] = shape_json(n.value.dims);
            names.push_back(std::move(e));
        }
        o["names"] = std::move(names);
        if (!d.named.empty()) {
            json text = json::array(), latex = json::array();
            for (node_id n : d.named) {
                text.push_back(detail::printed(s.display(), n, {}));
                latex.push_back(detail::printed_latex(s.display(), n, {}));
            }
            o["text"] = std::move(text);
            o["latex"] = std::move(latex);
        }
        break;
    }
    case result_kind::grad: {
        const auto& g = r.as<grad_result>();
        o["of"] = g.of;
        json partials = json::array(), intermediates = json::array();
        for (std::size_t k = 0; k < g.partials.size(); ++k) {
            const partial_entry& p = g.partials[k];
            json e;
            if (!p.of.empty()) e["of"] = p.of;
            e["wrt"] = p.wrt;
            e["wrt_kind"] = name(p.kind);
            e["text"] = detail::printed(s.display(), p.named, {});
            e["latex"] = detail::printed_latex(s.display(), p.named, {});
            if (g.rows) put_decimal(e, "mean", g.means[k]);
            partials.push_back(std::move(e));
        }
        for (const adjoint_entry& a : g.intermediates) {
            json e;
            e["name"] = a.name;
            e["text"] = detail::printed(s.display(), a.named, {});
            e["latex"] = detail::printed_latex(s.display(), a.named, {});
            intermediates.push_back(std::move(e));
        }
        o["partials"] = std::move(partials);
        o["intermediates"] = std::move(intermediates);
        if (g.intermediates_left_out > 0) o["intermediates_left_out"] = g.intermediates_left_out;
        // the whole vectors and matrices in matrix form; their elements are in partials too
        json matrices = json::array();
        for (const matrix_partial& m : g.matrices) {
            json e;
            e["wrt"] = m.wrt;
            e["wrt_kind"] = name(m.kind);
            e["shape"] = shape_json(m.dims);
            e["text"] = tensor_text(s.tensors(), m.partial, detail::as_made(m));
            e["latex"] = tensor_latex(s.tensors(), m.partial, detail::as_made(m));
            e["chain"] = tensor_chain(s.tensors(), m.partial, detail::as_made(m));
            matrices.push_back(std::move(e));
        }
        o["matrices"] = std::move(matrices);
        if (g.rows) o["rows"] = g.rows;
        break;
    }
    case result_kind::eval: {
        const auto& e = r.as<eval_result>();
        o["expression"] = e.expression;
        o["shape"] = shape_json(e.dims);
        o["digits"] = e.digits;
        json point = json::array(), elements = json::array();
        for (const auto& [n, q] : e.point) {
            json b;
            b["name"] = n;
            b["value"] = chainrule::to_string(q);
            point.push_back(std::move(b));
        }
        for (std::size_t k = 0; k < e.elements.size(); ++k) {
            const exact_value& v = e.elements[k];
            // over data: a certified mean, with an exact form when every row's value is rational
            const std::optional<std::string> omitted = detail::exact_omitted(s.model(), v);
            const bool closed = (!e.rows || v.rational_value) && !omitted;
            json element;
            element["name"] = detail::element_label(e.expression, e.dims, k);
            element["exact"] = closed ? json(detail::exact_text(s.model(), v)) : json(nullptr);
            element["latex"] = closed ? json(detail::exact_latex(s.model(), v)) : json(nullptr);
            element["rational"] = v.rational_value.has_value();
            element["decimal"] = v.decimal;
            element["certain_digits"] = v.digits;
            element["exact_omitted"] = string_or_null(omitted);
            elements.push_back(std::move(element));
        }
        if (e.dims.is_scalar() && e.elements.size() == 1) {
            o["exact"] = e.rows || detail::exact_omitted(s.model(), e.elements[0])
                             ? json(nullptr)
                             : json(detail::exact_text(s.model(), e.elements[0]));
            o["decimal"] = e.elements[0].decimal;
        }
        o["at"] = std::move(point);
        o["elements"] = std::move(elements);
        o["rows"] = e.rows;
        if (e.rows) o["over"] = e.over_test ? "test" : "data";
        if (e.rows) o["mean"] = e.float64 ? "float64" : "certified";
        o["trained_params"] = e.trained_params;
        break;
    }
    case result_kind::show: {
        const auto& sh = r.as<show_result>();
        o["expression"] = sh.expression;
        o["format"] = name(sh.format);
        o["output"] = render_show(s, sh);
        if (sh.steps) o["latex"] = render_steps_latex(s, *sh.steps, sh.names);
        break;
    }
    case result_kind::assumption: {
        o["facts"] = strings(r.as<assumption_result>().facts);
        break;
    }
    case result_kind::claim: {
        const auto& c = r.as<claim_result>();
        auto value_or_null = [](const std::optional<verify::side_value>& v) {
            return v ? json(v->exact ? chainrule::to_string(*v->exact) : v->decimal) : json(nullptr);
        };
        json point = json::object();
        for (const auto& [n, q] : c.counterexample) point[n] = chainrule::to_string(q);
        o["text"] = c.text;
        o["verdict"] = verify::name(c.verdict);
        o["method"] = c.method;
        o["points"] = c.points;
        o["digits"] = c.digits;
        o["counterexample"] = c.verdict == verify::verdict::refuted ? point : json(nullptr);
        o["lhs"] = value_or_null(c.lhs);
        o["rhs"] = value_or_null(c.rhs);
        o["difference"] = value_or_null(c.difference);
        o["certificate"] = c.certificate.empty() ? json(nullptr) : json(c.certificate);
        o["index"] = string_or_null(c.index);
        o["hint"] = c.hint.empty() ? json(nullptr) : json(c.hint);
        o["combinations"] = c.combinations;
        o["reason"] = c.reason.empty() ? json(nullptr) : json(c.reason);
        o["notes"] = strings(c.notes);
        break;
    }
    case result_kind::check: {
        const auto& c = r.as<check_result>();
        o["expression"] = c.expression;
        o["points"] = c.check.points;
        o["skipped"] = c.check.skipped;
        o["wrt"] = strings(c.check.wrt);
        o["tape_double"] = witness(c.check.tape_double);
        o["tape_digits"] = witness(c.check.tape_digits);
        o["tape_digits_used"] = c.check.tape_digits_used;
        o["finite_difference"] = witness(c.check.finite_difference);
        break;
    }
    case result_kind::data: {
        const auto& d = r.as<data_result>();
        o["path"] = d.path;
        o["rows"] = d.rows;
        o["test_rows"] = d.test_rows;
        o["columns"] = strings(d.columns);
        break;
    }
    case result_kind::train: {
        const auto& t = r.as<train_result>();
        const optim::training_report& p = t.report;
        json history = json::array();
        for (const optim::epoch_record& e : p.history) {
            json h;
            h["epoch"] = e.epoch;
            h["train"] = real(e.train_loss);
            h["validation"] = e.validation_loss ? real(*e.validation_loss) : json(nullptr);
            h["learning_rate"] = real(e.learning_rate);
            history.push_back(std::move(h));
        }
        json params = json::object();
        for (std::size_t k = 0; k < t.params.size(); ++k) params[t.params[k]] = real(t.values[k]);
        o["loss"] = t.loss;
        o["optimizer"] = t.optimizer;
        o["backend"] = t.backend;
        o["reason"] = reason_name(p.reason);
        o["epochs"] = p.epochs_completed;
        o["steps"] = p.steps;
        o["initial_loss"] = real(t.initial_loss);
        o["final_loss"] = p.history.empty() ? json(nullptr) : real(p.final_train_loss);
        o["validation_loss"] = p.final_validation_loss ? real(*p.final_validation_loss) : json(nullptr);
        o["seconds"] = real(p.seconds);
        o["samples_per_second"] = real(p.samples_per_second);
        o["compile_seconds"] = real(t.compile_seconds);
        o["setup_seconds"] = real(t.setup_seconds);
        o["message"] = p.non_finite ? json(p.non_finite->message) : json(nullptr);
        o["history"] = std::move(history);
        o["params"] = std::move(params);
        break;
    }
    case result_kind::params_file: {
        const auto& f = r.as<params_file_result>();
        o["action"] = f.saved ? "save" : "load";
        o["path"] = f.path;
        o["names"] = strings(f.names);
        o["values"] = f.values;
        break;
    }
    case result_kind::error: {
        const diagnostic& d = r.as<error_result>().error;
        o["message"] = d.headline();
        o["error"] = d.message;
        o["end_line"] = d.span.end_line;
        o["end_column"] = d.span.end_column;
        break;
    }
    }
    return dump(o);
}

}  // namespace chainrule::lang
