// Expressions: precedence and associativity by the tree's shape, exact numbers, calls,
// indexing, vectors, derivatives in every notation, the dL/dw rule, Unicode names, spans.

#include "sexpr.hpp"

#include "chainrule/core/rational.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>

using namespace chainrule;
using namespace chainrule::lang;
using lang_test::expr;
using lang_test::sexpr;

namespace {

struct shape_case {
    const char* text;
    const char* tree;
};

std::ostream& operator<<(std::ostream& out, const shape_case& c) { return out << c.text; }

const shape_case precedence_cases[] = {
    {"a + b * c", "(+ a (* b c))"},
    {"a * b + c", "(+ (* a b) c)"},
    {"a - b - c", "(- (- a b) c)"},
    {"a / b / c", "(/ (/ a b) c)"},
    {"a / b * c", "(* (/ a b) c)"},
    {"a ^ b ^ c", "(^ a (^ b c))"},
    {"a ** b ** c", "(^ a (^ b c))"},
    {"a * b ^ c", "(* a (^ b c))"},
    {"-x^2", "(neg (^ x 2))"},
    {"-2^2", "(neg (^ 2 2))"},
    {"2^-1", "(^ 2 (neg 1))"},
    {"2^-x^2", "(^ 2 (neg (^ x 2)))"},
    {"-a*b", "(* (neg a) b)"},
    {"a - -b", "(- a (neg b))"},
    {"- - x", "(neg (neg x))"},
    {"a*-b", "(* a (neg b))"},
    {"W @ x + b", "(+ (@ W x) b)"},
    {"a @ b * c", "(* (@ a b) c)"},
    {"a * b @ c", "(@ (* a b) c)"},
    {"A @ B @ C", "(@ (@ A B) C)"},
    {"(a + b) * c", "(* (+ a b) c)"},
    {"((a))", "a"},
    {"(a - y)^2 / 2", "(/ (^ (- a y) 2) 2)"},
    {"x[0]", "(index x 0)"},
    {"W[i,j]", "(index W i j)"},
    {"W[i][j]", "(index (index W i) j)"},
    {"W[i+1, 2*j]", "(index W (+ i 1) (* 2 j))"},
    {"X[:, j]", "(index X : j)"},
    {"X[i + 1, :]", "(index X (+ i 1) :)"},
    {"transpose(W) @ outer(u, v)", "(@ (transpose W) (outer u v))"},
    {"sum(X, 0) + mean(X, 1)", "(+ (sum X 0) (mean X 1))"},
    {"x[0]^2", "(^ (index x 0) 2)"},
    {"-x[0]", "(neg (index x 0))"},
    {"softmax(z)[0]", "(index (softmax z) 0)"},
    {"(a + b)[1]", "(index (+ a b) 1)"},
    {"[1, 2, 3]", "(vector 1 2 3)"},
    {"[[1, 2], [3, 4]]", "(vector (vector 1 2) (vector 3 4))"},
    {"[1, 2][0]", "(index (vector 1 2) 0)"},
    {"sigmoid(w*x + b)", "(sigmoid (+ (* w x) b))"},
    {"max(a, b) + min(a, 0)", "(+ (max a b) (min a 0))"},
    {"dot(u, v) / sum(v)", "(/ (dot u v) (sum v))"},
    {"exp(-x^2/2)", "(exp (/ (neg (^ x 2)) 2))"},
    {"delta(i, j) * W[i,j]", "(* (delta i j) (index W i j))"},
    {"logsumexp(z) - z[k]", "(- (logsumexp z) (index z k))"},
    {"2^(2^40)", "(^ 2 (^ 2 40))"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(expressions)

BOOST_DATA_TEST_CASE(precedence_and_associativity_by_shape, boost::unit_test::data::make(precedence_cases), c) {
    BOOST_TEST(expr(c.text) == c.tree);
}

BOOST_AUTO_TEST_CASE(numbers_are_exact_rationals) {
    const auto n = [](std::string_view text) {
        const auto e = parse_expression(text, "t");
        BOOST_REQUIRE(e->kind() == expression_kind::number);
        return e->as<number_expr>();
    };
    BOOST_TEST(n("0.1").value == rational(1) / 10);
    BOOST_TEST(n("0.1").text == "0.1");
    BOOST_TEST(n("1e-3").value == rational(1) / 1000);
    BOOST_TEST(n("2.5E+2").value == rational(250));
    BOOST_TEST(n(".5").value == rational(1) / 2);
    BOOST_TEST(n("3.").value == rational(3));
    BOOST_TEST(n("007").value == rational(7));
    // a negative number is negation of a number: the tree says what was written
    BOOST_TEST(expr("-1/2") == "(/ (neg 1) 2)");
    BOOST_TEST(expr("0.1 + 0.2") == "(+ 1/10 1/5)");
}

BOOST_AUTO_TEST_CASE(every_builtin_parses_with_its_arity) {
    for (const std::string_view f : builtin_names()) {
        const auto b = find_builtin(f);
        BOOST_REQUIRE(b.has_value());
        BOOST_TEST(info(*b).name == f);
        const std::string text = std::string(f) + (info(*b).arguments == 1 ? "(x)" : "(x, y)");
        const auto e = parse_expression(text, "t");
        BOOST_TEST(e->kind() == expression_kind::call);
        BOOST_TEST(e->as<call_expr>().function == *b);
        BOOST_TEST(e->as<call_expr>().arguments.size() == static_cast<std::size_t>(info(*b).arguments));
    }
    BOOST_TEST(builtin_names().size() == 26u);
    BOOST_TEST(info(*find_builtin("sign")).arguments == 1);
    BOOST_TEST(!find_builtin("sigmod").has_value());
}

BOOST_AUTO_TEST_CASE(leibniz_derivatives_anywhere) {
    BOOST_TEST(expr("d(L)/d(w)") == "(d L w)");
    BOOST_TEST(expr("d(d(f)/d(x))/d(y)") == "(d (d f x) y)");
    BOOST_TEST(expr("d(L)/d(W[i,j])") == "(d L (W i j))");
    BOOST_TEST(expr("d(L) / d(z[0])") == "(d L (z 0))");
    BOOST_TEST(expr("d((a - y)^2/2)/d(a)") == "(d (/ (^ (- a y) 2) 2) a)");
    BOOST_TEST(expr("x * d(L)/d(w)") == "(* x (d L w))");
    BOOST_TEST(expr("1 / d(L)/d(w)") == "(/ 1 (d L w))");
    BOOST_TEST(expr("d(L)/d(w)^2") == "(^ (d L w) 2)");
    BOOST_TEST(expr("d(L)/d(w) - (a - y)*x") == "(- (d L w) (* (- a y) x))");
    const auto e = parse_expression("d(L)/d(w)", "t");
    BOOST_TEST(e->as<derivative_expr>().notation == derivative_notation::leibniz);
    // 'd' is an ordinary name where it is not followed by '('
    BOOST_TEST(expr("d * (x)") == "(* d x)");
    BOOST_TEST(expr("d + 1") == "(+ d 1)");
}

BOOST_AUTO_TEST_CASE(partial_sign_derivatives) {
    BOOST_TEST(expr("∂L/∂w") == "(d L w)");
    BOOST_TEST(expr("∂(a*b)/∂(a)") == "(d (* a b) a)");
    BOOST_TEST(expr("∂(L)/∂W[i,j]") == "(d L (W i j))");
    BOOST_TEST(expr("∂z[0]/∂W[i,j]") == "(d (index z 0) (W i j))");
    BOOST_TEST(expr("∂(∂f/∂x)/∂y") == "(d (d f x) y)");
    BOOST_TEST(expr("2*∂L/∂w") == "(* 2 (d L w))");
    const auto e = parse_expression("∂L/∂w", "t");
    BOOST_TEST(e->as<derivative_expr>().notation == derivative_notation::partial);
    // '∂' counts as one column
    BOOST_TEST(e->as<derivative_expr>().wrt.name_span.column == 5);
    BOOST_TEST(e->span.end_column == 6);
}

BOOST_AUTO_TEST_CASE(shorthand_needs_known_names_and_no_clash) {
    const name_context lw{"L", "w"};
    BOOST_TEST(expr("dL/dw", lw) == "(d L w)");
    BOOST_TEST(expr("2 * dL/dw + 1", lw) == "(+ (* 2 (d L w)) 1)");
    BOOST_TEST(expr("dL / dw", lw) == "(d L w)");
    // unknown names: a quotient of two names
    BOOST_TEST(expr("dL/dw") == "(/ dL dw)");
    BOOST_TEST(expr("dL/dw", name_context{"L"}) == "(/ dL dw)");
    BOOST_TEST(expr("dL/dw", name_context{"w"}) == "(/ dL dw)");
    // dL or dw itself a name: the quotient wins
    BOOST_TEST(expr("dL/dw", name_context{"L", "w", "dL"}) == "(/ dL dw)");
    BOOST_TEST(expr("dL/dw", name_context{"L", "w", "dw"}) == "(/ dL dw)");
    // an indexed denominator
    BOOST_TEST(expr("dL/dW[i,j]", name_context{"L", "W"}) == "(d L (W i j))");
    // a callback works as the context
    const name_context table([](std::string_view n) { return n == "loss" || n == "z"; });
    BOOST_TEST(expr("dloss/dz", table) == "(d loss z)");
    BOOST_TEST(expr("dloss/dq", table) == "(/ dloss dq)");
    // 'd' then a digit is not a shorthand
    BOOST_TEST(expr("d2/dw", lw) == "(/ d2 dw)");
    const auto e = parse_expression("dL/dw", "t", lw);
    const auto& d = e->as<derivative_expr>();
    BOOST_TEST(d.notation == derivative_notation::shorthand);
    BOOST_TEST(d.of->span.column == 2);      // the L of dL
    BOOST_TEST(d.wrt.name_span.column == 5);  // the w of dw
    BOOST_TEST(d.wrt.name == "w");
}

BOOST_AUTO_TEST_CASE(shorthand_sees_names_declared_earlier_in_the_program) {
    const auto r = parse_program("input x\nparam w\nL = w*x\ngrad dL/dw wrt w\nq = dq/dw\n", "t.chain");
    BOOST_REQUIRE(r.ok());
    BOOST_TEST(lang_test::sexpr(r.statements[3]) == "(grad (d L w) wrt w)");
    // q is defined by the statement itself, so not yet known on its right side
    BOOST_TEST(lang_test::sexpr(r.statements[4]) == "(= q (/ dq dw))");
}

BOOST_AUTO_TEST_CASE(unicode_names_and_columns) {
    BOOST_TEST(expr("α*β + θ₁") == "(+ (* α β) θ₁)");
    BOOST_TEST(expr("x̂ - ŷ") == "(- x̂ ŷ)");
    BOOST_TEST(expr("𝑥 + ℓ") == "(+ 𝑥 ℓ)");
    BOOST_TEST(expr("σ(z)").find("unknown function 'σ'") != std::string::npos);
    const auto e = parse_expression("αβ + γ", "t");
    const auto& b = e->as<binary_expr>();
    BOOST_TEST(b.op_span.column == 4);  // columns count characters, not bytes
    BOOST_TEST(b.right->span.column == 6);
    BOOST_TEST(b.right->span.begin == 7u);  // byte offsets stay bytes
    BOOST_TEST(span_text("αβ + γ", b.right->span) == "γ");
}

BOOST_AUTO_TEST_CASE(spans_point_at_the_text) {
    const std::string text = "sigmoid(w*x + b) - (a - y)";
    const auto e = parse_expression(text, "t");
    BOOST_TEST(e->span.column == 1);
    BOOST_TEST(e->span.end_column == 27);
    const auto& minus = e->as<binary_expr>();
    BOOST_TEST(minus.op_span.column == 18);
    BOOST_TEST(span_text(text, minus.left->span) == "sigmoid(w*x + b)");
    BOOST_TEST(span_text(text, minus.right->span) == "(a - y)");  // brackets included
    const auto& call = minus.left->as<call_expr>();
    BOOST_TEST(span_text(text, call.name_span) == "sigmoid");
    BOOST_TEST(span_text(text, call.arguments[0]->span) == "w*x + b");
    BOOST_TEST(span_text(text, call.arguments[0]->as<binary_expr>().left->span) == "w*x");
}

BOOST_AUTO_TEST_CASE(clone_copies_the_whole_tree) {
    const auto e = parse_expression("d(sigmoid(W[i,j] * x[j]))/d(W[i,j]) + [1, -2]", "t");
    const auto copy = clone(*e);
    BOOST_TEST(sexpr(*copy) == sexpr(*e));
    BOOST_TEST(copy->span == e->span);
    BOOST_TEST(copy.get() != e.get());
}

BOOST_AUTO_TEST_SUITE_END()
