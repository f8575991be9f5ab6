// Tensor reverse mode against the scalar reverse mode: each adjoint, expanded element by
// element, must equal the scalar graph's reverse adjoint of the same element of the expanded
// output: the same node, or a difference GiNaC's normal() proves 0. Hand cases also check the
// textbook matrix forms as tensor nodes; random tensor programs cover every rule.
#include "chainrule/core/error.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/diff/tensor_reverse.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/tensor/expand.hpp"
#include "tensor_oracle.hpp"
#include "tensor_programs.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <map>

using namespace chainrule;
using namespace chainrule::tensor;
using chainrule::testing::against_scalar_reverse;
using chainrule::testing::dump;
using chainrule::testing::reached_leaves;
using chainrule::testing::tensor_comparison;
namespace bdata = boost::unit_test::data;

namespace {

struct fixture {
    tensor_graph t;
    tensor_id input(const std::string& name, const shape& s) { return t.variable(name, s, variable_kind::input); }
    tensor_id param(const std::string& name, const shape& s) { return t.variable(name, s, variable_kind::param); }
    tensor_id c(long q) { return t.constant(rational(q)); }
    // every leaf of output against the scalar reverse mode
    void check_all(tensor_id output) {
        const std::vector<tensor_id> leaves = reached_leaves(t, output);
        const tensor_comparison r = against_scalar_reverse(t, output, leaves);
        BOOST_TEST(r.failure.empty(), r.failure << "\nprogram:\n" << dump(t, std::span<const tensor_id>(&output, 1)));
    }
    tensor_id grad(tensor_id output, tensor_id wrt) {
        return tensor_gradient(t, output, std::span<const tensor_id>(&wrt, 1))[0];
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(tensor_reverse, fixture)

BOOST_AUTO_TEST_CASE(a_dense_tanh_layer_with_squared_error_reads_as_the_textbook) {
    const tensor_id W = param("W", shape::matrix(2, 3)), b = param("b", shape::vector(2));
    const tensor_id x = input("x", shape::vector(3)), y = input("y", shape::vector(2));
    const tensor_id h = t.named(t.map(op::tanh, t.add(t.matmul(W, x), b)), "h");
    const tensor_id L = t.div(t.sum(t.pow(t.sub(h, y), c(2))), c(2));
    const tensor_id wrt[] = {W, b, x, h, y};
    const std::vector<tensor_id> d = tensor_gradient(t, L, wrt);
    // δ = (h − y) ⊙ (1 − h²): ∂L/∂W = δ xᵀ, ∂L/∂b = δ, ∂L/∂x = Wᵀ δ, ∂L/∂h = h − y, ∂L/∂y = −(h − y)
    const tensor_id error = t.sub(h, y);
    const tensor_id delta = t.mul(error, t.sub(c(1), t.pow(h, c(2))));
    BOOST_TEST(d[0] == t.outer(delta, x), dump(t, std::span<const tensor_id>(&d[0], 1)));
    BOOST_TEST(d[1] == delta);
    BOOST_TEST(d[2] == t.matmul(t.transpose(W), delta));
    BOOST_TEST(d[3] == error);
    BOOST_TEST(d[4] == t.neg(error));
    check_all(L);
}

BOOST_AUTO_TEST_CASE(softmax_rows_with_cross_entropy_give_s_minus_y) {
    const tensor_id X = input("X", shape::matrix(2, 3)), W = param("W", shape::matrix(3, 2));
    const tensor_id Y = input("Y", shape::matrix(2, 2));
    const tensor_id z = t.named(t.matmul(X, W), "z");
    const tensor_id S = t.softmax(z);
    const tensor_id L = t.neg(t.sum(t.mul(Y, t.map(op::log, S))));
    const tensor_id wrt[] = {z, W};
    const std::vector<tensor_id> d = tensor_gradient(t, L, wrt);
    BOOST_TEST(d[1] == t.matmul(t.transpose(X), d[0]));  // ∂L/∂W = Xᵀ ∂L/∂z
    check_all(L);
    // where each row of Y sums to 1 (one-hot or any distribution), ∂L/∂z = S − Y
    graph g;
    expander ex(t, g);
    ginac_converter conv(g);
    const std::vector<node_id> dz = ex.expand(d[0]), s = ex.expand(S), y = ex.expand(Y);
    GiNaC::exmap rows_sum_to_one;
    for (const std::string i : {"0", "1"})
        rows_sum_to_one[conv.symbol("Y[" + i + ",1]")] = 1 - conv.symbol("Y[" + i + ",0]");
    for (std::size_t k = 0; k < 4; ++k)
        BOOST_TEST(GiNaC::normal((conv(dz[k]) - conv(s[k]) + conv(y[k])).subs(rows_sum_to_one)).is_zero(),
                   "element " << k << ": " << conv(dz[k]));
}

BOOST_AUTO_TEST_CASE(logsumexp_over_each_axis_gives_softmax_along_it) {
    const tensor_id U = param("U", shape::matrix(2, 3));
    // Σ_i lse(U_i,:) : softmax of each row; Σ_j lse(U_:,j): softmax of each column
    BOOST_TEST(grad(t.sum(t.logsumexp(U, axis::cols)), U) == t.softmax(U));
    BOOST_TEST(grad(t.sum(t.logsumexp(U, axis::rows)), U) == t.transpose(t.softmax(t.transpose(U))));
    // weighted rows and columns, and every element at once
    const tensor_id u = input("u", shape::vector(2)), v = input("v", shape::vector(3));
    const tensor_id rows = t.matmul(u, t.logsumexp(U, axis::cols));
    const tensor_id cols = t.matmul(v, t.logsumexp(U, axis::rows));
    BOOST_TEST(grad(rows, U) == t.mul(t.broadcast(u, axis::cols, 3), t.softmax(U)));
    BOOST_TEST(grad(cols, U) == t.mul(t.broadcast(v, axis::rows, 2), t.transpose(t.softmax(t.transpose(U)))));
    const tensor_id all = t.logsumexp(U);
    const tensor_id e = t.map(op::exp, U);
    BOOST_TEST(grad(all, U) == t.div(e, t.sum(e)));
    check_all(t.add(t.add(rows, cols), t.mul(all, t.logsumexp(u))));
}

BOOST_AUTO_TEST_CASE(outer_transpose_and_diag) {
    const tensor_id u = param("u", shape::vector(2)), v = param("v", shape::vector(3));
    const tensor_id M = input("M", shape::matrix(2, 3)), A = param("A", shape::matrix(3, 2));
    const tensor_id o = t.sum(t.mul(t.outer(u, v), M));
    BOOST_TEST(grad(o, u) == t.matmul(M, v));                 // ū = M v
    BOOST_TEST(grad(o, v) == t.matmul(t.transpose(M), u));    // v̄ = Mᵀ u
    BOOST_TEST(grad(t.sum(t.mul(t.transpose(A), M)), A) == t.transpose(M));  // Ā = Mᵀ
    check_all(t.add(o, t.sum(t.mul(t.transpose(A), t.map(op::tanh, M)))));
    // Σ diag(w) ⊙ K: w̄_i = K_ii, each exactly the scalar node of K[i,i]
    const tensor_id w = param("w", shape::vector(3)), K = input("K", shape::matrix(3, 3));
    const tensor_id dw = grad(t.sum(t.mul(t.diag(w), K)), w);
    graph g;
    expander ex(t, g);
    const std::vector<node_id> e = ex.expand(dw);
    for (std::size_t i = 0; i < 3; ++i) {
        const std::string k = std::to_string(i);
        BOOST_TEST(e[i] == g.input("K[" + k + "," + k + "]"));
    }
    // x ᵀ diag(w) y: w̄ = x ⊙ y
    const tensor_id x = input("x", shape::vector(3)), y = input("y", shape::vector(3));
    check_all(t.matmul(x, t.matmul(t.diag(w), y)));
}

BOOST_AUTO_TEST_CASE(slices_scatter_into_zeros) {
    const tensor_id A = param("A", shape::matrix(2, 3)), r = input("r", shape::vector(3));
    const tensor_id s = input("s", shape::vector(2)), q = param("q", shape::vector(3));
    graph g;
    expander ex(t, g);
    const node_id zero = g.constant(0);
    auto elem = [&](const std::string& n) { return g.input(n); };
    // element (1, 2) of A: 1 there and 0 elsewhere
    const std::vector<node_id> one = ex.expand(grad(t.element(A, 1, 2), A));
    for (std::size_t k = 0; k < 6; ++k) BOOST_TEST(one[k] == (k == 5 ? g.constant(1) : zero));
    // row 1 against r, column 2 against s, element 1 of q
    const std::vector<node_id> by_row = ex.expand(grad(t.matmul(t.row(A, 1), r), A));
    for (std::size_t k = 0; k < 6; ++k)
        BOOST_TEST(by_row[k] == (k < 3 ? zero : elem("r[" + std::to_string(k - 3) + "]")));
    const std::vector<node_id> by_column = ex.expand(grad(t.matmul(t.column(A, 2), s), A));
    for (std::size_t k = 0; k < 6; ++k)
        BOOST_TEST(by_column[k] == (k % 3 != 2 ? zero : elem("s[" + std::to_string(k / 3) + "]")));
    const std::vector<node_id> by_element = ex.expand(grad(t.mul(t.element(q, 1), t.element(r, 0)), q));
    for (std::size_t k = 0; k < 3; ++k) BOOST_TEST(by_element[k] == (k == 1 ? elem("r[0]") : zero));
    check_all(t.add(t.map(op::sin, t.element(A, 0, 1)),
                    t.matmul(t.row(A, 1), t.map(op::exp, t.column(t.transpose(A), 0)))));
}

BOOST_AUTO_TEST_CASE(stacks_hand_each_item_its_part) {
    const tensor_id a = param("a", shape::scalar()), b = param("b", shape::scalar());
    const tensor_id w = input("w", shape::vector(3));
    const tensor_id ab[] = {a, b, a};
    const tensor_id L = t.matmul(t.stack(ab), w);  // a w0 + b w1 + a w2
    graph g;
    expander ex(t, g);
    BOOST_TEST(ex.expand(grad(L, a))[0] == g.add(g.input("w[0]"), g.input("w[2]")));
    BOOST_TEST(ex.expand(grad(L, b))[0] == g.input("w[1]"));
    const tensor_id u = param("u", shape::vector(3)), v = param("v", shape::vector(3));
    const tensor_id K = input("K", shape::matrix(2, 3));
    const tensor_id uv[] = {u, v};
    const tensor_id M = t.sum(t.mul(t.stack(uv), K));
    BOOST_TEST(grad(M, u) == t.row(K, 0));
    BOOST_TEST(grad(M, v) == t.row(K, 1));
    const tensor_id vu[] = {t.map(op::tanh, v), u};
    check_all(t.add(L, t.sum(t.map(op::exp, t.mul(t.stack(vu), K)))));
}

BOOST_AUTO_TEST_CASE(broadcasts_sum_back_over_their_axis) {
    const tensor_id v = param("v", shape::vector(3)), u = param("u", shape::vector(2));
    const tensor_id s = param("s", shape::scalar()), M = input("M", shape::matrix(2, 3));
    BOOST_TEST(grad(t.sum(t.mul(t.broadcast(v, axis::rows, 2), M)), v) == t.sum(M, axis::rows));
    BOOST_TEST(grad(t.sum(t.mul(t.broadcast(u, axis::cols, 3), M)), u) == t.sum(M, axis::cols));
    BOOST_TEST(grad(t.sum(t.mul(s, M)), s) == t.sum(M));
    // a constant adjoint sums to a constant: Σ (v repeated twice) is 2 at each element of v
    BOOST_TEST(t.is_filled(grad(t.sum(t.broadcast(v, axis::rows, 2)), v), 2));
    BOOST_TEST(t.is_filled(grad(t.sum(t.broadcast(s, shape::matrix(2, 3))), s), 6));
    const tensor_id z = t.add(t.add(t.broadcast(v, axis::rows, 2), t.broadcast(u, axis::cols, 3)), t.mul(s, M));
    check_all(t.sum(t.map(op::sigmoid, t.mul(z, z))));
}

BOOST_AUTO_TEST_CASE(max_min_relu_and_abs_follow_the_scalar_conventions) {
    const tensor_id u = param("u", shape::vector(2)), v = param("v", shape::vector(2));
    const tensor_id mx = t.sum(t.binary(tensor_op::max, u, v));
    const tensor_id mn = t.sum(t.binary(tensor_op::min, u, v));
    // max: Ū = 1 − step(V − U), V̄ = step(V − U); min: Ū = 1 − step(U − V), V̄ = step(U − V)
    BOOST_TEST(grad(mx, u) == t.sub(c(1), t.map(op::step, t.sub(v, u))));
    BOOST_TEST(grad(mx, v) == t.map(op::step, t.sub(v, u)));
    BOOST_TEST(grad(mn, u) == t.sub(c(1), t.map(op::step, t.sub(u, v))));
    BOOST_TEST(grad(mn, v) == t.map(op::step, t.sub(u, v)));
    BOOST_TEST(grad(t.sum(t.map(op::relu, u)), u) == t.map(op::step, u));
    BOOST_TEST(grad(t.sum(t.map(op::abs, u)), u) == t.map(op::sign, u));
    BOOST_TEST(t.is_filled(grad(t.sum(t.map(op::step, u)), u), 0));
    // at a tie the first operand takes the whole adjoint; relu and abs have slope 0 at 0
    graph g;
    expander ex(t, g);
    ginac_converter conv(g);
    const GiNaC::exmap tie{{conv.symbol("u[0]"), 1}, {conv.symbol("v[0]"), 1}, {conv.symbol("u[1]"), 0}};
    auto at_tie = [&](tensor_id n, std::size_t k) { return conv(ex.expand(n)[k]).subs(tie); };
    BOOST_TEST(at_tie(grad(mx, u), 0) == 1);
    BOOST_TEST(at_tie(grad(mx, v), 0) == 0);
    BOOST_TEST(at_tie(grad(mn, u), 0) == 1);
    BOOST_TEST(at_tie(grad(mn, v), 0) == 0);
    BOOST_TEST(at_tie(grad(t.sum(t.map(op::relu, u)), u), 1) == 0);
    BOOST_TEST(at_tie(grad(t.sum(t.map(op::abs, u)), u), 1) == 0);
    check_all(t.add(t.mul(mx, mn), t.sum(t.binary(tensor_op::max, t.map(op::abs, u), t.map(op::relu, v)))));
}

BOOST_AUTO_TEST_CASE(a_named_node_gets_the_adjoint_of_its_definition) {
    // h used twice: its adjoint is the sum of both uses, its own operand held fixed
    const tensor_id W = param("W", shape::matrix(2, 2)), x = input("x", shape::vector(2));
    const tensor_id h = t.named(t.map(op::exp, t.matmul(W, x)), "h");
    const tensor_id L = t.add(t.sum(t.mul(h, h)), t.logsumexp(t.matmul(W, h)));
    check_all(L);
    // exp′ reuses the node, read by its name: ∂L/∂W of Σ h is outer(h, x)
    BOOST_TEST(grad(t.sum(h), W) == t.outer(h, x));
}

BOOST_AUTO_TEST_CASE(caller_mistakes_are_usage_errors) {
    const tensor_id x = input("x", shape::vector(2)), y = input("y", shape::vector(2));
    const tensor_id e = t.map(op::exp, x);
    const tensor_id L = t.sum(e);
    BOOST_CHECK_THROW(grad(e, x), usage_error);  // not a scalar output
    BOOST_CHECK_THROW(grad(L, e), usage_error);  // neither a variable nor named
    BOOST_CHECK_THROW(grad(L, 100000), usage_error);
    BOOST_TEST(t.is_filled(grad(L, y), 0));  // not reached
    BOOST_TEST(t.shape_of(grad(L, y)) == shape::vector(2));
    const tensor_id s = t.named(L, "s");
    BOOST_TEST(t.is_filled(grad(s, s), 1));
}

BOOST_AUTO_TEST_CASE(a_deep_chain_is_swept_iteratively_in_linear_size) {
    // 100,000 layers: recursion would overflow the stack; each rule adds a few nodes
    const tensor_id x = param("x", shape::vector(2));
    tensor_id h = x;
    for (int k = 0; k < 100000; ++k) h = t.map(k % 2 == 0 ? op::tanh : op::sin, t.add(h, x));
    const tensor_id L = t.sum(h);
    const std::size_t before = t.size();
    const tensor_id d = grad(L, x);
    BOOST_TEST(t.shape_of(d) == shape::vector(2));
    BOOST_TEST(t.size() - before <= 8 * before);
}

// Random programs: every variable and named node, against the scalar reverse mode, exactly.
constexpr std::uint64_t first_seed = 70000;
constexpr int programs = 1000;

BOOST_DATA_TEST_CASE(random_programs_match_the_scalar_reverse_mode, bdata::xrange(programs), index) {
    const std::uint64_t seed = first_seed + static_cast<std::uint64_t>(index);
    chainrule::testing::tensor_program_generator generate(seed);
    chainrule::testing::tensor_program p = generate();
    const std::vector<tensor_id> wrt = reached_leaves(p.t, p.output);
    const tensor_comparison r = against_scalar_reverse(p.t, p.output, wrt);
    BOOST_TEST(r.failure.empty(), "seed " << seed << ": " << r.failure << "\nprogram:\n"
                                          << dump(p.t, std::span<const tensor_id>(&p.output, 1)));
}

BOOST_AUTO_TEST_CASE(the_random_programs_reach_every_rule) {
    // every tensor op, every element-wise function, each axis of sum, logsumexp and broadcast,
    // each pairing of ranks in a matrix product, and named nodes used more than once
    std::vector<int> ops(tensor_op_count, 0), functions(op_count, 0), products(4, 0);
    std::map<std::pair<tensor_op, axis>, int> axes;
    int shared_names = 0;
    for (int index = 0; index < programs; ++index) {
        chainrule::testing::tensor_program_generator generate(first_seed + static_cast<std::uint64_t>(index));
        const chainrule::testing::tensor_program p = generate();
        const std::vector<tensor_id> reached = p.t.reachable(std::span<const tensor_id>(&p.output, 1));
        std::vector<int> uses(p.t.size(), 0);
        for (tensor_id n : reached) {
            const tensor_node& x = p.t.at(n);
            ++ops[static_cast<int>(x.kind)];
            for (tensor_id o : p.t.operands(n)) ++uses[o];
            if (x.kind == tensor_op::map) ++functions[static_cast<int>(p.t.function_of(n))];
            if (x.kind == tensor_op::sum || x.kind == tensor_op::logsumexp || x.kind == tensor_op::broadcast)
                ++axes[{x.kind, x.over}];
            if (x.kind == tensor_op::matmul)
                ++products[(p.t.shape_of(x.a).rank() - 1) * 2 + p.t.shape_of(x.b).rank() - 1];
        }
        for (tensor_id n : reached)
            if (p.t.kind(n) == tensor_op::named && uses[n] > 1) ++shared_names;
    }
    for (int k = 0; k < tensor_op_count; ++k)
        BOOST_TEST(ops[static_cast<std::size_t>(k)] > 0, static_cast<tensor_op>(k));
    for (op f : {op::exp, op::log, op::sqrt, op::sin, op::cos, op::tan, op::tanh, op::cosh, op::sigmoid, op::softplus,
                 op::relu, op::abs, op::step, op::sign})
        BOOST_TEST(functions[static_cast<std::size_t>(f)] > 0, f);
    for (tensor_op f : {tensor_op::sum, tensor_op::logsumexp, tensor_op::broadcast})
        for (axis a : {axis::all, axis::rows, axis::cols})
            BOOST_TEST((axes[{f, a}] > 0), f << " over axis " << static_cast<int>(a));
    for (int k = 0; k < 4; ++k) BOOST_TEST(products[static_cast<std::size_t>(k)] > 0, "matrix product of ranks " << k);
    BOOST_TEST(shared_names > 100);
}

BOOST_AUTO_TEST_SUITE_END()
