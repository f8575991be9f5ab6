// Statements: every kind with its fields, multi-line statements, whole programs.

#include "sexpr.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>

using namespace chainrule;
using namespace chainrule::lang;
using lang_test::sexpr;
using lang_test::stmt;

namespace {

struct statement_case {
    const char* text;
    const char* tree;
};

std::ostream& operator<<(std::ostream& out, const statement_case& c) { return out << c.text; }

const statement_case statement_cases[] = {
    {"input x, y", "(input x y)"},
    {"input x[3]", "(input (x 3))"},
    {"input X[2,3], y", "(input (X 2 3) y)"},
    {"param w, b", "(param w b)"},
    {"param W[2,3] ~ normal(0, 1/2)", "(param (W 2 3) ~ (normal 0 (/ 1 2)))"},
    {"param w, b ~ uniform(-1, 1)", "(param w b ~ (uniform (neg 1) 1))"},
    {"param W[2, 3] ~ file(\"w0.json\")", "(param (W 2 3) ~ (file \"w0.json\"))"},
    {"const eps = 1/1000", "(const eps (/ 1 1000))"},
    {"const half = 0.5", "(const half 1/2)"},
    {"z = w*x + b", "(= z (+ (* w x) b))"},
    {"a = sigmoid(z)", "(= a (sigmoid z))"},
    {"L = (a - y)^2 / 2", "(= L (/ (^ (- a y) 2) 2))"},
    {"h = W @ x", "(= h (@ W x))"},
    {"grad L wrt w, b", "(grad L wrt w b)"},
    {"grad L wrt W[0,1], b", "(grad L wrt (W 0 1) b)"},
    {"grad (a - y)^2 wrt w", "(grad (^ (- a y) 2) wrt w)"},
    {"eval d(L)/d(w) at x = 1/2, y = 1, w = 3, b = -1",
     "(eval (d L w) at (x (/ 1 2)) (y 1) (w 3) (b (neg 1)))"},
    {"eval L at x = [1, 2, 3] digits 30", "(eval L at (x (vector 1 2 3)) digits 30)"},
    {"eval L digits 5 at x = 0.25", "(eval L at (x 1/4) digits 5)"},
    {"eval 1/3", "(eval (/ 1 3))"},
    {"show L", "(show L as text)"},
    {"show L as text", "(show L as text)"},
    {"show L as latex", "(show L as latex)"},
    {"show L as steps", "(show L as steps)"},
    {"show L as graph", "(show L as graph)"},
    {"show d(L)/d(w) as c", "(show (d L w) as c)"},
    {"assume x > 0", "(assume (> x 0))"},
    {"assume sum(y) = 1", "(assume (= (sum y) 1))"},
    {"assume x >= 0, y <= 1, z < 2, u != 0, v == 3",
     "(assume (>= x 0) (<= y 1) (< z 2) (!= u 0) (= v 3))"},
    {"assume x ≥ 0, y ≤ 1, z ≠ 0", "(assume (>= x 0) (<= y 1) (!= z 0))"},
    {"claim d(L)/d(w) = (a - y)*a*(1 - a)*x", "(claim (d L w) (* (* (* (- a y) a) (- 1 a)) x))"},
    {"claim d(L)/d(W[i,j]) = h[i]*x[j]", "(claim (d L (W i j)) (* (index h i) (index x j)))"},
    {"claim A = B", "(claim A B)"},
    {"check L", "(check L)"},
    {"data \"xor.csv\"", "(data \"xor.csv\")"},
    {"data \"digits.csv\" test 0.2 seed 1", "(data \"digits.csv\" test 1/5 seed 1)"},
    {"data \"digits.csv\" seed 7 test 0.25", "(data \"digits.csv\" test 1/4 seed 7)"},
    {"data \"digits.csv\" test 0.5", "(data \"digits.csv\" test 1/2)"},
    {"eval L over test", "(eval L over test)"},
    {"eval L over data digits 5", "(eval L over data digits 5)"},
    {"eval argmax(z)", "(eval (argmax z))"},
    {"train L by adam(lr = 0.05) epochs 500 batch 4 seed 1",
     "(train L by (adam (lr 1/20)) epochs 500 batch 4 seed 1)"},
    {"train L by sgd seed 0 epochs 10", "(train L by (sgd) epochs 10 seed 0)"},
    {"train L by adam(lr = 1e-3, beta1 = 0.9) batch 8", "(train L by (adam (lr 1/1000) (beta1 9/10)) batch 8)"},
    {"train L by sgd()", "(train L by (sgd))"},
    {"save \"p.json\"", "(save \"p.json\")"},
    {"load \"p.json\"", "(load \"p.json\")"},
    {"data \"dir with spaces/a \\\"q\\\".csv\"", "(data \"dir with spaces/a \"q\".csv\")"},
    {"   # only a comment", "(nothing)"},
    {"", "(nothing)"},
    {"z = x  # a comment after a statement", "(= z x)"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(statements)

BOOST_DATA_TEST_CASE(every_statement_kind, boost::unit_test::data::make(statement_cases), c) {
    BOOST_TEST(stmt(c.text) == c.tree);
}

BOOST_AUTO_TEST_CASE(kinds_fields_and_spans) {
    const std::string text = "param W[2,3] ~ normal(0, 1/2)";
    const auto s = parse_statement(text, "t.chain");
    BOOST_REQUIRE(s.has_value());
    BOOST_TEST(s->kind() == statement_kind::param);
    BOOST_TEST(name(s->kind()) == "param");
    const auto& p = s->as<param_statement>();
    BOOST_TEST(p.names.size() == 1u);
    BOOST_TEST(p.names[0].shape == std::vector<long>({2, 3}));
    BOOST_TEST(span_text(text, p.names[0].span) == "W[2,3]");
    BOOST_TEST(span_text(text, p.names[0].name_span) == "W");
    BOOST_REQUIRE(p.init.has_value());
    BOOST_TEST(p.init->kind == initialiser_kind::normal);
    BOOST_TEST(span_text(text, p.init->span) == "normal(0, 1/2)");
    BOOST_TEST(s->span.column == 1);
    BOOST_TEST(s->span.end_column == static_cast<int>(text.size()) + 1);

    const std::string train = "train L by adam(lr = 0.05) epochs 500 batch 4 seed 1";
    const auto t = parse_statement(train, "t.chain");
    const auto& tr = t->as<train_statement>();
    BOOST_TEST(tr.optimizer.name == "adam");
    BOOST_TEST(tr.epochs->value == 500);
    BOOST_TEST(span_text(train, tr.epochs->span) == "500");
    BOOST_TEST(span_text(train, tr.optimizer.options[0].value->span) == "0.05");

    const auto show = parse_statement("show L as latex", "t");
    BOOST_TEST(show->as<show_statement>().format == show_format::latex);
    BOOST_TEST(show->as<show_statement>().format_span->column == 11);
    BOOST_TEST(!parse_statement("show L", "t")->as<show_statement>().format_span.has_value());

    const auto claim = parse_statement("claim A = B", "t");
    BOOST_TEST(claim->as<claim_statement>().equals_span.column == 9);

    const auto eval = parse_statement("eval L at x = 1 digits 30", "t");
    BOOST_TEST(eval->as<eval_statement>().digits->value == 30);
    BOOST_TEST(eval->as<eval_statement>().bindings[0].name_span.column == 11);
}

BOOST_AUTO_TEST_CASE(declared_names_of_each_kind) {
    const auto names = [](std::string_view text) { return declared_names(*parse_statement(text, "t")); };
    BOOST_TEST(names("input x, y[3]") == std::vector<std::string>({"x", "y"}));
    BOOST_TEST(names("param W[2,3], b ~ normal(0, 1)") == std::vector<std::string>({"W", "b"}));
    BOOST_TEST(names("const eps = 1/1000") == std::vector<std::string>({"eps"}));
    BOOST_TEST(names("z = x") == std::vector<std::string>({"z"}));
    BOOST_TEST(names("grad L wrt w").empty());
}

BOOST_AUTO_TEST_CASE(statements_continue_while_a_bracket_is_open) {
    const std::string text =
        "L = (a -\n"
        "     y)^2 / 2\n"
        "eval sigmoid(w*x\n"
        "             + b) at x = [1,\n"
        "  2, 3]\n"
        "param W[2,\n"
        "        3] ~ normal(0,   # comments inside are fine\n"
        "\n"
        "                    1)\n";
    const auto r = parse_program(text, "t.chain");
    BOOST_REQUIRE(r.ok());
    BOOST_REQUIRE(r.statements.size() == 3u);
    BOOST_TEST(sexpr(r.statements[0]) == "(= L (/ (^ (- a y) 2) 2))");
    BOOST_TEST(sexpr(r.statements[1]) == "(eval (sigmoid (+ (* w x) b)) at (x (vector 1 2 3)))");
    BOOST_TEST(sexpr(r.statements[2]) == "(param (W 2 3) ~ (normal 0 1))");
    BOOST_TEST(r.statements[0].span.line == 1);
    BOOST_TEST(r.statements[0].span.end_line == 2);
    BOOST_TEST(r.statements[1].span.line == 3);
    BOOST_TEST(r.statements[2].span.line == 6);
    BOOST_TEST(r.statements[2].span.end_line == 9);
    // without an open bracket a line break ends the statement
    BOOST_TEST(!parse_program("z = w*x +\n b\n", "t").ok());
}

BOOST_AUTO_TEST_CASE(completeness_for_a_repl) {
    BOOST_TEST(is_complete("z = w*x + b"));
    BOOST_TEST(is_complete(""));
    BOOST_TEST(!is_complete("z = sigmoid(w*x"));
    BOOST_TEST(!is_complete("eval L at x = [1, 2,"));
    BOOST_TEST(!is_complete("z = f(g(x)"));
    BOOST_TEST(is_complete("z = sigmoid(w*x\n  + b)"));
    BOOST_TEST(is_complete("z = (x  # ( in a comment )\n)"));
    BOOST_TEST(is_complete("data \"(\""));  // brackets in strings do not count
    BOOST_TEST(is_complete("z = x)"));      // complete, though malformed
    // a statement keyword starts a new statement, so the text is complete (and malformed)
    BOOST_TEST(is_complete("z = f(x,\ngrad z wrt x"));
}

// what the REPL's history keeps: one line, no comment, no control character, the same statement
BOOST_AUTO_TEST_CASE(one_line_for_a_repl_history) {
    BOOST_TEST(one_line("z = w*x + b") == "z = w*x + b");
    BOOST_TEST(one_line("  z = sigmoid(w*x   # the pre-activation\n      + b)  \n") == "z = sigmoid(w*x + b)");
    BOOST_TEST(one_line("data \"a#b.csv\"  # a comment") == "data \"a#b.csv\"");  // '#' in a string stays
    BOOST_TEST(one_line("eval f(x,\r\n\t y) at x = 1\x1b") == "eval f(x, y) at x = 1");
    BOOST_TEST(one_line("# only a comment").empty());
    for (const char* text : {"z = max(x,\n  y)  # c\n", "eval sum([1,\n2,  # two\n3]) digits 5"}) {
        const std::string line = one_line(text);
        BOOST_TEST(line.find('\n') == std::string::npos);
        BOOST_TEST(is_complete(line));
        BOOST_CHECK_NO_THROW(parse_statement(line, "<history>", {}, 1));
    }
}

BOOST_AUTO_TEST_CASE(repl_line_numbers_and_single_statements) {
    const auto s = parse_statement("z = x", "<repl>", {}, 7);
    BOOST_TEST(s->span.line == 7);
    try {
        parse_statement("z = x\ny = z", "<repl>", {}, 7);
        BOOST_ERROR("two statements accepted");
    } catch (const source_error& e) {
        BOOST_TEST(e.detail().span.line == 8);
        BOOST_TEST(e.detail().message == "expected a single statement, found another one starting with 'y'");
    }
    BOOST_TEST(!parse_statement("\n  # nothing\n\n", "<repl>").has_value());
}

BOOST_AUTO_TEST_CASE(the_design_example_program) {
    const std::string program = R"(input x, y                  # data; a vector: input x[3]; a matrix: input X[2,3]
param w, b                  # trainable; param W[2,3] ~ normal(0, 1/2)
const eps = 1/1000          # exact constant
z = w*x + b                 # a definition is a graph node
a = sigmoid(z)
L = (a - y)^2 / 2
grad L wrt w, b             # exact partials, simplified
claim d(L)/d(w) = (a - y)*a*(1 - a)*x      # proved / verified / refuted
assume x > 0                # domain facts and equalities (assume sum(y) = 1) used by later claims
claim d(L)/d(W[i,j]) = h[i]*x[j]           # free indices range over the shape
eval d(L)/d(w) at x = 1/2, y = 1, w = 3, b = -1   # exact value and decimal
show L as steps             # text | latex | steps | graph | c
data "xor.csv"              # columns named like the inputs
train L by adam(lr = 0.05) epochs 500 batch 4 seed 1
claim dL/dw = ∂L/∂w
)";
    const auto r = parse_program(program, "neuron.chain");
    BOOST_TEST(r.ok());
    BOOST_REQUIRE(r.statements.size() == 15u);
    const statement_kind expected[] = {
        statement_kind::input, statement_kind::param, statement_kind::constant, statement_kind::definition,
        statement_kind::definition, statement_kind::definition, statement_kind::grad, statement_kind::claim,
        statement_kind::assume, statement_kind::claim, statement_kind::eval, statement_kind::show,
        statement_kind::data, statement_kind::train, statement_kind::claim,
    };
    for (std::size_t i = 0; i < r.statements.size(); ++i) {
        BOOST_TEST(r.statements[i].kind() == expected[i]);
        BOOST_TEST(r.statements[i].span.line == static_cast<int>(i) + 1);
    }
    BOOST_TEST(sexpr(r.statements[14]) == "(claim (d L w) (d L w))");
}

BOOST_AUTO_TEST_CASE(keywords_are_reserved_but_clause_words_are_not) {
    // at, as, by, wrt, digits, epochs ... are ordinary names outside their clauses
    BOOST_TEST(stmt("at = as + by") == "(= at (+ as by))");
    BOOST_TEST(stmt("eval at at at = 1") == "(eval at at (at 1))");
    BOOST_TEST(stmt("grad wrt wrt wrt") == "(grad wrt wrt wrt)");
    BOOST_TEST(stmt("data = 3").find("expected a file name in quotes after 'data', found '='") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
