#include "sexpr.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::lang;

namespace chainrule::lang {
std::ostream& operator<<(std::ostream& out, expression_kind k) { return out << name(k); }
std::ostream& operator<<(std::ostream& out, statement_kind k) { return out << name(k); }
std::ostream& operator<<(std::ostream& out, builtin f) { return out << info(f).name; }
std::ostream& operator<<(std::ostream& out, show_format f) { return out << name(f); }
std::ostream& operator<<(std::ostream& out, initialiser_kind k) { return out << name(k); }
std::ostream& operator<<(std::ostream& out, derivative_notation n) {
    return out << static_cast<int>(n);
}
std::ostream& operator<<(std::ostream& out, const source_span& s) {
    return out << s.line << ":" << s.column << "-" << s.end_line << ":" << s.end_column;
}
}  // namespace chainrule::lang

namespace lang_test {

namespace {

std::string list(const std::vector<expression_ptr>& items) {
    std::string out;
    for (const auto& e : items) out += " " + sexpr(*e);
    return out;
}

std::string variable(const variable_ref& v) {
    if (v.indices.empty()) return v.name;
    return "(" + v.name + list(v.indices) + ")";
}

std::string declared(const declared_name& d) {
    if (d.shape.empty()) return d.name;
    std::string out = "(" + d.name;
    for (long n : d.shape) out += " " + std::to_string(n);
    return out + ")";
}

std::string count(const char* word, const std::optional<count_clause>& c) {
    return c ? std::string(" ") + word + " " + std::to_string(c->value) : std::string();
}

}  // namespace

std::string sexpr(const expression& e) {
    switch (e.kind()) {
    case expression_kind::number: return to_string(e.as<number_expr>().value);
    case expression_kind::name: return e.as<name_expr>().name;
    case expression_kind::unary: return "(neg " + sexpr(*e.as<unary_expr>().operand) + ")";
    case expression_kind::binary: {
        const auto& b = e.as<binary_expr>();
        return "(" + std::string(symbol(b.op)) + " " + sexpr(*b.left) + " " + sexpr(*b.right) + ")";
    }
    case expression_kind::call: {
        const auto& c = e.as<call_expr>();
        return "(" + std::string(info(c.function).name) + list(c.arguments) + ")";
    }
    case expression_kind::index: {
        const auto& i = e.as<index_expr>();
        return "(index " + sexpr(*i.base) + list(i.indices) + ")";
    }
    case expression_kind::vector: return "(vector" + list(e.as<vector_expr>().elements) + ")";
    case expression_kind::derivative: {
        const auto& d = e.as<derivative_expr>();
        return "(d " + sexpr(*d.of) + " " + variable(d.wrt) + ")";
    }
    case expression_kind::whole: return ":";
    }
    return "?";
}

std::string sexpr(const statement& s) {
    switch (s.kind()) {
    case statement_kind::input: {
        std::string out = "(input";
        for (const auto& d : s.as<input_statement>().names) out += " " + declared(d);
        return out + ")";
    }
    case statement_kind::param: {
        const auto& p = s.as<param_statement>();
        std::string out = "(param";
        for (const auto& d : p.names) out += " " + declared(d);
        if (p.init) {
            out += " ~ (" + std::string(name(p.init->kind));
            if (p.init->file) out += " \"" + p.init->file->path + "\"";
            out += list(p.init->arguments) + ")";
        }
        return out + ")";
    }
    case statement_kind::constant: {
        const auto& c = s.as<const_statement>();
        return "(const " + c.name + " " + sexpr(*c.value) + ")";
    }
    case statement_kind::definition: {
        const auto& d = s.as<definition_statement>();
        return "(= " + d.name + " " + sexpr(*d.value) + ")";
    }
    case statement_kind::grad: {
        const auto& g = s.as<grad_statement>();
        std::string out = "(grad " + sexpr(*g.of) + " wrt";
        for (const auto& v : g.wrt) out += " " + variable(v);
        return out + ")";
    }
    case statement_kind::eval: {
        const auto& e = s.as<eval_statement>();
        std::string out = "(eval " + sexpr(*e.value);
        if (!e.bindings.empty()) out += " at";
        for (const auto& b : e.bindings) out += " (" + b.name + " " + sexpr(*b.value) + ")";
        if (e.over_data) out += e.over_test ? " over test" : " over data";
        return out + count("digits", e.digits) + ")";
    }
    case statement_kind::show: {
        const auto& sh = s.as<show_statement>();
        return "(show " + sexpr(*sh.value) + " as " + std::string(name(sh.format)) + ")";
    }
    case statement_kind::assume: {
        std::string out = "(assume";
        for (const auto& r : s.as<assume_statement>().facts)
            out += " (" + std::string(symbol(r.op)) + " " + sexpr(*r.left) + " " + sexpr(*r.right) + ")";
        return out + ")";
    }
    case statement_kind::claim: {
        const auto& c = s.as<claim_statement>();
        return "(claim " + sexpr(*c.left) + " " + sexpr(*c.right) + ")";
    }
    case statement_kind::check: return "(check " + sexpr(*s.as<check_statement>().value) + ")";
    case statement_kind::data: {
        const auto& d = s.as<data_statement>();
        std::string out = "(data \"" + d.file.path + "\"";
        if (d.test) out += " test " + chainrule::to_string(d.test->value);
        return out + count("seed", d.seed) + ")";
    }
    case statement_kind::train: {
        const auto& t = s.as<train_statement>();
        std::string out = "(train " + sexpr(*t.loss) + " by (" + t.optimizer.name;
        for (const auto& o : t.optimizer.options) out += " (" + o.name + " " + sexpr(*o.value) + ")";
        return out + ")" + count("epochs", t.epochs) + count("batch", t.batch) + count("seed", t.seed) + ")";
    }
    case statement_kind::save: return "(save \"" + s.as<save_statement>().file.path + "\")";
    case statement_kind::load: return "(load \"" + s.as<load_statement>().file.path + "\")";
    }
    return "?";
}

std::string expr(std::string_view text, const name_context& names) {
    try {
        return sexpr(*parse_expression(text, "test.chain", names));
    } catch (const source_error& e) {
        return std::string("error: ") + e.what();
    }
}

std::string stmt(std::string_view text, const name_context& names) {
    try {
        const auto s = parse_statement(text, "test.chain", names);
        return s ? sexpr(*s) : "(nothing)";
    } catch (const source_error& e) {
        return std::string("error: ") + e.what();
    }
}

diagnostic error_of(std::string_view text, const name_context& names) {
    try {
        parse_statement(text, "test.chain", names);
    } catch (const source_error& e) {
        return e.detail();
    }
    BOOST_ERROR("no error for: " << text);
    return {};
}

}  // namespace lang_test
