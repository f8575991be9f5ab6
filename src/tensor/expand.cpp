// Tensor nodes lowered to scalar nodes, element by element.
#include "chainrule/tensor/expand.hpp"

#include "chainrule/core/assert.hpp"

#include <algorithm>

namespace chainrule::tensor {

namespace {

// Left-to-right sum of nodes (at least one).
node_id sum_of(graph& g, const std::vector<node_id>& terms) {
    CHAINRULE_ASSERT(!terms.empty());
    node_id acc = terms[0];
    for (std::size_t i = 1; i < terms.size(); ++i) acc = g.add(acc, terms[i]);
    return acc;
}

op scalar_op(tensor_op f) {
    switch (f) {
    case tensor_op::add: return op::add;
    case tensor_op::mul: return op::mul;
    case tensor_op::pow: return op::pow;
    case tensor_op::max: return op::max;
    case tensor_op::min: return op::min;
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
    return op::add;
}

// The lines of a matrix along which a reduction over `over` runs: for rows (axis 0), one line per
// column, top to bottom; for cols (axis 1), one line per row, left to right; for all, one line of
// every element in row-major order. A vector is one line.
std::vector<std::vector<node_id>> lines(const std::vector<node_id>& e, const shape& s, axis over) {
    const std::size_t m = s.rows(), n = s.cols();
    std::vector<std::vector<node_id>> out;
    if (over == axis::all || s.rank() < 2) return {e};
    if (over == axis::cols) {
        for (std::size_t i = 0; i < m; ++i) out.emplace_back(e.begin() + static_cast<std::ptrdiff_t>(i * n),
                                                             e.begin() + static_cast<std::ptrdiff_t>((i + 1) * n));
        return out;
    }
    for (std::size_t j = 0; j < n; ++j) {
        std::vector<node_id> line;
        for (std::size_t i = 0; i < m; ++i) line.push_back(e[i * n + j]);
        out.push_back(std::move(line));
    }
    return out;
}

}  // namespace

expander::expander(const tensor_graph& t, graph& g, std::size_t max_elements, std::size_t max_work)
    : tensors_(t), scalars_(g), max_elements_(max_elements), max_work_(max_work) {}

const std::vector<node_id>& expander::expand(tensor_id n) {
    if (n < expanded_.size() && expanded_[n]) return done_[n];
    const std::vector<tensor_id> order = needed(n);
    std::size_t work = 0;
    for (tensor_id t : order) {
        if (t < expanded_.size() && expanded_[t]) continue;
        const shape& s = tensors_.shape_of(t);
        if (s.size() > max_elements_) {
            // name the value when it has a name
            const tensor_op k = tensors_.kind(t);
            const std::string what = k == tensor_op::variable ? "'" + tensors_.variable_of(t).name + "' (" + describe(s) + ")"
                                     : k == tensor_op::named  ? "'" + tensors_.label_of(t) + "' (" + describe(s) + ")"
                                                              : describe(s);
            throw limit_error("expanding " + what + " into scalars would give " + std::to_string(s.size()) +
                                  " elements; the limit is " + std::to_string(max_elements_),
                              max_elements_, s.size());
        }
        work += s.size();
        if (tensors_.kind(t) == tensor_op::matmul) {
            const shape& sa = tensors_.shape_of(tensors_.at(t).a);
            work += s.size() * (sa.rank() == 2 ? sa.dims[1] : sa.dims[0]);
        }
        if (work > max_work_)
            throw limit_error("expanding this model into scalars needs more than " + std::to_string(max_work_) +
                                  " scalar nodes (the limit)",
                              max_work_, work);
        lower(t);
    }
    return done_[n];
}

// The nodes expanding n needs, ascending: every node reachable from n, except a variable that is
// reached only through an element, row or column of it (those take their scalar variables
// directly, so one element of a huge param expands to one node).
std::vector<tensor_id> expander::needed(tensor_id n) const {
    std::vector<char> seen(tensors_.size(), 0);
    std::vector<tensor_id> stack{n}, out;
    seen[n] = 1;
    while (!stack.empty()) {
        const tensor_id t = stack.back();
        stack.pop_back();
        if (t < expanded_.size() && expanded_[t]) continue;
        out.push_back(t);
        const tensor_node& node = tensors_.at(t);
        const bool picks = node.kind == tensor_op::element || node.kind == tensor_op::row || node.kind == tensor_op::column;
        if (picks && tensors_.kind(node.a) == tensor_op::variable) continue;
        for (tensor_id o : tensors_.operands(t))
            if (!seen[o]) {
                seen[o] = 1;
                stack.push_back(o);
            }
    }
    std::sort(out.begin(), out.end());
    return out;
}

void expander::lower(tensor_id n) {
    if (done_.size() <= n) {
        done_.resize(tensors_.size());
        expanded_.resize(tensors_.size(), 0);
    }
    const tensor_node t = tensors_.at(n);
    graph& g = scalars_;
    const std::vector<node_id> none;
    // an element, row or column of a variable not expanded: its scalar variables directly
    if ((t.kind == tensor_op::element || t.kind == tensor_op::row || t.kind == tensor_op::column) &&
        tensors_.kind(t.a) == tensor_op::variable && !expanded_[t.a]) {
        const tensor_variable& v = tensors_.variable_of(t.a);
        const std::size_t width = v.dims.cols();
        std::vector<std::size_t> flat;
        if (t.kind == tensor_op::element) flat.push_back(t.i * width + t.j);
        if (t.kind == tensor_op::row)
            for (std::size_t j = 0; j < width; ++j) flat.push_back(t.i * width + j);
        if (t.kind == tensor_op::column)
            for (std::size_t i = 0; i < v.dims.rows(); ++i) flat.push_back(i * width + t.j);
        std::vector<node_id> out;
        for (std::size_t k : flat) out.push_back(g.variable(element_name(v.name, v.dims, k), v.kind));
        done_[n] = std::move(out);
        expanded_[n] = 1;
        return;
    }
    const std::vector<node_id>& a = t.a == no_tensor ? none : done_[t.a];
    const std::vector<node_id>& b = t.b == no_tensor ? none : done_[t.b];
    std::vector<node_id> out;
    out.reserve(t.dims.size());
    const std::size_t m = t.dims.rows(), cols = t.dims.cols();
    switch (t.kind) {
    case tensor_op::constant: out.push_back(g.constant(tensors_.value(n))); break;
    case tensor_op::variable: {
        const tensor_variable& v = tensors_.variable_of(n);
        for (std::size_t k = 0; k < t.dims.size(); ++k) out.push_back(g.variable(element_name(v.name, v.dims, k), v.kind));
        break;
    }
    case tensor_op::map:
        for (node_id u : a) out.push_back(g.apply(static_cast<op>(t.payload), u));
        break;
    case tensor_op::add:
    case tensor_op::mul:
    case tensor_op::pow:
    case tensor_op::max:
    case tensor_op::min:
        for (std::size_t k = 0; k < a.size(); ++k) out.push_back(g.apply(scalar_op(t.kind), a[k], b[k]));
        break;
    case tensor_op::broadcast:
        for (std::size_t k = 0; k < t.dims.size(); ++k)
            out.push_back(t.over == axis::all ? a[0] : t.over == axis::rows ? a[k % cols] : a[k / cols]);
        break;
    case tensor_op::matmul: {
        // out[i,k] = a[i,0]*b[0,k] + a[i,1]*b[1,k] + ... (a vector on the left is a row, on the
        // right a column)
        const shape& sa = tensors_.shape_of(t.a);
        const shape& sb = tensors_.shape_of(t.b);
        const std::size_t rows = sa.rank() == 2 ? sa.dims[0] : 1;
        const std::size_t inner = sa.rank() == 2 ? sa.dims[1] : sa.dims[0];
        const std::size_t p = sb.rank() == 2 ? sb.dims[1] : 1;
        std::vector<node_id> products(inner);
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t k = 0; k < p; ++k) {
                for (std::size_t j = 0; j < inner; ++j) products[j] = g.mul(a[i * inner + j], b[j * p + k]);
                out.push_back(sum_of(g, products));
            }
        break;
    }
    case tensor_op::transpose: {
        // out[j,i] = a[i,j]; out has m rows (the operand's columns)
        const std::size_t rows_in = cols;
        for (std::size_t j = 0; j < m; ++j)
            for (std::size_t i = 0; i < rows_in; ++i) out.push_back(a[i * m + j]);
        break;
    }
    case tensor_op::outer:
        for (node_id u : a)
            for (node_id v : b) out.push_back(g.mul(u, v));
        break;
    case tensor_op::diag: {
        const node_id zero = g.constant(0);
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < cols; ++j) out.push_back(i == j ? a[i] : zero);
        break;
    }
    case tensor_op::sum:
        for (const auto& line : lines(a, tensors_.shape_of(t.a), t.over)) out.push_back(sum_of(g, line));
        break;
    case tensor_op::softmax: {
        // each row: exp(u_i) / Σ_j exp(u_j), as exp(u_i) * (Σ_j exp(u_j))^-1
        const shape& su = tensors_.shape_of(t.a);
        for (const auto& line : lines(a, su, su.rank() == 2 ? axis::cols : axis::all)) {
            std::vector<node_id> exps;
            for (node_id u : line) exps.push_back(g.apply(op::exp, u));
            const node_id total = sum_of(g, exps);
            for (node_id e : exps) out.push_back(g.div(e, total));
        }
        break;
    }
    case tensor_op::logsumexp:
        for (const auto& line : lines(a, tensors_.shape_of(t.a), t.over)) {
            std::vector<node_id> exps;
            for (node_id u : line) exps.push_back(g.apply(op::exp, u));
            out.push_back(g.apply(op::log, sum_of(g, exps)));
        }
        break;
    case tensor_op::element: out.push_back(a[t.i * tensors_.shape_of(t.a).cols() + t.j]); break;
    case tensor_op::row:
        for (std::size_t j = 0; j < m; ++j) out.push_back(a[t.i * m + j]);
        break;
    case tensor_op::column: {
        const std::size_t width = tensors_.shape_of(t.a).cols();
        for (std::size_t i = 0; i < m; ++i) out.push_back(a[i * width + t.j]);
        break;
    }
    case tensor_op::stack:
        for (tensor_id item : t.items) out.insert(out.end(), done_[item].begin(), done_[item].end());
        break;
    case tensor_op::named:
        for (std::size_t k = 0; k < a.size(); ++k)
            out.push_back(g.named(a[k], element_name(tensors_.label_of(n), t.dims, k)));
        break;
    }
    CHAINRULE_ASSERT(out.size() == t.dims.size());
    done_[n] = std::move(out);
    expanded_[n] = 1;
}

}  // namespace chainrule::tensor
