// The REPL on a real terminal: `chainrule repl` runs in a pseudo-terminal (forkpty), keystrokes
// go in as a user would type them, and the screen output must show libedit's line editing
// (Ctrl-A to the start of the line) and history (the up arrow recalls the last statement), and
// the history file must be written, as plain text.
#include "pty_session.hpp"

#include <filesystem>
#include <fstream>
#include <string>

namespace {

const std::string command = CHAINRULE_COMMAND;

using chainrule_test::count;
using chainrule_test::pty_session;

}  // namespace

BOOST_AUTO_TEST_SUITE(terminal)

BOOST_AUTO_TEST_CASE(line_editing_and_history_on_a_terminal) {
    const std::filesystem::path home = std::filesystem::temp_directory_path() / ("chainrule_tty_" + std::to_string(getpid()));
    std::filesystem::create_directories(home);
    {
        pty_session repl(command, home);
        BOOST_REQUIRE_MESSAGE(repl.read_until("> ", 10), "no prompt: " << repl.screen());
        repl.type("input x\r");
        repl.type("L = x^2\r");
        repl.type("grad L wrt x\r");
        BOOST_REQUIRE_MESSAGE(repl.read_until("2*x", 10), repl.screen());
        // up arrow: the last statement again
        repl.type("\x1b[A\r");
        const auto two = [&] { return count(repl.screen(), "= 2*x") >= 2; };
        for (int k = 0; k < 50 && !two(); ++k) repl.read_until("\x01never", 1);
        BOOST_TEST(two(), repl.screen());
        // Ctrl-A moves to the start of the line: "val L at x = 3", Ctrl-A, "e" runs eval
        repl.type("val L at x = 3\x01" "e\r");
        BOOST_TEST(repl.read_until("L = 9", 10), repl.screen());
        repl.type(":quit\r");
        const int status = repl.wait(5);
        BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0), repl.screen());
    }
    // the history was saved, one statement per line as typed
    std::ifstream history(home / ".chainrule_history");
    const std::string saved((std::istreambuf_iterator<char>(history)), std::istreambuf_iterator<char>());
    BOOST_TEST(saved.find("grad L wrt x\n") != std::string::npos, saved);
    BOOST_TEST(saved.find("eval L at x = 3\n") != std::string::npos, saved);
    std::filesystem::remove_all(home);
}

// Before: the REPL ran in the "C" locale, where libedit drops every byte of a multibyte
// character, so `eval ∂(x^2)/∂x at x = 1` ran as `eval (x^2)/x at x = 1` and answered 1. The
// derivative of x^2 at 1 is 2.
BOOST_AUTO_TEST_CASE(unicode_operators_reach_the_session_intact) {
    const std::filesystem::path home = std::filesystem::temp_directory_path() / ("chainrule_utf8_" + std::to_string(getpid()));
    std::filesystem::create_directories(home);
    {
        pty_session repl(command, home);
        BOOST_REQUIRE_MESSAGE(repl.read_until("> ", 10), "no prompt: " << repl.screen());
        repl.type("input x\r");
        repl.type("eval \xe2\x88\x82(x^2)/\xe2\x88\x82x at x = 1\r");
        BOOST_TEST(repl.read_until("= 2 \xe2\x89\x88 2", 10), repl.screen());
        BOOST_TEST(repl.screen().find("(x^2)/x = 1") == std::string::npos, repl.screen());
        repl.type(":quit\r");
        repl.wait(5);
    }
    std::filesystem::remove_all(home);
}

BOOST_AUTO_TEST_SUITE_END()
