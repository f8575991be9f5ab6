// Lowering of expressions. Each lower() call turns the errors of its own step (not of its
// operands, which are already located) into a source_error at its own span.
#include "chainrule/lang/lower.hpp"

#include "chainrule/core/assert.hpp"
#include "lower_twin.hpp"

#include <algorithm>
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
    case builtin::transpose:
    case builtin::outer:
    case builtin::diag:
    case builtin::argmax:
    case builtin::delta: break;
    }
    return std::nullopt;
}

}  // namespace

lowerer::lowerer(graph& g, tensor::tensor_graph& t, const symbol_table& symbols, std::string file,
                 lowering_limits limits)
    : graph_(g), tensors_(t), symbols_(symbols), file_(std::move(file)), limits_(limits),
      expand_(t, g, limits.max_elements, limits.max_new_nodes), start_size_(g.size()) {}

void lowerer::fail(const source_span& where, std::string message) const {
    throw source_error(diagnostic{file_, where, std::move(message)});
}

void lowerer::bind_index(const std::string& letter, long value) { indices_[letter] = value; }

void lowerer::reserve_nodes(std::size_t extra, const source_span& where) const {
    const std::size_t added = graph_.size() - start_size_;
    if (added + extra > limits_.max_new_nodes)
        fail(where, "this statement would add more than " + std::to_string(limits_.max_new_nodes) +
                        " nodes to the graph (the limit: --limit statement-nodes=N raises it); split the model into smaller parts");
}

namespace {

// v with its twin set.
value with_twin(value v, tensor::tensor_id t) {
    v.twin = t;
    return v;
}

// Whether some operand is too large to expand (then the result is built in the tensor graph only).
bool any_lazy(std::initializer_list<const value*> operands) {
    return std::any_of(operands.begin(), operands.end(), [](const value* v) { return !v->expanded(); });
}

bool any_lazy(std::span<const value> operands) {
    return std::any_of(operands.begin(), operands.end(), [](const value& v) { return !v.expanded(); });
}

tensor::tensor_op to_tensor_op(elementwise f) {
    switch (f) {
    case elementwise::add: return tensor::tensor_op::add;
    case elementwise::multiply: return tensor::tensor_op::mul;
    case elementwise::power: return tensor::tensor_op::pow;
    case elementwise::max: return tensor::tensor_op::max;
    case elementwise::min: return tensor::tensor_op::min;
    case elementwise::subtract:
    case elementwise::divide: break;  // built from add and mul
    }
    CHAINRULE_ASSERT(false);
    return tensor::tensor_op::add;
}

// a op b on twins, as combine() does it on elements
tensor::tensor_id combine_twins(tensor::tensor_graph& t, elementwise f, tensor::tensor_id a, tensor::tensor_id b) {
    switch (f) {
    case elementwise::subtract: return t.sub(a, b);
    case elementwise::divide: return t.div(a, b);
    case elementwise::add:
    case elementwise::multiply:
    case elementwise::power:
    case elementwise::max:
    case elementwise::min: return t.binary(to_tensor_op(f), a, b);
    }
    CHAINRULE_ASSERT(false);
    return tensor::no_tensor;
}

}  // namespace

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
    value v = lower_lazy(e);
    if (!v.expanded()) v.elements = expanded(v.twin, e.span);
    return v;
}

value lowerer::lower_lazy(const expression& e) {
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

// The scalar elements of tensor node t, or a located error past the limit of expanding to
// scalars (the matrix form has none).
std::vector<node_id> lowerer::expanded(tensor::tensor_id t, const source_span& where) {
    try {
        return expand_.expand(t);
    } catch (const limit_error& x) {
        fail(where, std::string(x.what()) +
                        "; this needs every element as a scalar (the matrix form has no such limit: grad with "
                        "respect to whole vectors and matrices works at any size)");
    }
}

// The twin of an operand of an operation on a value too large to expand: a shape error when it has
// none.
tensor::tensor_id lowerer::strict_twin(const value& v) const {
    if (v.twin == tensor::no_tensor)
        throw shape_error("this operand has no matrix form (a derivative of a non-scalar, or an index letter), so "
                          "it cannot meet a value too large to expand to scalars");
    return v.twin;
}

value lowerer::lower_node(const expression& e) {
    switch (e.kind()) {
    case expression_kind::number: {
        const rational& q = e.as<number_expr>().value;
        return with_twin(value::scalar(graph_.constant(q)), tensors_.constant(q));
    }
    case expression_kind::name: {
        const std::string& name = e.as<name_expr>().name;
        const symbol_entry* s = symbols_.find(name);
        if (!s)
            if (auto it = indices_.find(name); it != indices_.end())
                return with_twin(value::scalar(graph_.constant(it->second)), tensors_.constant(it->second));
        if (!s) undefined(name, e.span);
        require_defined(s->domain);
        return s->value;
    }
    case expression_kind::unary: {
        const value operand = lower_lazy(*e.as<unary_expr>().operand);
        if (!operand.expanded()) return lazy(tensors_.neg(operand.twin));
        reserve_nodes(operand.elements.size(), e.span);
        return with_twin(negate(graph_, operand), twin({&operand}, [&] { return tensors_.neg(operand.twin); }));
    }
    case expression_kind::binary: {
        const binary_expr& b = e.as<binary_expr>();
        const value left = lower_lazy(*b.left);
        const value right = lower_lazy(*b.right);
        if (any_lazy({&left, &right}))
            return lazy(b.op == binary_op::matmul
                            ? tensors_.matmul(strict_twin(left), strict_twin(right))
                            : combine_twins(tensors_, to_elementwise(b.op), strict_twin(left), strict_twin(right)));
        if (b.op == binary_op::matmul)
            return with_twin(matmul(graph_, left, right, limits_.max_product_work, limits_.max_elements),
                             twin({&left, &right}, [&] { return tensors_.matmul(left.twin, right.twin); }));
        reserve_nodes(std::max(left.elements.size(), right.elements.size()), e.span);
        const elementwise f = to_elementwise(b.op);
        return with_twin(combine(graph_, f, left, right),
                         twin({&left, &right}, [&] { return combine_twins(tensors_, f, left.twin, right.twin); }));
    }
    case expression_kind::call: return lower_call(e);
    case expression_kind::index: return lower_index(e);
    case expression_kind::vector: {
        std::vector<value> items;
        for (const expression_ptr& item : e.as<vector_expr>().elements) items.push_back(lower_lazy(*item));
        if (any_lazy(items)) {
            std::vector<tensor::tensor_id> twins;
            for (const value& item : items) twins.push_back(strict_twin(item));
            return lazy(tensors_.stack(twins));
        }
        value out = stack(items, limits_.max_elements);
        std::vector<tensor::tensor_id> twins;
        for (const value& item : items) twins.push_back(item.twin);
        if (std::find(twins.begin(), twins.end(), tensor::no_tensor) == twins.end())
            out.twin = twin({}, [&] { return tensors_.stack(twins); });
        return out;
    }
    case expression_kind::derivative: return lower_derivative(e);
    case expression_kind::whole:
        fail(e.span, "':' stands for every row or every column: it can only be an index, as in X[:, 0] or X[1, :]");
    }
    CHAINRULE_ASSERT(false);
    return {};
}

value lowerer::lower_call(const expression& e) {
    const call_expr& c = e.as<call_expr>();
    std::vector<value> args;
    for (const expression_ptr& a : c.arguments) args.push_back(lower_lazy(*a));
    if (c.function == builtin::delta) {
        // delta(i, j) = 1 when i = j, else 0: a constant for exact numbers (index letters), else
        // 1 - |sign(i - j)|
        for (std::size_t k = 0; k < 2; ++k) {
            if (!args[k].is_scalar())
                fail(c.arguments[k]->span, std::string("the ") + (k == 0 ? "first" : "second") +
                                               " argument of delta must be a scalar: got " + describe(args[k].dims));
        }
        if (any_lazy(args)) return lazy(equal_indicator(tensors_, strict_twin(args[0]), strict_twin(args[1])));
        if (graph_.is_constant(args[0].node()) && graph_.is_constant(args[1].node())) {
            const bool same = graph_.value(args[0].node()) == graph_.value(args[1].node());
            return with_twin(value::scalar(graph_.constant(same ? 1 : 0)), tensors_.constant(same ? 1 : 0));
        }
        return with_twin(equal_indicator(graph_, args[0], args[1]),
                         twin({&args[0], &args[1]}, [&] { return equal_indicator(tensors_, args[0].twin, args[1].twin); }));
    }
    if (c.function == builtin::argmax) {
        // piecewise constant: an evaluation and classification tool
        if (args[0].dims.rank() != 1) fail(c.arguments[0]->span, "argmax needs a vector: got " + describe(args[0].dims));
        if (!args[0].expanded()) return lazy(argmax(tensors_, strict_twin(args[0])));
        reserve_nodes(4 * args[0].elements.size() * args[0].elements.size() + 1, e.span);
        return with_twin(argmax(graph_, args[0]), twin({&args[0]}, [&] { return argmax(tensors_, args[0].twin); }));
    }
    if (any_lazy(args)) return lower_lazy_call(c, args);
    std::size_t biggest = 0;
    for (const value& a : args) biggest = std::max(biggest, a.elements.size());
    reserve_nodes(3 * biggest + 1, e.span);
    const value& x = args[0];
    if (auto f = scalar_function(c.function))
        return with_twin(map(graph_, *f, x), twin({&x}, [&] { return tensors_.map(*f, x.twin); }));
    const bool by_axis = args.size() == 2 && (c.function == builtin::sum || c.function == builtin::mean ||
                                              c.function == builtin::logsumexp);
    const bool rows = c.function == builtin::softmax && x.dims.rank() == 2;
    if (by_axis || rows || c.function == builtin::transpose || c.function == builtin::outer ||
        c.function == builtin::diag)
        return lower_tensor_call(c, args);
    switch (c.function) {
    case builtin::max:
    case builtin::min: {
        const elementwise f = c.function == builtin::max ? elementwise::max : elementwise::min;
        return with_twin(combine(graph_, f, x, args[1]),
                         twin({&x, &args[1]}, [&] { return combine_twins(tensors_, f, x.twin, args[1].twin); }));
    }
    case builtin::sum: return with_twin(sum(graph_, x), twin({&x}, [&] { return tensors_.sum(x.twin); }));
    case builtin::mean: return with_twin(mean(graph_, x), twin({&x}, [&] { return tensors_.mean(x.twin); }));
    case builtin::dot:
        return with_twin(dot(graph_, x, args[1]),
                         twin({&x, &args[1]}, [&] { return tensors_.matmul(x.twin, args[1].twin); }));
    case builtin::softmax: return with_twin(softmax(graph_, x), twin({&x}, [&] { return tensors_.softmax(x.twin); }));
    case builtin::logsumexp:
        return with_twin(logsumexp(graph_, x), twin({&x}, [&] { return tensors_.logsumexp(x.twin); }));
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
    case builtin::transpose:
    case builtin::outer:
    case builtin::diag:
    case builtin::sign:
    case builtin::argmax:
    case builtin::delta: break;  // handled above
    }
    CHAINRULE_ASSERT(false);
    return {};
}

// The operations built on the tensor graph and expanded from there: transpose, outer, diag,
// reductions over an axis, softmax of each row.
value lowerer::lower_tensor_call(const call_expr& c, std::span<const value> args) {
    for (const value& a : args)
        if (a.twin == tensor::no_tensor)
            throw shape_error(std::string(info(c.function).name) +
                              " cannot take this operand yet: it is a derivative of a non-scalar or uses index "
                              "letters (write it element by element)");
    const value& x = args[0];
    switch (c.function) {
    case builtin::transpose: return from_twin(tensors_.transpose(x.twin));
    case builtin::outer: return from_twin(tensors_.outer(x.twin, args[1].twin));
    case builtin::diag: return from_twin(tensors_.diag(x.twin));
    case builtin::softmax: return from_twin(tensors_.softmax(x.twin));
    case builtin::sum: return from_twin(tensors_.sum(x.twin, axis_argument(*c.arguments[1], x)));
    case builtin::mean: return from_twin(tensors_.mean(x.twin, axis_argument(*c.arguments[1], x)));
    case builtin::logsumexp: return from_twin(tensors_.logsumexp(x.twin, axis_argument(*c.arguments[1], x)));
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
    case builtin::max:
    case builtin::min:
    case builtin::dot:
    case builtin::argmax:
    case builtin::delta: break;
    }
    CHAINRULE_ASSERT(false);
    return {};
}

// A call with an operand too large to expand: built in the tensor graph only.
value lowerer::lower_lazy_call(const call_expr& c, std::span<const value> args) {
    std::vector<tensor::tensor_id> t;
    for (const value& a : args) t.push_back(strict_twin(a));
    if (auto f = scalar_function(c.function)) return lazy(tensors_.map(*f, t[0]));
    const bool by_axis = args.size() == 2;
    switch (c.function) {
    case builtin::max: return lazy(tensors_.binary(tensor::tensor_op::max, t[0], t[1]));
    case builtin::min: return lazy(tensors_.binary(tensor::tensor_op::min, t[0], t[1]));
    case builtin::sum: return lazy(tensors_.sum(t[0], by_axis ? axis_argument(*c.arguments[1], args[0]) : tensor::axis::all));
    case builtin::mean: return lazy(tensors_.mean(t[0], by_axis ? axis_argument(*c.arguments[1], args[0]) : tensor::axis::all));
    case builtin::logsumexp:
        return lazy(tensors_.logsumexp(t[0], by_axis ? axis_argument(*c.arguments[1], args[0]) : tensor::axis::all));
    case builtin::dot:
        if (args[0].dims.rank() != 1 || args[1].dims != args[0].dims)
            throw shape_error("dot needs two vectors of the same length: got " + describe(args[0].dims) + " and " +
                              describe(args[1].dims));
        return lazy(tensors_.matmul(t[0], t[1]));
    case builtin::softmax: return lazy(tensors_.softmax(t[0]));
    case builtin::transpose: return lazy(tensors_.transpose(t[0]));
    case builtin::outer: return lazy(tensors_.outer(t[0], t[1]));
    case builtin::diag: return lazy(tensors_.diag(t[0]));
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
    case builtin::argmax:
    case builtin::delta: break;  // scalar functions above; argmax and delta before
    }
    CHAINRULE_ASSERT(false);
    return {};
}

// A value too large to expand: its shape and twin, no elements.
value lowerer::lazy(tensor::tensor_id t) const { return value{tensors_.shape_of(t), {}, t}; }

// The value of tensor node t: its shape, its expanded elements, t as its twin.
value lowerer::from_twin(tensor::tensor_id t) {
    // expand_ refuses past the statement's node budget with a limit_error, which lower() locates
    return value{tensors_.shape_of(t), expand_.expand(t), t};
}

// The axis argument of sum(X, axis), mean(X, axis), logsumexp(X, axis): 0 or 1, for a matrix.
tensor::axis lowerer::axis_argument(const expression& e, const value& of) {
    const rational q = lower_rational(e, "an axis");
    if (q != 0 && q != 1) fail(e.span, "an axis is 0 (down the columns) or 1 (along the rows): got " + chainrule::to_string(q));
    if (of.dims.rank() != 2)
        fail(e.span, "an axis needs a matrix: got " + describe(of.dims) + " (leave the axis out to reduce every element)");
    return q == 0 ? tensor::axis::rows : tensor::axis::cols;
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
    const value base = lower_lazy(*x.base);
    if (std::any_of(x.indices.begin(), x.indices.end(),
                    [](const expression_ptr& i) { return i->kind() == expression_kind::whole; }))
        return lower_slice(x, base, e.span);
    const std::vector<std::size_t> at = resolve_indices(x.indices, base.dims, e.span);
    if (!base.expanded())
        return lazy(base.dims.rank() == 2 && at.size() == 1 ? tensors_.row(base.twin, at[0])
                                                           : tensors_.element(base.twin, at[0], at.size() == 2 ? at[1] : 0));
    return with_twin(element(base, at), twin({&base}, [&] {
                         if (base.dims.rank() == 2 && at.size() == 1) return tensors_.row(base.twin, at[0]);
                         return tensors_.element(base.twin, at[0], at.size() == 2 ? at[1] : 0);
                     }));
}

// A slice: X[:, j] (column j), X[i, :] (row i), X[:, :] and v[:] (the whole value).
value lowerer::lower_slice(const index_expr& x, const value& base, const source_span& where) {
    if (base.dims.is_scalar()) fail(where, "cannot index a scalar");
    if (x.indices.size() > base.dims.rank())
        fail(where, describe(base.dims) + " takes " + (base.dims.rank() == 1 ? "1 index" : "1 or 2 indices") +
                        ": got " + std::to_string(x.indices.size()));
    const bool whole_rows = x.indices[0]->kind() == expression_kind::whole;
    const bool whole_cols = x.indices.size() < 2 || x.indices[1]->kind() == expression_kind::whole;
    if (whole_rows && whole_cols) return base;
    if (!whole_rows) {  // X[i, :]: row i
        const std::size_t i = index_value(*x.indices[0], 0, base.dims);
        if (!base.expanded()) return lazy(tensors_.row(base.twin, i));
        const std::size_t at[] = {i};
        return with_twin(element(base, at), twin({&base}, [&] { return tensors_.row(base.twin, i); }));
    }
    const std::size_t j = index_value(*x.indices[1], 1, base.dims);  // X[:, j]: column j
    if (!base.expanded()) return lazy(tensors_.column(base.twin, j));
    const std::size_t rows = base.dims.dims[0], cols = base.dims.dims[1];
    value out{shape::vector(rows), {}};
    for (std::size_t i = 0; i < rows; ++i) out.elements.push_back(base.elements[i * cols + j]);
    out.twin = twin({&base}, [&] { return tensors_.column(base.twin, j); });
    return out;
}

}  // namespace chainrule::lang
