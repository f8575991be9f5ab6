// The kernel's interpreter (interpreter.hpp).
#include "interpreter.hpp"

#include "bundle.hpp"
#include "cursor.hpp"
#include "interrupt.hpp"
#include "names.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/lang/parser.hpp"
#include "chainrule/lang/render.hpp"

#include <xeus/xhelper.hpp>

#include <cstdio>
#include <optional>

namespace chainrule::kernel {

namespace {

/// How often training progress is streamed to the notebook.
constexpr std::chrono::seconds progress_interval{1};

lang::session_options options_with(optim::progress_callback progress) {
    lang::session_options options;
    options.progress = std::move(progress);
    return options;
}

}  // namespace

interpreter::interpreter()
    : session_(options_with([this](const optim::progress& p) { return on_progress(p); })) {
    xeus::register_interpreter(this);
}

void interpreter::configure_impl() {}

optim::training_decision interpreter::on_progress(const optim::progress& p) {
    // a new run (the step count starts again): its first report goes out at once
    if (p.step < last_step_ || (p.step <= 1 && p.epoch <= 1)) progress_shown_ = false;
    last_step_ = p.step;
    const auto now = std::chrono::steady_clock::now();
    const bool last_epoch = p.kind == optim::progress_kind::epoch && p.epoch == p.epochs;
    if (!silent_ && (!progress_shown_ || now - last_progress_ >= progress_interval || last_epoch)) {
        char line[256];
        if (p.validation_loss)
            std::snprintf(line, sizeof line, "epoch %zu/%zu  step %zu  loss %.6g (validation %.6g)  %.3g samples/s  %.1f s\n",
                          p.epoch, p.epochs, p.step, p.train_loss, *p.validation_loss, p.samples_per_second, p.seconds);
        else
            std::snprintf(line, sizeof line, "epoch %zu/%zu  step %zu  loss %.6g  %.3g samples/s  %.1f s\n", p.epoch,
                          p.epochs, p.step, p.train_loss, p.samples_per_second, p.seconds);
        publish_stream("stdout", line);
        progress_shown_ = true;
        last_progress_ = now;
    }
    return interrupted() ? optim::training_decision::stop : optim::training_decision::proceed;
}

nl::json interpreter::execute(int execution_counter, const std::string& code, bool silent) {
    const std::string file = "<cell " + std::to_string(execution_counter) + ">";
    const lang::render_source source{code, 1};
    const std::vector<lang::result> results = session_.run_program(code, file);
    std::optional<jupyter_error> first_error;
    bool stopped = false;
    for (const lang::result& r : results) {
        if (r.kind() == lang::result_kind::train && r.as<lang::train_result>().report.reason == optim::stop_reason::requested)
            stopped = true;
        std::optional<jupyter_error> error;
        if (r.kind() == lang::result_kind::error) {
            error = error_of(r, source);
        } else if (!silent) {
            // a result that cannot be rendered becomes an error of its own; the others still show
            try {
                if (const std::optional<nl::json> bundle = mime_bundle(session_, r, source))
                    display_data(*bundle, nl::json::object(), nl::json::object());
            } catch (const std::exception& e) {
                error = internal_error(file + ":" + std::to_string(r.line()) + ": " + e.what());
            }
        }
        if (!error) continue;
        if (!silent) publish_execution_error(error->ename, error->evalue, error->traceback);
        if (!first_error) first_error = std::move(error);
    }
    if (stopped && !silent)
        publish_stream("stderr", "interrupted: training stopped early; the parameters so far are kept\n");
    if (first_error) return first_error->reply();
    return xeus::create_successful_reply();
}

nl::json interpreter::execute_request_impl(int execution_counter, const std::string& code, bool silent,
                                           bool /*store_history*/, nl::json /*user_expressions*/,
                                           bool /*allow_stdin*/) {
    // An exception escaping this function leaves the client waiting for a reply forever (xeus
    // 2.4 logs it and sends none), so every exception ends here as an error reply. The session
    // translates chainrule's, GiNaC's and CLN's errors into error results; what still arrives
    // here is a bug, reported as such, and the session with every earlier definition lives on.
    clear_interrupt();
    silent_ = silent;
    progress_shown_ = false;
    last_step_ = 0;
    std::optional<jupyter_error> failure;
    try {
        return execute(execution_counter, code, silent);
    } catch (const std::exception& e) {
        failure = internal_error(e.what());
    } catch (...) {
        // not a fallback path: the protocol needs a reply whatever was thrown
        failure = internal_error("an exception of unknown type");
    }
    try {
        if (!silent) publish_execution_error(failure->ename, failure->evalue, failure->traceback);
    } catch (const std::exception&) {
        // the reply below still goes out
    }
    return failure->reply();
}

nl::json interpreter::complete_request_impl(const std::string& code, int cursor_pos) {
    const std::size_t cursor = byte_offset(code, cursor_pos);
    const byte_range prefix = name_before(code, cursor);
    const std::vector<std::string> matches =
        completions(session_, std::string_view(code).substr(prefix.begin, prefix.end - prefix.begin));
    return xeus::create_complete_reply(matches, code_points(code, prefix.begin), code_points(code, prefix.end));
}

nl::json interpreter::inspect_request_impl(const std::string& code, int cursor_pos, int /*detail_level*/) {
    try {
        const byte_range word = name_around(code, byte_offset(code, cursor_pos));
        if (!word.empty())
            if (const std::optional<nl::json> bundle = describe(session_, code.substr(word.begin, word.end - word.begin)))
                return xeus::create_inspect_reply(true, *bundle);
    } catch (const std::exception& e) {
        nl::json reply = xeus::create_inspect_reply(false);
        reply["status"] = "error";
        reply["ename"] = "InternalError";
        reply["evalue"] = e.what();
        reply["traceback"] = nl::json::array();
        return reply;
    }
    return xeus::create_inspect_reply(false);
}

nl::json interpreter::is_complete_request_impl(const std::string& code) {
    // the language continues a statement on the next line only while a bracket is open
    if (!lang::is_complete(code)) return xeus::create_is_complete_reply("incomplete", "    ");
    return xeus::create_is_complete_reply("complete");
}

nl::json interpreter::kernel_info_request_impl() {
    return xeus::create_info_reply("5.3", "chainrule", "0.1.0", "chain", "0.1.0", "text/x-chain", ".chain", "", "", "",
                                   "chainrule: exact symbolic backpropagation in the chain language");
}

void interpreter::shutdown_request_impl() {}

}  // namespace chainrule::kernel
