// Golden tests: every example and a set of error cases run through the built `chainrule`
// command (its path is CHAINRULE_COMMAND), in the source root (CHAINRULE_SOURCE_ROOT), compared
// with tests/golden/expected/<case>.out, with the exit status, and, for --json, every output
// line checked to be a JSON object with "line" and "kind". Setting CHAINRULE_GOLDEN_UPDATE=1
// rewrites the expected files instead (review the diff before keeping it).
#define BOOST_TEST_MODULE golden
#include <boost/test/unit_test.hpp>
#include <boost/test/data/test_case.hpp>

#include "cases.hpp"
#include "json_check.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <ostream>
#include <regex>
#include <sstream>
#include <string>

namespace bdata = boost::unit_test::data;
using chainrule::golden::golden_case;

namespace chainrule::golden {

std::ostream& operator<<(std::ostream& out, const golden_case& c) { return out << c.name; }

}  // namespace chainrule::golden

namespace {

const std::string source_root = CHAINRULE_SOURCE_ROOT;
const std::string command = CHAINRULE_COMMAND;

/// What a run of the command gave.
struct run_output {
    std::string output;  ///< standard output and error, merged
    int status = -1;
};

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

run_output run(const golden_case& c) {
    std::string line = "cd " + shell_quote(source_root) + " && ";
    std::string input_file;
    if (!c.input.empty()) {
        char name[] = "/tmp/chainrule_golden_XXXXXX";
        const int fd = mkstemp(name);
        BOOST_REQUIRE(fd >= 0);
        input_file = name;
        std::FILE* f = fdopen(fd, "w");
        std::fputs(c.input.c_str(), f);
        std::fclose(f);
    }
    line += shell_quote(command) + " " + c.arguments + " 2>&1";
    line += input_file.empty() ? " </dev/null" : " <" + shell_quote(input_file);
    run_output r;
    std::FILE* pipe = popen(line.c_str(), "r");
    BOOST_REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.output.append(buffer, n);
    const int status = pclose(pipe);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (!input_file.empty()) std::remove(input_file.c_str());
    return r;
}

/// `output` with the timings of train results replaced by '*': "steps in * s (* samples/s)",
/// "set-up * s", and the compiler tier, "evaluator * (tensor)" (libtcc or a cached cc object,
/// by the state of the object cache: the same operations, the same bits); the rest of the line
/// and the losses do not vary.
std::string mask_timings(const std::string& output) {
    static const std::regex run(R"(steps in [0-9.e+-]+ s \([0-9.e+-]+ samples/s\))");
    static const std::regex setup(R"(set-up [0-9.e+-]+ s)");
    static const std::regex tier(R"(evaluator (interpreter|tcc|cc))");
    return std::regex_replace(
        std::regex_replace(std::regex_replace(output, run, "steps in * s (* samples/s)"), setup, "set-up * s"), tier,
        "evaluator *");
}

std::string expected_path(const golden_case& c) { return source_root + "/tests/golden/expected/" + c.name + ".out"; }

}  // namespace

BOOST_DATA_TEST_CASE(command_output, bdata::make(chainrule::golden::golden_cases()), c) {
    run_output r = run(c);
    BOOST_TEST(r.status == c.status);
    if (c.timings) r.output = mask_timings(r.output);
    if (std::getenv("CHAINRULE_GOLDEN_UPDATE")) {
        std::ofstream(expected_path(c), std::ios::binary) << r.output;
        return;
    }
    std::ifstream in(expected_path(c), std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "missing " << expected_path(c));
    const std::string expected{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    BOOST_TEST(r.output == expected);
}

BOOST_DATA_TEST_CASE(json_lines_parse, bdata::make(chainrule::golden::golden_cases()), c) {
    if (!c.json) return;
    const run_output r = run(c);
    std::istringstream lines(r.output);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        ++count;
        BOOST_TEST_CONTEXT("line " << count << ": " << line) {
            BOOST_TEST(chainrule::golden::is_json(line));
            BOOST_TEST(chainrule::golden::has_top_level_key(line, "line"));
            BOOST_TEST(chainrule::golden::has_top_level_key(line, "kind"));
        }
    }
    BOOST_TEST(count > 0);
}

BOOST_AUTO_TEST_CASE(mask_timings_itself) {
    const std::string line = "    30 epochs, 1350 steps in 0.299 s (1.44e+05 samples/s); evaluator tcc, set-up 0.0191 s\n"
                             "    loss 2.55416 -> 0.00390163\n";
    BOOST_TEST(mask_timings(line) == "    30 epochs, 1350 steps in * s (* samples/s); evaluator *, set-up * s\n"
                                     "    loss 2.55416 -> 0.00390163\n");
    BOOST_TEST(mask_timings("; evaluator cc (tensor), set-up 1 s\n") == "; evaluator * (tensor), set-up * s\n");
    BOOST_TEST(mask_timings("eval L at x = 0.5 s\n") == "eval L at x = 0.5 s\n");
}

BOOST_AUTO_TEST_CASE(json_check_itself) {
    using chainrule::golden::is_json;
    BOOST_TEST(is_json(R"({"a":[1,-2.5e3,true,null,"x\n\u00e9"],"b":{}})"));
    BOOST_TEST(is_json("\"∂L/∂w\""));
    BOOST_TEST(!is_json(R"({"a":1,})"));
    BOOST_TEST(!is_json("{\"a\":\"tab\there\"}"));
    BOOST_TEST(!is_json(R"({"a":01})"));
    BOOST_TEST(!is_json(R"({"a":"\x"})"));
    BOOST_TEST(!is_json(R"({"a":1} x)"));
    BOOST_TEST(chainrule::golden::has_top_level_key(R"({"x":{"line":1},"line":2})", "line"));
    BOOST_TEST(!chainrule::golden::has_top_level_key(R"({"x":{"line":1}})", "line"));
}
