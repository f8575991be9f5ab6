// The training examples reach what the README says they reach.
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

BOOST_AUTO_TEST_SUITE(training_examples)

namespace {

std::vector<result> run_example(session& s, const std::string& name) {
    const std::string path = std::string(CHAINRULE_SOURCE_ROOT) + "/examples/" + name;
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    BOOST_REQUIRE_MESSAGE(!text.str().empty(), "cannot read " << path);
    std::vector<result> r = s.run_program(text.str(), path);
    for (const result& x : r) BOOST_TEST(x.ok(), name << ":" << x.line() << ": " << message_of(x));
    return r;
}

double mean_of(const std::vector<result>& r, std::size_t from_end) {
    const result& x = r.at(r.size() - from_end);
    BOOST_REQUIRE(x.kind() == result_kind::eval);
    return std::stod(x.as<eval_result>().elements.at(0).decimal);
}

}  // namespace

BOOST_AUTO_TEST_CASE(xor_gets_every_point_right) {
    session s;
    const auto r = run_example(s, "xor.chain");
    BOOST_TEST(mean_of(r, 1) == 1.0);  // accuracy over the four points
}

BOOST_AUTO_TEST_CASE(spirals_reach_95_percent_training_accuracy) {
    session s;
    const auto r = run_example(s, "spirals.chain");
    BOOST_TEST(mean_of(r, 1) >= 0.95);
}

BOOST_AUTO_TEST_CASE(regression_finds_the_line) {
    session s;
    const auto r = run_example(s, "regression.chain");
    // the data are y = 1.5 x - 0.5 + N(0, 0.25^2): w and b within a few standard errors
    BOOST_TEST(std::abs(mean_of(r, 4) - 1.5) < 0.1);
    BOOST_TEST(std::abs(mean_of(r, 3) + 0.5) < 0.1);
    // near the least-squares line, where the mean gradient vanishes (SGD ends close to it)
    const result& g = r.back();
    BOOST_REQUIRE(g.kind() == result_kind::grad);
    BOOST_REQUIRE(g.as<grad_result>().means.size() == 2u);
    for (const std::string& m : g.as<grad_result>().means) BOOST_TEST(std::abs(std::stod(m)) < 0.01);
}

BOOST_AUTO_TEST_SUITE_END()
