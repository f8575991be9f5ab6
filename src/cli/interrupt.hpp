#pragma once
// Ctrl-C for the command. While an interrupt_scope lives, SIGINT no longer ends the process: it
// is recorded, and whoever is running looks at the record (training stops at its next step, the
// REPL's line reader clears the line). A statement that never looks (a long claim) can still be
// left: with escape armed, a second SIGINT before the first was taken ends the process as SIGINT
// does (status 130), after a line on standard error saying so.

namespace chainrule::cli {

/// Installs the SIGINT handler (and one for SIGWINCH, recorded for the line reader) for its
/// lifetime; restores the previous handlers at its end. One at a time, on the main thread.
class interrupt_scope {
public:
    interrupt_scope();
    ~interrupt_scope();
    interrupt_scope(const interrupt_scope&) = delete;
    interrupt_scope& operator=(const interrupt_scope&) = delete;
};

/// Whether a SIGINT arrived and was not taken yet.
bool interrupt_pending() noexcept;

/// Whether a SIGINT arrived and was not taken yet; takes it.
bool take_interrupt() noexcept;

/// Whether the terminal was resized since the last call; takes the record.
bool take_resize() noexcept;

/// With `armed`, a SIGINT that arrives while one is pending ends the process (see above).
void arm_escape(bool armed) noexcept;

}  // namespace chainrule::cli
