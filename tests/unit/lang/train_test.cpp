// data, train, save, load and `eval ... over data` in a session. Oracles: least squares by the
// normal equations for linear regression, the CSV's own numbers for means over the data, and
// the save/load round trip bit for bit.
#include "chainrule/lang/render.hpp"
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

BOOST_AUTO_TEST_SUITE(training)

namespace {

// y = 2 x - 1 plus a fixed wobble, 8 points
const char* line_csv = "x,y\n-1.5,-4.1\n-1,-2.9\n-0.5,-2.05\n0,-0.9\n0.5,0.1\n1,0.95\n1.5,2.1\n2,2.9\n";

double eval_decimal(session& s, const std::string& text) {
    const result r = last(s, text);
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::eval, message_of(r));
    return std::stod(r.as<eval_result>().elements.at(0).decimal);
}

}  // namespace

BOOST_AUTO_TEST_CASE(full_batch_gradient_descent_reaches_least_squares) {
    scratch d;
    const std::string csv = d.write("line.csv", line_csv);
    session s;
    s.run_program("input x, y\nparam w, b\nL = (w*x + b - y)^2/2\n", d.write("m.chain", ""));
    BOOST_REQUIRE(last(s, "data \"" + csv + "\"").ok());
    const result r = last(s, "train L by sgd(lr = 0.2) epochs 3000 batch 8 seed 3");
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::train, message_of(r));
    BOOST_TEST((r.as<train_result>().report.reason == optim::stop_reason::completed));
    // the normal equations of the least-squares line, from the data directly
    const double xs[] = {-1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2}, ys[] = {-4.1, -2.9, -2.05, -0.9, 0.1, 0.95, 2.1, 2.9};
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int k = 0; k < 8; ++k) sx += xs[k], sy += ys[k], sxx += xs[k] * xs[k], sxy += xs[k] * ys[k];
    const double w = (8 * sxy - sx * sy) / (8 * sxx - sx * sx), b = (sy - w * sx) / 8;
    BOOST_TEST(std::abs(eval_decimal(s, "eval w") - w) < 1e-9);
    BOOST_TEST(std::abs(eval_decimal(s, "eval b") - b) < 1e-9);
    // the mean loss over the data, from the data directly
    double mse = 0;
    for (int k = 0; k < 8; ++k) mse += (w * xs[k] + b - ys[k]) * (w * xs[k] + b - ys[k]) / 2 / 8;
    BOOST_TEST(std::abs(eval_decimal(s, "eval L over data") - mse) < 1e-9);
}

BOOST_AUTO_TEST_CASE(grad_over_data_is_the_mean_gradient_at_the_trained_params) {
    scratch d;
    const std::string csv = d.write("line.csv", line_csv);
    session s;
    s.run_program("input x, y\nparam w, b\nL = (w*x + b - y)^2/2\n", d.write("m.chain", ""));
    BOOST_TEST(message_of(last(s, "grad L wrt w over data")).find("no data is loaded") != std::string::npos);
    BOOST_TEST(message_of(last(s, "grad L wrt w over dat")).find("'data' after 'over'") != std::string::npos);
    BOOST_REQUIRE(last(s, "data \"" + csv + "\"").ok());
    const std::string unbound = message_of(last(s, "grad L wrt w over data"));
    BOOST_TEST(unbound.find("has no value: train or load the params first") != std::string::npos, unbound);
    // a few steps only, so that the gradient is far from zero
    BOOST_REQUIRE(last(s, "train L by sgd(lr = 0.05) epochs 2 batch 8 seed 3").ok());
    const double w = eval_decimal(s, "eval w"), b = eval_decimal(s, "eval b");
    // the oracle: dL/dw = (w x + b - y) x, dL/db = w x + b - y, averaged over the rows directly
    const double xs[] = {-1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2}, ys[] = {-4.1, -2.9, -2.05, -0.9, 0.1, 0.95, 2.1, 2.9};
    double gw = 0, gb = 0;
    for (int k = 0; k < 8; ++k) gw += (w * xs[k] + b - ys[k]) * xs[k] / 8, gb += (w * xs[k] + b - ys[k]) / 8;
    const result r = last(s, "grad L wrt w, b over data");
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::grad, message_of(r));
    const grad_result& g = r.as<grad_result>();
    BOOST_TEST(g.rows == 8u);
    BOOST_REQUIRE(g.means.size() == 2u);
    BOOST_TEST(std::abs(gw) > 0.1);
    BOOST_TEST(std::abs(std::stod(g.means[0]) - gw) < 1e-12);
    BOOST_TEST(std::abs(std::stod(g.means[1]) - gb) < 1e-12);
    // without 'over data' nothing is averaged
    BOOST_TEST(last(s, "grad L wrt w").as<grad_result>().means.empty());
    const std::string text = render_text(s, r, {});
    BOOST_TEST(text.find("mean over 8 rows:") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(the_same_seed_trains_the_same_values) {
    scratch d;
    const std::string program = "input x, y\nparam w, b\nL = (w*x + b - y)^2/2\ndata \"" + d.write("line.csv", line_csv) +
                                "\"\ntrain L by adam(lr = 0.05) epochs 20 batch 3 seed 7\n";
    session a, b;
    a.run_program(program, "a.chain");
    b.run_program(program, "b.chain");
    BOOST_TEST(last(a, "eval w").as<eval_result>().elements[0].decimal == last(b, "eval w").as<eval_result>().elements[0].decimal);
}

BOOST_AUTO_TEST_CASE(save_and_load_round_trip_exactly) {
    scratch d;
    const std::string params = (d.dir / "p.json").string();
    session s;
    s.run_program("input x[2], y\nparam W[2,2], v[2]\nL = (dot(v, tanh(W @ x)) - y)^2\ndata \"" +
                      d.write("d.csv", "x[0],x[1],y\n1,0,1\n0,1,-1\n1,1,0\n") + "\"\ntrain L by sgd(lr = 0.1) epochs 5 batch 1\n",
                  "m.chain");
    const result saved = last(s, "save \"" + params + "\"");
    BOOST_REQUIRE_MESSAGE(saved.ok(), message_of(saved));
    BOOST_TEST(saved.as<params_file_result>().values == 6u);
    session t;
    t.run_program("input x[2], y\nparam W[2,2], v[2]\nL = (dot(v, tanh(W @ x)) - y)^2\n", "m.chain");
    BOOST_REQUIRE(last(t, "load \"" + params + "\"").ok());
    for (const char* e : {"eval W[0,1]", "eval v[1]", "eval L at x = [1, 2], y = 3"})
        BOOST_TEST(last(s, e).as<eval_result>().elements[0].decimal == last(t, e).as<eval_result>().elements[0].decimal, e);
    // and as initial values of a param
    session u;
    u.run_program("input x[2], y\nparam W[2,2] ~ file(\"" + params + "\")\nparam v[2] ~ file(\"" + params + "\")\n" +
                      "L = (dot(v, tanh(W @ x)) - y)^2\n",
                  "m.chain");
    BOOST_REQUIRE(last(u, "data \"" + (d.dir / "d.csv").string() + "\"").ok());
    const result r = last(u, "train L by sgd(lr = 1e-300) epochs 1 batch 3");  // the values stay
    BOOST_REQUIRE_MESSAGE(r.ok(), message_of(r));
    BOOST_TEST(last(u, "eval W[0,1]").as<eval_result>().elements[0].decimal ==
               last(s, "eval W[0,1]").as<eval_result>().elements[0].decimal);
}

BOOST_AUTO_TEST_CASE(a_learning_rate_too_large_stops_with_the_step_and_keeps_finite_values) {
    scratch d;
    session s;
    s.run_program("input x, y\nparam w, b\nL = (w*x + b - y)^2/2\ndata \"" + d.write("line.csv", line_csv) + "\"\n", "m.chain");
    const result r = last(s, "train L by sgd(lr = 1e6) epochs 50 batch 8");
    BOOST_REQUIRE(r.kind() == result_kind::train);
    BOOST_TEST(!r.ok());
    const train_result& t = r.as<train_result>();
    BOOST_REQUIRE(t.report.non_finite.has_value());
    BOOST_TEST(t.report.non_finite->message.find("step") != std::string::npos, t.report.non_finite->message);
    BOOST_TEST(t.report.non_finite->message.find("smaller learning rate") != std::string::npos);
    for (double v : t.values) BOOST_TEST(std::isfinite(v));
    BOOST_TEST(std::isfinite(eval_decimal(s, "eval w")));
}

BOOST_AUTO_TEST_CASE(errors_say_where_and_what) {
    scratch d;
    const std::string csv = d.write("line.csv", line_csv);
    session s;
    s.run_program("input x, y, z\nparam w\nL = (w*x - y)^2\nM = (w*x - z)^2\n", "m.chain");
    BOOST_TEST(message_of(last(s, "train L by sgd(lr = 0.1)")).find("no data is loaded") != std::string::npos);
    BOOST_TEST(message_of(last(s, "data \"" + d.dir.string() + "/nope.csv\"")).find("nope.csv") != std::string::npos);
    BOOST_REQUIRE(last(s, "data \"" + csv + "\"").ok());
    const std::string missing = message_of(last(s, "train M by sgd(lr = 0.1)"));
    BOOST_TEST(missing.find("'z'") != std::string::npos, missing);
    BOOST_TEST(message_of(last(s, "train L by adma(lr = 0.1)")).find("did you mean 'adam'") != std::string::npos);
    BOOST_TEST(message_of(last(s, "train L by adam(lr = -1)")).find("'lr'") != std::string::npos);
    BOOST_TEST(message_of(last(s, "train L by adam(beta3 = 0.5)")).find("no option 'beta3'") != std::string::npos);
    BOOST_TEST(message_of(last(s, "save \"" + d.dir.string() + "/p.json\"")).find("train or load") != std::string::npos);
    const std::string bad = d.write("bad.json", "{\"w\": [1, 2]}");
    BOOST_TEST(message_of(last(s, "load \"" + bad + "\"")).find("vector") != std::string::npos);
    const std::string malformed = d.write("m.json", "{\"w\": 1,,}");
    BOOST_TEST(message_of(last(s, "load \"" + malformed + "\"")).find("m.json:1:") != std::string::npos);
    BOOST_TEST(message_of(last(s, "eval w")).find("needs a value for w") != std::string::npos);  // nothing trained yet
}

BOOST_AUTO_TEST_CASE(paths_are_relative_to_the_program) {
    scratch d;
    d.write("line.csv", line_csv);
    session s;
    const std::vector<result> r = s.run_program("input x, y\ndata \"line.csv\"\n", (d.dir / "m.chain").string());
    BOOST_REQUIRE(r.back().kind() == result_kind::data);
    BOOST_TEST(r.back().as<data_result>().rows == 8u);
}

// a derivative's mean over the data exists only where what it differentiates is defined on
// every row: log(x) at x = -2 is not, though its derivative's formula 1/x is
BOOST_AUTO_TEST_CASE(a_derivative_over_data_needs_its_expression_defined_on_every_row) {
    scratch d;
    session s;
    s.run_program("input x\n", d.write("m.chain", ""));
    BOOST_REQUIRE(last(s, "data \"" + d.write("pos.csv", "x\n1\n2\n") + "\"").ok());
    BOOST_TEST(std::abs(eval_decimal(s, "eval d(log(x))/d(x) over data") - 0.75) < 1e-12);  // (1 + 1/2)/2
    BOOST_REQUIRE(last(s, "data \"" + d.write("mixed.csv", "x\n1\n-2\n") + "\"").ok());
    BOOST_TEST(std::abs(eval_decimal(s, "eval 1/x over data") - 0.25) < 1e-12);  // (1 - 1/2)/2
    const result r = last(s, "eval d(log(x))/d(x) over data");
    BOOST_TEST((r.kind() == result_kind::error), message_of(r));
    s.run_program("L = log(x)\n", d.write("l.chain", ""));
    const result g = last(s, "grad L wrt x over data");
    BOOST_TEST((g.kind() == result_kind::error), message_of(g));
    BOOST_TEST(message_of(g).find("row 2") != std::string::npos, message_of(g));
}


BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(loss_curve)

BOOST_AUTO_TEST_CASE(csv_and_svg_have_one_point_per_epoch) {
    train_result t;
    for (std::size_t e = 1; e <= 5; ++e)
        t.report.history.push_back(optim::epoch_record{e, 1.0 / static_cast<double>(e * e), 2.0 / static_cast<double>(e), 0.1});
    const std::string csv = render_curve_csv(t);
    BOOST_TEST(csv.substr(0, csv.find('\n')) == "epoch,train_loss,validation_loss,learning_rate");
    BOOST_TEST(std::count(csv.begin(), csv.end(), '\n') == 6);
    BOOST_TEST(csv.find("\n2,0.25,1,0.10000000000000001\n") != std::string::npos, csv);
    const std::string svg = render_curve_svg(t);
    BOOST_TEST(svg.rfind("<svg ", 0) == 0);
    BOOST_TEST(svg.find("</svg>\n") == svg.size() - 7);
    // two curves (train and validation), five points each; a log scale (1 to 1/25)
    std::size_t polylines = 0, at = 0;
    while ((at = svg.find("<polyline", at)) != std::string::npos) {
        const std::size_t begin = svg.find("points=\"", at) + 8, end = svg.find('"', begin);
        const std::string points = svg.substr(begin, end - begin);
        BOOST_TEST(std::count(points.begin(), points.end(), ',') == 5, points);
        ++polylines, at = end;
    }
    BOOST_TEST(polylines == 2u);
    BOOST_TEST(svg.find("log scale") != std::string::npos);
    BOOST_TEST(svg.find("<circle") == std::string::npos);
}

// one epoch (one step of gradient descent, as notebook 01 takes): the point is marked, the
// axis runs around its loss without going negative, and the one epoch has one tick
BOOST_AUTO_TEST_CASE(one_epoch_is_a_marked_point) {
    train_result t;
    t.report.history.push_back(optim::epoch_record{1, 0.0712685, std::nullopt, 1.0});
    const std::string svg = render_curve_svg(t);
    std::size_t circles = 0;
    for (std::size_t at = 0; (at = svg.find("<circle", at)) != std::string::npos; ++at) ++circles;
    BOOST_TEST(circles == 1u, svg);
    BOOST_TEST(svg.find(">-") == std::string::npos, "no negative tick label: " << svg);
    BOOST_TEST(svg.find(">0.0713<") != std::string::npos, svg);
    std::size_t ones = 0;
    for (std::size_t at = 0; (at = svg.find(">1</text>", at)) != std::string::npos; ++at) ++ones;
    BOOST_TEST(ones == 1u, svg);
}

BOOST_AUTO_TEST_SUITE_END()
