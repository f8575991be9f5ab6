// The session's queries: grad, eval and show. They read the session's names and add nodes to
// its graphs, but declare nothing.
#include "chainrule/lang/session.hpp"


#include "chainrule/lang/render.hpp"

#include "chainrule/diff/tensor_reverse.hpp"
#include "chainrule/diff/trace.hpp"
#include "chainrule/graph/substitute.hpp"
#include "chainrule/simplify/algebra.hpp"
#include "chainrule/simplify/cse.hpp"
#include "chainrule/simplify/print.hpp"
#include "session_detail.hpp"

#include <algorithm>

namespace chainrule::lang {

namespace {

// A shown partial at most this long is kept as it is.
constexpr std::size_t short_enough = 40;

// The most entries a Jacobian (grad of a vector or matrix) shows.
constexpr std::size_t max_jacobian_entries = 4096;

}  // namespace

[[noreturn]] void fail(const std::string& file, const source_span& where, std::string message) {
    throw source_error(diagnostic{file, where, std::move(message)});
}

std::string label(std::string_view text, const source_span& span) {
    std::string out;
    bool space = false;
    for (char c : span_text(text, span)) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

grad_result session::grad(const grad_statement& g, std::string_view text, const std::string& file) {
    lowerer lw(model_, tensors_, symbols_, file, options_.lowering);
    const value of = lw.lower_lazy(*g.of);
    bool too_large = !of.expanded();
    for (const variable_ref& ref : g.wrt)
        if (const symbol_entry* s = symbols_.find(ref.name); s && !s->value.expanded()) too_large = true;
    if (too_large) return grad_in_matrix_form(g, of, lw, text, file);
    std::vector<derivative_target> targets;
    for (const variable_ref& ref : g.wrt) {
        target_set t = lw.targets(ref);
        targets.insert(targets.end(), t.elements.begin(), t.elements.end());
    }
    const source_span where = cover(g.of->span, g.wrt.back().span);
    if (!of.is_scalar()) return jacobian(g, of, targets, text, file);
    const node_id output = of.node();
    const std::vector<node_id> partials = lw.derivatives(output, targets, where);

    // the adjoints of the named definitions the output reaches, output first
    grad_result out{label(text, g.of->span), output, {}, {}, definition_names(), 0, {}, {}};
    const node_id root[] = {output};
    const std::vector<node_id> reached = model_.reachable(root);
    std::vector<derivative_target> intermediates;
    for (auto it = out.names.entries().rbegin(); it != out.names.entries().rend(); ++it) {
        if (it->alias || it->node == output || !std::binary_search(reached.begin(), reached.end(), it->node)) continue;
        if (intermediates.size() < options_.max_intermediates)
            intermediates.push_back(derivative_target{it->name, it->node, symbol_kind::definition});
        else
            ++out.intermediates_left_out;
    }
    const std::vector<node_id> adjoints =
        intermediates.empty() ? std::vector<node_id>{} : lw.derivatives(output, intermediates, where);

    const std::vector<node_id> named_partials = readable(partials, named(partials, true));
    const std::vector<node_id> named_adjoints = readable(adjoints, named(adjoints, true));
    for (std::size_t i = 0; i < targets.size(); ++i)
        out.partials.push_back(
            partial_entry{{}, targets[i].name, targets[i].kind, targets[i].node, partials[i], named_partials[i]});
    for (std::size_t i = 0; i < intermediates.size(); ++i)
        out.intermediates.push_back(
            adjoint_entry{intermediates[i].name, intermediates[i].node, adjoints[i], named_adjoints[i]});
    out.matrices = matrix_partials(g, of, lw);
    if (g.over_data) {
        out.means = partial_means(partials, lw.domain(), where, *g.over_data, file);
        out.rows = data_->train.size();
    }
    return out;
}

// grad for a model too large to expand to scalars: every derivative in matrix form, from the
// tensor sweep only (an element of a vector or matrix is an element of its matrix-form derivative).
grad_result session::grad_in_matrix_form(const grad_statement& g, const value& of, lowerer& lw, std::string_view text,
                                         const std::string& file) {
    const source_span where = cover(g.of->span, g.wrt.back().span);
    if (g.over_data)
        fail(file, *g.over_data,
             "'over data' needs every element as a scalar, and this model is too large to expand (the limit is " +
                 std::to_string(options_.lowering.max_elements) + " elements per value); leave 'over data' out for the "
                 "derivatives in matrix form");
    grad_result out{label(text, g.of->span), no_node, {}, {}, definition_names(), 0, {}, {}};
    for (const variable_ref& ref : g.wrt) {
        const symbol_entry* s = symbols_.find(ref.name);
        const tensor::tensor_id d = lw.lazy_derivative(of, ref, where);
        out.matrices.push_back(matrix_partial{label(text, ref.span), s->kind, tensors_.shape_of(d), d, 0, 0, {}});
    }
    for (matrix_partial& m : out.matrices) m.names_below = static_cast<tensor::tensor_id>(tensors_.size());
    return out;
}

// The whole vectors and matrices after `wrt` as derivatives in matrix form, by one reverse sweep
// of the tensor graph; none when the expression has no twin.
std::vector<matrix_partial> session::matrix_partials(const grad_statement& g, const value& of, lowerer& lw) {
    std::vector<matrix_partial> out;
    if (of.twin == tensor::no_tensor) return out;
    std::vector<tensor::tensor_id> wrt;
    std::size_t first = 0;
    for (const variable_ref& ref : g.wrt) {
        const target_set t = lw.targets(ref);
        const symbol_entry* s = symbols_.find(ref.name);
        if (ref.indices.empty() && !t.dims.is_scalar() && s && s->value.twin != tensor::no_tensor) {
            out.push_back(matrix_partial{ref.name, s->kind, t.dims, tensor::no_tensor, first, t.elements.size(), {}});
            wrt.push_back(s->value.twin);
        }
        first += t.elements.size();
    }
    if (wrt.empty()) return out;
    const std::vector<tensor::tensor_id> partials = tensor_gradient(tensors_, of.twin, wrt);
    for (std::size_t k = 0; k < out.size(); ++k) {
        out[k].partial = partials[k];
        out[k].names_below = static_cast<tensor::tensor_id>(tensors_.size());
    }
    return out;
}

grad_result session::jacobian(const grad_statement& g, const value& of, const std::vector<derivative_target>& targets,
                              std::string_view text, const std::string& file) {
    const std::size_t entries = of.elements.size() * targets.size();
    if (entries > max_jacobian_entries)
        fail(file, g.of->span, "the Jacobian of " + describe(of.dims) + " with respect to " +
                                   std::to_string(targets.size()) + " variables has " + std::to_string(entries) +
                                   " entries, more than " + std::to_string(max_jacobian_entries) +
                                   ": take an element, a slice of the variables, or sum(...)");
    lowerer lw(model_, tensors_, symbols_, file, options_.lowering);
    const source_span where = cover(g.of->span, g.wrt.back().span);
    const std::string of_label = label(text, g.of->span);
    // row by row: every partial of element k, then of element k + 1
    std::vector<node_id> partials;
    std::vector<std::string> rows;
    for (std::size_t k = 0; k < of.elements.size(); ++k) {
        const std::vector<node_id> row = lw.derivatives(of.elements[k], targets, where);
        partials.insert(partials.end(), row.begin(), row.end());
        rows.push_back(element_name(of_label, of.dims, k));
    }
    const std::vector<node_id> shown = readable(partials, named(partials, true));
    grad_result out{of_label, no_node, {}, {}, definition_names(), 0, {}, {}};
    for (std::size_t k = 0; k < partials.size(); ++k) {
        const derivative_target& t = targets[k % targets.size()];
        out.partials.push_back(partial_entry{rows[k / targets.size()], t.name, t.kind, t.node, partials[k], shown[k]});
    }
    if (g.over_data) {
        out.means = partial_means(partials, lw.domain(), where, *g.over_data, file);
        out.rows = data_->train.size();
    }
    return out;
}

std::vector<node_id> session::readable(std::span<const node_id> nodes, std::vector<node_id> shown) {
    // the definitions' expressions, as names, for in_terms_of
    std::vector<std::pair<node_id, std::string>> definitions;
    const name_table table = definition_names();
    for (const node_name& e : table.entries())
        if (!e.alias) definitions.emplace_back(e.node, e.name);
    if (definitions.empty()) return shown;
    algebra_limits limits;
    limits.max_input_tree_size = 2000;
    limits.max_result_size = 4000;
    for (std::size_t k = 0; k < nodes.size(); ++k) {
        if (model_.is_constant(nodes[k]) || model_.is_variable(nodes[k])) continue;
        std::string current;
        try {
            current = to_text(display_, shown[k]);
        } catch (const limit_error&) {
            continue;
        }
        if (current.size() <= short_enough) continue;
        try {
            const node_id other = in_terms_of(model_, nodes[k], definitions, display_, limits);
            if (to_text(display_, other).size() < current.size()) shown[k] = other;
        } catch (const chainrule::error&) {
            // too large or beyond GiNaC: keep the named form
        }
    }
    return shown;
}

replacement_map session::bind_point(const std::vector<binding>& bindings, lowerer& lw, const std::string& file,
                                    std::vector<std::pair<std::string, rational>>& shown) {
    // the bindings: variable node -> constant node
    replacement_map point;
    for (std::size_t i = 0; i < bindings.size(); ++i) {
        const binding& b = bindings[i];
        const symbol_entry* s = symbols_.find(b.name);
        if (!s) {
            std::vector<std::string_view> variables;
            for (const symbol_entry& x : symbols_.all())
                if (x.kind == symbol_kind::input || x.kind == symbol_kind::param) variables.push_back(x.name);
            fail(file, b.name_span, "'" + b.name + "' is not an input or a param" + did_you_mean(b.name, variables));
        }
        if (s->kind != symbol_kind::input && s->kind != symbol_kind::param)
            fail(file, b.name_span, "cannot bind '" + b.name + "': it is " + std::string(describe(s->kind)) +
                                        "; 'at' gives values to inputs and params");
        for (std::size_t j = 0; j < i; ++j)
            if (bindings[j].name == b.name) fail(file, b.name_span, "'" + b.name + "' is bound twice");
        const value bound = lw.lower(*b.value);
        if (bound.dims != s->value.dims)
            fail(file, b.value->span, "'" + b.name + "' is " + describe(s->value.dims) + ": its value must be " +
                                          describe(s->value.dims) + ", got " + describe(bound.dims));
        for (std::size_t k = 0; k < bound.elements.size(); ++k) {
            if (!model_.is_constant(bound.elements[k]))
                fail(file, b.value->span, "the value of '" + b.name + "' must be exact rational numbers");
            point.emplace(s->value.elements[k], bound.elements[k]);
            shown.emplace_back(element_name(b.name, s->value.dims, k), model_.value(bound.elements[k]));
        }
    }
    return point;
}

void session::require_bound(std::span<const node_id> closed, const source_span& where, const std::string& file,
                            std::string_view what) {
    const std::vector<node_id> free = free_variables(model_, closed);
    if (free.empty()) return;
    // name whole variables where every element is missing, elements otherwise
    std::vector<std::string> missing;
    std::vector<char> named(free.size(), 0);
    for (const symbol_entry& s : symbols_.all()) {
        if (s.kind != symbol_kind::input && s.kind != symbol_kind::param) continue;
        std::vector<std::string> elements;
        for (std::size_t k = 0; k < s.value.elements.size(); ++k) {
            const auto at = std::lower_bound(free.begin(), free.end(), s.value.elements[k]);
            if (at == free.end() || *at != s.value.elements[k]) continue;
            named[static_cast<std::size_t>(at - free.begin())] = 1;
            elements.push_back(element_name(s.name, s.value.dims, k));
        }
        if (elements.empty()) continue;
        if (elements.size() == s.value.elements.size()) missing.push_back(s.name);
        else missing.insert(missing.end(), elements.begin(), elements.end());
    }
    // elements of a value too large to expand are not among its symbol's elements: by their names
    for (std::size_t i = 0; i < free.size(); ++i)
        if (!named[i]) missing.push_back(model_.variable_of(free[i]).name);
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 10; ++i) list += (i ? ", " : "") + missing[i];
    if (missing.size() > 10) list += ", ... (" + std::to_string(missing.size()) + " in all)";
    fail(file, where, std::string(what) + " needs a value for " + list + ": add " + (missing.size() == 1 ? "it" : "them") +
                          " after 'at'");
}

std::size_t session::bind_trained(replacement_map& point, std::span<const node_id> variables) {
    std::size_t bound = 0;
    for (node_id n : variables) {
        if (point.count(n) || model_.variable_of(n).kind != variable_kind::param) continue;
        auto trained = values_.find(n);
        if (trained == values_.end()) continue;
        point.emplace(n, model_.constant(trained_rational(trained->second)));
        ++bound;
    }
    return bound;
}

std::vector<std::string> session::partial_means(std::span<const node_id> partials, node_id domain, const source_span& where,
                                                const source_span& over, const std::string& file) {
    std::vector<std::string> out;
    for (const numeric::certified_value& m :
         means_over_data(partials, domain, {}, where, over, file, "train or load the params first", 17))
        out.push_back(m.decimal);
    return out;
}

void session::require_domain(node_id domain, const replacement_map& point, const source_span& where,
                             const std::string& file) {
    if (domain == no_node) return;
    const std::string undefined = "the value is undefined at this point: it is a derivative of an expression that is "
                                  "undefined there: ";
    const node_id roots[] = {domain};
    std::vector<node_id> closed;
    try {
        closed = without_names(model_, roots, point);
    } catch (const domain_error& x) {
        fail(file, where, undefined + x.what());
    }
    if (!free_variables(model_, closed).empty()) return;
    try {
        evaluate(model_, closed, 5, options_.evaluation);
    } catch (const domain_error& x) {
        fail(file, where, undefined + x.what());
    } catch (const chainrule::error& x) {
        fail(file, where, std::string("whether the derivative exists at this point could not be decided: ") + x.what());
    }
}

eval_result session::eval(const eval_statement& e, std::string_view text, const std::string& file) {
    lowerer lw(model_, tensors_, symbols_, file, options_.lowering);
    // over data, a value too large to expand is averaged in tensor form
    const value v = e.over_data ? lw.lower_lazy(*e.value) : lw.lower(*e.value);

    eval_result out{label(text, e.value->span), v.dims, {}, e.digits ? static_cast<int>(e.digits->value) : options_.default_digits, {}};
    replacement_map point = bind_point(e.bindings, lw, file, out.point);

    if (e.over_data) {
        // a derivative exists only where what it differentiates does: the domain is evaluated on
        // every row too
        if (!v.expanded()) return eval_over_data_tensor(e, v, lw.tensor_domain(), std::move(out), file);
        return eval_over_data(e, v, lw.domain(), point, std::move(out), file);
    }

    // params not bound here take their trained values (as 17-digit decimals, exactly)
    out.trained_params = bind_trained(point, free_variables(model_, v.elements));

    std::vector<node_id> closed;
    try {
        // the value alone: named nodes would print as their names
        closed = without_names(model_, v.elements, point);
    } catch (const domain_error& x) {
        fail(file, e.value->span, std::string("the value is undefined at this point: ") + x.what());
    }
    require_bound(closed, e.value->span, file, "eval");
    require_domain(lw.domain(), point, e.value->span, file);
    try {
        out.elements = evaluate(model_, closed, out.digits, options_.evaluation);
    } catch (const source_error&) {
        throw;
    } catch (const chainrule::error& x) {
        fail(file, e.value->span, x.what());
    }
    return out;
}

show_result session::show(const show_statement& s, std::string_view text, const std::string& file) {
    lowerer lw(model_, tensors_, symbols_, file, options_.lowering);
    const bool as_formula = s.format == show_format::text || s.format == show_format::latex;
    const value v = as_formula ? lw.lower_lazy(*s.value) : lw.lower(*s.value);
    show_result out{label(text, s.value->span), s.format, v, named(v.elements, false), std::nullopt, std::nullopt, {},
                    definition_names(), {}, std::nullopt, std::nullopt, std::nullopt, {}, tensor::no_tensor,
                    tensor::no_tensor};
    const auto* d = std::get_if<derivative_expr>(&s.value->node);
    if (d) out.derivative.emplace(label(text, d->of->span), label(text, d->wrt.span));
    if (as_formula && v.twin != tensor::no_tensor && (!v.expanded() || (d && !v.is_scalar()))) {
        out.matrix = v.twin;
        out.names_below = static_cast<tensor::tensor_id>(tensors_.size());
    }
    replacement_map point = bind_point(s.bindings, lw, file, out.point);
    // with values asked for, params not bound take their trained or loaded values, as in eval
    if (!s.bindings.empty()) {
        std::vector<node_id> params;
        for (const symbol_entry& e : symbols_.all())
            if (e.kind == symbol_kind::param) params.insert(params.end(), e.value.elements.begin(), e.value.elements.end());
        bind_trained(point, params);
    }
    switch (s.format) {
    case show_format::text:
    case show_format::latex: break;
    case show_format::graph: out.picture = picture(s, text, file, lw, point); break;
    case show_format::steps: {
        out.steps = steps(s, text, file, lw, point);
        if (v.is_scalar() && !std::holds_alternative<derivative_expr>(s.value->node))
            out.trace = trace_chain_rule(model_, v.node());
        break;
    }
    case show_format::c: {
        std::vector<node_id> nodes = v.elements;
        // elements of a name are h[0], h[1]; of anything else (W @ x)[0]
        const bool plain = std::all_of(out.expression.begin(), out.expression.end(), [](char c) {
            return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   static_cast<unsigned char>(c) >= 0x80;
        });
        const std::string base = plain ? out.expression : "(" + out.expression + ")";
        for (std::size_t k = 0; k < v.elements.size(); ++k)
            out.program_outputs.push_back(program_output{element_name(base, v.dims, k), std::nullopt, v.elements[k]});
        if (v.is_scalar()) {
            // partials with respect to the params the value reaches, else the inputs
            const node_id root[] = {v.node()};
            const std::vector<node_id> reached = model_.reachable(root);
            std::vector<derivative_target> params, inputs;
            for (const symbol_entry& x : symbols_.all()) {
                if (x.kind != symbol_kind::input && x.kind != symbol_kind::param) continue;
                for (std::size_t k = 0; k < x.value.elements.size(); ++k)
                    if (std::binary_search(reached.begin(), reached.end(), x.value.elements[k]))
                        (x.kind == symbol_kind::param ? params : inputs)
                            .push_back(derivative_target{element_name(x.name, x.value.dims, k), x.value.elements[k], x.kind});
            }
            const std::vector<derivative_target>& wrt = params.empty() ? inputs : params;
            const std::vector<node_id> partials = lw.derivatives(v.node(), wrt, s.value->span);
            for (std::size_t k = 0; k < wrt.size(); ++k) {
                out.program_outputs.push_back(program_output{out.expression, wrt[k].name, partials[k]});
                nodes.push_back(partials[k]);
            }
        }
        out.program = cse(model_, without_names(model_, nodes));
        // the C itself here, so that what C cannot hold (a constant past double's range) is this
        // statement's located error, not a failure while printing
        try {
            out.c_source = render_c(model_, *out.program, program_variables(model_, *out.program));
        } catch (const chainrule::error& x) {
            fail(file, s.value->span, std::string("cannot write this as C: ") + x.what());
        }
        break;
    }
    }
    return out;
}

}  // namespace chainrule::lang
