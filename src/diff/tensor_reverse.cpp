// Reverse mode on the tensor graph. Ascending ids are a topological order, so one loop from the
// output down visits every user before its operands: no recursion, no explicit stack. C is the
// node being swept, C̄ its adjoint, U and V its operands; each rule adds C̄ times the local
// derivative to Ū and V̄, with the element-wise derivatives of partials.cpp written over whole
// tensors (the same conventions at kinks: a tie in max or min goes to U, step′ = relu′(0) =
// abs′(0) = 0).
#include "chainrule/diff/tensor_reverse.hpp"

#include "chainrule/core/assert.hpp"
#include "chainrule/core/error.hpp"

#include <optional>
#include <string>

namespace chainrule {

using tensor::axis;
using tensor::no_tensor;
using tensor::shape;
using tensor::tensor_graph;
using tensor::tensor_id;
using tensor::tensor_node;
using tensor::tensor_op;

namespace {

// The constant every element of n holds, if n is filled (a copy: the constant table may grow).
std::optional<rational> filled(const tensor_graph& t, tensor_id n) {
    if (const rational* c = t.filled_value(n)) return *c;
    return std::nullopt;
}

// 1 − W
tensor_id one_minus(tensor_graph& t, tensor_id w) { return t.sub(t.constant(1), w); }

// Σ of M over `over` (the adjoint of a broadcast over the same axis); c·count filled when M is
// filled with c.
tensor_id reduce(tensor_graph& t, tensor_id m, axis over) {
    const shape s = t.shape_of(m);
    if (const std::optional<rational> c = filled(t, m)) {
        const std::size_t count = over == axis::all ? s.size() : over == axis::rows ? s.rows() : s.cols();
        const shape out = over == axis::all ? shape::scalar() : shape::vector(over == axis::rows ? s.cols() : s.rows());
        return t.filled(*c * rational(static_cast<long>(count)), out);
    }
    return t.sum(m, over);
}

// R repeated back to shape `s` along `over` (the adjoint of a sum over the same axis).
tensor_id spread(tensor_graph& t, tensor_id r, axis over, shape s) {
    if (const std::optional<rational> c = filled(t, r)) return t.filled(*c, s);
    if (over == axis::all) return t.broadcast(r, s);
    return t.broadcast(r, over, over == axis::rows ? s.rows() : s.cols());
}

// e_i, the vector[n] with 1 at i and 0 elsewhere (a stack of constants: one node).
tensor_id one_hot(tensor_graph& t, std::size_t n, std::size_t i) {
    if (n == 1) return t.filled(1, shape::vector(1));
    std::vector<tensor_id> items(n, t.constant(0));
    items[i] = t.constant(1);
    return t.stack(items);
}

// The diagonal of a square matrix M as a vector: each row's sum of M ⊙ I.
tensor_id diagonal(tensor_graph& t, tensor_id m) {
    const std::size_t n = t.shape_of(m).rows();
    if (const std::optional<rational> c = filled(t, m)) return t.filled(*c, shape::vector(n));
    return t.sum(t.mul(m, t.diag(t.filled(1, shape::vector(n)))), axis::cols);
}

// Item k of a stacked M: element k of a vector, row k of a matrix (item k itself when M is a
// stack, filled when M is).
tensor_id item(tensor_graph& t, tensor_id m, std::size_t k) {
    const tensor_node& x = t.at(m);
    if (x.kind == tensor_op::stack) return x.items[k];
    const shape s = x.dims;
    const shape out = s.rank() == 2 ? shape::vector(s.cols()) : shape::scalar();
    if (const std::optional<rational> c = filled(t, m)) return t.filled(*c, out);
    return s.rank() == 2 ? t.row(m, k) : t.element(m, k);
}

// f′(U) element by element, for C = f(U), from the rules of partials.cpp; c stands for C's own
// value where the rule reuses it.
tensor_id map_derivative(tensor_graph& t, op f, tensor_id u, tensor_id c) {
    const shape s = t.shape_of(u);
    switch (f) {
    case op::exp: return c;                                               // exp′(U) = exp(U)
    case op::log: return t.pow(u, t.constant(-1));                        // log′(U) = U^-1
    case op::sqrt: return t.mul(t.constant(rational(1) / 2), t.pow(c, t.constant(-1)));  // sqrt′(U) = (1/2) sqrt(U)^-1
    case op::sin: return t.map(op::cos, u);                               // sin′(U) = cos(U)
    case op::cos: return t.neg(t.map(op::sin, u));                        // cos′(U) = −sin(U)
    case op::tan: return t.add(t.constant(1), t.pow(c, t.constant(2)));   // tan′(U) = 1 + tan(U)²
    case op::tanh: return one_minus(t, t.pow(c, t.constant(2)));          // tanh′(U) = 1 − tanh(U)²
    case op::cosh: return t.mul(t.map(op::tanh, u), c);                   // cosh′(U) = tanh(U) ⊙ cosh(U)
    case op::sigmoid: return t.mul(c, one_minus(t, c));                   // σ′(U) = σ(U) ⊙ (1 − σ(U))
    case op::softplus: return t.map(op::sigmoid, u);                      // softplus′(U) = σ(U)
    case op::relu: return t.map(op::step, u);                             // relu′(U) = step(U)   (0 at 0)
    case op::abs: return t.map(op::sign, u);                              // abs′(U) = sign(U)   (0 at 0)
    case op::step: return t.filled(0, s);                                 // step′(U) = 0
    case op::sign: return t.filled(0, s);                                 // sign′(U) = 0
    case op::constant:
    case op::variable:
    case op::add:
    case op::mul:
    case op::pow:
    case op::max:
    case op::min:
    case op::named: break;  // not one-operand functions: never the op of a map
    }
    CHAINRULE_ASSERT(false);
    return no_tensor;
}

// One reverse sweep: adjoints by node id (no_tensor where not reached), the activity of each
// node (whether it depends on some wrt node) and the node standing for each node's value.
class sweep {
public:
    sweep(tensor_graph& t, tensor_id output, std::span<const tensor_id> wrt);
    std::vector<tensor_id> gradient(std::span<const tensor_id> wrt);

private:
    void propagate(tensor_id n);
    void pow(const tensor_node& x, tensor_id n, tensor_id bar);
    void matmul(const tensor_node& x, tensor_id bar);
    void logsumexp(const tensor_node& x, tensor_id bar);
    bool wants(tensor_id n) const { return active_[n] != 0; }
    // the adjoint of `operand` gains `contribution` (a tensor of its shape)
    void add_to(tensor_id operand, tensor_id contribution);

    tensor_graph& t_;
    tensor_id output_;
    std::vector<tensor_id> adj_;
    std::vector<char> active_;
    // value_[n]: n, or the named node defined as n (so rules that reuse a value read it by name)
    std::vector<tensor_id> value_;
};

sweep::sweep(tensor_graph& t, tensor_id output, std::span<const tensor_id> wrt)
    : t_(t), output_(output), adj_(static_cast<std::size_t>(output) + 1, no_tensor),
      active_(static_cast<std::size_t>(output) + 1, 0), value_(static_cast<std::size_t>(output) + 1, no_tensor) {
    for (tensor_id w : wrt)
        if (w <= output) active_[w] = 1;
    // activity and names, ascending (operands first)
    const std::vector<tensor_id> reached = t.reachable(std::span<const tensor_id>(&output, 1));
    for (tensor_id n : reached) {
        value_[n] = n;
        for (tensor_id o : t.operands(n))
            if (active_[o]) active_[n] = 1;
    }
    for (tensor_id n : reached) {
        const tensor_node& x = t.at(n);
        if (x.kind == tensor_op::named && value_[x.a] == x.a) value_[x.a] = n;
    }
}

void sweep::add_to(tensor_id operand, tensor_id contribution) {
    CHAINRULE_ASSERT(t_.shape_of(contribution) == t_.shape_of(operand));
    adj_[operand] = adj_[operand] == no_tensor ? contribution : t_.add(adj_[operand], contribution);
}

std::vector<tensor_id> sweep::gradient(std::span<const tensor_id> wrt) {
    if (active_[output_]) {
        adj_[output_] = t_.constant(1);
        // reverse sweep
        for (tensor_id n = output_ + 1; n-- > 0;)
            if (adj_[n] != no_tensor) propagate(n);
    }
    std::vector<tensor_id> out;
    out.reserve(wrt.size());
    for (tensor_id w : wrt) {
        const shape s = t_.shape_of(w);
        out.push_back(w <= output_ && adj_[w] != no_tensor ? adj_[w] : t_.filled(0, s));
    }
    return out;
}

void sweep::propagate(tensor_id n) {
    const tensor_node x = t_.at(n);  // a copy: the graph grows below
    const tensor_id bar = adj_[n];
    tensor_graph& t = t_;
    // operands by id (whose adjoints grow), and the values the rules read: U, V and C itself,
    // by name where they are defined
    const tensor_id u_id = x.a, v_id = x.b;
    const tensor_id u = u_id == no_tensor ? no_tensor : value_[u_id];
    const tensor_id v = v_id == no_tensor ? no_tensor : value_[v_id];
    const tensor_id c = value_[n];
    switch (x.kind) {
    case tensor_op::constant:
    case tensor_op::variable: break;  // leaves
    case tensor_op::map:  // C = f(U): Ū = C̄ ⊙ f′(U)
        if (wants(u_id)) add_to(u_id, t.mul(bar, map_derivative(t, static_cast<op>(x.payload), u, c)));
        break;
    case tensor_op::add:  // C = U + V: Ū = C̄, V̄ = C̄
        if (wants(u_id)) add_to(u_id, bar);
        if (wants(v_id)) add_to(v_id, bar);
        break;
    case tensor_op::mul:  // C = U ⊙ V: Ū = C̄ ⊙ V, V̄ = C̄ ⊙ U
        if (wants(u_id)) add_to(u_id, t.mul(bar, v));
        if (wants(v_id)) add_to(v_id, t.mul(bar, u));
        break;
    case tensor_op::pow: pow(x, n, bar); break;
    case tensor_op::max: {
        // C = max(U, V): Ū = C̄ ⊙ (1 − step(V − U)), V̄ = C̄ ⊙ step(V − U)   (a tie goes to U)
        const tensor_id v_wins = t.map(op::step, t.sub(v, u));
        if (wants(u_id)) add_to(u_id, t.mul(bar, one_minus(t, v_wins)));
        if (wants(v_id)) add_to(v_id, t.mul(bar, v_wins));
        break;
    }
    case tensor_op::min: {
        // C = min(U, V): Ū = C̄ ⊙ (1 − step(U − V)), V̄ = C̄ ⊙ step(U − V)   (a tie goes to U)
        const tensor_id v_wins = t.map(op::step, t.sub(u, v));
        if (wants(u_id)) add_to(u_id, t.mul(bar, one_minus(t, v_wins)));
        if (wants(v_id)) add_to(v_id, t.mul(bar, v_wins));
        break;
    }
    case tensor_op::broadcast:  // C = U repeated along `over`: Ū = Σ of C̄ along `over`
        if (wants(u_id)) add_to(u_id, reduce(t, bar, x.over));
        break;
    case tensor_op::matmul: matmul(x, bar); break;
    case tensor_op::transpose:  // C = Uᵀ: Ū = C̄ᵀ
        if (wants(u_id)) add_to(u_id, t.transpose(bar));
        break;
    case tensor_op::outer:  // C = u vᵀ: ū = C̄ v, v̄ = C̄ᵀ u
        if (wants(u_id)) add_to(u_id, t.matmul(bar, v));
        if (wants(v_id)) add_to(v_id, t.matmul(t.transpose(bar), u));
        break;
    case tensor_op::diag:  // C = diag(v): v̄ = the diagonal of C̄, Σ_j (C̄ ⊙ I)_ij
        if (wants(u_id)) add_to(u_id, diagonal(t, bar));
        break;
    case tensor_op::sum:  // C = Σ U along `over`: Ū = C̄ repeated along `over`
        if (wants(u_id)) add_to(u_id, spread(t, bar, x.over, t.shape_of(u_id)));
        break;
    case tensor_op::softmax:
        // S = softmax(U) (row by row): Ū = S ⊙ (C̄ − Σ_j (C̄ ⊙ S)_ij repeated over the columns)
        if (wants(u_id)) {
            const tensor_id weighted = t.mul(bar, c);
            const tensor_id rows = x.dims.rank() == 2
                                       ? t.broadcast(t.sum(weighted, axis::cols), axis::cols, x.dims.cols())
                                       : t.sum(weighted);
            add_to(u_id, t.mul(c, t.sub(bar, rows)));
        }
        break;
    case tensor_op::logsumexp: logsumexp(x, bar); break;
    case tensor_op::element: {
        // c = U[i, j]: Ū = c̄ e_i e_jᵀ (c̄ e_i for a vector)
        if (!wants(u_id)) break;
        const shape s = t.shape_of(u_id);
        const tensor_id unit = s.rank() == 2 ? t.outer(one_hot(t, s.rows(), x.i), one_hot(t, s.cols(), x.j))
                                             : one_hot(t, s.rows(), x.i);
        add_to(u_id, t.mul(bar, unit));
        break;
    }
    case tensor_op::row:  // c = A[i, :]: Ā = e_i c̄ᵀ
        if (wants(u_id)) add_to(u_id, t.outer(one_hot(t, t.shape_of(u_id).rows(), x.i), bar));
        break;
    case tensor_op::column:  // c = A[:, j]: Ā = c̄ e_jᵀ
        if (wants(u_id)) add_to(u_id, t.outer(bar, one_hot(t, t.shape_of(u_id).cols(), x.j)));
        break;
    case tensor_op::stack:  // C = [U_0; U_1; ...]: Ū_k = C̄[k] (element k, or row k)
        for (std::size_t k = 0; k < x.items.size(); ++k)
            if (wants(x.items[k])) add_to(x.items[k], item(t, bar, k));
        break;
    case tensor_op::named:  // a definition C = U: Ū = C̄ (C̄ is the definition's adjoint)
        if (wants(u_id)) add_to(u_id, bar);
        break;
    }
}

void sweep::pow(const tensor_node& x, tensor_id n, tensor_id bar) {
    tensor_graph& t = t_;
    const tensor_id u = value_[x.a], v = value_[x.b], c = value_[n];
    const std::optional<rational> exponent = filled(t, x.b), base = filled(t, x.a);
    if (wants(x.a)) {
        if (exponent)  // C = U^e: Ū = C̄ ⊙ e U^(e−1)
            add_to(x.a, t.mul(bar, t.mul(t.constant(*exponent), t.pow(u, t.constant(*exponent - 1)))));
        else  // C = U^V: Ū = C̄ ⊙ V ⊙ U^(V−1)
            add_to(x.a, t.mul(bar, t.mul(v, t.pow(u, t.sub(v, t.constant(1))))));
    }
    if (!wants(x.b)) return;
    // C = U^V: V̄ = C̄ ⊙ U^V ⊙ log(U); for a constant base b, C̄ ⊙ U^V log(b), 0 for b = 0 or 1
    if (base && cln::minusp(*base))
        throw domain_error("tensor_gradient: d (" + to_string(*base) + ")^V/dV at tensor node " + std::to_string(n) +
                           " needs log(" + to_string(*base) + "), undefined for a negative base");
    if (base && (cln::zerop(*base) || *base == 1))
        add_to(x.b, t.filled(0, x.dims));
    else
        add_to(x.b, t.mul(bar, t.mul(c, t.map(op::log, base ? t.constant(*base) : u))));
}

void sweep::matmul(const tensor_node& x, tensor_id bar) {
    tensor_graph& t = t_;
    const tensor_id a = value_[x.a], b = value_[x.b];
    const std::size_t ra = t.shape_of(a).rank(), rb = t.shape_of(b).rank();
    if (ra == 2 && rb == 2) {  // C = A B: Ā = C̄ Bᵀ, B̄ = Aᵀ C̄
        if (wants(x.a)) add_to(x.a, t.matmul(bar, t.transpose(b)));
        if (wants(x.b)) add_to(x.b, t.matmul(t.transpose(a), bar));
    } else if (ra == 2) {  // y = W x: W̄ = ȳ xᵀ, x̄ = Wᵀ ȳ
        if (wants(x.a)) add_to(x.a, t.outer(bar, b));
        if (wants(x.b)) add_to(x.b, t.matmul(t.transpose(a), bar));
    } else if (rb == 2) {  // y = xᵀ W: x̄ = W ȳ, W̄ = x ȳᵀ
        if (wants(x.a)) add_to(x.a, t.matmul(b, bar));
        if (wants(x.b)) add_to(x.b, t.outer(a, bar));
    } else {  // s = u · v: ū = s̄ v, v̄ = s̄ u
        if (wants(x.a)) add_to(x.a, t.mul(bar, b));
        if (wants(x.b)) add_to(x.b, t.mul(bar, a));
    }
}

void sweep::logsumexp(const tensor_node& x, tensor_id bar) {
    tensor_graph& t = t_;
    if (!wants(x.a)) return;
    const tensor_id u = value_[x.a];
    const shape s = t.shape_of(u);
    if (s.rank() == 1) {  // c = log Σ exp(u): ū = c̄ softmax(u)
        add_to(x.a, t.mul(bar, t.softmax(u)));
    } else if (x.over == axis::cols) {  // c_i = log Σ_j exp(U_ij): Ū = (c̄ repeated over the columns) ⊙ softmax(U)
        add_to(x.a, t.mul(spread(t, bar, axis::cols, s), t.softmax(u)));
    } else if (x.over == axis::rows) {  // c_j = log Σ_i exp(U_ij): Ū = (c̄ repeated over the rows) ⊙ softmax(Uᵀ)ᵀ
        add_to(x.a, t.mul(spread(t, bar, axis::rows, s), t.transpose(t.softmax(t.transpose(u)))));
    } else {  // c = log Σ_ij exp(U_ij): Ū = c̄ exp(U) / Σ_ij exp(U_ij)
        const tensor_id e = t.map(op::exp, u);
        add_to(x.a, t.mul(bar, t.div(e, t.sum(e))));
    }
}

}  // namespace

std::vector<tensor_id> tensor_gradient(tensor_graph& t, tensor_id output, std::span<const tensor_id> wrt) {
    if (!t.shape_of(output).is_scalar())  // throws usage_error for an unknown id
        throw usage_error("tensor_gradient: the output (tensor node " + std::to_string(output) + ") is " +
                          describe(t.shape_of(output)) + "; a gradient needs a scalar output");
    for (std::size_t i = 0; i < wrt.size(); ++i) {
        const tensor_op k = t.kind(wrt[i]);
        if (k != tensor_op::variable && k != tensor_op::named)
            throw usage_error("tensor_gradient: wrt[" + std::to_string(i) + "] is tensor node " +
                              std::to_string(wrt[i]) + ", a '" + std::string(tensor::name(k)) +
                              "' node; derivatives are taken with respect to variables and named nodes only");
    }
    return sweep(t, output, wrt).gradient(wrt);
}

}  // namespace chainrule
