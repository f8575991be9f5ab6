// SIGINT recorded by a handler of ours (interrupt.hpp). The handler only touches lock-free
// atomics and calls async-signal-safe functions (write, signal, raise).
#include "interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>

namespace chainrule::cli {

namespace {

std::atomic<bool> interrupt_seen{false};
std::atomic<bool> resize_seen{false};
std::atomic<bool> escape_armed{false};

struct sigaction previous_interrupt, previous_resize;

extern "C" void on_interrupt(int) {
    if (escape_armed.load() && interrupt_seen.load()) {
        constexpr char message[] = "\nchainrule: interrupted again: leaving\n";
        [[maybe_unused]] const ssize_t n = write(STDERR_FILENO, message, sizeof message - 1);
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);  // delivered when the handler returns: the process ends as by SIGINT
        return;
    }
    interrupt_seen.store(true);
}

extern "C" void on_resize(int) { resize_seen.store(true); }

void install(int signal_number, void (*handler)(int), struct sigaction* previous) {
    struct sigaction a {};
    a.sa_handler = handler;
    sigemptyset(&a.sa_mask);
    a.sa_flags = 0;  // no SA_RESTART: a blocked read returns EINTR, so the reader sees the signal
    sigaction(signal_number, &a, previous);
}

}  // namespace

interrupt_scope::interrupt_scope() {
    static_assert(std::atomic<bool>::is_always_lock_free);
    interrupt_seen.store(false);
    resize_seen.store(false);
    install(SIGINT, on_interrupt, &previous_interrupt);
    install(SIGWINCH, on_resize, &previous_resize);
}

interrupt_scope::~interrupt_scope() {
    escape_armed.store(false);
    sigaction(SIGINT, &previous_interrupt, nullptr);
    sigaction(SIGWINCH, &previous_resize, nullptr);
}

bool interrupt_pending() noexcept { return interrupt_seen.load(); }

bool take_interrupt() noexcept { return interrupt_seen.exchange(false); }

bool take_resize() noexcept { return resize_seen.exchange(false); }

void arm_escape(bool armed) noexcept { escape_armed.store(armed); }

}  // namespace chainrule::cli
