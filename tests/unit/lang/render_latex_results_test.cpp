// render_latex: results as LaTeX math (the kernel's text/latex bundles).
#include "chainrule/lang/render_latex.hpp"
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

BOOST_AUTO_TEST_SUITE(render_latex_results)

BOOST_AUTO_TEST_CASE(verbatim_escapes_what_latex_would_read) {
    BOOST_TEST(latex_verbatim("d(L)/d(w)") == "\\mathtt{d(L)/d(w)}");
    BOOST_TEST(latex_verbatim("x^2 + y_1") == "\\mathtt{x\\hat{\\ }2\\ +\\ y\\_1}");
    BOOST_TEST(latex_verbatim("∂L/∂w") == "\\mathtt{\\partial L/\\partial w}");
}

BOOST_AUTO_TEST_CASE(grad_partials_are_fractions_in_one_aligned_block) {
    session s;
    s.run_program(neuron, "t.chain");
    const std::optional<std::string> latex = render_latex(s, last(s, "grad L wrt w, b"));
    BOOST_REQUIRE(latex);
    BOOST_TEST(*latex == "\\begin{aligned}\n\\frac{\\partial L}{\\partial w} &= a (1 - a) (a - y) x \\\\\n"
                         "\\frac{\\partial L}{\\partial b} &= a (1 - a) (a - y)\n\\end{aligned}");
}

BOOST_AUTO_TEST_CASE(grad_of_an_expression_shows_it_with_the_names) {
    session s;
    s.run_program(neuron, "t.chain");
    const std::optional<std::string> latex = render_latex(s, last(s, "grad (a - y)^2 wrt a"));
    BOOST_REQUIRE(latex);
    BOOST_TEST(latex->starts_with("\\frac{\\partial}{\\partial a} \\left((a - y)^{2}\\right) = "), *latex);
}

BOOST_AUTO_TEST_CASE(eval_gives_the_exact_value_and_the_decimal) {
    session s;
    s.run_program(neuron, "t.chain");
    BOOST_TEST(*render_latex(s, last(s, "eval L at x = 1/2, y = 1, w = 0, b = 0")) == "L = \\frac{1}{8} \\approx 0.125");
    // an expression is labelled verbatim; a decimal exponent is a power of ten
    const std::optional<std::string> big = render_latex(s, last(s, "eval 2^(10^20)"));
    BOOST_REQUIRE(big);
    BOOST_TEST(big->starts_with("\\mathtt{2\\hat{\\ }(10\\hat{\\ }20)} = "), *big);
    BOOST_TEST(big->ends_with("\\approx 2.3653176496878716463 \\times 10^{30102999566398119521}"), *big);
}

BOOST_AUTO_TEST_CASE(results_without_a_formula_have_no_latex) {
    session s;
    s.run_program(neuron, "t.chain");
    BOOST_TEST(!render_latex(s, last(s, "claim d(L)/d(w) = (a - y)*x")));
    BOOST_TEST(!render_latex(s, last(s, "show L as graph")));
    BOOST_TEST(!render_latex(s, last(s, "eval nothing")));  // an error
}

BOOST_AUTO_TEST_SUITE_END()
