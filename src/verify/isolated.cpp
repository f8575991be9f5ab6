// run_isolated: fork, compute in the child, read its answer through a pipe with poll() until the
// deadline, then reap (or kill and reap) the child.
#include "isolated.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace chainrule::verify {

namespace {

void write_all(int fd, const std::string& s) {
    std::size_t done = 0;
    while (done < s.size()) {
        const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

isolated_result run_isolated(const std::function<std::string()>& work, std::chrono::milliseconds budget) {
    int fds[2];
    if (::pipe(fds) != 0) return {work(), false};
    const pid_t child = ::fork();
    if (child < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return {work(), false};
    }
    if (child == 0) {
        ::close(fds[0]);
        std::string out;
        try {
            out = "1" + work();  // "1" marks a finished computation
        } catch (...) {
            out = "0";
        }
        write_all(fds[1], out);
        ::_exit(0);  // no atexit handlers, no flushing of the parent's buffers
    }
    ::close(fds[1]);
    const auto deadline = std::chrono::steady_clock::now() + budget;
    std::string received;
    bool finished = false, timed_out = false;
    char buffer[4096];
    while (!finished) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;  // the loop re-checks the deadline
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) finished = true;  // end of file: the child wrote everything and exited
        else received.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    if (timed_out) ::kill(child, SIGKILL);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (timed_out) return {std::nullopt, true};
    if (received.empty() || received[0] != '1') return {std::nullopt, false};
    return {received.substr(1), false};
}

}  // namespace chainrule::verify
