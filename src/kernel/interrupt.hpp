#pragma once
// Interrupts of the kernel: Jupyter interrupts a kernel whose kernel.json says
// "interrupt_mode": "signal" by sending SIGINT to its process. SIGINT is blocked in every thread
// (so no zmq call of xeus's threads fails with EINTR, which would end the kernel) and one thread
// of ours takes it with sigwait and records it; the cell running checks the record (training
// stops at its next step).

namespace chainrule::kernel {

/// Blocks SIGINT in the calling thread and every thread started after it, and starts the thread
/// that records each SIGINT. Call once, first thing in main, before any other thread starts.
void watch_interrupts();

/// Forgets the interrupts recorded so far (at the start of a cell).
void clear_interrupt() noexcept;

/// Whether a SIGINT arrived since the last clear_interrupt.
bool interrupted() noexcept;

}  // namespace chainrule::kernel
