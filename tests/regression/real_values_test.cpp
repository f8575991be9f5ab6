// Numbers at evaluation (issue 15, item 9). Every expectation is a fact about the real functions
// or IEEE double, not the program's own output: log is defined on the positive reals only and
// sqrt on the non-negative ones, so x - x - 1 = -1 gives log no real value anywhere; exp(x)
// overflows IEEE double exactly when x > log(DBL_MAX) = 709.78...; log(w - x) at w = 1, x = 2
// is log(-1).
#include "chainrule/lang/session.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cfloat>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace chainrule;
using namespace chainrule::lang;

namespace {

// sides with no real value at any x: GiNaC makes log(-1) = I*Pi and sqrt(-4) = 2*I, and with
// those complex numbers each of these came out "proved by normal form"
const char* const undefined_everywhere[] = {
    "exp(log(x - x - 1)) = -1",
    "sqrt(x - x - 4)^2 = -4",
    "log(x - x - 1) - log(x - x - 1) = 0",
    "sqrt(x + 1 - x - 5)*sqrt(x + 1 - x - 5) = -4",
};

verify::verdict verdict_of(const std::string& claim) {
    session s;
    const std::vector<result> results = s.run_program("input x\nclaim " + claim + "\n", "t.chain");
    BOOST_REQUIRE(results.back().kind() == result_kind::claim);
    return results.back().as<claim_result>().verdict;
}

struct scratch {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("chainrule_real_values_" + std::to_string(getpid()));
    scratch() { std::filesystem::create_directories(dir); }
    ~scratch() { std::filesystem::remove_all(dir); }
};

// the program's train result, with "data.csv" holding `csv`
train_result trained(const std::string& csv, const std::string& program) {
    scratch s;
    std::ofstream(s.dir / "data.csv") << csv;
    session run;
    const std::vector<result> results = run.run_program(program, (s.dir / "t.chain").string());
    BOOST_REQUIRE(results.back().kind() == result_kind::train);
    return results.back().as<train_result>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(real_values)

BOOST_DATA_TEST_CASE(a_claim_without_a_real_value_is_not_proved, boost::unit_test::data::make(undefined_everywhere), claim) {
    const verify::verdict v = verdict_of(claim);
    BOOST_TEST((v != verify::verdict::proved && v != verify::verdict::verified), claim);
}

BOOST_AUTO_TEST_CASE(a_claim_defined_everywhere_is_still_proved) {
    // x^2 + 1 > 0 for every real x: log and exp are defined, and exp(log(u)) = u
    BOOST_TEST((verdict_of("exp(log(x^2 + 1)) = x^2 + 1") == verify::verdict::proved));
    BOOST_TEST((verdict_of("sqrt(x^2 + 4)^2 = x^2 + 4") == verify::verdict::proved));
}

BOOST_AUTO_TEST_CASE(eval_over_data_names_the_node_and_its_inputs) {
    scratch s;
    std::ofstream(s.dir / "data.csv") << "x\n2\n-1\n";
    session run;
    const std::vector<result> results =
        run.run_program("input x\ndata \"data.csv\"\neval 3 + log(x) over data\n", (s.dir / "t.chain").string());
    BOOST_REQUIRE(results.back().kind() == result_kind::error);
    const std::string message = results.back().as<error_result>().error.message;
    BOOST_TEST(message.find("log(x) is undefined at x = -1") != std::string::npos, message);
    BOOST_TEST(message.find("line 3 of") != std::string::npos, message);  // the second data row
    BOOST_TEST(message.find("at node") == std::string::npos, message);   // no internal ids
}

BOOST_AUTO_TEST_CASE(an_unknown_claim_names_the_undefined_expression_and_its_inputs) {
    session run;
    const std::vector<result> results = run.run_program("input x, y\nclaim log(-1 - x^2) + y = y\n", "t.chain");
    BOOST_REQUIRE(results.back().kind() == result_kind::claim);
    const claim_result& c = results.back().as<claim_result>();
    BOOST_TEST((c.verdict == verify::verdict::unknown));
    BOOST_TEST(c.reason.find("is undefined at x = ") != std::string::npos, c.reason);
    BOOST_TEST(c.reason.find("of a number <= 0") != std::string::npos, c.reason);
    BOOST_TEST(c.reason.find("at node") == std::string::npos, c.reason);  // no internal ids
}

BOOST_AUTO_TEST_CASE(a_nan_loss_at_the_initial_parameters_names_the_node_and_gives_no_learning_rate_advice) {
    const train_result t = trained("x,y\n1,0\n2,1\n", "input x, y\nparam w ~ uniform(1, 1)\nL = (log(w - x) - y)^2\n"
                                                     "data \"data.csv\"\ntrain L by sgd(lr = 0.01) epochs 1 batch 2\n");
    BOOST_REQUIRE(t.report.non_finite.has_value());
    const std::string& m = t.report.non_finite->message;
    BOOST_TEST(t.report.non_finite->step == 1u);
    BOOST_TEST(m.find("smaller learning rate") == std::string::npos, m);
    BOOST_TEST(m.find("initial parameters") != std::string::npos, m);
    // w - x is 0 at the first row (log(0)) and -1 at the second: the first row in the batch fails
    BOOST_TEST(m.find("log(w - x) is undefined") != std::string::npos, m);
    BOOST_TEST(m.find("w = 1") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(exp_overflows_double_above_log_dbl_max) {
    const double edge = std::log(DBL_MAX);  // 709.78...
    BOOST_REQUIRE(edge > 709 && edge < 710);
    const auto run = [](int x) {
        return trained("x,y\n" + std::to_string(x) + ",0\n",
                       "input x, y\nparam w ~ uniform(1, 1)\nL = exp(w*x)/1000 - y\n"
                       "data \"data.csv\"\ntrain L by sgd(lr = 1e-300) epochs 1 batch 1\n");
    };
    const train_result above = run(710);
    BOOST_REQUIRE(above.report.non_finite.has_value());
    const std::string& m = above.report.non_finite->message;
    BOOST_TEST(m.find("exp(w*x) overflows in double at x = 710") != std::string::npos, m);
    BOOST_TEST(m.find("smaller learning rate") == std::string::npos, m);
    const train_result below = run(709);
    const std::string why = below.report.non_finite ? below.report.non_finite->message : std::string();
    BOOST_TEST(!below.report.non_finite.has_value(), why);
}

BOOST_AUTO_TEST_SUITE_END()
