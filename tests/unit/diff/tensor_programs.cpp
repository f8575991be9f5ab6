#include "tensor_programs.hpp"

#include <algorithm>
#include <array>
#include <sstream>
#include <utility>

namespace chainrule::testing {

using tensor::axis;
using tensor::no_tensor;
using tensor::shape;
using tensor::tensor_graph;
using tensor::tensor_id;
using tensor::tensor_op;

namespace {

enum class choice {
    add, sub, mul, div, scale, shift, power, variable_power, exp, log, sqrt, sin, cos, tan, tanh,
    cosh, sigmoid, softplus, matmul, transpose, outer, diag, sum, sum_axis, mean, softmax,
    logsumexp, cross_entropy, element, row, column, stack, broadcast, broadcast_axis, named,
    relu, abs, step, sign, max, min,
};
constexpr int smooth_choices = static_cast<int>(choice::named) + 1;
constexpr int all_choices = static_cast<int>(choice::min) + 1;

constexpr std::array<int, 10> exponent_numerators{2, 3, -1, -2, 1, 1, -1, 3, -3, 2};
constexpr std::array<int, 10> exponent_denominators{1, 1, 1, 1, 2, 3, 2, 2, 2, 3};

std::string_view axis_name(axis a) { return a == axis::all ? "all" : a == axis::rows ? "rows" : "cols"; }

}  // namespace

// The state of one program being built: the graph, its pool of values and the draws.
class tensor_program_generator::builder {
public:
    builder(tensor_program_generator& draws, tensor_program& p) : draws_(draws), p_(p), t_(p.t) {}

    void run(int operations, bool non_smooth);

private:
    long uniform(long lo, long hi) { return draws_.uniform(lo, hi); }
    // an index in 0..n-1, and an item of a non-empty vector, drawn uniformly
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform(0, static_cast<long>(n) - 1)); }
    template <class item>
    item one_of(const std::vector<item>& items) {
        return items[below(items.size())];
    }
    std::size_t dim() { return static_cast<std::size_t>(uniform(1, static_cast<long>(draws_.options_.max_dim))); }
    shape random_shape();
    tensor_id fresh_variable(const shape& s);
    tensor_id pick();
    std::vector<entry> with_shape(const shape& s, bool positive_only) const;
    tensor_id pick_shaped(shape s);
    tensor_id pick_rank(long rank);
    tensor_id make_positive(shape s);
    void step(choice c);
    tensor_id to_scalar(tensor_id u);

    tensor_program_generator& draws_;
    tensor_program& p_;
    tensor_graph& t_;
    std::vector<entry> pool_;
    int labels_ = 0;
};

tensor_program_generator::tensor_program_generator(std::uint64_t seed, tensor_program_options options)
    : engine_(seed), options_(options) {}

long tensor_program_generator::uniform(long lo, long hi) {
    // modulo reduction: portable across standard libraries (the bias is negligible here)
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<long>(engine_() % span);
}

tensor_program tensor_program_generator::operator()() {
    tensor_program p;
    builder(*this, p).run(options_.operations, options_.non_smooth);
    return p;
}

shape tensor_program_generator::builder::random_shape() {
    switch (uniform(0, 3)) {
    case 0: return shape::scalar();
    case 1: return shape::vector(dim());
    default: return shape::matrix(dim(), dim());
    }
}

tensor_id tensor_program_generator::builder::fresh_variable(const shape& s) {
    const std::string names = "abcdefgijkmnpqrstuvwxyz";  // no h: the labels are h0, h1, ...
    const std::size_t k = p_.variables.size();
    const std::string base(1, names[k % names.size()]);
    const std::string label = s.rank() == 2 ? std::string(1, static_cast<char>(base[0] - 'a' + 'A')) : base;
    const tensor_id v = t_.variable(label + (k >= names.size() ? std::to_string(k) : ""), s,
                                    uniform(0, 1) == 0 ? variable_kind::param : variable_kind::input);
    p_.variables.push_back(v);
    pool_.push_back(entry{v, false});
    return v;
}

tensor_id tensor_program_generator::builder::pick() {
    // half the time one of the three newest values (depth), else any value (sharing)
    const long n = static_cast<long>(pool_.size());
    if (uniform(0, 1) == 0) return pool_[static_cast<std::size_t>(uniform(std::max(0L, n - 3), n - 1))].id;
    return pool_[static_cast<std::size_t>(uniform(0, n - 1))].id;
}

std::vector<tensor_program_generator::entry> tensor_program_generator::builder::with_shape(const shape& s,
                                                                                           bool positive_only) const {
    std::vector<entry> out;
    for (const entry& e : pool_)
        if (t_.shape_of(e.id) == s && (e.positive || !positive_only)) out.push_back(e);
    return out;
}

// A value of shape s: from the pool, else a scalar of the pool broadcast, else a new variable.
tensor_id tensor_program_generator::builder::pick_shaped(shape s) {
    const std::vector<entry> same = with_shape(s, false);
    if (!same.empty() && uniform(0, 4) != 0) return one_of(same).id;
    const std::vector<entry> scalars = with_shape(shape::scalar(), false);
    if (!s.is_scalar() && !scalars.empty() && uniform(0, 2) == 0)
        return t_.broadcast(one_of(scalars).id, s);
    return fresh_variable(s);
}

// A value of the given rank (0, 1 or 2) from the pool, or a new variable.
tensor_id tensor_program_generator::builder::pick_rank(long rank) {
    std::vector<tensor_id> found;
    for (const entry& e : pool_)
        if (static_cast<long>(t_.shape_of(e.id).rank()) == rank) found.push_back(e.id);
    if (!found.empty() && uniform(0, 4) != 0) return one_of(found);
    return fresh_variable(rank == 0 ? shape::scalar() : rank == 1 ? shape::vector(dim()) : shape::matrix(dim(), dim()));
}

// A value of shape s, positive at every element wherever it is defined.
tensor_id tensor_program_generator::builder::make_positive(shape s) {
    const std::vector<entry> positive = with_shape(s, true);
    if (!positive.empty() && uniform(0, 3) != 0) return one_of(positive).id;
    const tensor_id u = pick_shaped(s);
    tensor_id out;
    switch (uniform(0, s.is_scalar() ? 2 : 3)) {
    case 0: out = t_.map(op::exp, u); break;
    case 1: out = t_.add(t_.pow(u, t_.constant(2)), t_.constant(rational(uniform(1, 4)) / 2)); break;
    case 2: out = t_.map(op::sigmoid, u); break;
    default: out = t_.softmax(u); break;
    }
    pool_.push_back(entry{out, true});
    return out;
}

void tensor_program_generator::builder::step(choice c) {
    tensor_graph& t = t_;
    tensor_id n = no_tensor;
    bool positive = false;
    switch (c) {
    case choice::add: {
        const tensor_id u = pick();
        n = t.add(u, pick_shaped(t.shape_of(u)));
        break;
    }
    case choice::sub: {
        const tensor_id u = pick();
        n = t.sub(u, pick_shaped(t.shape_of(u)));
        break;
    }
    case choice::mul: {
        const tensor_id u = pick();
        // a scalar times anything, or two values of one shape
        n = uniform(0, 3) == 0 ? t.mul(pick_rank(0), u) : t.mul(u, pick_shaped(t.shape_of(u)));
        break;
    }
    case choice::div: {
        const tensor_id u = pick();
        n = t.div(u, make_positive(uniform(0, 3) == 0 ? shape::scalar() : t.shape_of(u)));
        break;
    }
    case choice::scale: {
        const long q = uniform(1, 4);
        rational s = rational(uniform(-3 * q, 3 * q)) / rational(q);
        if (cln::zerop(s)) s = 2;
        n = t.mul(t.constant(s), pick());
        break;
    }
    case choice::shift: {
        const long q = uniform(1, 3);
        n = t.add(pick(), t.constant(rational(uniform(-2 * q, 2 * q)) / rational(q)));
        break;
    }
    case choice::power: {
        const std::size_t k = below(exponent_numerators.size());
        const rational e = rational(exponent_numerators[k]) / rational(exponent_denominators[k]);
        // negative or fractional exponents only on positive bases (no poles, no complex values)
        if (e == 2 || e == 3) {
            n = t.pow(pick(), t.constant(e));
        } else {
            n = t.pow(make_positive(random_shape()), t.constant(e));
            positive = true;
        }
        break;
    }
    case choice::variable_power: {
        // the exponent is a variable (compound exponents make GiNaC's normal() crawl)
        const tensor_id base = make_positive(random_shape());
        const shape s = uniform(0, 1) == 0 ? shape::scalar() : t.shape_of(base);
        tensor_id exponent = no_tensor;
        for (tensor_id v : p_.variables)
            if (t.shape_of(v) == s) exponent = v;
        if (exponent == no_tensor) exponent = fresh_variable(s);
        n = t.pow(base, exponent);
        positive = true;
        break;
    }
    case choice::exp: n = t.map(op::exp, pick()); positive = true; break;
    case choice::log: n = t.map(op::log, make_positive(random_shape())); break;
    case choice::sqrt: n = t.map(op::sqrt, make_positive(random_shape())); positive = true; break;
    case choice::sin: n = t.map(op::sin, pick()); break;
    case choice::cos: n = t.map(op::cos, pick()); break;
    case choice::tan: n = t.map(op::tan, pick()); break;
    case choice::tanh: n = t.map(op::tanh, pick()); break;
    case choice::cosh: n = t.map(op::cosh, pick()); positive = true; break;
    case choice::sigmoid: n = t.map(op::sigmoid, pick()); positive = true; break;
    case choice::softplus: n = t.map(op::softplus, pick()); positive = true; break;
    case choice::matmul: {
        // A @ B for every pairing of ranks 1 and 2, chained onto a value of the pool on the left
        // or on the right
        const tensor_id u = pick_rank(uniform(1, 2));
        const shape su = t.shape_of(u);
        const bool vector_other = uniform(0, 1) == 0;
        if (uniform(0, 1) == 0) {
            const std::size_t inner = su.rank() == 2 ? su.cols() : su.rows();
            n = t.matmul(u, pick_shaped(vector_other ? shape::vector(inner) : shape::matrix(inner, dim())));
        } else {
            n = t.matmul(pick_shaped(vector_other ? shape::vector(su.rows()) : shape::matrix(dim(), su.rows())), u);
        }
        break;
    }
    case choice::transpose: n = t.transpose(pick_rank(2)); break;
    case choice::outer: n = t.outer(pick_rank(1), pick_rank(1)); break;
    case choice::diag: n = t.diag(pick_rank(1)); break;
    case choice::sum: n = t.sum(pick()); break;
    case choice::sum_axis: n = t.sum(pick_rank(2), uniform(0, 1) == 0 ? axis::rows : axis::cols); break;
    case choice::mean: {
        const tensor_id u = pick();
        n = t.shape_of(u).rank() == 2 && uniform(0, 1) == 0 ? t.mean(u, uniform(0, 1) == 0 ? axis::rows : axis::cols)
                                                             : t.mean(u);
        break;
    }
    case choice::softmax: n = t.softmax(pick_rank(uniform(1, 2))); positive = true; break;
    case choice::logsumexp: {
        const tensor_id u = pick_rank(uniform(1, 2));
        const long a = t.shape_of(u).rank() == 2 ? uniform(0, 2) : 0;
        n = t.logsumexp(u, a == 0 ? axis::all : a == 1 ? axis::rows : axis::cols);
        break;
    }
    case choice::cross_entropy: {
        // −Σ Y ⊙ log softmax(U), row by row
        const tensor_id u = pick_rank(uniform(1, 2));
        const tensor_id y = pick_shaped(t.shape_of(u));
        n = t.neg(t.sum(t.mul(y, t.map(op::log, t.softmax(u)))));
        break;
    }
    case choice::element: {
        const tensor_id u = pick_rank(uniform(1, 2));
        const shape s = t.shape_of(u);
        n = t.element(u, below(s.rows()), below(s.cols()));
        break;
    }
    case choice::row: {
        const tensor_id u = pick_rank(2);
        n = t.row(u, below(t.shape_of(u).rows()));
        break;
    }
    case choice::column: {
        const tensor_id u = pick_rank(2);
        n = t.column(u, below(t.shape_of(u).cols()));
        break;
    }
    case choice::stack: {
        // 1..3 scalars as a vector, or 1..3 vectors of one length as a matrix
        const tensor_id first = pick_rank(uniform(0, 1));
        std::vector<tensor_id> items{first};
        const long count = uniform(1, 3);
        for (long k = 1; k < count; ++k) items.push_back(pick_shaped(t.shape_of(first)));
        n = t.stack(items);
        break;
    }
    case choice::broadcast: n = t.broadcast(pick_rank(0), random_shape()); break;
    case choice::broadcast_axis:
        n = t.broadcast(pick_rank(1), uniform(0, 1) == 0 ? axis::rows : axis::cols, dim());
        break;
    case choice::named: {
        // a definition: into the pool twice, and run() makes sure it has at least two uses
        const entry u = one_of(pool_);
        if (t.kind(u.id) == tensor_op::variable || t.kind(u.id) == tensor_op::named) return;
        positive = u.positive;
        n = t.named(u.id, "h" + std::to_string(labels_++));
        if (t.kind(n) != tensor_op::named) return;
        p_.named.push_back(n);
        pool_.push_back(entry{n, positive});
        break;
    }
    case choice::relu: n = t.map(op::relu, pick()); break;
    case choice::abs: n = t.map(op::abs, pick()); break;
    case choice::step: n = t.map(op::step, pick()); break;
    case choice::sign: n = t.map(op::sign, pick()); break;
    case choice::max:
    case choice::min: {
        const tensor_id u = pick();
        const tensor_id v = uniform(0, 3) == 0 ? t.filled(0, t.shape_of(u)) : pick_shaped(t.shape_of(u));
        n = t.binary(c == choice::max ? tensor_op::max : tensor_op::min, u, v);
        break;
    }
    }
    if (t.filled_value(n)) return;  // folded away: nothing to differentiate
    pool_.push_back(entry{n, positive});
}

// u reduced to a scalar: itself, a sum, a mean, a logsumexp or an element.
tensor_id tensor_program_generator::builder::to_scalar(tensor_id u) {
    const shape s = t_.shape_of(u);
    if (s.is_scalar()) return u;
    switch (uniform(0, 5)) {
    case 0: return t_.mean(u);
    case 1: return t_.logsumexp(u);
    case 2:
        return t_.element(u, below(s.rows()), below(s.cols()));
    default: return t_.sum(u);
    }
}

void tensor_program_generator::builder::run(int operations, bool non_smooth) {
    const long count = uniform(1, 3);
    for (long k = 0; k < count; ++k) fresh_variable(random_shape());
    for (int k = 0; k < operations; ++k)
        step(static_cast<choice>(uniform(0, (non_smooth ? all_choices : smooth_choices) - 1)));
    // the output joins every sink (a pool value no other node uses), each reduced to a scalar,
    // by + or *, so that the whole program is reached and shared values have several users; a
    // named node is joined until it has two uses
    std::vector<int> uses(t_.size(), 0);
    for (tensor_id n = 0; n < t_.size(); ++n)
        for (tensor_id o : t_.operands(n)) ++uses[o];
    tensor_id output = no_tensor;
    const auto join = [&](tensor_id u) {
        ++uses[u];
        const tensor_id s = to_scalar(u);
        output = output == no_tensor ? s : uniform(0, 2) == 0 ? t_.mul(output, s) : t_.add(output, s);
    };
    for (auto it = pool_.rbegin(); it != pool_.rend(); ++it)
        if (uses[it->id] == 0 && t_.kind(it->id) != tensor_op::variable) join(it->id);
    for (tensor_id n : p_.named)
        while (uses[n] < 2) join(n);
    p_.output = output == no_tensor ? to_scalar(pool_.back().id) : output;
}

std::string dump(const tensor_graph& t, std::span<const tensor_id> roots) {
    std::ostringstream out;
    for (tensor_id n : t.reachable(roots)) {
        const tensor::tensor_node& x = t.at(n);
        out << '%' << n << " = ";
        switch (x.kind) {
        case tensor_op::constant: out << to_string(t.value(n)); break;
        case tensor_op::variable: {
            const tensor::tensor_variable& v = t.variable_of(n);
            out << v.name << " : " << (v.kind == variable_kind::param ? "param" : "input");
            break;
        }
        case tensor_op::map: out << name(t.function_of(n)); break;
        case tensor_op::broadcast:
        case tensor_op::sum:
        case tensor_op::logsumexp: out << name(x.kind) << '(' << axis_name(x.over) << ')'; break;
        case tensor_op::element: out << "element(" << x.i << ',' << x.j << ')'; break;
        case tensor_op::row: out << "row(" << x.i << ')'; break;
        case tensor_op::column: out << "column(" << x.j << ')'; break;
        case tensor_op::named: out << "named " << t.label_of(n); break;
        case tensor_op::add:
        case tensor_op::mul:
        case tensor_op::pow:
        case tensor_op::max:
        case tensor_op::min:
        case tensor_op::matmul:
        case tensor_op::transpose:
        case tensor_op::outer:
        case tensor_op::diag:
        case tensor_op::softmax:
        case tensor_op::stack: out << name(x.kind); break;
        }
        for (tensor_id o : t.operands(n)) out << " %" << o;
        if (x.kind != tensor_op::constant) out << " : " << tensor::to_string(x.dims);
        out << '\n';
    }
    return out.str();
}

}  // namespace chainrule::testing
