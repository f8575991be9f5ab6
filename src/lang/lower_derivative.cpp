// Lowering of d(E)/d(v): the targets a variable reference names, the reverse sweeps of the
// scalar graph, derivatives in matrix form, and the domain where the derivatives exist.
#include "chainrule/lang/lower.hpp"

#include "chainrule/diff/reverse.hpp"
#include "chainrule/diff/tensor_reverse.hpp"
#include "lower_twin.hpp"

namespace chainrule::lang {

void lowerer::require_defined(node_id n) {
    // n is defined where each of its partial nodes is: those are added to the domain (a sum),
    // so a claim's points and a counterexample need only the variables that reach them
    if (n == no_node || graph_.is_constant(n) || !walked_.insert(n).second) return;
    const node_id roots[] = {n};
    for (node_id m : graph_.reachable(roots)) {
        if (!graph_.is_partial(m) || !required_.insert(m).second) continue;
        domain_ = domain_ == no_node ? m : graph_.add(domain_, m);
    }
}

void lowerer::require_defined_in_matrix_form(tensor::tensor_id n) {
    if (!tensor_walked_.insert(n).second) return;
    const tensor::tensor_id roots[] = {n};
    for (tensor::tensor_id m : tensors_.reachable(roots)) {
        if (!tensors_.is_partial(m) || !tensor_required_.insert(m).second) continue;
        // Σ of m's elements: defined exactly where every element is
        const tensor::tensor_id all = tensors_.shape_of(m).is_scalar() ? m : tensors_.sum(m);
        tensor_domain_ = tensor_domain_ == tensor::no_tensor ? all : tensors_.add(tensor_domain_, all);
    }
}

target_set lowerer::targets(const variable_ref& v) {
    const symbol_entry* s = symbols_.find(v.name);
    if (!s) undefined(v.name, v.name_span);
    if (s->kind == symbol_kind::constant)
        fail(v.name_span, "cannot differentiate with respect to '" + v.name +
                              "': it is a constant (derivatives are taken with respect to inputs, params and "
                              "definitions)");
    const shape& full = s->value.dims;
    // the flat range [first, first + count) of the elements named
    std::size_t first = 0, count = full.size();
    shape dims = full;
    if (!v.indices.empty()) {
        const std::vector<std::size_t> at = resolve_indices(v.indices, full, v.span);
        if (full.rank() == 1) {
            first = at[0], count = 1, dims = shape::scalar();
        } else if (at.size() == 2) {
            first = at[0] * full.dims[1] + at[1], count = 1, dims = shape::scalar();
        } else {
            first = at[0] * full.dims[1], count = full.dims[1], dims = shape::vector(full.dims[1]);
        }
    }
    // a value too large to expand gives its elements here, or a located limit error
    std::vector<node_id> built;
    if (!s->value.expanded()) built = expanded(s->value.twin, v.span);
    const std::vector<node_id>& elements = s->value.expanded() ? s->value.elements : built;
    target_set out{dims, {}};
    for (std::size_t k = first; k < first + count; ++k) {
        const node_id n = elements[k];
        std::string element = element_name(v.name, full, k);
        if (graph_.is_constant(n))
            fail(v.span, "cannot differentiate with respect to '" + element + "': its value is the constant " +
                             chainrule::to_string(graph_.value(n)) + ", so nothing depends on it");
        out.elements.push_back(derivative_target{std::move(element), n, s->kind});
    }
    return out;
}

std::vector<node_id> lowerer::derivatives(node_id of, std::span<const derivative_target> targets,
                                          const source_span& where) {
    const node_id roots[] = {of};
    const std::size_t reached = graph_.reachable(roots).size();
    std::vector<node_id> variables;
    bool any_definition = false;
    for (const derivative_target& t : targets) {
        if (t.kind == symbol_kind::definition) any_definition = true;
        else variables.push_back(t.node);
    }
    const std::size_t sweeps = (variables.empty() ? 0 : 1) + (any_definition ? 1 : 0);
    // a sweep adds at most 3 nodes per node reached (DESIGN.md) and visits the ids up to `of`
    reserve_nodes(sweeps * (3 * reached + 2), where);
    sweep_work_ += sweeps * (static_cast<std::size_t>(of) + 1);
    if (sweep_work_ > limits_.max_sweep_work)
        fail(where, "the derivatives of this statement would visit more than " +
                        std::to_string(limits_.max_sweep_work) + " graph nodes (the limit: --limit sweep-work=N raises it)");
    // d(of)/d(t) exists only where `of` is defined, whatever the nodes of its formula need
    require_defined(of);
    std::vector<node_id> partials;
    if (!variables.empty()) partials = reverse_gradient(graph_, of, variables);
    std::optional<adjoint_table> adjoints;
    if (any_definition) adjoints = reverse_adjoints(graph_, of);
    const node_id zero = graph_.constant(0);
    std::vector<node_id> out;
    out.reserve(targets.size());
    std::size_t next_variable = 0;
    for (const derivative_target& t : targets) {
        if (t.kind == symbol_kind::definition) out.push_back(adjoints->find(t.node).value_or(zero));
        else out.push_back(partials[next_variable++]);
    }
    return out;
}

// d(of)/d(wrt) in the tensor graph only, for a value too large to expand: the tensor sweep's
// derivative with respect to the whole of wrt, or its element, row or column named by wrt's indices.
tensor::tensor_id lowerer::lazy_derivative(const value& of, const variable_ref& wrt, const source_span& where) {
    if (!of.dims.is_scalar())
        fail(where, "a derivative of " + describe(of.dims) + " too large to expand to scalars: take the derivative "
                    "of a scalar (an element, or a sum)");
    const symbol_entry* s = symbols_.find(wrt.name);
    if (!s) undefined(wrt.name, wrt.name_span);
    if (s->kind == symbol_kind::constant)
        fail(wrt.name_span, "cannot differentiate with respect to '" + wrt.name + "': it is a constant");
    const tensor::tensor_id target[] = {strict_twin(s->value)};
    // d(of)/d(wrt) exists only where `of` is defined, whatever the nodes of its formula need
    require_defined_in_matrix_form(strict_twin(of));
    const tensor::tensor_id whole = tensor_gradient(tensors_, strict_twin(of), target)[0];
    if (wrt.indices.empty()) return whole;
    const std::vector<std::size_t> at = resolve_indices(wrt.indices, s->value.dims, wrt.span);
    if (s->value.dims.rank() == 2 && at.size() == 1) return tensors_.row(whole, at[0]);
    return tensors_.element(whole, at[0], at.size() == 2 ? at[1] : 0);
}

value lowerer::lower_derivative(const expression& e) {
    const derivative_expr& d = e.as<derivative_expr>();
    const value of = lower_lazy(*d.of);
    if (const symbol_entry* s = symbols_.find(d.wrt.name); !of.expanded() || (s && !s->value.expanded()))
        return lazy(lazy_derivative(of, d.wrt, e.span));
    const target_set wrt = targets(d.wrt);
    if (of.is_scalar()) {
        // the elements from the scalar sweep (the exact oracle); the twin, for a whole vector or
        // matrix, from the tensor sweep: equal to them, built in matrix form
        value out{wrt.dims, derivatives(of.node(), wrt.elements, e.span)};
        const symbol_entry* s = symbols_.find(d.wrt.name);
        if (d.wrt.indices.empty() && s && s->value.twin != tensor::no_tensor)
            out.twin = twin({&of}, [&] {
                require_defined_in_matrix_form(of.twin);
                const tensor::tensor_id target[] = {s->value.twin};
                return tensor_gradient(tensors_, of.twin, target)[0];
            });
        return out;
    }
    if (!wrt.dims.is_scalar())
        fail(e.span, "a derivative needs a scalar expression or a scalar variable: here the expression is " +
                         describe(of.dims) + " and '" + d.wrt.name + "' " + describe(wrt.dims) +
                         " (take an element, or a sum)");
    value out{of.dims, {}};
    for (node_id n : of.elements) out.elements.push_back(derivatives(n, wrt.elements, e.span)[0]);
    return out;
}

}  // namespace chainrule::lang
