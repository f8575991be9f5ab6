// The printer: the readable forms it promises, the same text however the expression was
// built, and refusal (not explosion) for expressions too big to show as one formula.
#include "oracle.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/simplify/cse.hpp"
#include "chainrule/simplify/print.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace chainrule;
namespace bdata = boost::unit_test::data;

namespace {

std::string text(const expr& e) { return to_text(e.owner(), e.id()); }
std::string latex(const expr& e) { return to_latex(e.owner(), e.id()); }
rational q(long p, long d) { return rational(p) / rational(d); }

}  // namespace

BOOST_AUTO_TEST_SUITE(readable_text)

BOOST_AUTO_TEST_CASE(sums_differences_and_order_of_terms) {
    graph g;
    const expr w = param(g, "w"), b = param(g, "b"), x = input(g, "x"), y = input(g, "y"), a = input(g, "a");
    BOOST_TEST(text(w * x + b) == "w*x + b");
    BOOST_TEST(text(b + x * w) == "w*x + b");
    BOOST_TEST(text(a - y) == "a - y");
    BOOST_TEST(text(-y + a) == "a - y");
    BOOST_TEST(text(1 - a) == "1 - a");
    BOOST_TEST(text(a - 1) == "a - 1");
    BOOST_TEST(text(-x - 1) == "-x - 1");
    BOOST_TEST(text(1 - x + pow(x, 2)) == "x^2 - x + 1");
    BOOST_TEST(text(a - (b + x)) == "a - (b + x)");
    BOOST_TEST(text(x + x) == "2*x");
    BOOST_TEST(text(x + 2 * x - 3 * x) == "0");
    BOOST_TEST(text((x + 1) + (y + 2)) == "x + y + 3");
    BOOST_TEST(text(x + q(1, 2)) == "x + 1/2");
    BOOST_TEST(text(x - q(1, 2)) == "x - 1/2");
    BOOST_TEST(text(a * b - x * y) == "a*b - x*y");
    BOOST_TEST(text(pow(y, 2) - pow(w, 2) + x * y + pow(x, 2)) == "x^2 + x*y + y^2 - w^2");
    BOOST_TEST(text(w * x + b - y) == "w*x + b - y");
    BOOST_TEST(text(2 * x - pow(x, 2) + 1) == "2*x - x^2 + 1");
    BOOST_TEST(text(sqrt(constant(g, 2)) + x) == "x + sqrt(2)");
    const expr w1 = input(g, "w1"), w2 = input(g, "w2"), w10 = input(g, "w10");
    BOOST_TEST(text(w10 + w2 + w1) == "w1 + w2 + w10");
}

BOOST_AUTO_TEST_CASE(products_quotients_and_signs) {
    graph g;
    const expr a = input(g, "a"), b = input(g, "b"), c = input(g, "c"), x = input(g, "x"), y = input(g, "y");
    BOOST_TEST(text((a + b) * c) == "(a + b)*c");
    BOOST_TEST(text(-(a + b)) == "-(a + b)");
    BOOST_TEST(text(-x) == "-x");
    BOOST_TEST(text(x * -2) == "-2*x");
    BOOST_TEST(text(x / 2) == "x/2");
    BOOST_TEST(text(-x / 2) == "-x/2");
    BOOST_TEST(text(2 * x / 3) == "2*x/3");
    BOOST_TEST(text(x / y) == "x/y");
    BOOST_TEST(text(1 / x) == "1/x");
    BOOST_TEST(text(pow(x, -1)) == "1/x");
    BOOST_TEST(text(-1 / x) == "-1/x");
    BOOST_TEST(text(pow(x, -2)) == "1/x^2");
    BOOST_TEST(text(3 * pow(x, -2) / y) == "3/(x^2*y)");
    BOOST_TEST(text(1 / (x * y)) == "1/(x*y)");
    BOOST_TEST(text(x / (a + b)) == "x/(a + b)");
    BOOST_TEST(text(y * x) == "x*y");
    BOOST_TEST(text(x * x) == "x^2");
    BOOST_TEST(text(x * x / x) == "x^2/x");
    // the sigmoid-loss gradient, factors grouped by variable
    BOOST_TEST(text((a - y) * a * (1 - a) * x) == "a*(1 - a)*(a - y)*x");
    BOOST_TEST(text(pow(a - y, 2) / 2) == "(a - y)^2/2");
}

BOOST_AUTO_TEST_CASE(powers_and_roots) {
    graph g;
    const expr x = input(g, "x"), y = input(g, "y");
    BOOST_TEST(text(pow(x, 2)) == "x^2");
    BOOST_TEST(text(pow(x, q(1, 2))) == "sqrt(x)");
    BOOST_TEST(text(sqrt(x)) == "sqrt(x)");
    BOOST_TEST(text(pow(x, q(-1, 2))) == "1/sqrt(x)");
    BOOST_TEST(text(pow(x, q(1, 3))) == "x^(1/3)");
    BOOST_TEST(text(pow(x, q(-3, 2))) == "1/x^(3/2)");
    BOOST_TEST(text(pow(x + 1, 2)) == "(x + 1)^2");
    BOOST_TEST(text(pow(pow(x, 2), 3)) == "(x^2)^3");
    BOOST_TEST(text(pow(-x, 2)) == "(-x)^2");
    BOOST_TEST(text(pow(2 * x, 2)) == "(2*x)^2");
    BOOST_TEST(text(pow(2, x)) == "2^x");
    BOOST_TEST(text(pow(x, y + 1)) == "x^(y + 1)");
    BOOST_TEST(text(pow(x, -y)) == "x^(-y)");
    BOOST_TEST(text(sqrt(constant(g, 2)) * x) == "sqrt(2)*x");
}

BOOST_AUTO_TEST_CASE(functions_nest_without_extra_parentheses) {
    graph g;
    const expr w = param(g, "w"), b = param(g, "b"), x = input(g, "x"), y = input(g, "y");
    BOOST_TEST(text(sigmoid(w * x + b)) == "sigmoid(w*x + b)");
    BOOST_TEST(text(exp(-x)) == "exp(-x)");
    BOOST_TEST(text(log(1 + exp(x))) == "log(exp(x) + 1)");
    BOOST_TEST(text(tanh(softplus(w * x))) == "tanh(softplus(w*x))");
    BOOST_TEST(text(max(x, -y)) == "max(x, -y)");
    BOOST_TEST(text(min(y, x)) == "min(y, x)");  // operand order kept: it decides ties
    BOOST_TEST(text(abs(x - y) + relu(x) + step(y)) == "abs(x - y) + relu(x) + step(y)");
    BOOST_TEST(text(sign(x - y) * y) == "sign(x - y)*y");
    BOOST_TEST(text(-sign(-x)) == "-sign(-x)");
    BOOST_TEST(text(x * exp(x)) == "x*exp(x)");
    BOOST_TEST(text(sigmoid(x) * (1 - sigmoid(x))) == "sigmoid(x)*(1 - sigmoid(x))");
    BOOST_TEST(text(pow(cos(x), 2)) == "cos(x)^2");
}

BOOST_AUTO_TEST_CASE(numbers) {
    graph g;
    BOOST_TEST(text(constant(g, q(1, 2))) == "1/2");
    BOOST_TEST(text(constant(g, -3)) == "-3");
    BOOST_TEST(text(constant(g, 0)) == "0");
    const expr x = input(g, "x");
    BOOST_TEST(text(pow(x, 2) * q(-1, 2)) == "-x^2/2");
    BOOST_TEST(text(max(x, constant(g, q(-1, 2)))) == "max(x, -1/2)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(latex_output)

BOOST_AUTO_TEST_CASE(fractions_roots_and_functions) {
    graph g;
    const expr w = param(g, "w"), b = param(g, "b"), x = input(g, "x"), y = input(g, "y"), z = input(g, "z");
    BOOST_TEST(latex(w * x + b) == "w x + b");
    BOOST_TEST(latex(x / y) == "\\frac{x}{y}");
    BOOST_TEST(latex(pow(x, -1)) == "\\frac{1}{x}");
    BOOST_TEST(latex(-x / 2) == "-\\frac{x}{2}");
    BOOST_TEST(latex(2 * x / (3 * y)) == "\\frac{2 x}{3 y}");
    BOOST_TEST(latex(1 / (x * y)) == "\\frac{1}{x y}");
    BOOST_TEST(latex(pow(x - y, 2) / 2) == "\\frac{(x - y)^{2}}{2}");
    BOOST_TEST(latex(sqrt(x + 1)) == "\\sqrt{x + 1}");
    BOOST_TEST(latex(pow(x, q(1, 3))) == "x^{\\frac{1}{3}}");
    BOOST_TEST(latex(sigmoid(z)) == "\\sigma(z)");
    BOOST_TEST(latex(softplus(z)) == "\\operatorname{softplus}(z)");
    BOOST_TEST(latex(tanh(z)) == "\\tanh(z)");
    BOOST_TEST(latex(exp(-x)) == "e^{-x}");
    BOOST_TEST(latex(exp(x / y)) == "\\exp\\left(\\frac{x}{y}\\right)");
    BOOST_TEST(latex(pow(exp(x), 2)) == "\\left(e^{x}\\right)^{2}");
    BOOST_TEST(latex(log(x)) == "\\log(x)");
    BOOST_TEST(latex(max(x, y)) == "\\max(x, y)");
    BOOST_TEST(latex(abs(x)) == "\\left|x\\right|");
    BOOST_TEST(latex(sign(x - y)) == "\\operatorname{sign}(x - y)");
    BOOST_TEST(latex(sign(x) * abs(x)) == "\\left|x\\right| \\operatorname{sign}(x)");
    BOOST_TEST(latex(2 * pow(3, x)) == "2 \\cdot 3^{x}");
    BOOST_TEST(latex(sigmoid(x / y)) == "\\sigma\\left(\\frac{x}{y}\\right)");
}

BOOST_AUTO_TEST_CASE(variable_names) {
    graph g;
    BOOST_TEST(latex(input(g, "alpha")) == "\\alpha");
    BOOST_TEST(latex(input(g, "w1")) == "w_{1}");
    BOOST_TEST(latex(input(g, "w12")) == "w_{12}");
    BOOST_TEST(latex(input(g, "lr")) == "\\mathrm{lr}");
    BOOST_TEST(latex(input(g, "x_hat")) == "x_{\\mathrm{hat}}");
    BOOST_TEST(latex(input(g, "W[1,2]")) == "W_{1,2}");
    // a name's own subscript and an element index stay apart: a2[0] and a[2,0] differ
    BOOST_TEST(latex(input(g, "a2[0]")) == "{a_{2}}_{0}");
    BOOST_TEST(latex(input(g, "a[2,0]")) == "a_{2,0}");
    BOOST_TEST(latex(input(g, "x_hat[1]")) == "{x_{\\mathrm{hat}}}_{1}");
    // x1 and x_1, w1_2 and w[1,2]: different names, different LaTeX
    BOOST_TEST(latex(input(g, "x1")) == "x_{1}");
    BOOST_TEST(latex(input(g, "x_1")) == "x\\_1");
    BOOST_TEST(latex(input(g, "w1_2")) == "w_{1}\\_2");
    BOOST_TEST(latex(input(g, "w[1,2]")) == "w_{1,2}");
    // no two of these names give the same LaTeX in one graph: x1 and x[1] would both be x_{1},
    // so x1 is written whole while x[1] is a variable (or a named element) of the graph
    const char* names[] = {"x1", "x[1]", "x_1", "x1[0]", "x[1,0]", "x_1[0]", "a2[0]", "a[2,0]", "w12", "w[12]",
                           "w1_2", "w[1,2]", "w_12", "w_1[2]", "x_hat", "xhat", "x_hat1", "x1_hat", "h2", "h3"};
    g.named((input(g, "w") * input(g, "u")).id(), "h[2]");
    std::set<std::string> seen;
    for (const char* n : names) input(g, n);  // the whole program first, then its LaTeX
    for (const char* n : names) BOOST_TEST(seen.insert(latex(input(g, n))).second, n << " gives " << latex(input(g, n)));
    BOOST_TEST(latex(input(g, "x1")) == "\\mathrm{x1}");
    BOOST_TEST(latex(input(g, "h2")) == "\\mathrm{h2}");  // h[2] is a named element
    BOOST_TEST(latex(input(g, "h3")) == "h_{3}");          // nothing prints as h_{3} but h3
    graph alone;
    BOOST_TEST(latex(input(alone, "x1")) == "x_{1}");  // without x[1] it keeps its subscript
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(print_order)

// The same expression built four ways (operands swapped, regrouped, other nodes created first)
// prints the same text and LaTeX.
BOOST_DATA_TEST_CASE(same_text_however_built, bdata::xrange(1, 201), seed) {
    simplify_test::tree_generator make(static_cast<std::uint64_t>(seed), seed % 2 == 0, {"x0", "x1", "x2", "w", "b"});
    const simplify_test::tree_ptr t = make.make(2 + seed % 9);
    const simplify_test::build_style styles[] = {
        {false, false, false}, {true, false, false}, {false, true, false}, {true, true, true}};
    std::vector<std::string> texts, latexes;
    for (const auto& style : styles) {
        graph g;
        try {
            const node_id n = simplify_test::build(g, t, style);
            texts.push_back(to_text(g, n));
            latexes.push_back(to_latex(g, n));
        } catch (const domain_error&) {
            texts.push_back("undefined");  // a constant division by zero: undefined every way
            latexes.push_back("undefined");
        }
    }
    for (std::size_t k = 1; k < texts.size(); ++k) {
        BOOST_TEST(texts[k] == texts[0]);
        BOOST_TEST(latexes[k] == latexes[0]);
    }
}

BOOST_AUTO_TEST_CASE(cse_program_is_the_same_however_built) {
    auto program = [](bool reversed) {
        graph g;
        if (reversed) {
            g.input("y");
            g.param("b");
            g.apply(op::cos, g.input("x"));
        }
        const expr x = input(g, "x"), y = input(g, "y"), w = param(g, "w"), b = param(g, "b");
        const expr z = reversed ? b + x * w : w * x + b;
        const expr a = sigmoid(z);
        const expr L = pow(a - y, 2) / 2;
        // the same sharing both ways: dL/db is a subexpression of dL/dw
        const expr db = reversed ? (1 - a) * ((a - y) * a) : (a - y) * a * (1 - a);
        const expr dw = reversed ? x * db : (a - y) * a * (1 - a) * x;
        const node_id outputs[] = {L.id(), dw.id(), db.id()};
        const std::vector<std::string> names{"L", "dL/dw", "dL/db"};
        return to_text(g, cse(g, outputs), names);
    };
    const std::string expected = program(false);
    BOOST_TEST(program(true) == expected);
    BOOST_TEST(expected ==
               "t1 = sigmoid(w*x + b)\n"
               "t2 = t1 - y\n"
               "t3 = t1*(1 - t1)*t2\n"
               "L = t2^2/2\n"
               "dL/dw = t3*x\n"
               "dL/db = t3\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(programs)

BOOST_AUTO_TEST_CASE(latex_program_is_an_aligned_block) {
    graph g;
    const expr x = input(g, "x"), y = input(g, "y");
    const expr s = sin(x * y);
    const node_id outputs[] = {(s * s + exp(s)).id(), (s / y).id()};
    const std::vector<std::string> names{"f", "\\frac{\\partial f}{\\partial y}"};
    const cse_result p = cse(g, outputs);
    BOOST_TEST(to_text(g, p, names) == "t1 = sin(x*y)\nf = t1^2 + exp(t1)\n\\frac{\\partial f}{\\partial y} = t1/y\n");
    BOOST_TEST(to_latex(g, p, names) ==
               "\\begin{aligned}\n"
               "t_{1} &= \\sin(x y) \\\\\n"
               "f &= t_{1}^{2} + e^{t_{1}} \\\\\n"
               "\\frac{\\partial f}{\\partial y} &= \\frac{t_{1}}{y}\n"
               "\\end{aligned}");
}

BOOST_AUTO_TEST_CASE(temporaries_never_look_like_variables) {
    graph g;
    const expr t1 = input(g, "t1"), x = input(g, "x");
    const expr s = exp(t1 * x);
    const node_id outputs[] = {(s + s * s).id()};
    const std::vector<std::string> names{"f"};
    BOOST_TEST(temp_prefix(g) == "t_");
    BOOST_TEST(to_text(g, cse(g, outputs), names) == "t_1 = exp(t1*x)\nf = t_1^2 + t_1\n");
}

BOOST_AUTO_TEST_CASE(wrong_number_of_names_is_a_usage_error) {
    graph g;
    const node_id x = g.input("x");
    const node_id outputs[] = {x, x};
    const std::vector<std::string> names{"f"};
    BOOST_CHECK_THROW(to_text(g, cse(g, outputs), names), usage_error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(print_limits_guard)

BOOST_AUTO_TEST_CASE(measure_counts_the_tree_on_the_dag) {
    graph g;
    const node_id x = g.input("x"), y = g.input("y");
    const node_id s = g.add(x, y);
    const tree_measure m = measure_tree(g, g.mul(s, s));
    BOOST_TEST(m.size == 7u);
    BOOST_TEST(m.depth == 3u);
}

BOOST_AUTO_TEST_CASE(huge_tree_is_refused_quickly) {
    using clock = std::chrono::steady_clock;
    graph g;
    const node_id x = g.input("x");
    node_id f = x;
    for (int i = 0; i < 200; ++i) f = g.add(g.mul(f, f), x);  // 600 nodes, a tree of 2^200
    const auto start = clock::now();
    BOOST_TEST(measure_tree(g, f).size == std::numeric_limits<std::size_t>::max());
    try {
        (void)to_text(g, f);
        BOOST_FAIL("no limit_error");
    } catch (const limit_error& e) {
        BOOST_TEST(e.limit() == print_limits{}.max_tree_size);
        BOOST_TEST(e.reached() > e.limit());
        BOOST_TEST(std::string(e.what()).find("CSE") != std::string::npos);
    }
    BOOST_CHECK_THROW(to_latex(g, f), limit_error);
    BOOST_TEST_MESSAGE("refused a 2^200-node tree in " << std::chrono::duration<double>(clock::now() - start).count() << " s");
    // the CSE form of the same DAG prints fine
    const std::vector<std::string> names{"f"};
    const node_id outputs[] = {f};
    BOOST_TEST(to_text(g, cse(g, outputs), names).size() > 0u);
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused) {
    graph g;
    node_id f = g.input("x");
    for (int i = 0; i < 5000; ++i) f = g.apply(op::sin, f);
    try {
        (void)to_text(g, f);
        BOOST_FAIL("no limit_error");
    } catch (const limit_error& e) {
        BOOST_TEST(e.limit() == print_limits{}.max_depth);
        BOOST_TEST(e.reached() == 5001u);
    }
    node_id deep = g.input("y");
    for (int i = 0; i < 1'000'000; ++i) deep = g.apply(op::exp, deep);
    BOOST_CHECK_THROW(to_text(g, deep), limit_error);
    BOOST_CHECK_THROW(to_latex(g, deep), limit_error);
}

BOOST_AUTO_TEST_CASE(custom_limits) {
    graph g;
    const expr x = input(g, "x"), y = input(g, "y");
    BOOST_TEST(to_text(g, (x + y).id(), print_limits{3, 2}) == "x + y");
    BOOST_CHECK_THROW(to_text(g, (x * y + 1).id(), print_limits{3, 10}), limit_error);
    BOOST_CHECK_THROW(to_text(g, sin(x).id(), print_limits{10, 1}), limit_error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(printing_named_nodes)

// Showing a node by a name must print exactly what the same expression prints when that node
// is a variable of that name (built independently in a second graph).
BOOST_AUTO_TEST_CASE(named_nodes_print_like_variables_of_that_name) {
    chainrule::graph g;
    const auto w = g.param("w"), b = g.param("b"), x = g.input("x"), y = g.input("y");
    const auto z = g.add(g.mul(w, x), b);
    const auto a = g.apply(chainrule::op::sigmoid, z);
    const auto e = g.mul(g.mul(a, g.sub(g.constant(1), a)), g.mul(g.sub(a, y), x));
    const chainrule::node_names names{{z, "z"}, {a, "a"}};

    chainrule::graph h;
    const auto ha = h.input("a"), hy = h.input("y"), hx = h.input("x");
    const auto he = h.mul(h.mul(ha, h.sub(h.constant(1), ha)), h.mul(h.sub(ha, hy), hx));
    BOOST_TEST(chainrule::to_text(g, e, names) == chainrule::to_text(h, he));
    BOOST_TEST(chainrule::to_latex(g, e, names) == chainrule::to_latex(h, he));
    // the printed node itself is expanded one level, its named operands are not
    BOOST_TEST(chainrule::to_text(g, a, names) == "sigmoid(z)");
    // without names everything is expanded
    BOOST_TEST(chainrule::to_text(g, a) == "sigmoid(w*x + b)");
}

BOOST_AUTO_TEST_SUITE_END()
