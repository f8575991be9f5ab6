// Completion and inspection (names.hpp), answered from the session's symbol table and by
// running `show` and `eval` statements through the session.
#include "names.hpp"

#include "chainrule/core/rational.hpp"
#include "chainrule/lang/ast.hpp"
#include "chainrule/lang/render.hpp"
#include "chainrule/lang/render_latex.hpp"
#include "chainrule/lang/token.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace chainrule::kernel {

namespace {

/// Words of the language that are not statement keywords nor built-in functions: the clause
/// words (parser.hpp), show formats, optimizers (README's training section) and initialisers.
constexpr std::array<std::string_view, 24> other_words = {
    "wrt", "at", "digits", "as", "by", "epochs", "batch", "seed", "over",
    "text", "latex", "steps", "graph",
    "sgd", "momentum", "nesterov", "adam", "rmsprop",
    "normal", "uniform", "file", "d", "validation", "patience"};

std::string initialiser_text(const lang::param_init& init) {
    switch (init.kind) {
    case lang::initialiser_kind::normal:
    case lang::initialiser_kind::uniform: {
        std::string out = init.kind == lang::initialiser_kind::normal ? "normal(" : "uniform(";
        for (std::size_t k = 0; k < init.arguments.size(); ++k) out += (k ? ", " : "") + to_string(init.arguments[k]);
        return out + ")";
    }
    case lang::initialiser_kind::file: return "file(\"" + init.path + "\")";
    }
    return "";
}

/// Runs one statement of the kernel's own (never shown as a cell's result).
std::optional<lang::result> query(lang::session& s, const std::string& statement) {
    std::optional<lang::result> r = s.run_line(statement, "<inspect>");
    if (!r || !r->ok()) return std::nullopt;
    return r;
}

}  // namespace

std::vector<std::string> completions(const lang::session& s, std::string_view prefix) {
    const auto matches = [&](std::string_view w) { return w.substr(0, prefix.size()) == prefix; };
    std::vector<std::string> out;
    std::set<std::string, std::less<>> seen;
    for (const lang::symbol_entry& e : s.symbols().all())
        if (matches(e.name) && seen.insert(e.name).second) out.push_back(e.name);
    std::vector<std::string> words;
    for (std::string_view w : lang::statement_keywords()) words.emplace_back(w);
    for (std::string_view w : lang::builtin_names()) words.emplace_back(w);
    for (std::string_view w : other_words) words.emplace_back(w);
    std::sort(words.begin(), words.end());
    for (const std::string& w : words)
        if (matches(w) && seen.insert(w).second) out.push_back(w);
    return out;
}

std::optional<nlohmann::json> describe(lang::session& s, const std::string& word) {
    nlohmann::json bundle = nlohmann::json::object();
    if (const lang::symbol_entry* e = s.symbols().find(word)) {
        std::string text = e->name + ": " + std::string(lang::name(e->kind)) + ", " + lang::to_string(e->value.dims) +
                           " (" + e->file + ":" + std::to_string(e->span.line) + ")\n";
        if (e->init) text += "    initialiser: " + initialiser_text(*e->init) + "\n";
        switch (e->kind) {
        case lang::symbol_kind::definition:
        case lang::symbol_kind::constant:
            // the definition as `show NAME` prints it, one level expanded
            if (const std::optional<lang::result> r = query(s, "show " + e->name + " as text")) {
                const std::string shown = lang::render_show(s, r->as<lang::show_result>());
                for (std::size_t at = 0; at < shown.size();) {
                    const std::size_t end = std::min(shown.find('\n', at), shown.size());
                    text += "    " + shown.substr(at, end - at) + "\n";
                    at = end + 1;
                }
                if (const std::optional<std::string> latex = lang::render_latex(s, *r)) bundle["text/latex"] = "$$" + *latex + "$$";
            }
            break;
        case lang::symbol_kind::param:
            // the current (trained, loaded) value, when it has one and is short
            if (e->value.dims.size() <= 12)
                if (const std::optional<lang::result> r = query(s, "eval " + e->name)) {
                    const auto& v = r->as<lang::eval_result>();
                    text += "    current value:";
                    for (std::size_t k = 0; k < v.elements.size(); ++k)
                        text += (k ? ", " : " ") + lang::element_name(e->name, e->value.dims, k) + " ≈ " + v.elements[k].decimal;
                    text += "\n";
                }
            break;
        case lang::symbol_kind::input: break;
        }
        bundle["text/plain"] = text;
        return bundle;
    }
    if (const std::optional<lang::builtin> f = lang::find_builtin(word)) {
        const int n = lang::info(*f).arguments;
        bundle["text/plain"] = word + ": built-in function of " + std::to_string(n) + (n == 1 ? " argument\n" : " arguments\n");
        return bundle;
    }
    if (lang::is_statement_keyword(word)) {
        bundle["text/plain"] = word + ": statement keyword\n";
        return bundle;
    }
    return std::nullopt;
}

}  // namespace chainrule::kernel
