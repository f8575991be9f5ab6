// The REPL on a real terminal: `chainrule repl` runs in a pseudo-terminal (forkpty), keystrokes
// go in as a user would type them, and the screen output must show libedit's line editing
// (Ctrl-A to the start of the line) and history (the up arrow recalls the last statement), and
// the history file must be written.
#include <boost/test/unit_test.hpp>

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <string>

namespace {

const std::string command = CHAINRULE_COMMAND;

// Reads what the terminal shows until `until` appears or `seconds` pass.
bool read_until(int fd, std::string& screen, const std::string& until, int seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (screen.find(until) == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buffer[4096];
        const ssize_t n = read(fd, buffer, sizeof buffer);
        if (n <= 0) return screen.find(until) != std::string::npos;
        screen.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
}

void type(int fd, const std::string& keys) {
    for (char c : keys) {  // one key at a time, as typed
        BOOST_REQUIRE(write(fd, &c, 1) == 1);
        usleep(2000);
    }
}

std::size_t count(const std::string& s, const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(terminal)

BOOST_AUTO_TEST_CASE(line_editing_and_history_on_a_terminal) {
    const std::filesystem::path home = std::filesystem::temp_directory_path() / ("chainrule_tty_" + std::to_string(getpid()));
    std::filesystem::create_directories(home);
    int fd = -1;
    const pid_t child = forkpty(&fd, nullptr, nullptr, nullptr);
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
        setenv("HOME", home.c_str(), 1);
        setenv("TERM", "xterm", 1);
        execl(command.c_str(), command.c_str(), "repl", static_cast<char*>(nullptr));
        _exit(127);
    }
    std::string screen;
    BOOST_REQUIRE_MESSAGE(read_until(fd, screen, "> ", 10), "no prompt: " << screen);
    type(fd, "input x\r");
    type(fd, "L = x^2\r");
    type(fd, "grad L wrt x\r");
    BOOST_REQUIRE_MESSAGE(read_until(fd, screen, "2*x", 10), screen);
    // up arrow: the last statement again
    type(fd, "\x1b[A\r");
    BOOST_TEST_MESSAGE("after the up arrow:\n" << screen);
    const auto two = [&] { return count(screen, "= 2*x") >= 2; };
    for (int k = 0; k < 50 && !two(); ++k) read_until(fd, screen, "\x01never", 1);
    BOOST_TEST(two(), screen);
    // Ctrl-A moves to the start of the line: "val L at x = 3", Ctrl-A, "e" runs eval
    type(fd, "val L at x = 3\x01" "e\r");
    BOOST_TEST(read_until(fd, screen, "L = 9", 10), screen);
    type(fd, ":quit\r");
    int status = 0;
    for (int k = 0; k < 100 && waitpid(child, &status, WNOHANG) == 0; ++k) usleep(50000);
    close(fd);
    BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    // the history was saved
    std::ifstream history(home / ".chainrule_history");
    const std::string saved((std::istreambuf_iterator<char>(history)), std::istreambuf_iterator<char>());
    // libedit writes a space as \040
    BOOST_TEST(saved.find("grad\\040L\\040wrt\\040x") != std::string::npos, saved);
    BOOST_TEST(saved.find("eval\\040L\\040at") != std::string::npos, saved);
    std::filesystem::remove_all(home);
}

BOOST_AUTO_TEST_SUITE_END()
