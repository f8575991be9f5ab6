// Vector and matrix operations expanded into scalar graph nodes.
#include "chainrule/lang/value.hpp"

#include "chainrule/core/assert.hpp"

namespace chainrule::lang {

node_id value::node() const {
    CHAINRULE_ASSERT(is_scalar() && elements.size() == 1);
    return elements[0];
}

namespace {

std::string_view verb(elementwise f) {
    switch (f) {
    case elementwise::add: return "add";
    case elementwise::subtract: return "subtract";
    case elementwise::multiply: return "multiply";
    case elementwise::divide: return "divide";
    case elementwise::power: return "raise";
    case elementwise::max: return "take the max of";
    case elementwise::min: return "take the min of";
    }
    return "combine";
}

std::string_view joiner(elementwise f) {
    switch (f) {
    case elementwise::add: return " and ";
    case elementwise::subtract: return " from ";
    case elementwise::multiply: return " and ";
    case elementwise::divide: return " by ";
    case elementwise::power: return " to the power ";
    case elementwise::max:
    case elementwise::min: return " and ";
    }
    return " and ";
}

node_id apply(graph& g, elementwise f, node_id u, node_id v) {
    switch (f) {
    case elementwise::add: return g.add(u, v);
    case elementwise::subtract: return g.sub(u, v);
    case elementwise::multiply: return g.mul(u, v);
    case elementwise::divide: return g.div(u, v);
    case elementwise::power: return g.pow(u, v);
    case elementwise::max: return g.apply(op::max, u, v);
    case elementwise::min: return g.apply(op::min, u, v);
    }
    CHAINRULE_ASSERT(false);
    return no_node;
}

// Left-to-right sum of nodes (at least one).
node_id sum_of(graph& g, std::span<const node_id> terms) {
    CHAINRULE_ASSERT(!terms.empty());
    node_id acc = terms[0];
    for (std::size_t i = 1; i < terms.size(); ++i) acc = g.add(acc, terms[i]);
    return acc;
}

}  // namespace

value combine(graph& g, elementwise f, const value& a, const value& b) {
    if (!a.is_scalar() && !b.is_scalar() && a.dims != b.dims) {
        // "cannot subtract a vector[2] from a vector[3]" names the operands in the order of the
        // sentence
        const bool swapped = f == elementwise::subtract;
        throw shape_error("cannot " + std::string(verb(f)) + " " + describe(swapped ? b.dims : a.dims) +
                          std::string(joiner(f)) + describe(swapped ? a.dims : b.dims));
    }
    const value& big = a.is_scalar() ? b : a;
    value out{big.dims, {}};
    out.elements.reserve(big.elements.size());
    for (std::size_t i = 0; i < big.elements.size(); ++i) {
        const node_id u = a.is_scalar() ? a.elements[0] : a.elements[i];
        const node_id v = b.is_scalar() ? b.elements[0] : b.elements[i];
        out.elements.push_back(apply(g, f, u, v));
    }
    return out;
}

value map(graph& g, op f, const value& a) {
    value out{a.dims, {}};
    out.elements.reserve(a.elements.size());
    for (node_id n : a.elements) out.elements.push_back(g.apply(f, n));
    return out;
}

value negate(graph& g, const value& a) {
    value out{a.dims, {}};
    out.elements.reserve(a.elements.size());
    for (node_id n : a.elements) out.elements.push_back(g.neg(n));
    return out;
}

value matmul(graph& g, const value& a, const value& b, std::size_t max_work, std::size_t max_elements) {
    if (a.is_scalar() || b.is_scalar())
        throw shape_error("the matrix product '@' needs a vector or a matrix on each side: got " +
                          describe(a.dims) + " and " + describe(b.dims) + " (use '*' to scale)");
    // read a vector on the left as a row, on the right as a column
    const std::size_t m = a.dims.rank() == 2 ? a.dims.dims[0] : 1;
    const std::size_t n = a.dims.rank() == 2 ? a.dims.dims[1] : a.dims.dims[0];
    const std::size_t n2 = b.dims.dims[0];
    const std::size_t p = b.dims.rank() == 2 ? b.dims.dims[1] : 1;
    if (n != n2)
        throw shape_error("cannot multiply " + describe(a.dims) + " by " + describe(b.dims) + " (inner dimensions " +
                          std::to_string(n) + " and " + std::to_string(n2) + " differ)");
    const std::size_t work = m * n * p;  // each factor is at most max_elements, so no overflow
    if (work > max_work)
        throw limit_error("the matrix product of " + describe(a.dims) + " and " + describe(b.dims) + " needs " +
                              std::to_string(work) + " multiplications; the limit is " + std::to_string(max_work) +
                              " (--limit product-work=N raises it)",
                          max_work, work);
    if (m * p > max_elements)
        throw limit_error("the matrix product would have " + std::to_string(m * p) + " elements; the limit is " +
                              std::to_string(max_elements) + " (--limit elements=N raises it)",
                          max_elements, m * p);
    shape result;
    if (a.dims.rank() == 2) result.dims.push_back(m);
    if (b.dims.rank() == 2) result.dims.push_back(p);
    value out{result, {}};
    out.elements.reserve(m * p);
    std::vector<node_id> products(n);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t k = 0; k < p; ++k) {
            // out[i,k] = a[i,0]*b[0,k] + a[i,1]*b[1,k] + ...
            for (std::size_t j = 0; j < n; ++j) products[j] = g.mul(a.elements[i * n + j], b.elements[j * p + k]);
            out.elements.push_back(sum_of(g, products));
        }
    return out;
}

value sum(graph& g, const value& a) { return value::scalar(sum_of(g, a.elements)); }

value mean(graph& g, const value& a) {
    const node_id total = sum_of(g, a.elements);
    return value::scalar(g.div(total, g.constant(rational(static_cast<long>(a.elements.size())))));
}

value dot(graph& g, const value& a, const value& b) {
    if (a.dims.rank() != 1 || b.dims.rank() != 1 || a.dims != b.dims)
        throw shape_error("dot needs two vectors of the same length: got " + describe(a.dims) + " and " +
                          describe(b.dims));
    std::vector<node_id> products;
    products.reserve(a.elements.size());
    for (std::size_t i = 0; i < a.elements.size(); ++i) products.push_back(g.mul(a.elements[i], b.elements[i]));
    return value::scalar(sum_of(g, products));
}

value softmax(graph& g, const value& a) {
    if (a.dims.rank() != 1) throw shape_error("softmax needs a vector: got " + describe(a.dims));
    const value exps = map(g, op::exp, a);
    const node_id total = sum_of(g, exps.elements);
    value out{a.dims, {}};
    out.elements.reserve(a.elements.size());
    for (node_id e : exps.elements) out.elements.push_back(g.div(e, total));
    return out;
}

value logsumexp(graph& g, const value& a) {
    if (a.is_scalar()) throw shape_error("logsumexp needs a vector or a matrix: got a scalar");
    return value::scalar(g.apply(op::log, sum_of(g, map(g, op::exp, a).elements)));
}

value argmax(graph& g, const value& a) {
    if (a.dims.rank() != 1) throw shape_error("argmax needs a vector: got " + describe(a.dims));
    // [k is the first largest] = Π_{j<k} step(a_k − a_j) · Π_{j>k} (1 − step(a_j − a_k)), with
    // step(0) = 0: strictly above the earlier elements, at least the later ones
    const node_id one = g.constant(1);
    std::vector<node_id> terms;
    const std::vector<node_id>& e = a.elements;
    for (std::size_t k = 1; k < e.size(); ++k) {
        node_id first_largest = one;
        for (std::size_t j = 0; j < e.size(); ++j) {
            if (j == k) continue;
            const node_id beats = j < k ? g.apply(op::step, g.sub(e[k], e[j]))
                                        : g.sub(one, g.apply(op::step, g.sub(e[j], e[k])));
            first_largest = g.mul(first_largest, beats);
        }
        terms.push_back(g.mul(g.constant(rational(static_cast<long>(k))), first_largest));
    }
    return value::scalar(terms.empty() ? g.constant(0) : sum_of(g, terms));
}

tensor::tensor_id argmax(tensor::tensor_graph& t, tensor::tensor_id u) {
    CHAINRULE_ASSERT(t.shape_of(u).rank() == 1);
    // the formula of argmax(graph&, const value&) above, on the elements of u
    const std::size_t n = t.shape_of(u).size();
    const tensor::tensor_id one = t.constant(1);
    std::vector<tensor::tensor_id> e;
    for (std::size_t k = 0; k < n; ++k) e.push_back(t.element(u, k));
    tensor::tensor_id total = t.constant(0);
    for (std::size_t k = 1; k < n; ++k) {
        tensor::tensor_id first_largest = one;
        for (std::size_t j = 0; j < n; ++j) {
            if (j == k) continue;
            const tensor::tensor_id beats = j < k ? t.map(op::step, t.sub(e[k], e[j]))
                                                  : t.sub(one, t.map(op::step, t.sub(e[j], e[k])));
            first_largest = t.mul(first_largest, beats);
        }
        total = t.add(total, t.mul(t.constant(rational(static_cast<long>(k))), first_largest));
    }
    return total;
}

tensor::tensor_id equal_indicator(tensor::tensor_graph& t, tensor::tensor_id a, tensor::tensor_id b) {
    CHAINRULE_ASSERT(t.shape_of(a).is_scalar() && t.shape_of(b).is_scalar());
    return t.sub(t.constant(1), t.map(op::abs, t.map(op::sign, t.sub(a, b))));
}

value equal_indicator(graph& g, const value& a, const value& b) {
    if (!a.is_scalar() || !b.is_scalar())
        throw shape_error("delta compares two scalars: got " + describe(a.dims) + " and " + describe(b.dims));
    // 1 − |sign(a − b)|: sign is 0 exactly where a = b
    return value::scalar(g.sub(g.constant(1), g.apply(op::abs, g.apply(op::sign, g.sub(a.node(), b.node())))));
}

value stack(std::span<const value> items, std::size_t max_elements) {
    CHAINRULE_ASSERT(!items.empty());
    const shape& first = items[0].dims;
    if (first.rank() == 2)
        throw shape_error("the elements of a vector literal must be scalars or vectors: got " + describe(first));
    std::size_t total = 0;
    for (const value& item : items) {
        if (item.dims != first)
            throw shape_error("the elements of a vector literal must all have the same shape: got " +
                              describe(first) + " and " + describe(item.dims));
        total += item.elements.size();
        if (total > max_elements)
            throw limit_error("a vector literal with more than " + std::to_string(max_elements) + " elements",
                              max_elements, total);
    }
    value out{first.is_scalar() ? shape::vector(items.size()) : shape::matrix(items.size(), first.dims[0]), {}};
    out.elements.reserve(total);
    for (const value& item : items) out.elements.insert(out.elements.end(), item.elements.begin(), item.elements.end());
    return out;
}

value element(const value& a, std::span<const std::size_t> indices) {
    CHAINRULE_ASSERT(!indices.empty() && indices.size() <= a.dims.rank());
    for (std::size_t k = 0; k < indices.size(); ++k) CHAINRULE_ASSERT(indices[k] < a.dims.dims[k]);
    if (a.dims.rank() == 1) return value::scalar(a.elements[indices[0]]);
    const std::size_t cols = a.dims.dims[1];
    if (indices.size() == 2) return value::scalar(a.elements[indices[0] * cols + indices[1]]);
    // a row of a matrix
    const auto begin = a.elements.begin() + static_cast<std::ptrdiff_t>(indices[0] * cols);
    return value{shape::vector(cols), std::vector<node_id>(begin, begin + static_cast<std::ptrdiff_t>(cols))};
}

}  // namespace chainrule::lang
