// The renderers: JSON escaping and objects, human text, chain-rule steps in the user's names,
// DOT, and C whose compiled values are checked against the session's exact eval (an independent
// path: the C compiler's doubles against CLN's exact rationals and GiNaC's arbitrary precision).

#include "chainrule/lang/render.hpp"
#include "chainrule/lang/session.hpp"
#include "lang_testing.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace chainrule;
using namespace chainrule::lang;
using chainrule::lang_testing::last;

namespace {

const std::string neuron =
    "input x, y\n"
    "param w, b\n"
    "z = w*x + b\n"
    "a = sigmoid(z)\n"
    "L = (a - y)^2/2\n"
    "grad L wrt w, b\n"
    "eval L at x = 1/2, y = 1, w = 3, b = -1\n"
    "show L as steps\n"
    "show a as graph\n"
    "show L as c\n"
    "eval d(L)/d(w) at x = 1/2, y = 1, w = 3, b = -1\n"
    "eval d(L)/d(b) at x = 1/2, y = 1, w = 3, b = -1\n"
    "z = 1\n";

/// Every result of `text` rendered as text and as JSON, concatenated.
std::string render_all(const std::string& text) {
    session s;
    std::string out;
    for (const result& r : s.run_program(text, "t.chain")) out += render_text(s, r, {text, 1}) + render_json(s, r) + "\n";
    return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(render)

BOOST_AUTO_TEST_CASE(json_escape_quotes_controls_and_keeps_utf8) {
    BOOST_TEST(json_escape("a\"b\\c") == "a\\\"b\\\\c");
    BOOST_TEST(json_escape("l1\nl2\tx\r") == "l1\\nl2\\tx\\r");
    BOOST_TEST(json_escape(std::string("\x01\x1f\x7f", 3)) == "\\u0001\\u001f\x7f");  // JSON needs no escape for DEL
    BOOST_TEST(json_escape("∂L/∂w") == "∂L/∂w");
    BOOST_TEST(json_escape("a\xff" "b\xe2\x88") == "a\xef\xbf\xbd" "b\xef\xbf\xbd");  // not UTF-8: U+FFFD
    BOOST_TEST(json_string("") == "\"\"");
}

BOOST_AUTO_TEST_CASE(grad_text_and_json_use_the_users_names) {
    session s;
    const auto results = s.run_program(neuron, "t.chain");
    const result& g = results.at(5);
    BOOST_REQUIRE(g.kind() == result_kind::grad);
    const std::string text = render_text(s, g, {neuron, 1});
    BOOST_TEST(text == "t.chain:6: grad L wrt w, b\n"
                       "    ∂L/∂w = a*(1 - a)*(a - y)*x\n"
                       "    ∂L/∂b = a*(1 - a)*(a - y)\n");
    const std::string json = render_json(s, g);
    BOOST_TEST(contains(json, "\"line\":6"));
    BOOST_TEST(contains(json, "\"kind\":\"grad\""));
    BOOST_TEST(contains(json, "{\"wrt\":\"w\",\"wrt_kind\":\"param\",\"text\":\"a*(1 - a)*(a - y)*x\",\"latex\":"));
}

BOOST_AUTO_TEST_CASE(eval_gives_exact_and_decimal_strings) {
    session s;
    const auto results = s.run_program(neuron, "t.chain");
    const std::string json = render_json(s, results.at(6));
    // L = (sigmoid(1/2) - 1)^2/2 = 0.07126847... (sigmoid(1/2) = 0.6224593312018545646...)
    BOOST_TEST(contains(json, "\"exact\":\"(sigmoid(1/2) - 1)^2/2\""));
    BOOST_TEST(contains(json, "\"decimal\":\"0.071268478298275473146"));
}

// exact values read simplified: exp(1)*exp(2)/exp(2) is exp(1); a closed form too large to print
// shows its certified decimal and one line saying why, never a placeholder in `exact`
BOOST_AUTO_TEST_CASE(exact_values_are_simplified_or_said_to_be_too_large) {
    session s;
    const result e = last(s, "eval exp(1)*exp(2)/exp(2)");
    BOOST_TEST(render_text(s, e, {}).find(" = exp(1) ≈ 2.7182818284590452354\n") != std::string::npos, render_text(s, e, {}));
    std::string program = "input x\nf0 = x\n";
    for (int k = 1; k <= 30; ++k)
        program += "f" + std::to_string(k) + " = sin(f" + std::to_string(k - 1) + ")*f" + std::to_string(k - 1) + " + f" +
                   std::to_string(k - 1) + "\n";
    s.run_program(program, "t.chain");
    const result big = last(s, "eval f30 at x = 1/1000");
    const std::string text = render_text(s, big, {}), json = render_json(s, big);
    BOOST_TEST(text.find("too large to print: a tree of") != std::string::npos, text);
    BOOST_TEST(text.find("<too large") == std::string::npos, text);
    // the decimal against the recurrence in double (30 steps lose a few ulps at most)
    double f = 0.001;
    for (int k = 1; k <= 30; ++k) f = std::sin(f) * f + f;
    const std::size_t approx = text.find("f30 ≈ ");
    BOOST_REQUIRE(approx != std::string::npos);
    BOOST_TEST(std::abs(std::stod(text.substr(approx + std::string("f30 ≈ ").size())) / f - 1) < 1e-13);
    BOOST_TEST(contains(json, "\"exact\":null"));
    BOOST_TEST(contains(json, "\"exact_omitted\":\"the exact form is too large to print"));
    BOOST_TEST(!contains(json, "<too large"));
}

BOOST_AUTO_TEST_CASE(steps_read_in_the_users_intermediates) {
    session s;
    const auto results = s.run_program(neuron, "t.chain");
    const std::string steps = render_show(s, results.at(7).as<show_result>());
    BOOST_TEST(steps == "∂L/∂L = 1\n"
                        "∂L/∂a = a - y\n"
                        "∂L/∂y = -(a - y)\n"
                        "∂L/∂z = ∂L/∂a · ∂a/∂z = ∂L/∂a · a*(1 - a) = a*(1 - a)*(a - y)\n"
                        "∂L/∂b = ∂L/∂z · ∂z/∂b = a*(1 - a)*(a - y)\n"
                        "∂L/∂w = ∂L/∂z · ∂z/∂w = ∂L/∂z · x = a*(1 - a)*(a - y)*x\n"
                        "∂L/∂x = ∂L/∂z · ∂z/∂x = ∂L/∂z · w = a*(1 - a)*(a - y)*w\n");
}

BOOST_AUTO_TEST_CASE(steps_of_a_path_through_two_users_sum_both) {
    const std::string text = "input x\nu = x^2\nv = sin(x)\nf = u*v\nshow f as steps\n";
    session s;
    const auto results = s.run_program(text, "t.chain");
    const std::string steps = render_show(s, results.at(4).as<show_result>());
    BOOST_TEST(contains(steps, "∂f/∂x = ∂f/∂v · ∂v/∂x + ∂f/∂u · ∂u/∂x = ∂f/∂v · cos(x) + ∂f/∂u · 2*x = "));
}

// DOT node and edge lines of a picture
std::pair<int, int> count_dot(const std::string& dot) {
    std::istringstream lines(dot);
    std::string line;
    int edges = 0, nodes = 0;
    while (std::getline(lines, line)) {
        if (contains(line, " -> ")) ++edges;
        else if (line.size() > 3 && line.rfind("  n", 0) == 0 && std::isdigit(static_cast<unsigned char>(line[3]))) ++nodes;
    }
    return {nodes, edges};
}

BOOST_AUTO_TEST_CASE(dot_declares_every_node_and_edge) {
    session s;
    const auto results = s.run_program(neuron, "t.chain");
    const std::string dot = render_show(s, results.at(8).as<show_result>());
    BOOST_TEST(dot.rfind("digraph chainrule {\n", 0) == 0);
    BOOST_TEST(dot.substr(dot.size() - 2) == "}\n");
    // model level: a = sigmoid(z), z = w*x + b, and w, x, b, each labelled as written
    BOOST_TEST(contains(dot, "[label=<a = sigmoid(z)>, shape=box"));
    BOOST_TEST(contains(dot, "[label=<z = w*x + b>, shape=box"));
    BOOST_TEST(contains(dot, "[label=<w>, shape=ellipse"));
    BOOST_TEST((count_dot(dot) == std::pair{5, 4}));
    // the scalar graph: nodes w, x, b, w*x, z = +, a = sigmoid; edges 2 + 2 + 1
    const std::string expanded = render_show(s, last(s, "show a as graph expanded").as<show_result>());
    BOOST_TEST(contains(expanded, "[label=<a = sigmoid>"));
    BOOST_TEST(contains(expanded, "[label=<z = +>"));
    BOOST_TEST((count_dot(expanded) == std::pair{6, 5}));
}

BOOST_AUTO_TEST_CASE(error_text_has_position_line_and_caret) {
    const std::string text = "input x\nL = sigmod(x)\n";
    session s;
    const auto results = s.run_program(text, "t.chain");
    BOOST_TEST(render_text(s, results.at(1), {text, 1}) ==
               "t.chain:2:5: error: unknown function 'sigmod' (did you mean 'sigmoid'?)\n"
               "    L = sigmod(x)\n"
               "        ^~~~~~\n");
    const std::string json = render_json(s, results.at(1));
    BOOST_TEST(contains(json, "\"kind\":\"error\""));
    BOOST_TEST(contains(json, "\"message\":\"t.chain:2:5: error: unknown function 'sigmod' (did you mean 'sigmoid'?)\""));
}

BOOST_AUTO_TEST_CASE(rendering_is_deterministic) {
    BOOST_TEST(render_all(neuron) == render_all(neuron));
}

BOOST_AUTO_TEST_CASE(c_program_compiles_and_agrees_with_exact_eval) {
    session s;
    const auto results = s.run_program(neuron, "t.chain");
    const auto& show = results.at(9).as<show_result>();
    BOOST_REQUIRE(show.program);
    const std::vector<node_id> vars = program_variables(s.model(), *show.program);
    const std::string code = render_c(s.model(), *show.program, vars);
    BOOST_TEST(!contains(code, "sigmoid(z"));  // no user text

    // the variables in ascending node order: x, y, w, b as declared; inputs read from x[], params from p[]
    std::vector<std::string> names;
    for (node_id v : vars) names.push_back(s.model().variable_of(v).name);
    BOOST_TEST((names == std::vector<std::string>{"x", "y", "w", "b"}));
    BOOST_REQUIRE_EQUAL(show.program_outputs.size(), 3u);

    char dir[] = "/tmp/chainrule_render_XXXXXX";
    BOOST_REQUIRE(mkdtemp(dir) != nullptr);
    const std::string base = dir;
    std::ofstream(base + "/p.c") << code
        << "#include <stdio.h>\nint main(void) { const double x[2] = {0.5, 1.0}, p[2] = {3.0, -1.0}; double out[3];\n"
           "chainrule_eval(x, p, out); printf(\"%.17g %.17g %.17g\\n\", out[0], out[1], out[2]); return 0; }\n";
    const std::string build = "cc -std=c99 -Wall -Werror -O2 -o " + base + "/p " + base + "/p.c -lm && " + base +
                              "/p > " + base + "/out.txt";
    BOOST_REQUIRE(std::system(build.c_str()) == 0);
    std::ifstream in(base + "/out.txt");
    double value = 0, dw = 0, db = 0;
    in >> value >> dw >> db;
    std::system(("rm -rf " + base).c_str());

    auto exact = [&](std::size_t k) { return std::stod(results.at(k).as<eval_result>().elements.at(0).decimal); };
    // tolerance: a few ulps of double arithmetic over ~20 operations
    BOOST_TEST(value == exact(6), boost::test_tools::tolerance(1e-13));
    BOOST_TEST(dw == exact(10), boost::test_tools::tolerance(1e-13));
    BOOST_TEST(db == exact(11), boost::test_tools::tolerance(1e-13));
}

BOOST_AUTO_TEST_SUITE_END()
