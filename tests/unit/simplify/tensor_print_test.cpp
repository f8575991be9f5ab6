// The tensor printers: matrix notation as text and LaTeX, and the chain language, on hand-built
// graphs. The printers are deterministic by design, so these tests compare the printed strings.
#include "chainrule/core/error.hpp"
#include "chainrule/simplify/tensor_print.hpp"
#include "chainrule/tensor/graph.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::tensor;

namespace {

rational q(long p, long d) { return rational(p) / rational(d); }

struct fixture {
    tensor_graph t;
    tensor_id vec(const std::string& name, std::size_t n) {
        return t.variable(name, shape::vector(n), variable_kind::input);
    }
    tensor_id mat(const std::string& name, std::size_t m, std::size_t n) {
        return t.variable(name, shape::matrix(m, n), variable_kind::param);
    }
    tensor_id scalar(const std::string& name) { return t.variable(name, shape::scalar(), variable_kind::input); }
    tensor_id c(const rational& v) { return t.constant(v); }
    std::string text(tensor_id n, bool names = true) { return tensor_text(t, n, {names}); }
    std::string latex(tensor_id n, bool names = true) { return tensor_latex(t, n, {names}); }
    std::string chain(tensor_id n, bool names = true) { return tensor_chain(t, n, {names}); }
};

// The dense tanh layer h = tanh(W x + b) with the squared loss.
struct dense : fixture {
    tensor_id W = mat("W", 2, 3), x = vec("x", 3), b = vec("b", 2), y = vec("y", 2);
    tensor_id z = t.add(t.matmul(W, x), b);
    tensor_id body = t.map(op::tanh, z);
    tensor_id h = t.named(body, "h");
    tensor_id local = t.sub(c(1), t.pow(h, c(2)));       // 1 − h²
    tensor_id delta_body = t.mul(t.sub(h, y), local);    // (h − y) ⊙ (1 − h²)
};

}  // namespace

BOOST_AUTO_TEST_SUITE(tensor_print)

BOOST_FIXTURE_TEST_CASE(dense_layer_gradients, dense) {
    const tensor_id gW = t.outer(delta_body, x);
    BOOST_TEST(text(gW) == "((h − y) ⊙ (1 − h²)) xᵀ");
    BOOST_TEST(latex(gW) == "\\left((h - y) \\odot \\left(1 - h^{2}\\right)\\right) x^{\\top}");
    BOOST_TEST(chain(gW) == "outer((h - y) * (1 - h^2), x)");
    // through the label: δ xᵀ, Wᵀ δ
    const tensor_id delta = t.named(delta_body, "delta");
    BOOST_TEST(text(gW) == "delta xᵀ");
    BOOST_TEST(text(t.outer(delta, x)) == "delta xᵀ");
    BOOST_TEST(latex(t.outer(delta, x)) == "\\delta x^{\\top}");
    BOOST_TEST(chain(t.outer(delta, x)) == "outer(delta, x)");
    const tensor_id gx = t.matmul(t.transpose(W), delta);
    BOOST_TEST(text(gx) == "Wᵀ delta");
    BOOST_TEST(latex(gx) == "W^{\\top} \\delta");
    BOOST_TEST(chain(gx) == "transpose(W) @ delta");
    // the layer below (x as its tanh output): a matrix product inside an element-wise product
    // is parenthesised
    const tensor_id back = t.mul(gx, t.sub(c(1), t.pow(x, c(2))));
    BOOST_TEST(text(back) == "(Wᵀ delta) ⊙ (1 − x²)");
    BOOST_TEST(latex(back) == "\\left(W^{\\top} \\delta\\right) \\odot \\left(1 - x^{2}\\right)");
    BOOST_TEST(chain(back) == "(transpose(W) @ delta) * (1 - x^2)");
    // the bias gradient is delta itself: the root prints through its definition
    BOOST_TEST(text(delta) == "(h − y) ⊙ (1 − h²)");
    BOOST_TEST(text(h) == "tanh(W x + b)");
    BOOST_TEST(latex(h) == "\\tanh(W x + b)");
}

BOOST_FIXTURE_TEST_CASE(a_named_body_prints_as_its_label, dense) {
    const tensor_id delta = t.named(delta_body, "delta");
    // the body of h, reached without the named node, is h too
    BOOST_TEST(text(t.sub(body, y)) == "h − y");
    BOOST_TEST(text(t.matmul(t.transpose(W), delta_body)) == "Wᵀ delta");
    // looking through names
    BOOST_TEST(text(delta, false) == "(tanh(W x + b) − y) ⊙ (1 − tanh(W x + b)²)");
    BOOST_TEST(chain(delta, false) == "(tanh(W @ x + b) - y) * (1 - tanh(W @ x + b)^2)");
    // the first name of an expression wins; the root still prints through its definition
    const tensor_id s = t.add(x, x);
    const tensor_id first = t.named(s, "first");
    t.named(s, "second");
    BOOST_TEST(text(t.mul(s, x)) == "first ⊙ x");
    BOOST_TEST(text(first) == "x + x");
    BOOST_TEST(text(s) == "x + x");
    // a variable is never replaced by a label
    t.named(x, "alias_of_x");
    BOOST_TEST(text(t.add(x, x)) == "x + x");
}

BOOST_FIXTURE_TEST_CASE(softmax_cross_entropy, fixture) {
    const tensor_id z = vec("z", 3), y = vec("y", 3);
    const tensor_id p = t.softmax(z);
    const tensor_id grad = t.sub(p, y);
    BOOST_TEST(text(grad) == "softmax(z) − y");
    BOOST_TEST(latex(grad) == "\\mathrm{softmax}(z) - y");
    BOOST_TEST(chain(grad) == "softmax(z) - y");
    const tensor_id loss = t.neg(t.sum(t.mul(y, t.map(op::log, p))));
    BOOST_TEST(text(loss) == "−sum(y ⊙ log(softmax(z)))");
    BOOST_TEST(latex(loss) == "-\\mathrm{sum}(y \\odot \\log(\\mathrm{softmax}(z)))");
    BOOST_TEST(chain(loss) == "-sum(y * log(softmax(z)))");
    // the same loss through logsumexp, with a dot product
    const tensor_id stable = t.sub(t.logsumexp(z), t.matmul(y, z));
    BOOST_TEST(text(stable) == "logsumexp(z) − yᵀ z");
    BOOST_TEST(latex(stable) == "\\mathrm{logsumexp}(z) - y^{\\top} z");
    BOOST_TEST(chain(stable) == "logsumexp(z) - y @ z");
    // softmax of a batch, row by row, against one-hot rows
    const tensor_id S = mat("S", 4, 3), Y = mat("Y", 4, 3);
    const tensor_id batch = t.mean(t.sub(t.logsumexp(S, axis::cols), t.sum(t.mul(Y, S), axis::cols)));
    BOOST_TEST(text(batch) == "mean(logsumexp(S, 1) − sum(Y ⊙ S, 1))");
    BOOST_TEST(latex(batch) == "\\mathrm{mean}(\\mathrm{logsumexp}(S, 1) - \\mathrm{sum}(Y \\odot S, 1))");
    BOOST_TEST(chain(batch) == "mean(logsumexp(S, 1) - sum(Y * S, 1))");
    BOOST_TEST(text(t.mul(t.softmax(S), c(2))) == "2 softmax(S)");
}

BOOST_FIXTURE_TEST_CASE(matrix_products_are_juxtaposed, fixture) {
    const tensor_id A = mat("A", 2, 3), B = mat("B", 3, 4), C = mat("C", 4, 2);
    const tensor_id u = vec("u", 2), v = vec("v", 3), x = vec("x", 3);
    BOOST_TEST(text(t.matmul(t.matmul(A, B), C)) == "A B C");
    BOOST_TEST(text(t.matmul(A, t.matmul(B, C))) == "A B C");
    BOOST_TEST(chain(t.matmul(A, t.matmul(B, C))) == "A @ B @ C");
    BOOST_TEST(latex(t.matmul(t.matmul(A, B), C)) == "A B C");
    // a vector on the left is a row; a product that is a row joins on unchanged
    BOOST_TEST(text(t.matmul(u, A)) == "uᵀ A");
    BOOST_TEST(text(t.matmul(t.matmul(u, A), B)) == "uᵀ A B");
    BOOST_TEST(text(t.matmul(x, v)) == "xᵀ v");
    BOOST_TEST(text(t.matmul(t.matmul(A, x), t.matmul(A, B))) == "(A x)ᵀ A B");
    BOOST_TEST(chain(t.matmul(t.matmul(A, x), t.matmul(A, B))) == "A @ x @ A @ B");
    // a row on the right of a product is transposed back; the chain language keeps its brackets
    const tensor_id E = mat("E", 2, 4);
    BOOST_TEST(text(t.matmul(E, t.matmul(v, B))) == "E (vᵀ B)ᵀ");
    BOOST_TEST(chain(t.matmul(E, t.matmul(v, B))) == "E @ (v @ B)");
    BOOST_TEST(chain(t.matmul(u, t.matmul(A, x))) == "u @ A @ x");
}

BOOST_FIXTURE_TEST_CASE(scales_sums_and_differences, fixture) {
    const tensor_id a = vec("a", 3), b = vec("b", 3), y = vec("y", 3), s = scalar("s");
    const tensor_id W = mat("W", 2, 3);
    // a scale by 1/2
    const tensor_id loss = t.mul(c(q(1, 2)), t.sum(t.pow(t.sub(a, y), c(2))));
    BOOST_TEST(text(loss) == "sum((a − y)²)/2");
    BOOST_TEST(latex(loss) == "\\frac{\\mathrm{sum}\\left((a - y)^{2}\\right)}{2}");
    BOOST_TEST(chain(loss) == "sum((a - y)^2) / 2");
    BOOST_TEST(text(t.mul(W, c(q(1, 2)))) == "W/2");
    BOOST_TEST(latex(t.mul(W, c(q(1, 2)))) == "\\frac{1}{2} W");
    BOOST_TEST(chain(t.mul(W, c(q(1, 2)))) == "W / 2");
    BOOST_TEST(text(t.mul(c(q(3, 2)), W)) == "3 W/2");
    BOOST_TEST(latex(t.mul(c(q(3, 2)), W)) == "\\frac{3}{2} W");
    // numbers and scalars times tensors
    BOOST_TEST(text(t.mul(c(2), a)) == "2 a");
    BOOST_TEST(latex(t.mul(c(2), a)) == "2 a");
    BOOST_TEST(chain(t.mul(c(2), a)) == "2 * a");
    BOOST_TEST(text(t.mul(W, s)) == "s·W");
    BOOST_TEST(latex(t.mul(W, s)) == "s \\cdot W");
    BOOST_TEST(chain(t.mul(W, s)) == "s * W");
    BOOST_TEST(text(t.mul(c(-2), t.mul(s, W))) == "−2 s·W");
    // subtraction
    BOOST_TEST(text(t.sub(a, b)) == "a − b");
    BOOST_TEST(latex(t.sub(a, b)) == "a - b");
    BOOST_TEST(chain(t.sub(a, b)) == "a - b");
    BOOST_TEST(text(t.add(t.neg(b), a)) == "a − b");
    BOOST_TEST(text(t.neg(a)) == "−a");
    BOOST_TEST(text(t.sub(t.neg(a), b)) == "−a − b");
    BOOST_TEST(text(t.sub(a, t.mul(c(2), b))) == "a − 2 b");
    BOOST_TEST(chain(t.sub(a, t.mul(c(2), b))) == "a - 2 * b");
    BOOST_TEST(text(t.sub(a, t.add(b, y))) == "a − (b + y)");
    BOOST_TEST(text(t.sub(a, c(1))) == "a − 1");
    BOOST_TEST(text(t.add(a, c(q(1, 2)))) == "a + 1/2");
    BOOST_TEST(latex(t.add(a, c(q(1, 2)))) == "a + \\frac{1}{2}");
    BOOST_TEST(chain(t.sub(a, c(q(1, 2)))) == "a - 1/2");
    // a product with a negative coefficient inside a product
    BOOST_TEST(text(t.mul(a, t.neg(b))) == "−a ⊙ b");
    BOOST_TEST(text(t.neg(t.matmul(W, a))) == "−W a");
    BOOST_TEST(text(t.neg(t.add(a, b))) == "−(a + b)");
    BOOST_TEST(text(t.matmul(W, t.neg(b))) == "W (−b)");
    BOOST_TEST(chain(t.matmul(W, t.neg(b))) == "W @ (-b)");
}

BOOST_FIXTURE_TEST_CASE(division_and_powers, fixture) {
    const tensor_id a = vec("a", 3), b = vec("b", 3), v = vec("v", 3), m = vec("m", 3), s = scalar("s");
    BOOST_TEST(text(t.div(a, b)) == "a ⊘ b");
    BOOST_TEST(latex(t.div(a, b)) == "a \\oslash b");
    BOOST_TEST(chain(t.div(a, b)) == "a / b");
    BOOST_TEST(text(t.div(a, s)) == "a/s");
    BOOST_TEST(latex(t.div(a, s)) == "\\frac{1}{s} a");
    BOOST_TEST(chain(t.div(a, s)) == "a / s");
    BOOST_TEST(text(t.div(c(1), b)) == "1 ⊘ b");
    // normalisation: (a − m) ⊘ √(v + ε)
    const tensor_id norm = t.div(t.sub(a, m), t.pow(t.add(v, c(q(1, 1000))), c(q(1, 2))));
    BOOST_TEST(text(norm) == "(a − m) ⊘ √(v + 1/1000)");
    BOOST_TEST(latex(norm) == "(a - m) \\oslash \\sqrt{v + \\frac{1}{1000}}");
    BOOST_TEST(chain(norm) == "(a - m) / sqrt(v + 1/1000)");
    BOOST_TEST(text(t.map(op::sqrt, v)) == "√v");
    // powers
    BOOST_TEST(text(t.pow(a, c(3))) == "a³");
    BOOST_TEST(text(t.pow(a, c(12))) == "a¹²");
    BOOST_TEST(text(t.pow(a, c(q(3, 2)))) == "a^(3/2)");
    BOOST_TEST(latex(t.pow(a, c(q(3, 2)))) == "a^{\\frac{3}{2}}");
    BOOST_TEST(chain(t.pow(a, c(q(3, 2)))) == "a^(3/2)");
    BOOST_TEST(text(t.pow(a, c(-2))) == "1 ⊘ a²");
    BOOST_TEST(chain(t.pow(a, c(-2))) == "1 / a^2");
    BOOST_TEST(text(t.pow(a, b)) == "a^b");
    BOOST_TEST(text(t.pow(t.sub(a, b), c(2))) == "(a − b)²");
    BOOST_TEST(chain(t.pow(t.sub(a, b), c(2))) == "(a - b)^2");
    BOOST_TEST(latex(t.pow(t.sub(a, b), c(2))) == "(a - b)^{2}");
    BOOST_TEST(text(t.pow(s, c(-1))) == "1/s");
    BOOST_TEST(latex(t.pow(s, c(-1))) == "\\frac{1}{s}");
    BOOST_TEST(latex(t.div(s, t.add(s, c(1)))) == "\\frac{s}{s + 1}");
    BOOST_TEST(text(t.div(s, t.add(s, c(1)))) == "s/(s + 1)");
}

BOOST_FIXTURE_TEST_CASE(transposes, fixture) {
    const tensor_id A = mat("A", 2, 3), D = mat("D", 4, 3);
    BOOST_TEST(t.transpose(t.transpose(A)) == A);
    const tensor_id nested = t.transpose(t.matmul(A, t.transpose(D)));
    BOOST_TEST(text(nested) == "(A Dᵀ)ᵀ");
    BOOST_TEST(latex(nested) == "\\left(A D^{\\top}\\right)^{\\top}");
    BOOST_TEST(chain(nested) == "transpose(A @ transpose(D))");
    BOOST_TEST(text(t.transpose(t.mul(A, A))) == "(A ⊙ A)ᵀ");
    const tensor_id squared = t.pow(t.transpose(A), c(2));
    BOOST_TEST(text(squared) == "(Aᵀ)²");
    BOOST_TEST(latex(squared) == "\\left(A^{\\top}\\right)^{2}");
    BOOST_TEST(chain(squared) == "transpose(A)^2");
    BOOST_TEST(text(t.transpose(t.pow(A, c(2)))) == "(A²)ᵀ");
}

BOOST_FIXTURE_TEST_CASE(outer_diag_axes_slices_and_stacks, fixture) {
    const tensor_id u = vec("u", 2), v = vec("v", 3), X = mat("X", 2, 3), A = mat("A", 2, 3);
    const tensor_id a = scalar("a"), b = scalar("b");
    BOOST_TEST(text(t.outer(u, v)) == "u vᵀ");
    BOOST_TEST(latex(t.outer(u, v)) == "u v^{\\top}");
    BOOST_TEST(chain(t.outer(u, v)) == "outer(u, v)");
    BOOST_TEST(text(t.diag(v)) == "diag(v)");
    BOOST_TEST(latex(t.diag(v)) == "\\mathrm{diag}(v)");
    BOOST_TEST(text(t.sum(X, axis::rows)) == "sum(X, 0)");
    BOOST_TEST(text(t.sum(X, axis::cols)) == "sum(X, 1)");
    BOOST_TEST(latex(t.sum(X, axis::cols)) == "\\mathrm{sum}(X, 1)");
    BOOST_TEST(chain(t.sum(X)) == "sum(X)");
    BOOST_TEST(text(t.mean(X, axis::cols)) == "mean(X, 1)");
    BOOST_TEST(chain(t.mean(mat("M", 3, 2), axis::rows)) == "mean(M, 0)");
    BOOST_TEST(chain(t.mean(X, axis::rows)) == "sum(X, 0) / 2");
    BOOST_TEST(text(t.mean(X)) == "mean(X)");
    BOOST_TEST(text(t.neg(t.mean(X))) == "−mean(X)");
    BOOST_TEST(text(t.mul(c(q(1, 12)), t.sum(X))) == "sum(X)/12");
    // the ½ of a squared loss is no mean, though u has two elements
    BOOST_TEST(text(t.mul(c(q(1, 2)), t.sum(t.pow(u, c(2))))) == "sum(u²)/2");
    BOOST_TEST(text(t.logsumexp(X, axis::cols)) == "logsumexp(X, 1)");
    // elements, rows and columns
    BOOST_TEST(text(t.element(X, 0, 1)) == "X[0,1]");
    BOOST_TEST(latex(t.element(X, 0, 1)) == "X_{0,1}");
    BOOST_TEST(chain(t.element(X, 0, 1)) == "X[0,1]");
    BOOST_TEST(text(t.element(v, 2)) == "v[2]");
    BOOST_TEST(latex(t.element(v, 2)) == "v_{2}");
    BOOST_TEST(text(t.row(X, 1)) == "X[1, :]");
    BOOST_TEST(latex(t.row(X, 1)) == "X_{1,:}");
    BOOST_TEST(text(t.column(X, 2)) == "X[:, 2]");
    BOOST_TEST(latex(t.column(X, 2)) == "X_{:,2}");
    BOOST_TEST(chain(t.column(X, 2)) == "X[:, 2]");
    const tensor_id Av = t.element(t.matmul(A, v), 0);
    BOOST_TEST(text(Av) == "(A v)[0]");
    BOOST_TEST(latex(Av) == "(A v)_{0}");
    BOOST_TEST(chain(Av) == "(A @ v)[0]");
    BOOST_TEST(text(t.element(t.transpose(X), 1, 0)) == "(Xᵀ)[1,0]");
    // stacks
    const std::vector<tensor_id> scalars{a, b};
    BOOST_TEST(text(t.stack(scalars)) == "[a, b]");
    BOOST_TEST(latex(t.stack(scalars)) == "\\begin{bmatrix} a \\\\ b \\end{bmatrix}");
    BOOST_TEST(chain(t.stack(scalars)) == "[a, b]");
    const std::vector<tensor_id> rows{v, t.mul(c(2), v)};
    BOOST_TEST(text(t.stack(rows)) == "[v, 2 v]");
    BOOST_TEST(latex(t.stack(rows)) == "\\begin{bmatrix} v^{\\top} \\\\ (2 v)^{\\top} \\end{bmatrix}");
}

BOOST_FIXTURE_TEST_CASE(functions_and_latex_names, fixture) {
    const tensor_id x = vec("x", 2), w1 = vec("w1", 2), alpha = scalar("alpha"), x_hat = vec("x_hat", 2);
    BOOST_TEST(text(t.map(op::sigmoid, x)) == "sigmoid(x)");
    BOOST_TEST(latex(t.map(op::sigmoid, x)) == "\\sigma(x)");
    BOOST_TEST(latex(t.map(op::exp, x)) == "\\exp(x)");
    BOOST_TEST(latex(t.map(op::relu, x)) == "\\operatorname{relu}(x)");
    BOOST_TEST(latex(t.map(op::abs, x)) == "\\left|x\\right|");
    BOOST_TEST(text(t.binary(tensor_op::max, x, c(0))) == "max(x, 0)");
    BOOST_TEST(latex(t.binary(tensor_op::max, x, c(0))) == "\\max(x, 0)");
    BOOST_TEST(latex(t.mul(alpha, w1)) == "\\alpha \\cdot w_{1}");
    BOOST_TEST(latex(t.element(w1, 0)) == "{w_{1}}_{0}");
    BOOST_TEST(latex(x_hat) == "x_{\\mathrm{hat}}");
    // x1 would read as x[1] beside a vector x
    BOOST_TEST(latex(t.add(scalar("x1"), t.element(x, 1))) == "\\mathrm{x1} + x_{1}");
}

BOOST_FIXTURE_TEST_CASE(chain_language_precedence, fixture) {
    const tensor_id a = vec("a", 3), b = vec("b", 3), d = vec("d", 2), x = vec("x", 3);
    const tensor_id W = mat("W", 2, 3), delta = vec("delta", 2);
    BOOST_TEST(chain(t.pow(t.sub(a, b), c(2))) == "(a - b)^2");
    BOOST_TEST(chain(t.matmul(t.transpose(W), delta)) == "transpose(W) @ delta");
    BOOST_TEST(chain(t.outer(d, x)) == "outer(d, x)");
    BOOST_TEST(chain(t.mul(d, t.matmul(W, a))) == "d * (W @ a)");
    BOOST_TEST(chain(t.matmul(W, t.mul(a, b))) == "W @ (a * b)");
    BOOST_TEST(chain(t.div(a, t.mul(b, x))) == "a / (b * x)");
    BOOST_TEST(chain(t.neg(t.add(a, b))) == "-(a + b)");
    BOOST_TEST(chain(t.pow(t.neg(a), c(3))) == "(-a)^3");
    BOOST_TEST(chain(t.pow(a, t.pow(b, c(2)))) == "a^(b^2)");
    BOOST_TEST(chain(t.pow(a, t.neg(b))) == "a^(-b)");
    BOOST_TEST(chain(t.mul(c(q(1, 2)), t.pow(t.sub(a, b), c(2)))) == "(a - b)^2 / 2");
    BOOST_TEST(chain(t.pow(a, c(q(1, 2)))) == "sqrt(a)");
    BOOST_TEST(chain(t.map(op::tanh, t.add(t.matmul(W, x), t.pow(d, c(2))))) == "tanh(W @ x + d^2)");
}

BOOST_FIXTURE_TEST_CASE(long_formulas_are_refused, fixture) {
    tensor_id s = vec("x", 2);
    for (int k = 0; k < 60; ++k) s = t.add(s, t.mul(c(2), s));  // a tree of 3^60 leaves
    BOOST_CHECK_THROW(text(s), limit_error);
    BOOST_CHECK_THROW(latex(s), limit_error);
    BOOST_CHECK_THROW(chain(s), limit_error);
    tensor_id p = vec("y", 2);
    for (int k = 0; k < 60; ++k) p = t.map(op::tanh, t.mul(p, p));
    BOOST_CHECK_THROW(text(p), limit_error);
    tensor_print_options small;
    small.max_length = 10;
    BOOST_CHECK_THROW(tensor_text(t, t.add(vec("long_name", 2), vec("longer_name", 2)), small), limit_error);
    // deep but small: no recursion
    tensor_id deep = vec("z", 2);
    for (int k = 0; k < 20000; ++k) deep = t.map(op::tanh, deep);
    tensor_print_options roomy;
    roomy.max_length = 1'000'000;
    BOOST_TEST(tensor_text(t, deep, roomy).size() == 20000 * 6 + 1);
}

BOOST_AUTO_TEST_SUITE_END()
