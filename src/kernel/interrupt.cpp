// SIGINT taken by a thread of its own (interrupt.hpp).
#include "interrupt.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <thread>

namespace chainrule::kernel {

namespace {

std::atomic<bool> interrupt_seen{false};

sigset_t interrupt_set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    return set;
}

}  // namespace

void watch_interrupts() {
    const sigset_t set = interrupt_set();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set] {
        for (;;) {
            int signal = 0;
            if (sigwait(&set, &signal) == 0 && signal == SIGINT) interrupt_seen = true;
        }
    }).detach();
}

void clear_interrupt() noexcept { interrupt_seen = false; }

bool interrupted() noexcept { return interrupt_seen; }

}  // namespace chainrule::kernel
