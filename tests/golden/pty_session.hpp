#pragma once
// `chainrule repl` on a pseudo-terminal (forkpty), as a user at a terminal runs it: keys go in
// one at a time, the screen is what the terminal shows, signals go to the process.
#include <boost/test/unit_test.hpp>

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace chainrule_test {

class pty_session {
public:
    /// Starts `command repl` with HOME at `home` (its history goes there).
    pty_session(const std::string& command, const std::filesystem::path& home) {
        child_ = forkpty(&fd_, nullptr, nullptr, nullptr);
        BOOST_REQUIRE(child_ >= 0);
        if (child_ == 0) {
            setenv("HOME", home.c_str(), 1);
            setenv("TERM", "xterm", 1);
            execl(command.c_str(), command.c_str(), "repl", static_cast<char*>(nullptr));
            _exit(127);
        }
    }
    ~pty_session() {
        if (!exited_) {
            kill(child_, SIGKILL);
            waitpid(child_, &status_, 0);
        }
        close(fd_);
    }
    pty_session(const pty_session&) = delete;
    pty_session& operator=(const pty_session&) = delete;

    /// Reads what the terminal shows until `until` appears after offset `from` of the screen,
    /// or `seconds` pass; whether it appeared.
    bool read_until(const std::string& until, int seconds, std::size_t from = 0) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (screen_.find(until, from) == std::string::npos) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char buffer[4096];
            const ssize_t n = read(fd_, buffer, sizeof buffer);
            if (n <= 0) return screen_.find(until, from) != std::string::npos;
            screen_.append(buffer, static_cast<std::size_t>(n));
        }
        return true;
    }

    /// Types `keys`, one at a time.
    void type(const std::string& keys) {
        for (char c : keys) {
            BOOST_REQUIRE(write(fd_, &c, 1) == 1);
            usleep(2000);
        }
    }

    /// Sends SIGINT to the process itself (as `kill -INT` does, not through the terminal).
    void interrupt() { kill(child_, SIGINT); }

    /// Whether the process is still running.
    bool running() {
        if (exited_) return false;
        if (waitpid(child_, &status_, WNOHANG) == child_) exited_ = true;
        return !exited_;
    }

    /// Waits up to `seconds` for the process to end; its wait status, or -1 if it did not end.
    int wait(int seconds) {
        for (int k = 0; k < seconds * 20 && running(); ++k) {
            read_until("\x01never", 0);  // keep the terminal drained
            usleep(50000);
        }
        return exited_ ? status_ : -1;
    }

    /// Everything the terminal showed so far.
    const std::string& screen() const noexcept { return screen_; }

private:
    int fd_ = -1;
    pid_t child_ = -1;
    int status_ = 0;
    bool exited_ = false;
    std::string screen_;
};

/// How often `part` occurs in `s`.
inline std::size_t count(const std::string& s, const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
    return n;
}

}  // namespace chainrule_test
