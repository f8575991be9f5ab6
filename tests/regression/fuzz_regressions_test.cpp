// Every input the fuzzers (fuzz/, scripts/fuzz) found a problem with, kept under
// tests/regression/fuzz/TARGET/NAME, run through the same check as its fuzz target
// (fuzz/harness.hpp) in the normal build: each must now give results or located errors, with no
// exception escaping and no internal error, in a few seconds.
#include "../../fuzz/harness.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace chainrule;

namespace {

fs::path cases_dir() { return CHAINRULE_FUZZ_CASES; }

// One kept input: its target (the directory) and its name (the file).
struct fuzz_case {
    std::string target;
    std::string name;
};

std::ostream& operator<<(std::ostream& os, const fuzz_case& c) { return os << c.target << '/' << c.name; }

std::vector<fuzz_case> cases(const std::string& target) {
    std::vector<fuzz_case> out;
    if (fs::is_directory(cases_dir() / target))
        for (const fs::directory_entry& e : fs::directory_iterator(cases_dir() / target))
            out.push_back({target, e.path().filename().string()});
    std::sort(out.begin(), out.end(), [](const fuzz_case& a, const fuzz_case& b) { return a.name < b.name; });
    return out;
}

std::string contents(const fuzz_case& c) {
    std::ifstream in(cases_dir() / c.target / c.name, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot read " << c);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fuzz_regressions)

// the directory is where the cases are (a wrong path would run no case at all)
BOOST_AUTO_TEST_CASE(the_cases_are_found) {
    std::size_t n = 0;
    for (const char* t : {"program", "parser", "csv", "param_file"}) n += cases(t).size();
    BOOST_TEST(n > 0u, "no fuzz regression case under " << cases_dir());
}

// every kept input, each reported by its target and name (BOOST_TEST_CONTEXT)
BOOST_AUTO_TEST_CASE(every_kept_input_runs_clean) {
    fuzz::sandbox box;
    for (const char* target : {"program", "parser", "csv", "param_file"}) {
        for (const fuzz_case& c : cases(target)) {
            BOOST_TEST_CONTEXT(c) {
                const std::string text = contents(c);
                const auto started = std::chrono::steady_clock::now();
                std::optional<std::string> problem;
                if (c.target == "program") {
                    const fuzz::program_outcome out = fuzz::check_program(text, box);
                    BOOST_TEST(!out.skipped, "outside the fuzz sandbox's rules: not run");
                    problem = out.problem;
                } else if (c.target == "parser") {
                    problem = fuzz::check_parser(text);
                } else if (c.target == "csv") {
                    problem = fuzz::check_csv(text);
                } else {
                    problem = fuzz::check_param_file(text);
                }
                BOOST_TEST(!problem, problem.value_or(""));
                BOOST_TEST(seconds_since(started) < 10.0, "ran " << seconds_since(started) << " s");
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
