// Lowering of expressions. Each lower() call turns the errors of its own step (not of its
// operands, which are already located) into a source_error at its own span.
#include "chainrule/lang/lower.hpp"

#include "chainrule/core/assert.hpp"
#include "chainrule/diff/reverse.hpp"

#include <utility>

namespace chainrule::lang {

namespace {

elementwise to_elementwise(binary_op o) {
    switch (o) {
    case binary_op::add: return elementwise::add;
    case binary_op::subtract: return elementwise::subtract;
    case binary_op::multiply: return elementwise::multiply;
    case binary_op::divide: return elementwise::divide;
    case binary_op::power: return elementwise::power;
    case binary_op::matmul: break;  // not element-wise: handled by the caller
    }
    CHAINRULE_ASSERT(false);
    return elementwise::add;
}

// The graph op of a one-argument scalar function, if `f` is one.
std::optional<op> scalar_function(builtin f) {
    switch (f) {
    case builtin::exp: return op::exp;
    case builtin::log: return op::log;
    case builtin::sqrt: return op::sqrt;
    case builtin::sin: return op::sin;
    case builtin::cos: return op::cos;
    case builtin::tan: return op::tan;
    case builtin::tanh: return op::tanh;
    case builtin::cosh: return op::cosh;
    case builtin::sigmoid: return op::sigmoid;
    case builtin::relu: return op::relu;
    case builtin::softplus: return op::softplus;
    case builtin::abs: return op::abs;
    case builtin::step: return op::step;
    case builtin::sign: return op::sign;
    case builtin::max:
    case builtin::min:
    case builtin::sum:
    case builtin::mean:
    case builtin::dot:
    case builtin::softmax:
    case builtin::logsumexp:
    case builtin::delta: break;
    }
    return std::nullopt;
}

}  // namespace

lowerer::lowerer(graph& g, const symbol_table& symbols, std::string file, lowering_limits limits)
    : graph_(g), symbols_(symbols), file_(std::move(file)), limits_(limits), start_size_(g.size()) {}

void lowerer::fail(const source_span& where, std::string message) const {
    throw source_error(diagnostic{file_, where, std::move(message)});
}

void lowerer::bind_index(const std::string& letter, long value) { indices_[letter] = value; }

void lowerer::reserve_nodes(std::size_t extra, const source_span& where) const {
    const std::size_t added = graph_.size() - start_size_;
    if (added + extra > limits_.max_new_nodes)
        fail(where, "this statement would add more than " + std::to_string(limits_.max_new_nodes) +
                        " nodes to the graph (the limit); split the model into smaller parts");
}

void lowerer::undefined(std::string_view name, const source_span& where) const {
    if (find_builtin(name))
        fail(where, "'" + std::string(name) + "' is a function: call it as " + std::string(name) + "(...)");
    if (const auto* f = symbols_.failed(name))
        fail(where, "'" + std::string(name) + "' has no value: its definition at " +
                        (f->first == file_ ? "line " + std::to_string(f->second) : f->first + ":" + std::to_string(f->second)) +
                        " failed (see the error there)");
    const std::vector<std::string_view> names = symbols_.names();
    fail(where, "undefined name '" + std::string(name) + "'" + did_you_mean(name, names));
}

value lowerer::lower(const expression& e) {
    try {
        value v = lower_node(e);
        reserve_nodes(0, e.span);
        return v;
    } catch (const source_error&) {
        throw;
    } catch (const chainrule::error& x) {
        fail(e.span, x.what());
    }
}

value lowerer::lower_node(const expression& e) {
    switch (e.kind()) {
    case expression_kind::number: return value::scalar(graph_.constant(e.as<number_expr>().value));
    case expression_kind::name: {
        const std::string& name = e.as<name_expr>().name;
        const symbol_entry* s = symbols_.find(name);
        if (!s)
            if (auto it = indices_.find(name); it != indices_.end()) return value::scalar(graph_.constant(it->second));
        if (!s) undefined(name, e.span);
        return s->value;
    }
    case expression_kind::unary: {
        const value operand = lower(*e.as<unary_expr>().operand);
        reserve_nodes(operand.elements.size(), e.span);
        return negate(graph_, operand);
    }
    case expression_kind::binary: {
        const binary_expr& b = e.as<binary_expr>();
        const value left = lower(*b.left);
        const value right = lower(*b.right);
        if (b.op == binary_op::matmul)
            return matmul(graph_, left, right, limits_.max_product_work, limits_.max_elements);
        reserve_nodes(std::max(left.elements.size(), right.elements.size()), e.span);
        return combine(graph_, to_elementwise(b.op), left, right);
    }
    case expression_kind::call: return lower_call(e);
    case expression_kind::index: return lower_index(e);
    case expression_kind::vector: {
        std::vector<value> items;
        for (const expression_ptr& item : e.as<vector_expr>().elements) items.push_back(lower(*item));
        return stack(items, limits_.max_elements);
    }
    case expression_kind::derivative: return lower_derivative(e);
    }
    CHAINRULE_ASSERT(false);
    return {};
}

value lowerer::lower_call(const expression& e) {
    const call_expr& c = e.as<call_expr>();
    if (c.function == builtin::delta) {
        // delta(i, j) = 1 when i = j, else 0; both must be exact numbers
        const rational i = lower_rational(*c.arguments[0], "the first argument of delta");
        const rational j = lower_rational(*c.arguments[1], "the second argument of delta");
        return value::scalar(graph_.constant(i == j ? 1 : 0));
    }
    std::vector<value> args;
    for (const expression_ptr& a : c.arguments) args.push_back(lower(*a));
    std::size_t biggest = 0;
    for (const value& a : args) biggest = std::max(biggest, a.elements.size());
    reserve_nodes(3 * biggest + 1, e.span);
    if (auto f = scalar_function(c.function)) return map(graph_, *f, args[0]);
    switch (c.function) {
    case builtin::max: return combine(graph_, elementwise::max, args[0], args[1]);
    case builtin::min: return combine(graph_, elementwise::min, args[0], args[1]);
    case builtin::sum: return sum(graph_, args[0]);
    case builtin::mean: return mean(graph_, args[0]);
    case builtin::dot: return dot(graph_, args[0], args[1]);
    case builtin::softmax: return softmax(graph_, args[0]);
    case builtin::logsumexp: return logsumexp(graph_, args[0]);
    case builtin::exp:
    case builtin::log:
    case builtin::sqrt:
    case builtin::sin:
    case builtin::cos:
    case builtin::tan:
    case builtin::tanh:
    case builtin::cosh:
    case builtin::sigmoid:
    case builtin::relu:
    case builtin::softplus:
    case builtin::abs:
    case builtin::step:
    case builtin::sign:
    case builtin::delta: break;  // handled above
    }
    CHAINRULE_ASSERT(false);
    return {};
}

rational lowerer::lower_rational(const expression& e, std::string_view what) {
    const value v = lower(e);
    if (!v.is_scalar()) fail(e.span, std::string(what) + " must be a number: got " + describe(v.dims));
    if (!graph_.is_constant(v.node()))
        fail(e.span, std::string(what) + " must be an exact rational number, known without inputs or params");
    return graph_.value(v.node());
}

std::size_t lowerer::index_value(const expression& index, std::size_t axis, const shape& of) {
    const std::size_t bound = of.dims[axis];
    if (index.kind() == expression_kind::name && !symbols_.find(index.as<name_expr>().name) &&
        !indices_.count(index.as<name_expr>().name))
        fail(index.span, "index '" + index.as<name_expr>().name +
                             "' is not defined: outside a claim an index is a whole number such as 0");
    const rational q = lower_rational(index, "an index");
    const auto i = to_small_integer(q);
    if (!i) fail(index.span, "an index must be a whole number: got " + chainrule::to_string(q));
    if (*i < 0 || static_cast<std::size_t>(*i) >= bound) {
        const std::string which = of.rank() == 1 ? "indices" : axis == 0 ? "row indices" : "column indices";
        fail(index.span, "index " + std::to_string(*i) + " is out of range for " + describe(of) + ": " + which +
                             " run from 0 to " + std::to_string(bound - 1));
    }
    return static_cast<std::size_t>(*i);
}

std::vector<std::size_t> lowerer::resolve_indices(std::span<const expression_ptr> indices, const shape& of,
                                                  const source_span& where) {
    if (of.is_scalar()) fail(where, "cannot index a scalar");
    if (indices.size() > of.rank())
        fail(where, describe(of) + " takes " + (of.rank() == 1 ? "1 index" : "1 or 2 indices") + ": got " +
                        std::to_string(indices.size()));
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < indices.size(); ++k) out.push_back(index_value(*indices[k], k, of));
    return out;
}

value lowerer::lower_index(const expression& e) {
    const index_expr& x = e.as<index_expr>();
    const value base = lower(*x.base);
    const std::vector<std::size_t> at = resolve_indices(x.indices, base.dims, e.span);
    return element(base, at);
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
    target_set out{dims, {}};
    for (std::size_t k = first; k < first + count; ++k) {
        const node_id n = s->value.elements[k];
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
                        std::to_string(limits_.max_sweep_work) + " graph nodes (the limit)");
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

value lowerer::lower_derivative(const expression& e) {
    const derivative_expr& d = e.as<derivative_expr>();
    const value of = lower(*d.of);
    const target_set wrt = targets(d.wrt);
    if (of.is_scalar()) return value{wrt.dims, derivatives(of.node(), wrt.elements, e.span)};
    if (!wrt.dims.is_scalar())
        fail(e.span, "a derivative needs a scalar expression or a scalar variable: here the expression is " +
                         describe(of.dims) + " and '" + d.wrt.name + "' " + describe(wrt.dims) +
                         " (take an element, or a sum)");
    value out{of.dims, {}};
    for (node_id n : of.elements) out.elements.push_back(derivatives(n, wrt.elements, e.span)[0]);
    return out;
}

}  // namespace chainrule::lang
