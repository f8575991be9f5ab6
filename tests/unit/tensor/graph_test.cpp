// The tensor graph's shape checks and construction rewrites, and expand() against element-wise
// constructions written out by hand in the scalar graph.
#include "chainrule/tensor/expand.hpp"
#include "chainrule/tensor/graph.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::tensor;

namespace {

struct fixture {
    tensor_graph t;
    graph g;
    expander ex{t, g};
    node_id var(const std::string& name) { return g.input(name); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(tensor_graph_suite, fixture)

BOOST_AUTO_TEST_CASE(shapes_are_checked_with_both_shapes_named) {
    const tensor_id u = t.variable("u", shape::vector(3), variable_kind::input);
    const tensor_id v = t.variable("v", shape::vector(2), variable_kind::input);
    const tensor_id W = t.variable("W", shape::matrix(2, 3), variable_kind::param);
    BOOST_CHECK_THROW(t.add(u, v), shape_error);
    try {
        t.matmul(W, v);
        BOOST_FAIL("no error");
    } catch (const shape_error& e) {
        BOOST_TEST(std::string(e.what()).find("matrix[2,3]") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("vector[2]") != std::string::npos);
    }
    BOOST_TEST(t.shape_of(t.matmul(W, u)) == shape::vector(2));
    BOOST_TEST(t.shape_of(t.matmul(v, W)) == shape::vector(3));
    BOOST_TEST(t.shape_of(t.matmul(u, u)) == shape::scalar());
    BOOST_TEST(t.shape_of(t.sum(W, axis::rows)) == shape::vector(3));
    BOOST_TEST(t.shape_of(t.sum(W, axis::cols)) == shape::vector(2));
    BOOST_CHECK_THROW(t.sum(u, axis::rows), shape_error);
    BOOST_CHECK_THROW(t.outer(W, u), shape_error);
    BOOST_CHECK_THROW(t.element(W, 2, 0), shape_error);
    BOOST_CHECK_THROW(t.variable("u", shape::vector(4), variable_kind::input), usage_error);
}

BOOST_AUTO_TEST_CASE(nodes_are_hash_consed_and_rewrites_keep_values) {
    const tensor_id W = t.variable("W", shape::matrix(2, 3), variable_kind::param);
    const tensor_id x = t.variable("x", shape::vector(3), variable_kind::input);
    BOOST_TEST(t.matmul(W, x) == t.matmul(W, x));
    BOOST_TEST(t.transpose(t.transpose(W)) == W);
    BOOST_TEST(t.mul(t.constant(1), W) == W);
    BOOST_TEST(t.add(W, t.filled(0, shape::matrix(2, 3))) == W);
    BOOST_TEST(t.is_filled(t.mul(W, t.constant(0)), 0));
    BOOST_TEST(t.shape_of(t.mul(W, t.constant(0))) == shape::matrix(2, 3));
    // (-1) ⊙ ((-1) ⊙ x) = x
    BOOST_TEST(t.neg(t.neg(x)) == x);
    // a scalar operand is broadcast explicitly
    const tensor_id scaled = t.mul(t.variable("s", shape::scalar(), variable_kind::param), x);
    BOOST_TEST(t.kind(t.at(scaled).a) == tensor_op::broadcast);
}

BOOST_AUTO_TEST_CASE(a_dense_layer_expands_to_the_same_scalar_nodes_as_by_hand) {
    const tensor_id W = t.variable("W", shape::matrix(2, 3), variable_kind::param);
    const tensor_id x = t.variable("x", shape::vector(3), variable_kind::input);
    const tensor_id b = t.variable("b", shape::vector(2), variable_kind::param);
    const tensor_id h = t.named(t.map(op::tanh, t.add(t.matmul(W, x), b)), "h");
    const std::vector<node_id>& e = ex.expand(h);
    BOOST_TEST_REQUIRE(e.size() == 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        node_id acc = g.mul(g.param("W[" + std::to_string(i) + ",0]"), g.input("x[0]"));
        for (std::size_t j = 1; j < 3; ++j)
            acc = g.add(acc, g.mul(g.param("W[" + std::to_string(i) + "," + std::to_string(j) + "]"),
                                   g.input("x[" + std::to_string(j) + "]")));
        const node_id hand = g.named(g.apply(op::tanh, g.add(acc, g.param("b[" + std::to_string(i) + "]"))),
                                     "h[" + std::to_string(i) + "]");
        BOOST_TEST(e[i] == hand);
    }
}

BOOST_AUTO_TEST_CASE(reshaping_ops_place_every_element) {
    const tensor_id A = t.variable("A", shape::matrix(2, 3), variable_kind::input);
    const tensor_id u = t.variable("u", shape::vector(2), variable_kind::input);
    const tensor_id v = t.variable("v", shape::vector(3), variable_kind::input);
    auto a = [&](int i, int j) { return g.input("A[" + std::to_string(i) + "," + std::to_string(j) + "]"); };
    const std::vector<node_id>& at = ex.expand(t.transpose(A));
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j) BOOST_TEST(at[static_cast<std::size_t>(j * 2 + i)] == a(i, j));
    const std::vector<node_id>& o = ex.expand(t.outer(u, v));
    BOOST_TEST(o[1 * 3 + 2] == g.mul(g.input("u[1]"), g.input("v[2]")));
    const std::vector<node_id>& d = ex.expand(t.diag(v));
    BOOST_TEST(d[4] == g.input("v[1]"));
    BOOST_TEST(g.is_constant(d[1], 0));
    const std::vector<node_id>& down = ex.expand(t.sum(A, axis::rows));
    BOOST_TEST(down[2] == g.add(a(0, 2), a(1, 2)));
    const std::vector<node_id>& along = ex.expand(t.sum(A, axis::cols));
    BOOST_TEST(along[1] == g.add(g.add(a(1, 0), a(1, 1)), a(1, 2)));
    BOOST_TEST(ex.expand(t.column(A, 1))[1] == a(1, 1));
    BOOST_TEST(ex.expand(t.row(A, 1))[2] == a(1, 2));
    BOOST_TEST(ex.expand(t.element(A, 1, 2))[0] == a(1, 2));
    const std::vector<node_id>& rows = ex.expand(t.broadcast(v, axis::rows, 2));
    BOOST_TEST(rows[4] == g.input("v[1]"));
    const std::vector<node_id>& cols = ex.expand(t.broadcast(u, axis::cols, 3));
    BOOST_TEST(cols[4] == g.input("u[1]"));
}

BOOST_AUTO_TEST_CASE(softmax_of_a_matrix_is_taken_row_by_row) {
    const tensor_id S = t.variable("S", shape::matrix(2, 2), variable_kind::input);
    const std::vector<node_id>& e = ex.expand(t.softmax(S));
    const node_id e10 = g.apply(op::exp, g.input("S[1,0]"));
    const node_id e11 = g.apply(op::exp, g.input("S[1,1]"));
    BOOST_TEST(e[3] == g.div(e11, g.add(e10, e11)));
    const std::vector<node_id>& l = ex.expand(t.logsumexp(S, axis::cols));
    BOOST_TEST(l[1] == g.apply(op::log, g.add(e10, e11)));
}

BOOST_AUTO_TEST_CASE(expanding_past_the_element_limit_is_a_limit_error) {
    tensor_graph big;
    graph scalars;
    expander small(big, scalars, 1000);
    const tensor_id W = big.variable("W", shape::matrix(784, 128), variable_kind::param);
    BOOST_CHECK_THROW(small.expand(W), limit_error);
}

BOOST_AUTO_TEST_CASE(a_partial_node_is_partial_in_both_graphs) {
    // tensor_graph::is_partial against graph::is_partial of the expanded elements (the scalar
    // graph's own rule): every one-operand op, and powers by natural, negative, fractional and
    // variable exponents
    const tensor_id u = t.variable("u", shape::vector(2), variable_kind::input);
    const tensor_id v = t.variable("v", shape::vector(2), variable_kind::input);
    std::vector<tensor_id> nodes;
    for (int k = 0; k < op_count; ++k) {
        const op f = static_cast<op>(k);
        if (arity(f) == 1 && f != op::named) nodes.push_back(t.map(f, u));
    }
    for (const rational& e : {rational(2), rational(0), rational(-1), rational(1) / 2, rational(-3) / 2})
        nodes.push_back(t.pow(u, t.filled(e, shape::vector(2))));
    nodes.push_back(t.pow(u, v));
    nodes.push_back(t.add(u, v));
    nodes.push_back(t.mul(u, v));
    std::size_t partial = 0;
    for (tensor_id n : nodes) {
        const std::vector<node_id>& elements = ex.expand(n);
        for (node_id e : elements) BOOST_TEST(t.is_partial(n) == g.is_partial(e), "tensor node " << n);
        partial += t.is_partial(n);
    }
    BOOST_TEST(partial == 7u);  // log, sqrt, tan; ^-1, ^(1/2), ^(-3/2), ^v
}

BOOST_AUTO_TEST_SUITE_END()
