// The session: statements in order with results as data; eval's exact values against GiNaC's
// subs and its decimals against GiNaC's evalf; every error kind with its line:col; recovery
// (a failed statement changes nothing and the others still run); the REPL path; show's formats.

#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/lang/session.hpp"

#include <boost/test/data/test_case.hpp>
#include "../../support/ginac_oracle.hpp"

#include <boost/test/unit_test.hpp>

#include <ginac/ginac.h>

#include <chrono>
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

// GiNaC's evalf of e at `digits` digits (GiNaC::Digits restored afterwards).
GiNaC::numeric evalf(const GiNaC::ex& e, long digits) {
    const long saved = GiNaC::Digits;
    GiNaC::Digits = digits;
    const GiNaC::ex v = e.evalf();
    GiNaC::Digits = saved;
    BOOST_REQUIRE(GiNaC::is_a<GiNaC::numeric>(v));
    return GiNaC::ex_to<GiNaC::numeric>(v);
}

// The exact rational a decimal string stands for ("-0.125", "1.5e-40").
rational read_decimal(const std::string& text) {
    return text[0] == '-' ? rational(-parse_decimal(text.substr(1))) : parse_decimal(text);
}

// The error message of r, or "" when r is no error.
std::string message_of(const result& r) { return r.kind() == result_kind::error ? r.as<error_result>().error.message : ""; }

// The last result of running `text` in s.
result last(session& s, const std::string& text) { return s.run_program(text, "t.chain").back(); }

const char* const neuron = R"(input x, y
param w, b
z = w*x + b
a = sigmoid(z)
L = (a - y)^2 / 2
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(session_suite)

// ---------------------------------------------------------------------------------- eval

struct exact_case {
    const char* expression;  ///< over x and y
    long x_num, x_den, y_num, y_den;
};

std::ostream& operator<<(std::ostream& out, const exact_case& c) { return out << c.expression; }

const exact_case exact_cases[] = {
    {"(x^2*y - 3*x)/(y + 1)", 1, 2, 2, 3},
    {"d((x^2*y - 3*x)/(y + 1))/d(x)", 1, 2, 2, 3},
    {"d(d(x^3*y^2 + x/y)/d(x))/d(y)", -3, 4, 5, 7},
    {"relu(x - y) + step(y) + abs(x) + max(x, y)*min(x, y)", 1, 3, -1, 5},
    {"d(x^4)/d(x) + sqrt(x^2) + (x + y)^(-2)", 9, 4, 1, 4},
};

BOOST_DATA_TEST_CASE(eval_exact_rationals_match_ginac_subs, boost::unit_test::data::make(exact_cases), c) {
    session s;
    BOOST_REQUIRE(last(s, "input x, y").ok());
    const std::string point = " at x = " + std::to_string(c.x_num) + "/" + std::to_string(c.x_den) + ", y = " +
                              std::to_string(c.y_num) + "/" + std::to_string(c.y_den);
    const result r = last(s, std::string("eval ") + c.expression + point);
    BOOST_REQUIRE_MESSAGE(r.ok(), message_of(r));
    const eval_result& e = r.as<eval_result>();
    BOOST_REQUIRE_EQUAL(e.elements.size(), 1u);
    BOOST_REQUIRE(e.elements[0].rational_value.has_value());
    BOOST_TEST(s.model().is_constant(e.elements[0].exact));
    // the oracle: the same expression read back from the lowering, evaluated by GiNaC's subs
    const result defined = last(s, std::string("f") + std::to_string(s.symbols().all().size()) + " = " + c.expression);
    BOOST_REQUIRE(defined.ok());
    oracle o;
    const GiNaC::ex f = o(s.model(), defined.as<declaration_result>().names[0].value.node());
    const GiNaC::ex at = f.subs(GiNaC::lst{o.symbol("x") == GiNaC::numeric(c.x_num, c.x_den),
                                          o.symbol("y") == GiNaC::numeric(c.y_num, c.y_den)});
    BOOST_REQUIRE(GiNaC::is_a<GiNaC::numeric>(at));
    BOOST_TEST((GiNaC::ex_to<GiNaC::numeric>(at).to_cl_N() == cln::cl_N(*e.elements[0].rational_value)));
    BOOST_TEST(e.elements[0].decimal == to_decimal(*e.elements[0].rational_value, 20));
}

BOOST_AUTO_TEST_CASE(eval_exact_gradient_against_ginac_diff) {
    session s;
    s.run_program("input x, y\nf = (x^2*y - 3*x)/(y + 1)\n", "t.chain");
    const result r = last(s, "eval d(f)/d(y) at x = 1/2, y = 2/3");
    BOOST_REQUIRE(r.ok());
    const GiNaC::realsymbol x("x"), y("y");
    const GiNaC::ex expected = GiNaC::diff((x * x * y - 3 * x) / (y + 1), y).subs(GiNaC::lst{x == GiNaC::numeric(1, 2), y == GiNaC::numeric(2, 3)});
    BOOST_TEST((GiNaC::ex_to<GiNaC::numeric>(expected).to_cl_N() == cln::cl_N(*r.as<eval_result>().elements[0].rational_value)));
}

struct decimal_case {
    const char* program;  ///< ends with one eval statement
    const char* oracle;   ///< the same value as a definition `v = ...` of the same program
    int digits;
};

std::ostream& operator<<(std::ostream& out, const decimal_case& c) { return out << c.oracle; }

const decimal_case decimal_cases[] = {
    {"eval d(L)/d(w) at x = 1/2, y = 1, w = 3, b = -1", "d(L)/d(w)", 20},
    {"eval d(L)/d(b) at x = 1/2, y = 1, w = 3, b = -1 digits 50", "d(L)/d(b)", 50},
    {"eval L at x = 0.1, y = 1, w = 2, b = 0.25 digits 7", "L", 7},
    {"eval sigmoid(5/2)", "sigmoid(5/2)", 20},
    {"eval softplus(3) + tanh(1/3) - cosh(2) digits 40", "softplus(3) + tanh(1/3) - cosh(2)", 40},
    {"eval log(7) * sqrt(3) / exp(2) + sin(1) + cos(1/2) + tan(1/5) digits 25",
     "log(7) * sqrt(3) / exp(2) + sin(1) + cos(1/2) + tan(1/5)", 25},
    {"eval exp(-1000) digits 10", "exp(-1000)", 10},
    {"eval 2^(1/3) + (3/2)^(-5/7)", "2^(1/3) + (3/2)^(-5/7)", 20},
    {"eval d(d(L)/d(w))/d(w) at x = 2, y = 0, w = 1/2, b = 1/3 digits 30", "d(d(L)/d(w))/d(w)", 30},
};

BOOST_DATA_TEST_CASE(eval_decimals_match_ginac_evalf, boost::unit_test::data::make(decimal_cases), c) {
    session s;
    s.run_program(neuron, "t.chain");
    const result r = last(s, c.program);
    BOOST_REQUIRE_MESSAGE(r.ok(), message_of(r));
    const eval_result& e = r.as<eval_result>();
    BOOST_TEST(e.digits == c.digits);
    // the oracle: GiNaC's evalf of the expression with the point substituted exactly
    const result v = last(s, std::string("oracle_value = ") + c.oracle);
    BOOST_REQUIRE(v.ok());
    oracle o;
    GiNaC::exmap point;
    for (const auto& [name, q] : e.point) point[o.symbol(name)] = GiNaC::numeric(cln::cl_N(q));
    const GiNaC::numeric expected =
        evalf(o(s.model(), v.as<declaration_result>().names[0].value.node()).subs(point), c.digits + 40);
    const rational shown = read_decimal(e.elements[0].decimal);
    const GiNaC::numeric error = GiNaC::abs(GiNaC::numeric(cln::cl_N(shown)) - expected);
    // rounded to `digits` significant digits: within half a unit of the last digit
    BOOST_TEST((error <= GiNaC::abs(expected) * GiNaC::numeric(10).power(-(c.digits - 1))),
               e.elements[0].decimal << " vs " << expected);
    BOOST_TEST(!e.elements[0].rational_value.has_value());
}

BOOST_AUTO_TEST_CASE(eval_keeps_the_exact_closed_form) {
    session s;
    const result r = last(s, "eval sigmoid(5/2)");
    BOOST_REQUIRE(r.ok());
    const exact_value& v = r.as<eval_result>().elements[0];
    BOOST_TEST(s.model().kind(v.exact) == op::sigmoid);
    BOOST_TEST(s.model().is_constant(s.model().at(v.exact).lhs, rational(5) / 2));
    BOOST_TEST(v.decimal == "0.92414181997875644881");
    // a closed form that GiNaC evaluates to a rational becomes that rational
    const result two = last(s, "eval sqrt(2)^2 + sigmoid(0)");
    BOOST_REQUIRE(two.ok());
    BOOST_TEST(*two.as<eval_result>().elements[0].rational_value == rational(5) / 2);
}

BOOST_AUTO_TEST_CASE(eval_vectors_and_matrices) {
    session s;
    s.run_program("input x[2]\nparam W[2,2], b[2]\nh = W @ x + b\n", "t.chain");
    const result r = last(s, "eval h at W = [[1, 2], [3, 4]], x = [1, -1/2], b = [0, 1/3]");
    BOOST_REQUIRE(r.ok());
    const eval_result& e = r.as<eval_result>();
    BOOST_TEST(e.dims == shape::vector(2));
    BOOST_TEST(*e.elements[0].rational_value == rational(0));
    BOOST_TEST(*e.elements[1].rational_value == rational(4) / 3);
    BOOST_REQUIRE_EQUAL(e.point.size(), 8u);
    BOOST_TEST(e.point[1].first == "W[0,1]");
    BOOST_TEST(e.point[5].first == "x[1]");
    BOOST_TEST(e.point[5].second == rational(-1) / 2);
    // a value that does not depend on the unbound variables needs no binding for them
    BOOST_TEST(last(s, "eval d(h[0])/d(b[0])").ok());
}

// ---------------------------------------------------------------------------------- errors

struct error_case {
    const char* program;
    int line;
    int column;
    const char* message;  ///< a fragment of the message
};

std::ostream& operator<<(std::ostream& out, const error_case& c) { return out << c.message; }

const error_case error_cases[] = {
    // eval
    {"input x, y\neval x*y at x = 1", 2, 6, "eval needs a value for y: add it after 'at'"},
    {"input x, v[3]\neval x + v[1] at x = 1", 2, 6, "eval needs a value for v[1]: add it after 'at'"},
    {"input x, y\neval x + y", 2, 6, "eval needs a value for x, y: add them after 'at'"},
    {"input x\neval 1/(x - 1) at x = 1", 2, 6, "the value is undefined at this point: division by zero"},
    {"input x\neval log(x) at x = 0", 2, 6, "log of the constant 0 is undefined"},
    {"input x\neval log(sin(x) - sin(1)) at x = 1", 2, 6, "log(0)"},
    {"input x\neval sqrt(x) at x = -4", 2, 6, "sqrt of the negative constant -4"},
    {"eval exp(1)*exp(-1) - 1", 1, 6, "cannot be computed reliably to 20 digits"},
    {"input x\ny = x + 1\neval y at y = 1", 3, 11, "cannot bind 'y': it is a definition"},
    {"input x\neval x at x = 1, x = 2", 2, 18, "'x' is bound twice"},
    {"input weight\neval weight at wieght = 1", 2, 16, "'wieght' is not an input or a param (did you mean 'weight'?)"},
    {"input v[2]\neval v at v = 1", 2, 15, "'v' is a vector[2]: its value must be a vector[2], got a scalar"},
    {"input x, y\neval x at x = y", 2, 15, "the value of 'x' must be exact rational numbers"},
    {"eval 2^(2^40)", 1, 6, "too far from 1 to show as a decimal"},
    {"eval exp(2^(2^40))", 1, 6, "beyond the floating-point range"},
    {"eval sin(2^(2^40))", 1, 6, "cannot be evaluated"},
    {"eval exp(10^100)", 1, 6, "exp of a number near 10^100 is beyond the floating-point range"},
    {"eval 2^(2^63)", 1, 6, "overflows the floating-point range"},
    {"eval 0^(-(2^63))", 1, 6, "division by zero: 0 raised to a negative power"},
    // declarations
    {"input x\nparam x", 2, 7, "redefinition of 'x', already an input (at t.chain:1:7)"},
    {"input x\nx = 2", 2, 1, "redefinition of 'x', already an input"},
    {"const c = 1\nconst c = 2", 2, 7, "redefinition of 'c', already a constant (at t.chain:1:7)"},
    {"input x, y, x", 1, 13, "'x' is declared twice in this statement"},
    {"input x[100001]", 1, 7, "'x' would have more than 100000 elements (the limit)"},
    {"input X[1000,1000]", 1, 7, "'X' would have more than 100000 elements (the limit)"},
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
    BOOST_TEST(last(s, "input a, b[200000]").kind() == result_kind::error);
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

struct unavailable_case {
    const char* text;
    statement_kind kind;
    const char* issue;
};

std::ostream& operator<<(std::ostream& out, const unavailable_case& c) { return out << c.text; }

const unavailable_case unavailable_cases[] = {
    {"assume x > 0", statement_kind::assume, "verification"},
    {"claim d(L)/d(w) = (a - y)*a*(1 - a)*x", statement_kind::claim, "verification"},
    {"check L", statement_kind::check, "verification"},
    {"data \"xor.csv\"", statement_kind::data, "training"},
    {"train L by adam(lr = 0.05) epochs 500 batch 4 seed 1", statement_kind::train, "training"},
    {"save \"p.json\"", statement_kind::save, "training"},
    {"load \"p.json\"", statement_kind::load, "training"},
};

BOOST_DATA_TEST_CASE(later_statements_say_they_are_not_available_yet, boost::unit_test::data::make(unavailable_cases), c) {
    session s;
    s.run_program(neuron, "t.chain");
    const std::size_t names = s.symbols().all().size();
    const std::vector<result> r = s.run_program(std::string(c.text) + "\ngrad L wrt w\n", "t.chain");
    BOOST_REQUIRE_EQUAL(r.size(), 2u);
    BOOST_REQUIRE(r[0].kind() == result_kind::unavailable);
    BOOST_TEST(!r[0].ok());
    BOOST_TEST((r[0].statement == c.kind));
    const std::string& message = r[0].as<unavailable_result>().message;
    BOOST_TEST(message.find("is not available yet") != std::string::npos, message);
    BOOST_TEST(message.find(c.issue) != std::string::npos, message);
    BOOST_TEST(r[1].ok());  // the file goes on
    BOOST_TEST(s.symbols().all().size() == names);
}

// ---------------------------------------------------------------------------------- results

BOOST_AUTO_TEST_CASE(declarations_record_shapes_and_initialisers) {
    session s;
    const std::vector<result> r = s.run_program(
        "input x[3]\nparam W[2,3], v ~ normal(0, 1/2)\nparam u ~ uniform(-1, 1)\nparam f ~ file(\"w0.json\")\nconst eps = 1/1000\nconst k = [1, 2]\nh = W @ x\n",
        "t.chain");
    for (const result& x : r) BOOST_REQUIRE(x.ok());
    const declaration_result& params = r[1].as<declaration_result>();
    BOOST_REQUIRE_EQUAL(params.names.size(), 2u);
    BOOST_TEST(params.names[0].value.dims == shape::matrix(2, 3));
    BOOST_TEST(params.names[0].kind == symbol_kind::param);
    BOOST_REQUIRE(params.names[0].init.has_value());
    BOOST_TEST((params.names[0].init->kind == initialiser_kind::normal));
    BOOST_TEST(params.names[0].init->arguments[1] == rational(1) / 2);
    BOOST_TEST(s.model().variable_of(params.names[0].value.elements[5]).name == "W[1,2]");
    BOOST_TEST((s.model().variable_of(params.names[0].value.elements[5]).kind == variable_kind::param));
    BOOST_TEST(s.model().variable_of(r[0].as<declaration_result>().names[0].value.elements[2]).name == "x[2]");
    BOOST_TEST((s.symbols().find("u")->init->kind == initialiser_kind::uniform));
    BOOST_TEST(s.symbols().find("f")->init->path == "w0.json");
    BOOST_TEST(s.model().is_constant(s.symbols().find("eps")->value.node(), rational(1) / 1000));
    BOOST_TEST(s.symbols().find("k")->value.dims == shape::vector(2));
    BOOST_TEST((s.symbols().find("h")->kind == symbol_kind::definition));
    BOOST_TEST(s.symbols().find("h")->value.dims == shape::vector(2));
}

BOOST_AUTO_TEST_CASE(grad_names_the_users_intermediates) {
    session s;
    s.run_program(neuron, "t.chain");
    const result r = last(s, "grad L wrt w, b, a");
    BOOST_REQUIRE(r.ok());
    const grad_result& g = r.as<grad_result>();
    BOOST_TEST(g.of == "L");
    oracle o;
    const GiNaC::ex a = o.symbol("a"), y = o.symbol("y"), x = o.symbol("x");
    // in the display graph, a is a variable: dL/dw reads (a - y)*a*(1 - a)*x
    BOOST_TEST(same(o(s.display(), g.partials[0].named), (a - y) * a * (1 - a) * x));
    BOOST_TEST(same(o(s.display(), g.partials[1].named), (a - y) * a * (1 - a)));
    BOOST_TEST(same(o(s.display(), g.partials[2].named), a - y));
    BOOST_TEST(g.partials[2].kind == symbol_kind::definition);
    // the intermediates, output first: a, then z
    BOOST_REQUIRE_EQUAL(g.intermediates.size(), 2u);
    BOOST_TEST(g.intermediates[0].name == "a");
    BOOST_TEST(g.intermediates[1].name == "z");
    BOOST_TEST(same(o(s.display(), g.intermediates[1].named), (a - y) * a * (1 - a)));
    // the names table knows the definitions' nodes
    BOOST_REQUIRE(g.names.find(s.symbols().find("z")->value.node()));
    BOOST_TEST(*g.names.find(s.symbols().find("z")->value.node()) == "z");
    BOOST_TEST(!g.names.find(s.symbols().find("x")->value.node()));
    // and the model-graph partial is the expanded one
    BOOST_TEST(same(o(s.model(), g.partials[0].partial), o(s.model(), last(s, "q = d(L)/d(w)").as<declaration_result>().names[0].value.node())));
}

BOOST_AUTO_TEST_CASE(a_definitions_display_names_earlier_definitions) {
    session s;
    s.run_program(neuron, "t.chain");
    const node_id L = s.symbols().find("L")->value.node();
    const std::vector<result> r = s.run_program("show L\nshow L as latex\nshow L as graph\n", "t.chain");
    oracle o;
    for (const result& x : r) {
        BOOST_REQUIRE(x.ok());
        const show_result& sh = x.as<show_result>();
        BOOST_TEST(sh.value.node() == L);
        BOOST_TEST(same(o(s.display(), sh.named[0]), GiNaC::pow(o.symbol("a") - o.symbol("y"), 2) / 2));
    }
    BOOST_TEST((r[1].as<show_result>().format == show_format::latex));
    BOOST_TEST(!r[0].as<show_result>().trace.has_value());
}

BOOST_AUTO_TEST_CASE(show_as_steps_gives_the_chain_trace) {
    session s;
    s.run_program(neuron, "t.chain");
    const result r = last(s, "show L as steps");
    BOOST_REQUIRE(r.ok());
    const show_result& sh = r.as<show_result>();
    BOOST_REQUIRE(sh.trace.has_value());
    const node_id L = s.symbols().find("L")->value.node();
    BOOST_TEST(sh.trace->output == L);
    const adjoint_table adjoints = reverse_adjoints(s.model(), L);
    BOOST_TEST(sh.trace->nodes.size() == adjoints.nodes().size());
    for (const trace_node& n : sh.trace->nodes) BOOST_TEST(n.adjoint == adjoints[n.id]);
    BOOST_TEST(sh.names.find(s.symbols().find("a")->value.node()));
}

BOOST_AUTO_TEST_CASE(show_as_c_gives_the_value_and_gradient_program) {
    session s;
    s.run_program(neuron, "t.chain");
    const result r = last(s, "show L as c");
    BOOST_REQUIRE(r.ok());
    const show_result& sh = r.as<show_result>();
    BOOST_REQUIRE(sh.program.has_value());
    BOOST_REQUIRE_EQUAL(sh.program_outputs.size(), 3u);
    BOOST_TEST(sh.program_outputs[0].label == "L");
    BOOST_TEST(!sh.program_outputs[0].wrt.has_value());
    BOOST_TEST(*sh.program_outputs[1].wrt == "w");
    BOOST_TEST(*sh.program_outputs[2].wrt == "b");
    BOOST_REQUIRE_EQUAL(sh.program->outputs.size(), 3u);
    oracle o;
    const GiNaC::ex L = o(s.model(), sh.program_outputs[0].node);
    BOOST_TEST(same(o(s.model(), sh.program_outputs[1].node), L.diff(o.symbol("w"))));
    // without params, the partials are taken with respect to the inputs
    const result q = last(s, "show x^2*y as c");
    BOOST_REQUIRE(q.ok());
    BOOST_TEST(q.as<show_result>().program_outputs.size() == 3u);
    // a vector: its elements, no partials
    s.run_program("input v[2]\nh = 2*v\n", "t.chain");
    const result h = last(s, "show h as c");
    BOOST_REQUIRE(h.ok());
    BOOST_REQUIRE_EQUAL(h.as<show_result>().program_outputs.size(), 2u);
    BOOST_TEST(h.as<show_result>().program_outputs[1].label == "h[1]");
    BOOST_TEST(last(s, "show v + h as c").as<show_result>().program_outputs[0].label == "(v + h)[0]");
}

BOOST_AUTO_TEST_CASE(results_carry_the_statement_span) {
    session s;
    const std::vector<result> r = s.run_program("\n\ninput x\n  eval (x +\n    1) at x = 2\n", "f.chain");
    BOOST_REQUIRE_EQUAL(r.size(), 2u);
    BOOST_TEST(r[0].line() == 3);
    BOOST_TEST(r[1].line() == 4);
    BOOST_TEST(r[1].span.column == 3);
    BOOST_TEST(r[1].span.end_line == 5);
    BOOST_TEST(r[1].file == "f.chain");
    BOOST_TEST(r[1].as<eval_result>().expression == "(x + 1)");
    BOOST_TEST((r[1].statement == statement_kind::eval));
}

BOOST_AUTO_TEST_SUITE_END()
