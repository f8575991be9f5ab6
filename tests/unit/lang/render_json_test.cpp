// The JSON lines read back with nlohmann::json's parser (an independent reader: it rejects
// invalid UTF-8, raw control characters and numbers it cannot hold): certified means as the
// nearest double with their decimal beside them, null past double range; file and column names
// that are not UTF-8 or hold control characters still give one valid object per line.
#include "chainrule/core/rational.hpp"
#include "chainrule/lang/render.hpp"
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

namespace {

/// The JSON of r, checked to be one line, parsed back.
nlohmann::json parsed(session& s, const result& r) {
    const std::string line = render_json(s, r);
    BOOST_TEST(line.find('\n') == std::string::npos, line);
    return nlohmann::json::parse(line);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(render_json_lines)

// The means of 10^400*x, u/(5*10^399) and 1/3 over rows x = -1, -2 and u = 1, 2: -1.5e+400 and
// 3e-400 are outside double range (a reader would overflow, or read 0), 1/3 is not
BOOST_AUTO_TEST_CASE(a_mean_past_double_range_is_null_with_its_certified_decimal) {
    scratch d;
    const std::string csv = d.write("d.csv", "x,u,v\n-1,1,5\n-2,2,7\n");
    session s;
    s.run_program("input x, u, v\ndata \"" + csv + "\"\nL = 10^400*x^2/2 + u^2/10^400 + v/3\n", "t.chain");
    const result r = last(s, "grad L wrt x, u, v over data");
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::grad, message_of(r));
    const nlohmann::json j = parsed(s, r);
    BOOST_TEST(j["rows"] == 2);
    const nlohmann::json& p = j["partials"];
    BOOST_REQUIRE(p.size() == 3u);
    // the oracle: the exact means, rounded by CLN (the session certifies them with Arb balls)
    BOOST_TEST(p[0]["mean"].is_null());
    BOOST_TEST(p[0]["mean_decimal"] == to_decimal(parse_decimal("-1.5e400"), 17));
    BOOST_TEST(p[0]["mean_decimal"] == "-1.5e+400");
    BOOST_TEST(p[1]["mean"].is_null());
    BOOST_TEST(p[1]["mean_decimal"] == to_decimal(parse_decimal("3e-400"), 17));
    BOOST_TEST(p[2]["mean"].is_number_float());
    BOOST_TEST(p[2]["mean"].get<double>() == 1.0 / 3);  // the nearest double
    BOOST_TEST(p[2]["mean_decimal"] == to_decimal(rational(1) / 3, 17));
    BOOST_TEST(p[2]["mean_decimal"] == "0.33333333333333333");
    // without 'over data' there is no mean
    const nlohmann::json plain = parsed(s, last(s, "grad L wrt v"));
    BOOST_TEST(!plain["partials"][0].contains("mean"));
    BOOST_TEST(!plain["partials"][0].contains("mean_decimal"));
}

// A Jacobian over data: each element's partial has its mean, in range here
BOOST_AUTO_TEST_CASE(a_jacobian_over_data_gives_each_mean_as_number_and_decimal) {
    scratch d;
    const std::string csv = d.write("d.csv", "x\n1\n2\n4\n");
    session s;
    s.run_program("input x\ndata \"" + csv + "\"\np = [x^2, x/7]\n", "t.chain");
    const result r = last(s, "grad p wrt x over data");
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::grad, message_of(r));
    const nlohmann::json p = parsed(s, r)["partials"];
    BOOST_REQUIRE(p.size() == 2u);
    BOOST_TEST(p[0]["of"] == "p[0]");
    BOOST_TEST(p[0]["mean"].get<double>() == 14.0 / 3);
    BOOST_TEST(p[0]["mean_decimal"] == to_decimal(rational(14) / 3, 17));
    BOOST_TEST(p[1]["mean"].get<double>() == 1.0 / 7);
    BOOST_TEST(p[1]["mean_decimal"] == to_decimal(rational(1) / 7, 17));
}

// Bytes that are not UTF-8 become U+FFFD and control characters are escaped, in the file name,
// a data file's path and column names, and the message of a statement holding a stray byte
BOOST_AUTO_TEST_CASE(names_not_utf8_or_with_control_characters_give_valid_json) {
    scratch d;
    const std::string csv = d.write("d\xff\x02.csv", "x\xc3,y\x01\n1,2\n");
    const std::string file = "t\xff\xfe\x01\n\"q\".chain";
    const std::string replaced = "t\xef\xbf\xbd\xef\xbf\xbd\x01\n\"q\".chain";
    session s;
    const std::vector<result> results = s.run_program(
        "input x\ndata \"" + csv + "\"\neval x \xe2\x88 1\neval x over data\n# caf\xe9\n", file);
    BOOST_REQUIRE(results.size() == 4u);
    std::vector<nlohmann::json> lines;
    for (const result& r : results) {
        BOOST_TEST_CONTEXT(render_json(s, r)) {
            BOOST_REQUIRE_NO_THROW(lines.push_back(parsed(s, r)));
            BOOST_TEST(lines.back()["file"] == replaced);
        }
    }
    BOOST_REQUIRE(lines[1]["kind"] == "data");
    BOOST_TEST(lines[1]["path"] == d.dir.string() + "/d\xef\xbf\xbd\x02.csv");
    BOOST_TEST(lines[1]["columns"] == nlohmann::json::array({"x\xef\xbf\xbd", "y\x01"}));
    BOOST_TEST(lines[2]["kind"] == "error");
    BOOST_TEST(lines[2]["message"].get<std::string>().rfind(replaced + ":3:", 0) == 0);
    // the input x has no column of that name: the error names the columns the file has
    BOOST_TEST(lines[3]["kind"] == "error");
    BOOST_TEST(lines[3]["error"].get<std::string>().find("x\xef\xbf\xbd") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
