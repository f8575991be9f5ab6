// Lowering: the language and the C++ API give the same gradients (compared through GiNaC,
// never by printed strings), vectors and matrices expand like the same model written with
// scalars, derivatives with respect to definitions are the adjoints of DESIGN.md, second
// derivatives agree with GiNaC's diff applied twice, and every shape, index and derivative
// target error is located.

#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/graph/ginac_functions.hpp"
#include "chainrule/lang/session.hpp"

#include <boost/test/data/test_case.hpp>
#include "../../support/ginac_oracle.hpp"
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

#include <ginac/ginac.h>

#include <map>
#include <ostream>
#include <string>
#include <vector>

using namespace chainrule;
using namespace chainrule::lang;

BOOST_TEST_DONT_PRINT_LOG_VALUE(chainrule::op)
BOOST_TEST_DONT_PRINT_LOG_VALUE(chainrule::lang::shape)
BOOST_TEST_DONT_PRINT_LOG_VALUE(chainrule::lang::symbol_kind)
BOOST_TEST_DONT_PRINT_LOG_VALUE(chainrule::lang::result_kind)

namespace {

using oracle = chainrule::testing::ginac_oracle;

bool same(const GiNaC::ex& a, const GiNaC::ex& b) { return chainrule::testing::same_through_exp(a, b); }

// A session that has run `program`, every statement successfully.
struct model {
    session s;
    std::vector<result> results;

    explicit model(const std::string& program) {
        results = s.run_program(program, "test.chain");
        for (const result& r : results) {
            if (r.kind() == result_kind::error) BOOST_FAIL(r.as<error_result>().error.headline());
        }
    }
    const value& operator[](const std::string& name) const {
        const symbol_entry* e = s.symbols().find(name);
        BOOST_REQUIRE_MESSAGE(e, "no name " + name);
        return e->value;
    }
    node_id node(const std::string& name) const { return (*this)[name].node(); }
    const grad_result& grad(std::size_t i) const { return results.at(i).as<grad_result>(); }
};

// The first error of running `program` (which must have one).
diagnostic first_error(const std::string& program) {
    session s;
    for (const result& r : s.run_program(program, "test.chain"))
        if (r.kind() == result_kind::error) return r.as<error_result>().error;
    BOOST_FAIL("no error in: " + program);
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lower)

BOOST_AUTO_TEST_CASE(sigmoid_neuron_gradient_matches_cpp_api) {
    const model m(R"(input x, y
param w, b
z = w*x + b
a = sigmoid(z)
L = (a - y)^2 / 2
grad L wrt w, b
gw = d(L)/d(w)
)");
    graph g;
    const expr x = input(g, "x"), y = input(g, "y"), w = param(g, "w"), b = param(g, "b");
    const expr L = pow(sigmoid(w * x + b) - y, 2) / 2;
    const std::vector<node_id> expected = reverse_gradient(g, L.id(), {w.id(), b.id()});
    oracle o;
    const grad_result& gr = m.grad(5);
    BOOST_REQUIRE_EQUAL(gr.partials.size(), 2u);
    BOOST_TEST(gr.partials[0].wrt == "w");
    BOOST_TEST(gr.partials[1].wrt == "b");
    BOOST_TEST(same(o(m.s.model(), m.node("L")), o(g, L.id())));
    BOOST_TEST(same(o(m.s.model(), gr.partials[0].partial), o(g, expected[0])));
    BOOST_TEST(same(o(m.s.model(), gr.partials[1].partial), o(g, expected[1])));
    BOOST_TEST(same(o(m.s.model(), m.node("gw")), o(g, expected[0])));
    // and against GiNaC's own diff
    BOOST_TEST(same(o(m.s.model(), m.node("gw")), o(g, L.id()).diff(o.symbol("w"))));
}

BOOST_AUTO_TEST_CASE(lowering_keeps_the_users_steps) {
    // no algebra beyond the graph's light rewrites: (x + 1)^2 stays a power of a sum
    // (and each definition is a named node over its expression)
    const model m("input x\nq = (x + 1)^2\nr = x*x\n");
    const graph& g = m.s.model();
    BOOST_TEST(g.is_named(m.node("q")));
    BOOST_TEST(g.label_of(m.node("q")) == "q");
    BOOST_TEST(g.kind(g.unnamed(m.node("q"))) == op::pow);
    BOOST_TEST(g.kind(g.at(g.unnamed(m.node("q"))).lhs) == op::add);
    BOOST_TEST(g.kind(g.unnamed(m.node("r"))) == op::mul);
}

BOOST_AUTO_TEST_CASE(jacobian_of_a_vector_matches_ginac_diff) {
    // grad of a vector: every element with every variable, row by row, each against GiNaC's
    // diff of that element's expression
    const model m("input x[2]\nparam W[2,2], b[2]\nh = tanh(W @ x + b)\ngrad h wrt W, b\n");
    oracle o;
    const grad_result& gr = m.grad(3);
    BOOST_REQUIRE_EQUAL(gr.partials.size(), 12u);
    const value& h = m["h"];
    const char* names[] = {"W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]", "b[0]", "b[1]"};
    for (std::size_t k = 0; k < 12; ++k) {
        const partial_entry& p = gr.partials[k];
        BOOST_TEST(p.of == (k < 6 ? "h[0]" : "h[1]"));
        BOOST_TEST(p.wrt == names[k % 6]);
        const GiNaC::ex want = o(m.s.model(), h.elements[k / 6]).diff(o.symbol(names[k % 6]));
        BOOST_TEST(same(o(m.s.model(), p.partial), want), p.of << " by " << p.wrt);
    }
    // off the diagonal of the layer, the partials are exactly 0
    BOOST_TEST(m.s.model().is_constant(gr.partials[2].partial, 0));  // dh[0]/dW[1,0]
    BOOST_TEST(m.s.model().is_constant(gr.partials[5].partial, 0));  // dh[0]/db[1]
}

BOOST_AUTO_TEST_CASE(dense_layer_matches_scalar_cpp) {
    const model m(R"(input x[3], y[2]
param W[2,3], b[2]
h = W @ x + b
L = sum((h - y)^2) / 2
grad L wrt W, b
)");
    graph g;
    std::vector<expr> x, y, b, h;
    for (int j = 0; j < 3; ++j) x.push_back(input(g, "x[" + std::to_string(j) + "]"));
    for (int i = 0; i < 2; ++i) y.push_back(input(g, "y[" + std::to_string(i) + "]"));
    std::vector<std::vector<expr>> W(2);
    std::vector<node_id> wrt;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j) {
            W[i].push_back(param(g, "W[" + std::to_string(i) + "," + std::to_string(j) + "]"));
            wrt.push_back(W[i].back().id());
        }
    for (int i = 0; i < 2; ++i) {
        b.push_back(param(g, "b[" + std::to_string(i) + "]"));
        wrt.push_back(b.back().id());
    }
    for (int i = 0; i < 2; ++i) h.push_back(W[i][0] * x[0] + W[i][1] * x[1] + W[i][2] * x[2] + b[i]);
    const expr L = (pow(h[0] - y[0], 2) + pow(h[1] - y[1], 2)) / 2;
    const std::vector<node_id> expected = reverse_gradient(g, L.id(), wrt);

    oracle o;
    const grad_result& gr = m.grad(4);
    BOOST_REQUIRE_EQUAL(gr.partials.size(), 8u);
    const char* names[] = {"W[0,0]", "W[0,1]", "W[0,2]", "W[1,0]", "W[1,1]", "W[1,2]", "b[0]", "b[1]"};
    for (std::size_t k = 0; k < 8; ++k) {
        BOOST_TEST(gr.partials[k].wrt == names[k]);
        BOOST_TEST(same(o(m.s.model(), gr.partials[k].partial), o(g, expected[k])), names[k]);
    }
    // dL/dW[i,j] = (h[i] - y[i]) x[j]
    const GiNaC::ex hy0 = o(g, (h[0] - y[0]).id());
    BOOST_TEST(same(o(m.s.model(), gr.partials[1].partial), hy0 * o.symbol("x[1]")));
    BOOST_TEST(m["h"].dims == shape::vector(2));
}

BOOST_AUTO_TEST_CASE(softmax_cross_entropy_matches_scalar_cpp) {
    const model m(R"(input x[2], y[3]
param W[3,2], b[3]
z = W @ x + b
p = softmax(z)
L = -sum(y * log(p))
grad L wrt W, b
grad L wrt z
)");
    graph g;
    std::vector<expr> x, y, z, e;
    for (int j = 0; j < 2; ++j) x.push_back(input(g, "x[" + std::to_string(j) + "]"));
    for (int i = 0; i < 3; ++i) y.push_back(input(g, "y[" + std::to_string(i) + "]"));
    std::vector<node_id> wrt;
    for (int i = 0; i < 3; ++i) {
        const expr w0 = param(g, "W[" + std::to_string(i) + ",0]"), w1 = param(g, "W[" + std::to_string(i) + ",1]");
        wrt.push_back(w0.id());
        wrt.push_back(w1.id());
        z.push_back(w0 * x[0] + w1 * x[1]);
    }
    for (int i = 0; i < 3; ++i) {
        const expr bi = param(g, "b[" + std::to_string(i) + "]");
        wrt.push_back(bi.id());
        z[i] = z[i] + bi;
        e.push_back(exp(z[i]));
    }
    const expr total = e[0] + e[1] + e[2];
    const expr L = -(y[0] * log(e[0] / total) + y[1] * log(e[1] / total) + y[2] * log(e[2] / total));
    const std::vector<node_id> expected = reverse_gradient(g, L.id(), wrt);

    oracle o;
    const grad_result& gr = m.grad(5);
    BOOST_REQUIRE_EQUAL(gr.partials.size(), 9u);
    for (std::size_t k = 0; k < 9; ++k)
        BOOST_TEST(same(o(m.s.model(), gr.partials[k].partial), o(g, expected[k])), gr.partials[k].wrt);
    // the textbook adjoint: dL/dz[i] = p[i] (y[0] + y[1] + y[2]) - y[i]
    const grad_result& dz = m.grad(6);
    BOOST_REQUIRE_EQUAL(dz.partials.size(), 3u);
    const GiNaC::ex ysum = o.symbol("y[0]") + o.symbol("y[1]") + o.symbol("y[2]");
    for (int i = 0; i < 3; ++i) {
        BOOST_TEST(dz.partials[i].kind == symbol_kind::definition);
        const GiNaC::ex p = o(m.s.model(), m["p"].elements[i]);
        BOOST_TEST(same(o(m.s.model(), dz.partials[i].partial), p * ysum - o.symbol("y[" + std::to_string(i) + "]")));
    }
}

BOOST_AUTO_TEST_CASE(adjoints_of_definitions_in_the_sigmoid_neuron) {
    const model m(R"(input x, y
param w, b
z = w*x + b
a = sigmoid(z)
L = (a - y)^2 / 2
dLda = d(L)/d(a)
dLdz = d(L)/d(z)
)");
    oracle o;
    const GiNaC::ex x = o.symbol("x"), y = o.symbol("y"), w = o.symbol("w"), b = o.symbol("b");
    const GiNaC::realsymbol A("A"), Z("Z");
    const GiNaC::ex z = w * x + b;
    const GiNaC::ex a = o(m.s.model(), m.node("a"));
    // GiNaC diff with the definition as a variable, then the definition substituted back
    const GiNaC::ex by_a = GiNaC::diff(GiNaC::pow(A - y, 2) / 2, A).subs(A == a);
    const GiNaC::ex by_z = GiNaC::diff(GiNaC::pow(gfn::sigmoid(Z) - y, 2) / 2, Z).subs(Z == z);
    BOOST_TEST(same(o(m.s.model(), m.node("dLda")), by_a));
    BOOST_TEST(same(o(m.s.model(), m.node("dLda")), a - y));
    BOOST_TEST(same(o(m.s.model(), m.node("dLdz")), by_z));
    BOOST_TEST(same(o(m.s.model(), m.node("dLdz")), (a - y) * a * (1 - a)));
}

BOOST_AUTO_TEST_CASE(adjoint_sums_every_path_with_the_definitions_inputs_fixed) {
    // u feeds f directly and through v: d(f)/d(u) adds both paths; d(f)/d(v) holds u fixed
    const model m(R"(input x, y
u = x*y
v = u + sin(u)
f = v*u
dfdu = d(f)/d(u)
dfdv = d(f)/d(v)
dudv = d(u)/d(v)
dvdx = d(v)/d(x)
)");
    oracle o;
    const GiNaC::realsymbol U("U"), V("V");
    const GiNaC::ex u = o.symbol("x") * o.symbol("y");
    BOOST_TEST(same(o(m.s.model(), m.node("dfdu")), GiNaC::diff((U + GiNaC::sin(U)) * U, U).subs(U == u)));
    BOOST_TEST(same(o(m.s.model(), m.node("dfdv")), GiNaC::diff(V * U, V).subs(U == u)));
    BOOST_TEST(m.s.model().is_constant(m.node("dudv"), 0));  // u does not depend on v
    BOOST_TEST(same(o(m.s.model(), m.node("dvdx")), GiNaC::diff(u + GiNaC::sin(u), o.symbol("x"))));
}

BOOST_AUTO_TEST_CASE(second_derivatives_match_ginac_diff_twice) {
    const model m(R"(input x, y
f = sin(x*y) + x^3*y^2 + exp(x)/y + sigmoid(x - y)
fxy = d(d(f)/d(x))/d(y)
fxx = d(d(f)/d(x))/d(x)
g = d(f)/d(y)
gyy = d(g)/d(y)
)");
    oracle o;
    const GiNaC::ex f = o(m.s.model(), m.node("f"));
    const GiNaC::realsymbol& x = o.symbol("x");
    const GiNaC::realsymbol& y = o.symbol("y");
    BOOST_TEST(same(o(m.s.model(), m.node("fxy")), f.diff(x).diff(y)));
    BOOST_TEST(same(o(m.s.model(), m.node("fxx")), f.diff(x, 2)));
    BOOST_TEST(same(o(m.s.model(), m.node("gyy")), f.diff(y, 2)));
}

BOOST_AUTO_TEST_CASE(gradient_of_a_scalar_by_a_whole_matrix_has_its_shape) {
    const model m(R"(input x[2]
param W[3,2]
L = sum(W @ x)
G = d(L)/d(W)
J = d(W @ x)/d(x[1])
)");
    BOOST_TEST(m["G"].dims == shape::matrix(3, 2));
    BOOST_TEST(m["J"].dims == shape::vector(3));
    oracle o;
    // dL/dW[i,j] = x[j]; d(W @ x)[i]/dx[1] = W[i,1]
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 2; ++j)
            BOOST_TEST(same(o(m.s.model(), m["G"].elements[i * 2 + j]), o.symbol("x[" + std::to_string(j) + "]")));
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(same(o(m.s.model(), m["J"].elements[i]), o.symbol("W[" + std::to_string(i) + ",1]")));
}

BOOST_AUTO_TEST_CASE(vector_and_matrix_operations) {
    const model m(R"(input x, v[3], u[3]
param M[2,3]
s = 2*v + 1
t = v^2
mu = mean(v)
dt = dot(v, u)
l = logsumexp(v)
d1 = delta(1, 1)
d0 = delta(0, 2)
lit = [x, 2*x]
mat = [[1, 2, 3], [4, 5, 6]]
row = M[1]
el = M[1, 2]
mv = M @ v
vm = [1, 2] @ M
vv = v @ u
mm = M @ [[1, 0], [0, 1], [1, 1]]
sm = softmax(v)
hi = max(v, 0)
lo = min(x, v)
ne = -v
)");
    oracle o;
    const graph& g = m.s.model();
    auto ex = [&](const std::string& name, std::size_t k = 0) { return o(g, m[name].elements.at(k)); };
    auto sym = [&](const std::string& name) -> GiNaC::ex { return o.symbol(name); };
    BOOST_TEST(m["s"].dims == shape::vector(3));
    BOOST_TEST(same(ex("s", 2), 2 * sym("v[2]") + 1));
    BOOST_TEST(same(ex("t", 1), GiNaC::pow(sym("v[1]"), 2)));
    BOOST_TEST(same(ex("mu"), (sym("v[0]") + sym("v[1]") + sym("v[2]")) / 3));
    BOOST_TEST(same(ex("dt"), sym("v[0]") * sym("u[0]") + sym("v[1]") * sym("u[1]") + sym("v[2]") * sym("u[2]")));
    BOOST_TEST(same(ex("l"), GiNaC::log(GiNaC::exp(sym("v[0]")) + GiNaC::exp(sym("v[1]")) + GiNaC::exp(sym("v[2]")))));
    BOOST_TEST(g.is_constant(m.node("d1"), 1));
    BOOST_TEST(g.is_constant(m.node("d0"), 0));
    BOOST_TEST(m["lit"].dims == shape::vector(2));
    BOOST_TEST(same(ex("lit", 1), 2 * sym("x")));
    BOOST_TEST(m["mat"].dims == shape::matrix(2, 3));
    BOOST_TEST(g.is_constant(m["mat"].elements[4], 5));
    BOOST_TEST(m["row"].dims == shape::vector(3));
    BOOST_TEST(same(ex("row", 0), sym("M[1,0]")));
    BOOST_TEST(same(ex("el"), sym("M[1,2]")));
    BOOST_TEST(m["mv"].dims == shape::vector(2));
    BOOST_TEST(same(ex("mv", 1), sym("M[1,0]") * sym("v[0]") + sym("M[1,1]") * sym("v[1]") + sym("M[1,2]") * sym("v[2]")));
    BOOST_TEST(m["vm"].dims == shape::vector(3));
    BOOST_TEST(same(ex("vm", 2), sym("M[0,2]") + 2 * sym("M[1,2]")));
    BOOST_TEST(m["vv"].is_scalar());
    BOOST_TEST(m["mm"].dims == shape::matrix(2, 2));
    BOOST_TEST(same(ex("mm", 3), sym("M[1,1]") + sym("M[1,2]")));
    GiNaC::ex total = 0;
    for (int i = 0; i < 3; ++i) total += GiNaC::exp(sym("v[" + std::to_string(i) + "]"));
    BOOST_TEST(same(ex("sm", 1), GiNaC::exp(sym("v[1]")) / total));
    BOOST_TEST(g.kind(g.unnamed(m["hi"].elements[0])) == op::max);
    BOOST_TEST(m["lo"].dims == shape::vector(3));
    BOOST_TEST(same(ex("ne", 0), -sym("v[0]")));
}

using chainrule::lang_testing::error_case;

const error_case error_cases[] = {
    // shapes
    {"input v[3]\nz = v + [1, 2]", 2, 5, "cannot add a vector[3] and a vector[2]"},
    {"input v[3], u[2]\nz = v - u", 2, 5, "cannot subtract a vector[2] from a vector[3]"},
    {"input v[3], M[2,2]\nz = v * M", 2, 5, "cannot multiply a vector[3] and a matrix[2,2]"},
    {"input v[3], M[2,2]\nz = M @ v", 2, 5, "cannot multiply a matrix[2,2] by a vector[3] (inner dimensions 2 and 3 differ)"},
    {"input x, v[3]\nz = x @ v", 2, 5, "the matrix product '@' needs a vector or a matrix on each side: got a scalar"},
    {"input v[3], u[2]\nz = dot(v, u)", 2, 5, "dot needs two vectors of the same length: got a vector[3] and a vector[2]"},
    {"input x\nz = softmax(x)", 2, 5, "softmax needs a vector: got a scalar"},
    {"input x\nz = logsumexp(x)", 2, 5, "logsumexp needs a vector or a matrix: got a scalar"},
    {"input x, v[2]\nz = [x, v]", 2, 5, "the elements of a vector literal must all have the same shape: got a scalar and a vector[2]"},
    {"input M[2,2]\nz = [M, M]", 2, 5, "the elements of a vector literal must be scalars or vectors: got a matrix[2,2]"},
    // indices
    {"input v[3]\nz = v[3]", 2, 7, "index 3 is out of range for a vector[3]: indices run from 0 to 2"},
    {"input v[3]\nz = v[-1]", 2, 7, "index -1 is out of range for a vector[3]"},
    {"input M[2,3]\nz = M[0, 5]", 2, 10, "index 5 is out of range for a matrix[2,3]: column indices run from 0 to 2"},
    {"input M[2,3]\nz = M[2, 0]", 2, 7, "row indices run from 0 to 1"},
    {"input v[3]\nz = v[1/2]", 2, 7, "an index must be a whole number: got 1/2"},
    {"input v[3]\nz = v[i]", 2, 7, "index 'i' is not defined: outside a claim an index is a whole number"},
    {"input v[3], x\nz = v[x]", 2, 7, "an index must be an exact rational number"},
    {"input v[3]\nz = v[0, 1]", 2, 5, "a vector[3] takes 1 index: got 2"},
    {"input x\nz = x[0]", 2, 5, "cannot index a scalar"},
    {"input v[2]\nz = delta(v, 1)", 2, 11, "the first argument of delta must be a scalar: got a vector[2]"},
    {"input x\nz = delta(x, [1, 2])", 2, 14, "the second argument of delta must be a scalar: got a vector[2]"},
    {"input x\nz = argmax(x)", 2, 12, "argmax needs a vector: got a scalar"},
    {"input M[2,2]\nz = argmax(M)", 2, 12, "argmax needs a vector: got a matrix[2,2]"},
    {"input X[1000,1000]\nz = delta(X[0, :], 1)", 2, 11, "the first argument of delta must be a scalar: got a vector[1000]"},
    // names
    {"input weight\nz = wieght + 1", 2, 5, "undefined name 'wieght' (did you mean 'weight'?)"},
    {"input x\nz = exp + x", 2, 5, "function 'exp' needs its arguments"},
    {"input x\nz = 1/0", 2, 5, "division by the constant 0"},
    {"input x\nz = log(0) + x", 2, 5, "log of the constant 0 is undefined"},
    // derivative targets
    {"input x\nconst c = 2\nz = d(x)/d(c)", 3, 12, "cannot differentiate with respect to 'c': it is a constant"},
    {"input x\nz = d(x)/d(q)", 2, 12, "undefined name 'q'"},
    {"input x\nk = 3\nz = d(k*x)/d(k)", 3, 14, "cannot differentiate with respect to 'k': its value is the constant 3"},
    {"input x, v[2]\nh = [x, 1]\nz = d(x)/d(h[1])", 3, 12, "cannot differentiate with respect to 'h[1]'"},
    {"input v[2], u[3]\nz = d(v)/d(u)", 2, 5, "a derivative needs a scalar expression or a scalar variable: here the expression is a vector[2]"},
    {"input v[2]\nz = d(v[0])/d(v[2])", 2, 17, "index 2 is out of range for a vector[2]"},
    {"input x[65], v[64]\ngrad x wrt v", 2, 6, "the Jacobian of a vector[65] with respect to 64 variables has 4160 entries, more than 4096"},
    {"input x\ngrad x wrt y", 2, 12, "undefined name 'y'"},
};

BOOST_DATA_TEST_CASE(errors_are_located, boost::unit_test::data::make(error_cases), c) {
    const diagnostic d = first_error(c.program);
    BOOST_TEST(d.file == "test.chain");
    BOOST_TEST(d.span.line == c.line);
    BOOST_TEST(d.span.column == c.column);
    BOOST_TEST(d.message.find(c.message) != std::string::npos, d.message);
}

BOOST_AUTO_TEST_CASE(limits_refuse_big_work_quickly) {
    session_options options;
    options.lowering.max_product_work = 1000;
    options.lowering.max_new_nodes = 5000;
    session s(options);
    auto last = [&](const std::string& text) { return s.run_program(text, "t.chain").back(); };
    BOOST_TEST(last("input A[20,20], B[20,20]").ok());
    const result big = last("C = A @ B");
    BOOST_REQUIRE(big.kind() == result_kind::error);
    BOOST_TEST(big.as<error_result>().error.message.find("needs 8000 multiplications; the limit is 1000") != std::string::npos);
    // nested derivatives grow the graph; the node budget stops them before the work is done
    BOOST_TEST(last("input x, y").ok());
    std::string nested = "sin(x*y)*exp(x/y)";
    for (int k = 0; k < 16; ++k) nested = "d(" + nested + ")/d(" + (k % 2 ? "y" : "x") + ")";
    const result deep = last("f = " + nested);
    BOOST_REQUIRE(deep.kind() == result_kind::error);
    BOOST_TEST(deep.as<error_result>().error.message.find("nodes to the graph (the limit: --limit statement-nodes=N raises it)") != std::string::npos);
    BOOST_TEST(!s.symbols().find("f"));
}

BOOST_AUTO_TEST_SUITE_END()
