// The session's errors and its recovery: every error located, limits refused quickly, and a
// failed statement leaving the others intact.
#include "chainrule/lang/session.hpp"

#include "lang_testing.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace chainrule;
using namespace chainrule::lang;
using chainrule::lang_testing::error_case;
using chainrule::lang_testing::last;
using chainrule::lang_testing::message_of;
using chainrule::lang_testing::neuron;

BOOST_TEST_DONT_PRINT_LOG_VALUE(chainrule::lang::result_kind)

BOOST_AUTO_TEST_SUITE(session_suite)

// ---------------------------------------------------------------------------------- errors

const error_case error_cases[] = {
    // eval
    {"input x, y\neval x*y at x = 1", 2, 6, "eval needs a value for y: add it after 'at'"},
    {"input x, v[3]\neval x + v[1] at x = 1", 2, 6, "eval needs a value for v[1]: add it after 'at'"},
    {"input x, y\neval x + y", 2, 6, "eval needs a value for x, y: add them after 'at'"},
    {"input x\neval 1/(x - 1) at x = 1", 2, 6, "the value is undefined at this point: division by zero"},
    {"input x\neval log(x) at x = 0", 2, 6, "log of the constant 0 is undefined"},
    {"input x\neval log(sin(x) - sin(1)) at x = 1", 2, 6, "log(0)"},
    {"input x\neval sqrt(x) at x = -4", 2, 6, "sqrt of the negative constant -4"},
    {"eval exp(1)*exp(-1) - 1", 1, 6, "cannot be computed reliably: at 10018 digits of working precision not one digit is certain"},
    {"input x\ny = x + 1\neval y at y = 1", 3, 11, "cannot bind 'y': it is a definition"},
    {"input x\neval x at x = 1, x = 2", 2, 18, "'x' is bound twice"},
    {"input weight\neval weight at wieght = 1", 2, 16, "'wieght' is not an input or a param (did you mean 'weight'?)"},
    {"input v[2]\neval v at v = 1", 2, 15, "'v' is a vector[2]: its value must be a vector[2], got a scalar"},
    {"input x, y\neval x at x = y", 2, 15, "the value of 'x' must be exact rational numbers"},
    {"eval exp(2^(2^40))", 1, 6, "exp gives no finite enclosure"},
    {"eval sin(2^(2^40))", 1, 6, "cannot be computed reliably: at 10018 digits of working precision not one digit is certain"},
    {"eval 0^(-(2^63))", 1, 6, "division by zero: 0 raised to the power -9223372036854775808"},
    // declarations
    {"input x\nparam x", 2, 7, "redefinition of 'x', already an input (at t.chain:1:7)"},
    {"input x\nx = 2", 2, 1, "redefinition of 'x', already an input"},
    {"const c = 1\nconst c = 2", 2, 7, "redefinition of 'c', already a constant (at t.chain:1:7)"},
    {"input x, y, x", 1, 13, "'x' is declared twice in this statement"},
    {"input x[100000001]", 1, 7, "'x' would have more than 100000000 elements (the limit of the matrix form: --limit tensor-elements=N raises it)"},
    {"input X[100000,100000]", 1, 7, "'X' would have more than 100000000 elements (the limit of the matrix form: --limit tensor-elements=N raises it)"},
    {"input x\nconst c = x + 1", 2, 11, "the value of const 'c' must be an exact rational number"},
    {"const c = sqrt(2)", 1, 11, "must be an exact rational number"},
    {"param w ~ normal(0, -1)", 1, 21, "the standard deviation of normal must be at least 0: got -1"},
    {"param w ~ uniform(1, 0)", 1, 11, "uniform(low, high) needs low <= high"},
    {"input x\nparam w ~ normal(x, 1)", 2, 18, "the mean of normal must be an exact rational number"},
    // show
    {"input v[2]\nshow v as steps", 2, 6, "show ... as steps needs a scalar expression: this one is a vector[2]"},
    {"show q", 1, 6, "undefined name 'q'"},
    // parse errors become results too
    {"input x\nz = x +", 2, 8, "expected an expression"},
};

BOOST_DATA_TEST_CASE(every_error_has_its_line_and_column, boost::unit_test::data::make(error_cases), c) {
    session s;
    const std::vector<result> results = s.run_program(c.program, "t.chain");
    const result* error = nullptr;
    for (const result& r : results)
        if (!error && r.kind() == result_kind::error) error = &r;
    BOOST_REQUIRE_MESSAGE(error, "no error");
    const diagnostic& d = error->as<error_result>().error;
    BOOST_TEST(d.file == "t.chain");
    BOOST_TEST(error->line() == c.line);
    BOOST_TEST(d.span.line == c.line);
    BOOST_TEST(d.span.column == c.column);
    BOOST_TEST(d.message.find(c.message) != std::string::npos, d.message);
}

BOOST_AUTO_TEST_CASE(huge_values_are_refused_quickly) {
    session s;
    s.run_program("input x\n", "t.chain");
    const char* const statements[] = {
        "eval 2^(2^40)",          "eval exp(2^(2^40))",       "eval sin(2^(2^40))",
        "eval 2^(2^40) - 2^(2^40) + x at x = 1", "eval x^(2^62) at x = 3/2",      "eval (1/3)^(10^2000)",
        "eval 10^1000 * 10^1000 * 10^1000", "eval tan(10^2000) digits 1000",  "eval x^(1/2^40) at x = 7",
        "eval 2^(2^63)", "eval (3/2)^(2^62) - x at x = 1", "eval exp(-(2^(2^40)))",
    };
    for (const char* text : statements) {
        const auto start = std::chrono::steady_clock::now();
        const result r = last(s, text);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        BOOST_TEST(seconds < 0.5, text << " took " << seconds << " s");
        BOOST_TEST_MESSAGE(text << ": " << (r.ok() ? r.as<eval_result>().elements[0].decimal : r.as<error_result>().error.message));
    }
}

BOOST_AUTO_TEST_CASE(the_variable_elements_of_a_session_are_limited) {
    session_options options;
    options.max_variable_elements = 1000;
    session s(options);
    BOOST_TEST(last(s, "input a[600]").ok());
    const result r = last(s, "param b[300], c[200]");
    BOOST_REQUIRE(r.kind() == result_kind::error);
    BOOST_TEST(r.as<error_result>().error.message.find("more than 1000 elements in all") != std::string::npos);
    BOOST_TEST(!s.symbols().find("b"));  // nothing of the failed statement was declared
    BOOST_TEST(last(s, "param b[300]").ok());
}

// ---------------------------------------------------------------------------------- recovery

BOOST_AUTO_TEST_CASE(an_error_leaves_the_statements_before_and_after_intact) {
    session s;
    const std::vector<result> r = s.run_program("input x\nz = q + 1\ny = x + 1\ngrad y wrt x\n", "t.chain");
    BOOST_REQUIRE_EQUAL(r.size(), 4u);
    BOOST_TEST(r[0].ok());
    BOOST_TEST(r[1].kind() == result_kind::error);
    BOOST_TEST(r[1].line() == 2);
    BOOST_TEST(r[2].ok());
    BOOST_TEST(r[3].ok());
    BOOST_TEST(s.model().is_constant(r[3].as<grad_result>().partials[0].partial, 1));
    BOOST_TEST(s.symbols().find("x"));
    BOOST_TEST(!s.symbols().find("z"));
    BOOST_TEST(s.symbols().find("y"));
    // the failed name can be defined later
    BOOST_TEST(last(s, "z = y * 2").ok());
}

BOOST_AUTO_TEST_CASE(a_failed_declaration_declares_nothing) {
    session s;
    BOOST_TEST(last(s, "input a, b[200000000]").kind() == result_kind::error);
    BOOST_TEST(!s.symbols().find("a"));
    BOOST_TEST(!s.model().find_variable("a"));
    BOOST_TEST(last(s, "param a").ok());  // not "already exists as an input"
    BOOST_TEST(last(s, "param p ~ normal(0, -1)").kind() == result_kind::error);
    BOOST_TEST(!s.model().find_variable("p"));
}

BOOST_AUTO_TEST_CASE(parse_errors_are_results_in_source_order) {
    session s;
    const std::vector<result> r = s.run_program("input x\nz = x +\ny = x*2\nw = x x\ngrad y wrt x\n", "t.chain");
    BOOST_REQUIRE_EQUAL(r.size(), 5u);
    const int lines[] = {1, 2, 3, 4, 5};
    for (std::size_t i = 0; i < r.size(); ++i) BOOST_TEST(r[i].line() == lines[i]);
    BOOST_TEST(r[1].kind() == result_kind::error);
    BOOST_TEST(!r[1].statement.has_value());
    BOOST_TEST(r[3].kind() == result_kind::error);
    BOOST_TEST(r[4].ok());
}

BOOST_AUTO_TEST_CASE(repl_runs_one_statement_at_a_time) {
    session s;
    BOOST_TEST(!s.run_line("   # a comment", "<repl>", 1).has_value());
    BOOST_TEST(s.run_line("input x, y", "<repl>", 1)->ok());
    BOOST_TEST(s.run_line("L = x^2*y", "<repl>", 2)->ok());
    const std::optional<result> bad = s.run_line("M = L +", "<repl>", 3);
    BOOST_REQUIRE(bad && bad->kind() == result_kind::error);
    BOOST_TEST(bad->as<error_result>().error.span.line == 3);
    // the shorthand dL/dx is a derivative because the session knows L and x
    const std::optional<result> r = s.run_line("eval dL/dx at x = 3, y = 1/2", "<repl>", 4);
    BOOST_REQUIRE(r && r->ok());
    BOOST_TEST(*r->as<eval_result>().elements[0].rational_value == rational(3));
    // a statement over two lines
    const std::optional<result> two = s.run_line("eval (x +\n y) at x = 1, y = 2", "<repl>", 5);
    BOOST_REQUIRE(two && two->ok());
    BOOST_TEST(*two->as<eval_result>().elements[0].rational_value == rational(3));
}

// one error, one message: uses of a name whose definition failed point back to that line
// instead of a cascade of "undefined name"; defining the name later clears it
BOOST_AUTO_TEST_CASE(a_failed_definition_is_named_by_its_later_uses) {
    session s;
    const auto r = s.run_program("input x\nh = undefind + x\nk = h*2\ngrad k wrt x\nh = 3*x\neval h at x = 1\n", "t.chain");
    BOOST_REQUIRE(r.size() == 6u);
    BOOST_TEST(message_of(r[1]).find("undefined name 'undefind'") != std::string::npos);
    BOOST_TEST(message_of(r[2]) == "'h' has no value: its definition at line 2 failed (see the error there)");
    BOOST_TEST(message_of(r[3]) == "'k' has no value: its definition at line 3 failed (see the error there)");
    BOOST_TEST(r[4].ok());
    BOOST_TEST(r[5].ok());
    // a name that was never defined is still undefined
    BOOST_TEST(message_of(last(s, "eval q")).find("undefined name 'q'") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
