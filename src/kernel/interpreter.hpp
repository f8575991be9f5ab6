#pragma once
// The chainrule kernel's interpreter: a thin adapter of one lang::session to xeus 2.4's
// xinterpreter, as xeus-calc's is of its calculator. One kernel process serves one notebook,
// so one session holds every cell's definitions.

#include "chainrule/lang/session.hpp"

#include <xeus/xinterpreter.hpp>

#include <chrono>
#include <string>

namespace chainrule::kernel {

/// Runs each cell as a chain-language program in the kernel's session.
class interpreter : public xeus::xinterpreter {
public:
    interpreter();

private:
    void configure_impl() override;
    /// Runs the cell and publishes each result (display_data) and each error (error); replies
    /// ok, or with the cell's first error. Never throws: anything thrown becomes an error reply.
    nl::json execute_request_impl(int execution_counter, const std::string& code, bool silent, bool store_history,
                                  nl::json user_expressions, bool allow_stdin) override;
    /// Names of the session, keywords and built-in functions starting with the name before the cursor.
    nl::json complete_request_impl(const std::string& code, int cursor_pos) override;
    /// The name under the cursor: its kind, shape and definition.
    nl::json inspect_request_impl(const std::string& code, int cursor_pos, int detail_level) override;
    /// Incomplete while a '(' or '[' is open (the language's own continuation rule).
    nl::json is_complete_request_impl(const std::string& code) override;
    nl::json kernel_info_request_impl() override;
    void shutdown_request_impl() override;

    nl::json execute(int execution_counter, const std::string& code, bool silent);
    /// The session's progress callback: a stream line now and then while training runs; stops
    /// the run when the kernel was interrupted.
    optim::training_decision on_progress(const optim::progress& p);

    lang::session session_;
    bool silent_ = false;                                   ///< the running cell's silent flag
    bool progress_shown_ = false;                           ///< a progress line was sent for this run
    std::chrono::steady_clock::time_point last_progress_{};  ///< when
    std::size_t last_step_ = 0;                             ///< the step of the last progress call
};

}  // namespace chainrule::kernel
