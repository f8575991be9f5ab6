// Determinism across processes: the fixture program prints the same bytes in 20 fresh
// processes (address randomisation on), each disturbed differently before it starts.
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>

#ifndef CHAINRULE_PRINT_FIXTURE
#error "CHAINRULE_PRINT_FIXTURE must name the fixture program (set in meson.build)"
#endif

namespace {

struct run_result {
    std::string output;
    int status = -1;
};

run_result run(const std::string& command) {
    run_result r;
    FILE* pipe = popen(command.c_str(), "r");
    BOOST_TEST_REQUIRE(pipe != nullptr);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) r.output.append(buffer, n);
    r.status = pclose(pipe);
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(determinism)

BOOST_AUTO_TEST_CASE(same_bytes_in_twenty_processes) {
    std::ifstream aslr("/proc/sys/kernel/randomize_va_space");
    int randomisation = -1;
    aslr >> randomisation;
    BOOST_TEST_MESSAGE("randomize_va_space = " << randomisation);
    const std::string program = CHAINRULE_PRINT_FIXTURE;
    const run_result first = run("'" + program + "' 0");
    BOOST_TEST_REQUIRE(WIFEXITED(first.status));
    BOOST_TEST_REQUIRE(WEXITSTATUS(first.status) == 0, first.output);
    BOOST_TEST(first.output.size() > 1000u);
    for (int k = 1; k < 20; ++k) {
        const run_result again = run("'" + program + "' " + std::to_string(k * 37));
        BOOST_TEST(again.status == first.status);
        BOOST_TEST(again.output == first.output, "run " << k << " differs");
    }
}

BOOST_AUTO_TEST_SUITE_END()
