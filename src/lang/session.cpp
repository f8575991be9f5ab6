// The session: statements dispatched to their handlers; declarations commit only once every
// check has passed, so a failed statement changes nothing.
#include "chainrule/lang/session.hpp"

#include "chainrule/core/assert.hpp"
#include "chainrule/graph/substitute.hpp"
#include "session_detail.hpp"

#include <unordered_set>

#include <algorithm>
#include <new>

namespace chainrule::lang {

session::session(session_options options) : options_(options) {}

name_context session::names() const {
    return name_context([this](std::string_view n) { return symbols_.find(n) != nullptr; });
}

name_table session::definition_names() const {
    std::vector<node_name> entries;
    for (const symbol_entry& s : symbols_.all()) {
        if (s.kind != symbol_kind::definition) continue;
        for (std::size_t k = 0; k < s.value.elements.size(); ++k) {
            const node_id n = s.value.elements[k];
            if (!model_.is_named(n)) continue;  // a constant
            std::string name = element_name(s.name, s.value.dims, k);
            // the expression it names reads as the name too (sigmoid(z) as a, in a*(1 - a))
            const node_id body = model_.at(n).lhs;
            if (!model_.is_constant(body) && !model_.is_variable(body) && !model_.is_named(body))
                entries.push_back(node_name{body, name, true});
            entries.push_back(node_name{n, std::move(name), false});
        }
    }
    // a definition's own node before any alias of the same node
    std::stable_partition(entries.begin(), entries.end(), [](const node_name& e) { return !e.alias; });
    return name_table(std::move(entries));
}

std::vector<node_id> session::named(std::span<const node_id> nodes, bool name_roots) {
    // the names below the roots only: the walk stops at every named node and every expression a
    // definition names (alias), so its cost is that of the unnamed part, never of the whole
    // session (a program of n definitions stays linear)
    std::vector<node_id> roots;
    for (node_id n : nodes) roots.push_back(name_roots ? n : model_.unnamed(n));
    replacement_map replace;
    std::unordered_set<node_id> seen;
    std::vector<node_id> stack;
    const auto visit = [&](node_id n, bool root) {
        if (!seen.insert(n).second) return;
        if (!root || name_roots) {
            if (model_.is_named(n)) {
                replace.emplace(n, display_.variable(model_.label_of(n), variable_kind::input));
                return;
            }
            if (auto a = aliases_.find(n); a != aliases_.end()) {
                replace.emplace(n, display_.variable(a->second, variable_kind::input));
                return;
            }
        }
        stack.push_back(n);
    };
    for (node_id r : roots) visit(r, true);
    while (!stack.empty()) {
        const node x = model_.at(stack.back());
        stack.pop_back();
        if (arity(x.kind) >= 1) visit(x.lhs, false);
        if (arity(x.kind) == 2) visit(x.rhs, false);
    }
    return substitute(model_, display_, roots, replace);
}

std::vector<result> session::run_program(std::string_view text, const std::string& file, int first_line) {
    const parse_result parsed = parse_program(text, file, names(), first_line);
    std::vector<result> out;
    out.reserve(parsed.statements.size() + parsed.errors.size());
    // merge statements and parse errors in source order
    std::size_t e = 0;
    for (const statement& s : parsed.statements) {
        for (; e < parsed.errors.size() && parsed.errors[e].span.begin < s.span.begin; ++e)
            out.push_back(result{file, parsed.errors[e].span, std::nullopt, error_result{parsed.errors[e]}});
        out.push_back(run(s, text, file));
    }
    for (; e < parsed.errors.size(); ++e)
        out.push_back(result{file, parsed.errors[e].span, std::nullopt, error_result{parsed.errors[e]}});
    return out;
}

std::optional<result> session::run_line(std::string_view text, const std::string& file, int first_line) {
    std::optional<statement> s;
    try {
        s = parse_statement(text, file, names(), first_line);
    } catch (const source_error& x) {
        return result{file, x.detail().span, std::nullopt, error_result{x.detail()}};
    }
    if (!s) return std::nullopt;
    return run(*s, text, file);
}

result session::run(const statement& s, std::string_view text, const std::string& file) {
    result r{file, s.span, s.kind(), error_result{}};
    try {
        r.body = dispatch(s, text, file);
    } catch (const source_error& x) {
        r.body = error_result{x.detail()};
    } catch (const chainrule::error& x) {
        r.body = error_result{diagnostic{file, s.span, x.what()}};
    } catch (const std::bad_alloc&) {
        r.body = error_result{diagnostic{file, s.span, "out of memory while running this statement"}};
    }
    // a failed definition or declaration: later uses of its names point back here
    if (r.kind() == result_kind::error) {
        const int line = s.span.line;
        switch (s.kind()) {
        case statement_kind::definition: symbols_.mark_failed(s.as<definition_statement>().name, file, line); break;
        case statement_kind::constant: symbols_.mark_failed(s.as<const_statement>().name, file, line); break;
        case statement_kind::input:
            for (const auto& d : s.as<input_statement>().names) symbols_.mark_failed(d.name, file, line);
            break;
        case statement_kind::param:
            for (const auto& d : s.as<param_statement>().names) symbols_.mark_failed(d.name, file, line);
            break;
        default: break;
        }
    }
    return r;
}

result_body session::dispatch(const statement& s, std::string_view text, const std::string& file) {
    switch (s.kind()) {
    case statement_kind::input: return declare(s.as<input_statement>().names, symbol_kind::input, std::nullopt, file);
    case statement_kind::param: {
        const param_statement& p = s.as<param_statement>();
        return declare(p.names, symbol_kind::param, p.init, file);
    }
    case statement_kind::constant: return define_constant(s.as<const_statement>(), text, file);
    case statement_kind::definition: return define(s.as<definition_statement>(), text, file);
    case statement_kind::grad: return grad(s.as<grad_statement>(), text, file);
    case statement_kind::eval: return eval(s.as<eval_statement>(), text, file);
    case statement_kind::show: return show(s.as<show_statement>(), text, file);
    case statement_kind::assume: return assume(s.as<assume_statement>(), text, file);
    case statement_kind::claim: return claim(s.as<claim_statement>(), text, file);
    case statement_kind::check: return check(s.as<check_statement>(), text, file);
    case statement_kind::data: return data(s.as<data_statement>(), file);
    case statement_kind::train: return train(s.as<train_statement>(), text, file);
    case statement_kind::save: return save(s.as<save_statement>(), file);
    case statement_kind::load: return load(s.as<load_statement>(), file);
    }
    CHAINRULE_ASSERT(false);
    return error_result{};
}

void session::check_new_name(const std::string& name, const source_span& where, const std::string& file) const {
    if (const symbol_entry* old = symbols_.find(name))
        fail(file, where, "redefinition of '" + name + "', already " + std::string(describe(old->kind)) + " (at " +
                              old->file + ":" + std::to_string(old->span.line) + ":" +
                              std::to_string(old->span.column) + ")");
}

std::optional<param_init> session::initialise(const std::optional<initialiser>& init, const std::string& file) {
    if (!init) return std::nullopt;
    param_init out{init->kind, {}, {}};
    lowerer lw(model_, tensors_, symbols_, file, options_.lowering);
    switch (init->kind) {
    case initialiser_kind::normal: {
        // normal(mean, standard deviation >= 0)
        out.arguments.push_back(lw.lower_rational(*init->arguments[0], "the mean of normal"));
        out.arguments.push_back(lw.lower_rational(*init->arguments[1], "the standard deviation of normal"));
        if (cln::minusp(out.arguments[1]))
            fail(file, init->arguments[1]->span,
                 "the standard deviation of normal must be at least 0: got " + chainrule::to_string(out.arguments[1]));
        break;
    }
    case initialiser_kind::uniform: {
        // uniform(low, high) with low <= high
        out.arguments.push_back(lw.lower_rational(*init->arguments[0], "the low end of uniform"));
        out.arguments.push_back(lw.lower_rational(*init->arguments[1], "the high end of uniform"));
        if (out.arguments[0] > out.arguments[1])
            fail(file, init->span,
                 "uniform(low, high) needs low <= high: got " + chainrule::to_string(out.arguments[0]) + " and " +
                     chainrule::to_string(out.arguments[1]));
        break;
    }
    case initialiser_kind::file:
        if (init->file) out.path = init->file->path;
        break;
    }
    return out;
}

declaration_result session::declare(std::span<const declared_name> names, symbol_kind kind,
                                    const std::optional<initialiser>& init, const std::string& file) {
    // check everything first
    const std::size_t max_elements = options_.lowering.max_elements;
    std::size_t total = symbols_.variable_elements();
    for (std::size_t i = 0; i < names.size(); ++i) {
        const declared_name& d = names[i];
        check_new_name(d.name, d.name_span, file);
        for (std::size_t j = 0; j < i; ++j)
            if (names[j].name == d.name) fail(file, d.name_span, "'" + d.name + "' is declared twice in this statement");
        if (d.shape.size() > 2)
            fail(file, d.span, "'" + d.name + "' has " + std::to_string(d.shape.size()) +
                                   " dimensions: only scalars, vectors and matrices are supported");
        // past max_elements a value lives in the tensor graph only (the matrix form), up to
        // max_tensor_elements
        const std::size_t most = options_.lowering.max_tensor_elements;
        std::size_t count = 1;
        for (long n : d.shape) {
            if (n < 1) fail(file, d.span, "a dimension must be at least 1");
            count = static_cast<std::size_t>(n) > most ? most + 1 : count * static_cast<std::size_t>(n);
            if (count > most)
                fail(file, d.span, "'" + d.name + "' would have more than " + std::to_string(most) +
                                       " elements (the limit of the matrix form: --limit tensor-elements=N raises it)");
        }
        if (count > max_elements) continue;  // not expanded to scalars: not counted below
        total += count;
        if (total > options_.max_variable_elements)
            fail(file, d.span, "the inputs and params would have more than " +
                                   std::to_string(options_.max_variable_elements) + " elements in all (the limit: --limit variable-elements=N raises it)");
    }
    const std::optional<param_init> spec = initialise(init, file);
    // commit
    declaration_result out;
    for (const declared_name& d : names) {
        shape dims;
        for (long n : d.shape) dims.dims.push_back(static_cast<std::size_t>(n));
        value v{dims, {}};
        const variable_kind vk = kind == symbol_kind::param ? variable_kind::param : variable_kind::input;
        // a value past the limit of expanding to scalars has no scalar variables (lowerer::lower
        // expands it, or says why it cannot)
        if (dims.size() <= max_elements) {
            v.elements.reserve(dims.size());
            for (std::size_t k = 0; k < dims.size(); ++k)
                v.elements.push_back(model_.variable(element_name(d.name, dims, k), vk));
        }
        v.twin = tensors_.variable(d.name, dims, vk);
        symbols_.add(symbol_entry{d.name, kind, v, file, d.name_span, spec, {}});
        out.names.push_back(declared{d.name, kind, v, spec});
    }
    return out;
}

declaration_result session::define_constant(const const_statement& c, std::string_view text, const std::string& file) {
    check_new_name(c.name, c.name_span, file);
    lowerer lw(model_, tensors_, symbols_, file, options_.lowering);
    const value v = lw.lower(*c.value);
    for (node_id n : v.elements)
        if (!model_.is_constant(n))
            fail(file, c.value->span,
                 "the value of const '" + c.name +
                     "' must be an exact rational number, known without inputs or params (use a definition "
                     "for anything else)");
    symbols_.add(symbol_entry{c.name, symbol_kind::constant, v, file, c.name_span, std::nullopt, label(text, c.value->span)});
    return declaration_result{{declared{c.name, symbol_kind::constant, v, std::nullopt}}, {}};
}

declaration_result session::define(const definition_statement& d, std::string_view text, const std::string& file) {
    check_new_name(d.name, d.name_span, file);
    lowerer lw(model_, tensors_, symbols_, file, options_.lowering);
    value v = lw.lower_lazy(*d.value);  // a value too large to expand lives in the tensor graph only
    // each element a node of its own, which later uses pass through (graph::named)
    for (std::size_t k = 0; k < v.elements.size(); ++k)
        v.elements[k] = model_.named(v.elements[k], element_name(d.name, v.dims, k));
    if (v.twin != tensor::no_tensor) v.twin = tensors_.named(v.twin, d.name);
    std::vector<node_id> shown = named(v.elements, false);
    symbols_.add(symbol_entry{d.name, symbol_kind::definition, v, file, d.name_span, std::nullopt, label(text, d.value->span),
                              lw.domain()});
    // the expression each element names reads as the name too (the first name given to it wins)
    for (node_id n : v.elements) {
        if (!model_.is_named(n)) continue;  // a constant
        const node_id body = model_.at(n).lhs;
        if (!model_.is_constant(body) && !model_.is_variable(body) && !model_.is_named(body))
            aliases_.emplace(body, model_.label_of(n));
    }
    return declaration_result{{declared{d.name, symbol_kind::definition, v, std::nullopt}}, std::move(shown)};
}

}  // namespace chainrule::lang
