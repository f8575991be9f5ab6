// Graph pictures and steps with values at a point. Oracles: the neuron's values, adjoints and
// local partials computed by hand in double (a = sigmoid(w x + b), L = (a - y)^2/2), and the
// numeric tape's gradient (its own numeric rules) for every variable of a two-layer network.
#include "chainrule/lang/render.hpp"
#include "chainrule/numeric/scalar.hpp"
#include "chainrule/numeric/tape.hpp"
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>
#include <regex>
#include <string>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

namespace {

// A shown value ("1/2", "-0.08872", "1.5e+3") as a double.
double number(const std::string& s) {
    if (const auto slash = s.find('/'); slash != std::string::npos)
        return std::stod(s.substr(0, slash)) / std::stod(s.substr(slash + 1));
    return std::stod(s);
}

// Whether a value shown with 4 significant digits is `truth` rounded (or exact).
bool shows(const std::string& shown, double truth) {
    return std::abs(number(shown) - truth) <= 5.01e-4 * std::abs(truth) + 1e-300;
}

const picture_node& node_named(const graph_picture& p, const std::string& name) {
    for (const picture_node& n : p.nodes)
        if (n.name == name) return n;
    BOOST_FAIL("no node " + name);
    throw;
}

const picture_edge& edge(const graph_picture& p, const std::string& from, const std::string& to) {
    for (const picture_edge& e : p.edges)
        if (p.nodes[e.from].name == from && p.nodes[e.to].name == to) return e;
    BOOST_FAIL("no edge " + from + " -> " + to);
    throw;
}

const char* at_point = " at x = 1/2, y = 1, w = 3, b = -1";

}  // namespace

BOOST_AUTO_TEST_SUITE(pictures)

BOOST_AUTO_TEST_CASE(the_neurons_values_adjoints_and_partials) {
    session s;
    s.run_program(neuron, "t.chain");
    const result r = last(s, std::string("show L as graph") + at_point);
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::show, message_of(r));
    const graph_picture& p = *r.as<show_result>().picture;
    BOOST_TEST(p.at);
    BOOST_TEST(p.nodes.size() == 7u);  // L, a, z, x, y, w, b
    BOOST_TEST(p.edges.size() == 6u);
    BOOST_TEST(p.nodes[0].label == "L = (a - y)^2 / 2");
    BOOST_TEST(node_named(p, "z").label == "z = w*x + b");
    BOOST_TEST((node_named(p, "w").kind == picture_kind::param));
    BOOST_TEST((node_named(p, "x").kind == picture_kind::input));

    const double x = 0.5, y = 1, w = 3, b = -1, z = w * x + b, a = 1 / (1 + std::exp(-z));
    const double dL_da = a - y, dL_dz = dL_da * a * (1 - a);
    const std::map<std::string, std::pair<double, double>> truth = {
        {"L", {(a - y) * (a - y) / 2, 1}}, {"a", {a, dL_da}},      {"z", {z, dL_dz}},  {"x", {x, dL_dz * w}},
        {"w", {w, dL_dz * x}},             {"b", {b, dL_dz}},      {"y", {y, -dL_da}}};
    for (const auto& [name, vd] : truth) {
        const picture_node& n = node_named(p, name);
        BOOST_REQUIRE(n.values.size() == 1u);
        BOOST_REQUIRE(n.adjoints.size() == 1u);
        BOOST_TEST(shows(n.values[0], vd.first), name << " = " << n.values[0] << ", not " << vd.first);
        BOOST_TEST(shows(n.adjoints[0], vd.second), "dL/d" << name << " = " << n.adjoints[0] << ", not " << vd.second);
    }
    // local partials: dz/dx = w, dz/dw = x, dz/db = 1, da/dz = a(1 - a), dL/da = a - y, dL/dy = y - a
    BOOST_TEST(shows(edge(p, "x", "z").partial, w));
    BOOST_TEST(shows(edge(p, "w", "z").partial, x));
    BOOST_TEST(shows(edge(p, "b", "z").partial, 1));
    BOOST_TEST(shows(edge(p, "z", "a").partial, a * (1 - a)));
    BOOST_TEST(shows(edge(p, "a", "L").partial, a - y));
    BOOST_TEST(shows(edge(p, "y", "L").partial, y - a));
}

// every variable's adjoint on the picture of a 2-2-1 tanh network is the tape's gradient
BOOST_AUTO_TEST_CASE(adjoints_are_the_tapes_gradient) {
    session s;
    s.run_program("input x[2], y\nparam W[2,2], v[2], c\nh = tanh(W @ x)\np = dot(v, h) + c\nL = (p - y)^2/2\n", "t.chain");
    const std::string point = " at x = [1/3, -2], y = 1/2, W = [[1, -1/2], [3/4, 2]], v = [2, -1], c = 1/5";
    const result r = last(s, "show L as graph" + point);
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::show, message_of(r));
    const graph_picture& p = *r.as<show_result>().picture;
    const graph& g = s.model();
    numeric::point at;
    const std::map<std::string, rational> values = {
        {"x[0]", rational(1) / 3}, {"x[1]", -2},       {"y", rational(1) / 2}, {"W[0,0]", 1}, {"W[0,1]", rational(-1) / 2},
        {"W[1,0]", rational(3) / 4}, {"W[1,1]", 2}, {"v[0]", 2},              {"v[1]", -1},  {"c", rational(1) / 5}};
    std::vector<node_id> wrt;
    std::vector<std::string> names;
    for (const auto& [n, q] : values) {
        at[*g.find_variable(n)] = q;
        wrt.push_back(*g.find_variable(n));
        names.push_back(n);
    }
    const node_id L = s.symbols().find("L")->value.elements[0];
    const auto tape = numeric::gradient(g, L, wrt, at, numeric::arithmetic<double>());
    std::size_t checked = 0;
    for (std::size_t k = 0; k < names.size(); ++k) {
        const std::string base = names[k].substr(0, names[k].find('['));
        const picture_node& n = node_named(p, base);
        std::size_t element = 0;  // row-major index of the element
        if (names[k] == "x[1]" || names[k] == "v[1]" || names[k] == "W[0,1]") element = 1;
        if (names[k] == "W[1,0]") element = 2;
        if (names[k] == "W[1,1]") element = 3;
        BOOST_REQUIRE(element < n.adjoints.size());
        BOOST_TEST(shows(n.adjoints[element], tape.gradient[k]), names[k] << ": " << n.adjoints[element] << " vs " << tape.gradient[k]);
        ++checked;
    }
    BOOST_TEST(checked == 10u);
    BOOST_TEST(node_named(p, "W").shape == "2×2");
    BOOST_TEST(node_named(p, "h").elements == 2u);
}

BOOST_AUTO_TEST_CASE(svg_has_every_node_edge_label_and_value) {
    session s;
    s.run_program(neuron, "t.chain");
    const result r_p = last(s, std::string("show L as graph") + at_point);
    const graph_picture& p = *r_p.as<show_result>().picture;
    const std::string svg = render_svg(p);
    BOOST_TEST(svg.find("<svg") != std::string::npos);
    const auto count = [&](const std::string& what) {
        std::size_t n = 0;
        for (std::size_t at = svg.find(what); at != std::string::npos; at = svg.find(what, at + 1)) ++n;
        return n;
    };
    BOOST_TEST(count("class=\"node\"") == p.nodes.size());
    BOOST_TEST(count("class=\"edge\"") == p.edges.size());
    BOOST_TEST(count("z = w*x + b") == 1u);
    BOOST_TEST(svg.find("∂L/∂z = &#45;0.08872") != std::string::npos);  // Graphviz writes - as &#45;
    BOOST_TEST(svg.find("fill=\"#1a7f37\"") != std::string::npos);  // values in green
    BOOST_TEST(svg.find("fill=\"#cf222e\"") != std::string::npos);  // gradients in red
}

BOOST_AUTO_TEST_CASE(a_large_graph_is_summarised) {
    std::string program = "input x\nf0 = sin(x)\n";
    for (int k = 1; k < 100; ++k) program += "f" + std::to_string(k) + " = sin(f" + std::to_string(k - 1) + ") + x\n";
    session s;
    s.run_program(program, "t.chain");
    const result r_p = last(s, "show f99 as graph");
    const graph_picture& p = *r_p.as<show_result>().picture;
    BOOST_TEST(p.nodes.size() <= 60u);
    BOOST_TEST(p.note.find("show NAME as graph") != std::string::npos, p.note);
    const result r_e = last(s, "show f99 as graph expanded");
    const graph_picture& e = *r_e.as<show_result>().picture;
    BOOST_TEST(!e.expanded);
    BOOST_TEST(e.note.find("too many to read") != std::string::npos, e.note);
    BOOST_TEST(render_svg(p).find("<svg") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_points_are_located_errors) {
    session s;
    s.run_program(neuron, "t.chain");
    BOOST_TEST(message_of(last(s, "show L as graph at q = 1")).find("'q' is not an input or a param") != std::string::npos);
    BOOST_TEST(message_of(last(s, "show L as graph at x = 1")).find("needs a value for y, w, b") != std::string::npos,
               message_of(last(s, "show L as graph at x = 1")));
    BOOST_TEST(message_of(last(s, "show L as text at x = 1")).find("expected end of line") != std::string::npos);
    BOOST_TEST(message_of(last(s, "show L as graph at x = w")).find("exact rational") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(steps_at_a_point)

BOOST_AUTO_TEST_CASE(every_line_carries_its_numbers) {
    session s;
    s.run_program(neuron, "t.chain");
    const result r = last(s, std::string("show L as steps") + at_point);
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::show, message_of(r));
    const steps_data& d = *r.as<show_result>().steps;
    const double x = 0.5, y = 1, w = 3, z = w * x - 1, a = 1 / (1 + std::exp(-z));
    const double dL_dz = (a - y) * a * (1 - a);
    const std::map<std::string, double> truth = {{"L", 1}, {"a", a - y}, {"y", y - a}, {"z", dL_dz}, {"w", dL_dz * x},
                                                 {"x", dL_dz * w}, {"b", dL_dz}};
    BOOST_REQUIRE(d.lines.size() == truth.size());
    for (const step_line& l : d.lines) BOOST_TEST(shows(l.value, truth.at(l.name)), l.name << ": " << l.value);
    // the line of z: dL/da · da/dz with both numbers
    const std::string text = render_show(s, r.as<show_result>());
    BOOST_TEST(text.find("∂L/∂z = ∂L/∂a · ∂a/∂z = ∂L/∂a · a*(1 - a) = a*(1 - a)*(a - y) = (-0.3775) · 0.235 = -0.08872\n") !=
                   std::string::npos,
               text);
}

BOOST_AUTO_TEST_CASE(a_derivative_shows_only_the_steps_on_its_paths) {
    session s;
    s.run_program(neuron, "t.chain");
    const result r_d = last(s, "show d(L)/d(w) as steps");
    const steps_data& d = *r_d.as<show_result>().steps;
    std::vector<std::string> names;
    for (const step_line& l : d.lines) names.push_back(l.name);
    BOOST_TEST((names == std::vector<std::string>{"L", "a", "z", "w"}));
    BOOST_TEST(d.wrt.value_or("") == "w");
}

BOOST_AUTO_TEST_CASE(elements_come_in_index_order_in_grads_names) {
    session s;
    s.run_program("input x[12]\nparam w[12]\nh = tanh(w*x)\nL = sum(h)\n", "t.chain");
    const result r = last(s, "show L as steps");
    const steps_data& d = *r.as<show_result>().steps;
    std::vector<std::string> h;
    for (const step_line& l : d.lines)
        if (l.name.rfind("h[", 0) == 0) h.push_back(l.name);
    BOOST_REQUIRE(h.size() == 12u);
    for (int k = 0; k < 12; ++k) BOOST_TEST(h[k] == "h[" + std::to_string(k) + "]");
    // the LaTeX: one aligned block
    const std::string latex = render_steps_latex(s, d, r.as<show_result>().names);
    BOOST_TEST(latex.rfind("\\begin{aligned}\n", 0) == 0);
    BOOST_TEST(latex.find("\\frac{\\partial L}{\\partial h_{10}} &= 1") != std::string::npos, latex);
}

BOOST_AUTO_TEST_SUITE_END()
