// Ctrl-C in `chainrule repl` on a real terminal (forkpty) keeps the session: it drops the line
// being typed (before, the process ended with status 130 and every definition was lost), it
// drops every line of a statement being continued, and during training it stops the training
// and comes back to the prompt. Each case then asks the session for a value that needs a
// definition made before the Ctrl-C, and compares it with the value worked out by hand.
// The history keeps a multi-line statement as one line of plain text.
#include "pty_session.hpp"

#include <filesystem>
#include <fstream>
#include <string>

namespace {

const std::string command = CHAINRULE_COMMAND;
const std::string source_root = CHAINRULE_SOURCE_ROOT;

using chainrule_test::count;
using chainrule_test::pty_session;

std::filesystem::path fresh_home(const std::string& name) {
    const std::filesystem::path home =
        std::filesystem::temp_directory_path() / ("chainrule_" + name + "_" + std::to_string(getpid()));
    std::filesystem::remove_all(home);
    std::filesystem::create_directories(home);
    return home;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(repl_session)

BOOST_AUTO_TEST_CASE(ctrl_c_drops_a_half_typed_line_and_keeps_the_session) {
    const std::filesystem::path home = fresh_home("repl_ctrl_c");
    {
        pty_session repl(command, home);
        BOOST_REQUIRE_MESSAGE(repl.read_until("chain> ", 10), "no prompt: " << repl.screen());
        repl.type("input x\r");
        repl.type("a = x^2 + 1\r");
        BOOST_REQUIRE_MESSAGE(repl.read_until("a = x^2 + 1\r\n", 10), repl.screen());
        // Ctrl-C as typed: the terminal turns it into SIGINT
        repl.type("eval a at x = 100");
        BOOST_REQUIRE(repl.read_until("x = 100", 10));  // the prompt before it is on the screen
        std::size_t mark = repl.screen().size();
        repl.type("\x03");
        BOOST_REQUIRE_MESSAGE(repl.read_until("chain> ", 10, mark), "no new prompt after Ctrl-C: " << repl.screen());
        BOOST_REQUIRE_MESSAGE(repl.running(), "the REPL ended on Ctrl-C: " << repl.screen());
        // a (x^2 + 1) at x = 2 is 5: the definition survived, the dropped line did not run
        repl.type("eval a at x = 2\r");
        BOOST_TEST(repl.read_until("a = 5 ", 10), repl.screen());
        BOOST_TEST(repl.screen().find("10001") == std::string::npos, repl.screen());
        // SIGINT sent to the process (kill -INT) on a half line does the same
        repl.type("grad a wr");
        BOOST_REQUIRE(repl.read_until("grad a wr", 10, mark));
        mark = repl.screen().size();
        repl.interrupt();
        BOOST_REQUIRE_MESSAGE(repl.read_until("chain> ", 10, mark), "no new prompt after SIGINT: " << repl.screen());
        BOOST_REQUIRE_MESSAGE(repl.running(), "the REPL ended on SIGINT: " << repl.screen());
        // d(x^2 + 1)/dx at x = 3 is 6
        repl.type("eval d(a)/d(x) at x = 3\r");
        BOOST_TEST(repl.read_until("= 6 ", 10), repl.screen());
        repl.type(":quit\r");
        const int status = repl.wait(5);
        BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0), "status " << status << "\n" << repl.screen());
    }
    std::filesystem::remove_all(home);
}

BOOST_AUTO_TEST_CASE(ctrl_c_drops_every_line_of_a_continued_statement) {
    const std::filesystem::path home = fresh_home("repl_continued");
    {
        pty_session repl(command, home);
        BOOST_REQUIRE_MESSAGE(repl.read_until("chain> ", 10), "no prompt: " << repl.screen());
        repl.type("input x\r");
        repl.type("b = (x +\r");
        BOOST_REQUIRE_MESSAGE(repl.read_until("...> ", 10), repl.screen());
        const std::size_t mark = repl.screen().size();
        repl.type("\x03");
        BOOST_REQUIRE_MESSAGE(repl.read_until("chain> ", 10, mark), repl.screen());
        // kept, the first line would join this one: "b = (x +\nb = x - 1" is not a statement
        repl.type("b = x - 1\r");
        repl.type("eval b*b at x = 4\r");  // (4 - 1)^2
        BOOST_TEST(repl.read_until("= 9 ", 10), repl.screen());
        BOOST_TEST(repl.screen().find("error") == std::string::npos, repl.screen());
        repl.type(":quit\r");
        repl.wait(5);
    }
    std::filesystem::remove_all(home);
}

BOOST_AUTO_TEST_CASE(ctrl_c_stops_training_and_returns_to_the_prompt) {
    const std::filesystem::path home = fresh_home("repl_train");
    {
        pty_session repl(command, home);
        BOOST_REQUIRE_MESSAGE(repl.read_until("chain> ", 10), "no prompt: " << repl.screen());
        repl.type("const k = 7\r");
        repl.type("input x[2], y\r");
        repl.type("param W1[16,2], b1[16], v[16], c\r");
        repl.type("o = sigmoid(dot(v, tanh(W1 @ x + b1)) + c)\r");
        repl.type("L = (o - y)^2\r");
        repl.type("data \"" + source_root + "/examples/data/spirals.csv\"\r");
        BOOST_REQUIRE_MESSAGE(repl.read_until("400 rows", 10), repl.screen());
        // a million epochs: far too long to finish
        repl.type("train L by adam(lr = 0.01) epochs 1000000 batch 32\r");
        usleep(1500000);
        repl.type("\x03");
        BOOST_REQUIRE_MESSAGE(repl.read_until("stopped on request", 20), "training did not stop: " << repl.screen());
        const std::size_t mark = repl.screen().find("stopped on request");
        BOOST_REQUIRE_MESSAGE(repl.read_until("chain> ", 10, mark), repl.screen());
        BOOST_REQUIRE_MESSAGE(repl.running(), "the REPL ended, wait status " << repl.wait(0));
        // the session is kept: the trained params and the data answer, and so does k (7 * 6)
        repl.type("eval L over data\r");
        BOOST_TEST(repl.read_until("mean over 400 rows", 10), repl.screen());
        repl.type("eval k*6\r");
        BOOST_TEST(repl.read_until("= 42 ", 10), repl.screen());
        repl.type(":quit\r");
        const int status = repl.wait(5);
        BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0), "status " << status << "\n" << repl.screen());
    }
    std::filesystem::remove_all(home);
}

BOOST_AUTO_TEST_CASE(history_keeps_a_statement_as_one_plain_line) {
    const std::filesystem::path home = fresh_home("repl_history");
    // a history file as libedit's write_history left it: read, and rewritten as plain text
    std::ofstream(home / ".chainrule_history") << "_HiStOrY_V2_\nconst\\040q\\040=\\0403\n";
    {
        pty_session repl(command, home);
        BOOST_REQUIRE_MESSAGE(repl.read_until("chain> ", 10), "no prompt: " << repl.screen());
        // the old entry, recalled with the up arrow, runs: 3 * 2 is 6
        repl.type("\x1b[A\r");
        repl.type("eval q*2\r");
        BOOST_TEST(repl.read_until("= 6 ", 10), repl.screen());
        repl.type("input x\r");
        repl.type("M = (x +   # a comment\r");
        repl.type("  2)\r");
        BOOST_REQUIRE_MESSAGE(repl.read_until("M = x + 2", 10), repl.screen());
        repl.type("eval M at x = 10");  // dropped by Ctrl-C: not in the history
        BOOST_REQUIRE(repl.read_until("x = 10", 10));
        const std::size_t mark = repl.screen().size();
        repl.type("\x03");
        BOOST_REQUIRE(repl.read_until("chain> ", 10, mark));
        // the up arrow gives the whole statement back at once: its redefinition error quotes it
        repl.type("\x1b[A\r");
        BOOST_TEST(repl.read_until("redefinition of 'M'", 10), repl.screen());
        BOOST_TEST(repl.screen().find("    M = (x + 2)\r\n") != std::string::npos, repl.screen());
        repl.type(":quit\r");
        repl.wait(5);
    }
    const std::string saved = read_file(home / ".chainrule_history");
    BOOST_TEST(saved.find("_HiStOrY_V2_") == std::string::npos, saved);
    BOOST_TEST(saved.find("const q = 3\n") != std::string::npos, saved);
    BOOST_TEST(saved.find("M = (x + 2)\n") != std::string::npos, saved);
    BOOST_TEST(count(saved, "M = (x + 2)") == 1, saved);  // the recalled copy is not added again
    BOOST_TEST(saved.find("comment") == std::string::npos, saved);
    BOOST_TEST(saved.find("eval M at x = 10") == std::string::npos, saved);
    for (char c : saved) BOOST_TEST((c == '\n' || static_cast<unsigned char>(c) >= 0x20), saved);
    std::filesystem::remove_all(home);
}

BOOST_AUTO_TEST_SUITE_END()
