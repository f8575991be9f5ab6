// Limits: deep nesting and long numbers are refused quickly with a parse error; wide input
// within the limits parses; deep trees are destroyed without recursion.

#include "sexpr.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <functional>

using namespace chainrule;
using namespace chainrule::lang;

namespace {

std::string repeat(std::string_view s, int n) {
    std::string out;
    out.reserve(s.size() * static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

// the error for `text`, checking it is reported fast
diagnostic refused_quickly(const std::string& text) {
    const auto start = std::chrono::steady_clock::now();
    const auto r = parse_program(text, "deep.chain");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST(seconds < 0.5, "took " << seconds << " s");
    BOOST_REQUIRE(r.errors.size() == 1u);
    BOOST_TEST(r.statements.empty());
    return r.errors[0];
}

const std::string too_deep = "expression nests more than 200 levels deep; split it into named definitions";
const std::string too_high = "expression is more than 2000 levels high; split it into named definitions";

}  // namespace

BOOST_AUTO_TEST_SUITE(limits)

BOOST_AUTO_TEST_CASE(nesting_up_to_the_limit_parses) {
    const int n = max_expression_depth;
    BOOST_TEST(parse_program("z = " + repeat("(", n) + "x" + repeat(")", n), "t").ok());
    BOOST_TEST(parse_program("z = " + repeat("-", n - 1) + "x", "t").ok());
    // a flat sum is as high as it has terms: up to max_expression_height of them parse
    BOOST_TEST(parse_program("z = x" + repeat(" + x", max_expression_height - 1), "t").ok());
    BOOST_TEST(!parse_program("z = x" + repeat(" + x", max_expression_height), "t").ok());
    BOOST_TEST(!parse_program("z = " + repeat("(", n + 1) + "x" + repeat(")", n + 1), "t").ok());
}

BOOST_AUTO_TEST_CASE(deep_input_is_refused_quickly) {
    const int n = 100000;
    const diagnostic parens = refused_quickly("z = " + repeat("(", n) + "x" + repeat(")", n));
    BOOST_TEST(parens.message == too_deep);
    BOOST_TEST(parens.span.line == 1);
    BOOST_TEST(parens.span.column == 5 + max_expression_depth);  // the first '(' past the limit
    BOOST_TEST(refused_quickly("z = " + repeat("-", n) + "x").message == too_deep);
    BOOST_TEST(refused_quickly("z = x" + repeat("^x", n)).message == too_deep);
    BOOST_TEST(refused_quickly("z = x" + repeat("+x", n)).message == too_high);
    BOOST_TEST(refused_quickly("z = x" + repeat("*x", n)).message == too_high);
    BOOST_TEST(refused_quickly("z = " + repeat("[", n) + "1" + repeat("]", n)).message == too_deep);
    BOOST_TEST(refused_quickly("z = " + repeat("exp(", n) + "x" + repeat(")", n)).message == too_deep);
    BOOST_TEST(refused_quickly("z = " + repeat("d(", n) + "x" + repeat(")/d(x)", n)).message == too_deep);
    BOOST_TEST(refused_quickly("z = x" + repeat("[0]", n)).message == too_high);
    BOOST_TEST(refused_quickly("assume " + repeat("(", n) + "x").message == too_deep);
    // unclosed brackets over many lines: one statement, one error
    BOOST_TEST(refused_quickly("z = " + repeat("(\n", n)).message == too_deep);
}

BOOST_AUTO_TEST_CASE(huge_numbers_are_refused_and_huge_powers_are_not_evaluated) {
    const auto start = std::chrono::steady_clock::now();
    const diagnostic d = lang_test::error_of("z = " + std::string(10000, '7'));
    BOOST_TEST(d.span.column == 5);
    BOOST_TEST(d.message.find("has more than 2000 digits") != std::string::npos);
    BOOST_TEST(lang_test::error_of("z = 0." + std::string(3000, '1')).message.find("more than 2000 digits") != std::string::npos);
    BOOST_TEST(lang_test::error_of("z = 1e-5000").message.find("too large") != std::string::npos);
    // the parser does not evaluate: 2^(2^40) is a tree, refusing its value is the evaluator's job
    BOOST_TEST(lang_test::expr("2^(2^40)") == "(^ 2 (^ 2 40))");
    BOOST_TEST(lang_test::expr("10^10^10^10") == "(^ 10 (^ 10 (^ 10 10)))");
    BOOST_TEST(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 0.5);
}

BOOST_AUTO_TEST_CASE(wide_input_within_the_limits_parses) {
    std::string elements = "1";
    for (int i = 1; i < 20000; ++i) elements += ", " + std::to_string(i);
    const auto r = parse_program("eval sum(v) at v = [" + elements + "]\n" + repeat("z = x*y + 1\n", 5000), "t");
    BOOST_TEST(r.ok());
    BOOST_TEST(r.statements.size() == 5001u);
    BOOST_TEST(r.statements[0].as<eval_statement>().bindings[0].value->as<vector_expr>().elements.size() == 20000u);
}

BOOST_AUTO_TEST_CASE(destroying_a_deep_tree_does_not_recurse) {
    // deeper than any parser output and than the stack would allow recursively
    expression_ptr e = make_expression(name_expr{"x"}, {});
    for (int i = 0; i < 1000000; ++i) e = make_expression(unary_expr{unary_op::negate, std::move(e)}, {});
    for (int i = 0; i < 1000; ++i) {
        std::vector<expression_ptr> args;
        args.push_back(std::move(e));
        e = make_expression(vector_expr{std::move(args)}, {});
    }
    e.reset();  // a recursive destructor would overflow the stack here
    BOOST_TEST(!e);
}

BOOST_AUTO_TEST_SUITE_END()
