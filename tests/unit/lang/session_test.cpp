// The session: statements in order with results as data; eval's exact values against GiNaC's
// subs and its decimals against GiNaC's evalf; every error kind with its line:col; recovery
// (a failed statement changes nothing and the others still run); the REPL path; show's formats.

#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/graph/ginac_functions.hpp"
#include "chainrule/lang/session.hpp"

#include <boost/test/data/test_case.hpp>
#include "../../support/ginac_oracle.hpp"
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

#include <ginac/ginac.h>

#include <chrono>
#include <map>
#include <ostream>
#include <string>
#include <vector>

using namespace chainrule;
using namespace chainrule::lang;
using chainrule::lang_testing::last;
using chainrule::lang_testing::message_of;
using chainrule::lang_testing::neuron;

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

// sign(x): 1, -1, or 0 at 0, exact; its derivative is 0 and abs's is sign, so grad's partials
// are sign nodes (against GiNaC: the same function as the hand-written oracle).
BOOST_AUTO_TEST_CASE(a_program_using_sign) {
    session s;
    s.run_program("input x, y\nparam w\nf = w*sign(x - y) + abs(x)*y\n", "t.chain");
    const std::pair<const char*, long> signs[] = {{"-2", -1}, {"0", 0}, {"3", 1}, {"-1/1000000", -1}};
    for (const auto& [at, want] : signs) {
        const result r = last(s, std::string("eval sign(x) at x = ") + at);
        BOOST_REQUIRE_MESSAGE(r.ok(), message_of(r));
        const exact_value& v = r.as<eval_result>().elements[0];
        BOOST_REQUIRE(v.rational_value.has_value());
        BOOST_TEST(*v.rational_value == want, "sign(" << at << ")");
    }
    // f = 3 sign(-1/2) + (1/2) 1 = -5/2
    const result f = last(s, "eval f at x = 1/2, y = 1, w = 3");
    BOOST_REQUIRE(f.ok());
    BOOST_TEST(*f.as<eval_result>().elements[0].rational_value == rational(-5) / 2);
    // df/dx = w sign'(x - y) + sign(x) y = sign(x) y: 0 at x = 0, whatever y
    const result at0 = last(s, "eval d(f)/d(x) at x = 0, y = 2, w = 1");
    BOOST_REQUIRE(at0.ok());
    BOOST_TEST(*at0.as<eval_result>().elements[0].rational_value == 0);
    const result at1 = last(s, "eval d(f)/d(x) at x = -3, y = 2, w = 1");
    BOOST_TEST(*at1.as<eval_result>().elements[0].rational_value == -2);
    // grad: df/dw = sign(x - y), df/dx = sign(x) y, df/dy = -w sign'(x - y) + abs(x) = abs(x)
    const result r = last(s, "grad f wrt w, x, y");
    BOOST_REQUIRE_MESSAGE(r.ok(), message_of(r));
    const grad_result& g = r.as<grad_result>();
    BOOST_REQUIRE_EQUAL(g.partials.size(), 3u);
    oracle o;
    const GiNaC::ex X = o.symbol("x"), Y = o.symbol("y");
    BOOST_TEST(same(o(s.model(), g.partials[0].partial), gfn::sign(X - Y)));
    BOOST_TEST(same(o(s.model(), g.partials[1].partial), gfn::sign(X) * Y));
    BOOST_TEST(same(o(s.model(), g.partials[2].partial), GiNaC::abs(X)));
    BOOST_TEST(s.model().kind(g.partials[0].partial) == op::sign);
    // sign takes one argument
    const result two = last(s, "eval sign(x, y) at x = 1, y = 2");
    BOOST_TEST(!two.ok());
    BOOST_TEST(message_of(two).find("sign") != std::string::npos, message_of(two));
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
