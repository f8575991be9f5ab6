// The tensor graph: hash-consing, shape checks and the construction rewrites.
#include "chainrule/tensor/graph.hpp"

#include "chainrule/core/assert.hpp"

#include <algorithm>
#include <functional>

namespace chainrule::tensor {

namespace {

std::size_t mix(std::size_t seed, std::size_t v) { return seed ^ (v + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2)); }

std::string_view verb(tensor_op f) {
    switch (f) {
    case tensor_op::add: return "add";
    case tensor_op::mul: return "multiply";
    case tensor_op::pow: return "raise";
    case tensor_op::max: return "take the max of";
    case tensor_op::min: return "take the min of";
    case tensor_op::constant:
    case tensor_op::variable:
    case tensor_op::map:
    case tensor_op::broadcast:
    case tensor_op::matmul:
    case tensor_op::transpose:
    case tensor_op::outer:
    case tensor_op::diag:
    case tensor_op::sum:
    case tensor_op::softmax:
    case tensor_op::logsumexp:
    case tensor_op::element:
    case tensor_op::row:
    case tensor_op::column:
    case tensor_op::stack:
    case tensor_op::named: break;
    }
    return "combine";
}

std::string_view joiner(tensor_op f) { return f == tensor_op::pow ? " to the power " : " and "; }

}  // namespace

std::size_t tensor_graph::node_hash::operator()(const tensor_node& n) const noexcept {
    std::size_t h = static_cast<std::size_t>(n.kind);
    for (std::size_t d : n.dims.dims) h = mix(h, d);
    h = mix(h, n.a);
    h = mix(h, n.b);
    for (tensor_id t : n.items) h = mix(h, t);
    h = mix(h, n.payload);
    h = mix(h, static_cast<std::size_t>(static_cast<int>(n.over) + 1));
    h = mix(h, n.i);
    return mix(h, n.j);
}

tensor_id tensor_graph::intern(tensor_node n) {
    if (auto it = index_.find(n); it != index_.end()) return it->second;
    const auto id = static_cast<tensor_id>(nodes_.size());
    nodes_.push_back(n);
    index_.emplace(std::move(n), id);
    return id;
}

const tensor_node& tensor_graph::at(tensor_id n) const {
    if (n >= nodes_.size())
        throw usage_error("tensor node id " + std::to_string(n) + " is not in this graph (it has " +
                          std::to_string(nodes_.size()) + " nodes)");
    return nodes_[n];
}

// --- leaves

tensor_id tensor_graph::constant(const rational& q) {
    const auto [it, added] = constant_index_.try_emplace(q, static_cast<std::uint32_t>(constants_.size()));
    const std::uint32_t slot = it->second;
    if (added) constants_.push_back(q);
    tensor_node n;
    n.kind = tensor_op::constant;
    n.payload = slot;
    return intern(std::move(n));
}

tensor_id tensor_graph::filled(const rational& q, const shape& s) {
    const shape dims = s;  // s may be shape_of() a node of this graph, which constant() can move
    const tensor_id c = constant(q);
    return dims.is_scalar() ? c : broadcast(c, dims);
}

tensor_id tensor_graph::variable(const std::string& name, const shape& s, variable_kind kind) {
    if (auto it = variable_index_.find(name); it != variable_index_.end()) {
        const tensor_variable& v = variables_[it->second];
        if (v.dims != s || v.kind != kind)
            throw usage_error("the variable '" + name + "' exists as " + describe(v.dims) + " " +
                              (v.kind == variable_kind::param ? "param" : "input") + ", not as " + describe(s));
        return v.id;
    }
    tensor_node n;
    n.kind = tensor_op::variable;
    n.dims = s;
    n.payload = static_cast<std::uint32_t>(variables_.size());
    const tensor_id id = intern(std::move(n));
    variable_index_.emplace(name, static_cast<std::uint32_t>(variables_.size()));
    variables_.push_back(tensor_variable{name, s, kind, id});
    return id;
}

// --- element-wise

tensor_id tensor_graph::map(op f, tensor_id u) {
    CHAINRULE_ASSERT(arity(f) == 1 && f != op::named);
    tensor_node n;
    n.kind = tensor_op::map;
    n.dims = at(u).dims;
    n.a = u;
    n.payload = static_cast<std::uint32_t>(f);
    return intern(std::move(n));
}

// Folds a binary element-wise op of constant-filled operands, and the identities
// 0 + V = V, 1 ⊙ V = V, 0 ⊙ V = 0, U ^ 1 = U; no_tensor when nothing applies.
tensor_id tensor_graph::fold(tensor_op f, tensor_id u, tensor_id v, const shape& s) {
    const rational* cu = filled_value(u);
    const rational* cv = filled_value(v);
    switch (f) {
    case tensor_op::add:
        if (cu && cv) return filled(*cu + *cv, s);
        if (cu && cln::zerop(*cu)) return v;
        if (cv && cln::zerop(*cv)) return u;
        return no_tensor;
    case tensor_op::mul:
        if (cu && cv) return filled(*cu * *cv, s);
        if ((cu && cln::zerop(*cu)) || (cv && cln::zerop(*cv))) return filled(0, s);
        if (cu && *cu == 1) return v;
        if (cv && *cv == 1) return u;
        if (cu && !cv) {
            // c ⊙ (d ⊙ W) = (c d) ⊙ W; with c = d = -1 this removes a double negation
            const tensor_node inner = at(v);
            if (inner.kind == tensor_op::mul)
                if (const rational* d = filled_value(inner.a)) return mul(filled(*cu * *d, s), inner.b);
        }
        return no_tensor;
    case tensor_op::pow:
        if (cu && cv && !(cln::zerop(*cu) && cln::minusp(*cv)) && !(cln::minusp(*cu) && !is_integer(*cv)))
            if (auto r = exact_power(*cu, *cv)) return filled(*r, s);
        if (cv && *cv == 1) return u;
        return no_tensor;
    case tensor_op::max:
    case tensor_op::min:
        if (cu && cv) return filled(f == tensor_op::max ? std::max(*cu, *cv) : std::min(*cu, *cv), s);
        return no_tensor;
    case tensor_op::constant:
    case tensor_op::variable:
    case tensor_op::map:
    case tensor_op::broadcast:
    case tensor_op::matmul:
    case tensor_op::transpose:
    case tensor_op::outer:
    case tensor_op::diag:
    case tensor_op::sum:
    case tensor_op::softmax:
    case tensor_op::logsumexp:
    case tensor_op::element:
    case tensor_op::row:
    case tensor_op::column:
    case tensor_op::stack:
    case tensor_op::named: break;
    }
    CHAINRULE_ASSERT(false);
    return no_tensor;
}

tensor_id tensor_graph::binary(tensor_op f, tensor_id u, tensor_id v) {
    CHAINRULE_ASSERT(is_elementwise(f) && f != tensor_op::map);
    const shape su = at(u).dims, sv = at(v).dims;
    if (!su.is_scalar() && !sv.is_scalar() && su != sv)
        throw shape_error("cannot " + std::string(verb(f)) + " " + describe(su) + std::string(joiner(f)) + describe(sv));
    const shape s = su.is_scalar() ? sv : su;
    if (const tensor_id folded = fold(f, u, v, s); folded != no_tensor)
        return at(folded).dims == s ? folded : broadcast(folded, s);
    if (f == tensor_op::mul && filled_value(v) && !filled_value(u)) std::swap(u, v);  // coefficient first
    if (at(u).dims != s) u = broadcast(u, s);
    if (at(v).dims != s) v = broadcast(v, s);
    tensor_node n;
    n.kind = f;
    n.dims = s;
    n.a = u;
    n.b = v;
    return intern(std::move(n));
}

tensor_id tensor_graph::neg(tensor_id u) { return mul(constant(-1), u); }

tensor_id tensor_graph::sub(tensor_id u, tensor_id v) { return add(u, neg(v)); }

tensor_id tensor_graph::div(tensor_id u, tensor_id v) {
    if (is_filled(v, 0)) throw domain_error("division by the constant 0");
    return mul(u, pow(v, constant(-1)));
}

// --- shape changes

tensor_id tensor_graph::broadcast(tensor_id scalar, const shape& s) {
    if (!at(scalar).dims.is_scalar()) throw shape_error("only a scalar can be broadcast to " + describe(s));
    if (s.is_scalar()) return scalar;
    tensor_node n;
    n.kind = tensor_op::broadcast;
    n.dims = s;
    n.a = scalar;
    return intern(std::move(n));
}

tensor_id tensor_graph::broadcast(tensor_id vector, tensor::axis over, std::size_t count) {
    const shape sv = at(vector).dims;
    if (sv.rank() != 1 || over == axis::all || count == 0)
        throw shape_error("a broadcast over an axis needs a vector and a count: got " + describe(sv));
    tensor_node n;
    n.kind = tensor_op::broadcast;
    n.dims = over == axis::rows ? shape::matrix(count, sv.dims[0]) : shape::matrix(sv.dims[0], count);
    n.a = vector;
    n.over = over;
    return intern(std::move(n));
}

tensor_id tensor_graph::matmul(tensor_id a, tensor_id b) {
    const shape sa = at(a).dims, sb = at(b).dims;
    if (sa.is_scalar() || sb.is_scalar())
        throw shape_error("the matrix product '@' needs a vector or a matrix on each side: got " + describe(sa) +
                          " and " + describe(sb) + " (use '*' to scale)");
    const std::size_t n = sa.rank() == 2 ? sa.dims[1] : sa.dims[0];
    if (n != sb.dims[0])
        throw shape_error("cannot multiply " + describe(sa) + " by " + describe(sb) + " (inner dimensions " +
                          std::to_string(n) + " and " + std::to_string(sb.dims[0]) + " differ)");
    shape s;
    if (sa.rank() == 2) s.dims.push_back(sa.dims[0]);
    if (sb.rank() == 2) s.dims.push_back(sb.dims[1]);
    if (is_filled(a, 0) || is_filled(b, 0)) return filled(0, s);
    tensor_node node;
    node.kind = tensor_op::matmul;
    node.dims = s;
    node.a = a;
    node.b = b;
    return intern(std::move(node));
}

tensor_id tensor_graph::transpose(tensor_id a) {
    const tensor_node& na = at(a);
    if (na.dims.rank() < 2) return a;
    if (na.kind == tensor_op::transpose) return na.a;  // (Aᵀ)ᵀ = A
    const shape s = shape::matrix(na.dims.dims[1], na.dims.dims[0]);
    if (const rational* c = filled_value(a)) return filled(*c, s);
    tensor_node n;
    n.kind = tensor_op::transpose;
    n.dims = s;
    n.a = a;
    return intern(std::move(n));
}

tensor_id tensor_graph::outer(tensor_id u, tensor_id v) {
    const shape su = at(u).dims, sv = at(v).dims;
    if (su.rank() != 1 || sv.rank() != 1)
        throw shape_error("outer needs two vectors: got " + describe(su) + " and " + describe(sv));
    const shape s = shape::matrix(su.dims[0], sv.dims[0]);
    if (is_filled(u, 0) || is_filled(v, 0)) return filled(0, s);
    tensor_node n;
    n.kind = tensor_op::outer;
    n.dims = s;
    n.a = u;
    n.b = v;
    return intern(std::move(n));
}

tensor_id tensor_graph::diag(tensor_id v) {
    const shape sv = at(v).dims;
    if (sv.rank() != 1) throw shape_error("diag needs a vector: got " + describe(sv));
    const shape s = shape::matrix(sv.dims[0], sv.dims[0]);
    if (is_filled(v, 0)) return filled(0, s);
    tensor_node n;
    n.kind = tensor_op::diag;
    n.dims = s;
    n.a = v;
    return intern(std::move(n));
}

namespace {

shape reduced(const shape& s, axis over, std::string_view what) {
    if (over == axis::all) return shape::scalar();
    if (s.rank() != 2)
        throw shape_error(std::string(what) + " over axis " + std::to_string(static_cast<int>(over)) +
                          " needs a matrix: got " + describe(s));
    return shape::vector(over == axis::rows ? s.dims[1] : s.dims[0]);
}

}  // namespace

tensor_id tensor_graph::sum(tensor_id u, tensor::axis over) {
    const shape su = at(u).dims;
    const shape s = reduced(su, over, "sum");
    if (su.is_scalar()) return u;
    tensor_node n;
    n.kind = tensor_op::sum;
    n.dims = s;
    n.a = u;
    n.over = over;
    return intern(std::move(n));
}

tensor_id tensor_graph::mean(tensor_id u, tensor::axis over) {
    const shape su = at(u).dims;
    const std::size_t count = over == axis::all ? su.size() : over == axis::rows ? su.rows() : su.cols();
    return div(sum(u, over), constant(rational(static_cast<long>(count))));
}

tensor_id tensor_graph::softmax(tensor_id u) {
    const shape su = at(u).dims;
    if (su.is_scalar()) throw shape_error("softmax needs a vector or a matrix (row by row): got a scalar");
    tensor_node n;
    n.kind = tensor_op::softmax;
    n.dims = su;
    n.a = u;
    return intern(std::move(n));
}

tensor_id tensor_graph::logsumexp(tensor_id u, tensor::axis over) {
    const shape su = at(u).dims;
    if (su.is_scalar()) throw shape_error("logsumexp needs a vector or a matrix: got a scalar");
    tensor_node n;
    n.kind = tensor_op::logsumexp;
    n.dims = reduced(su, over, "logsumexp");
    n.a = u;
    n.over = over;
    return intern(std::move(n));
}

tensor_id tensor_graph::element(tensor_id u, std::size_t i, std::size_t j) {
    const shape su = at(u).dims;
    if (su.is_scalar() || i >= su.rows() || j >= su.cols())
        throw shape_error("element (" + std::to_string(i) + (su.rank() == 2 ? ", " + std::to_string(j) : "") +
                          ") is outside " + describe(su));
    tensor_node n;
    n.kind = tensor_op::element;
    n.a = u;
    n.i = i;
    n.j = j;
    return intern(std::move(n));
}

tensor_id tensor_graph::row(tensor_id a, std::size_t i) {
    const shape sa = at(a).dims;
    if (sa.rank() != 2 || i >= sa.dims[0])
        throw shape_error("row " + std::to_string(i) + " is outside " + describe(sa));
    tensor_node n;
    n.kind = tensor_op::row;
    n.dims = shape::vector(sa.dims[1]);
    n.a = a;
    n.i = i;
    return intern(std::move(n));
}

tensor_id tensor_graph::column(tensor_id a, std::size_t j) {
    const shape sa = at(a).dims;
    if (sa.rank() != 2 || j >= sa.dims[1])
        throw shape_error("column " + std::to_string(j) + " is outside " + describe(sa));
    tensor_node n;
    n.kind = tensor_op::column;
    n.dims = shape::vector(sa.dims[0]);
    n.a = a;
    n.j = j;
    return intern(std::move(n));
}

tensor_id tensor_graph::stack(std::span<const tensor_id> items) {
    if (items.empty()) throw shape_error("a stack needs at least one item");
    const shape first = at(items[0]).dims;
    if (first.rank() == 2)
        throw shape_error("the elements of a vector literal must be scalars or vectors: got " + describe(first));
    for (tensor_id t : items)
        if (at(t).dims != first)
            throw shape_error("the elements of a vector literal must all have the same shape: got " + describe(first) +
                              " and " + describe(at(t).dims));
    tensor_node n;
    n.kind = tensor_op::stack;
    n.dims = first.is_scalar() ? shape::vector(items.size()) : shape::matrix(items.size(), first.dims[0]);
    n.items.assign(items.begin(), items.end());
    return intern(std::move(n));
}

// --- named definitions

tensor_id tensor_graph::named(tensor_id u, const std::string& label) {
    if (filled_value(u)) return u;
    auto [it, fresh] = label_index_.try_emplace(label, static_cast<std::uint32_t>(labels_.size()));
    if (fresh) labels_.push_back(label);
    tensor_node n;
    n.kind = tensor_op::named;
    n.dims = at(u).dims;
    n.a = u;
    n.payload = it->second;
    return intern(std::move(n));
}

// --- inspection

const rational& tensor_graph::value(tensor_id n) const {
    const tensor_node& t = at(n);
    if (t.kind != tensor_op::constant) throw usage_error("tensor node " + std::to_string(n) + " is not a constant");
    return constants_[t.payload];
}

const rational* tensor_graph::filled_value(tensor_id n) const {
    const tensor_node& t = at(n);
    if (t.kind == tensor_op::constant) return &constants_[t.payload];
    if (t.kind == tensor_op::broadcast && at(t.a).kind == tensor_op::constant) return &constants_[at(t.a).payload];
    return nullptr;
}

bool tensor_graph::is_filled(tensor_id n, const rational& q) const {
    const rational* c = filled_value(n);
    return c && *c == q;
}

const tensor_variable& tensor_graph::variable_of(tensor_id n) const {
    const tensor_node& t = at(n);
    if (t.kind != tensor_op::variable) throw usage_error("tensor node " + std::to_string(n) + " is not a variable");
    return variables_[t.payload];
}

const std::string& tensor_graph::label_of(tensor_id n) const {
    const tensor_node& t = at(n);
    if (t.kind != tensor_op::named) throw usage_error("tensor node " + std::to_string(n) + " is not named");
    return labels_[t.payload];
}

op tensor_graph::function_of(tensor_id n) const {
    const tensor_node& t = at(n);
    if (t.kind != tensor_op::map) throw usage_error("tensor node " + std::to_string(n) + " is not a map");
    return static_cast<op>(t.payload);
}

bool tensor_graph::is_partial(tensor_id n) const {
    const tensor_node& t = at(n);
    switch (t.kind) {
    case tensor_op::map: return is_partial_function(static_cast<op>(t.payload));
    case tensor_op::pow: {
        // U^k is defined everywhere for a constant natural k
        const rational* e = filled_value(t.b);
        return !e || !is_integer(*e) || cln::minusp(*e);
    }
    case tensor_op::constant:
    case tensor_op::variable:
    case tensor_op::add:
    case tensor_op::mul:
    case tensor_op::max:
    case tensor_op::min:
    case tensor_op::broadcast:
    case tensor_op::matmul:
    case tensor_op::transpose:
    case tensor_op::outer:
    case tensor_op::diag:
    case tensor_op::sum:
    case tensor_op::softmax:
    case tensor_op::logsumexp:
    case tensor_op::element:
    case tensor_op::row:
    case tensor_op::column:
    case tensor_op::stack:
    case tensor_op::named: return false;
    }
    return true;
}

std::vector<tensor_id> tensor_graph::operands(tensor_id n) const {
    const tensor_node& t = at(n);
    if (t.kind == tensor_op::stack) return t.items;
    std::vector<tensor_id> out;
    if (t.a != no_tensor) out.push_back(t.a);
    if (t.b != no_tensor) out.push_back(t.b);
    return out;
}

std::vector<tensor_id> tensor_graph::reachable(std::span<const tensor_id> roots) const {
    std::vector<char> seen(nodes_.size(), 0);
    std::vector<tensor_id> stack;
    for (tensor_id r : roots) {
        at(r);
        if (!seen[r]) {
            seen[r] = 1;
            stack.push_back(r);
        }
    }
    while (!stack.empty()) {
        const tensor_id n = stack.back();
        stack.pop_back();
        for (tensor_id o : operands(n))
            if (!seen[o]) {
                seen[o] = 1;
                stack.push_back(o);
            }
    }
    std::vector<tensor_id> out;
    for (tensor_id n = 0; n < nodes_.size(); ++n)
        if (seen[n]) out.push_back(n);
    return out;
}

}  // namespace chainrule::tensor
