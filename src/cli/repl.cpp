// `chainrule repl`: one session fed line by line (with line editing and history on a terminal);
// multi-line input continues while a bracket is open (lang::is_complete). Ctrl-C never loses
// the session: on a line being typed it drops that statement's lines; while a statement runs it
// stops training at its next step (interrupt.hpp; twice leaves, for statements that cannot stop).
// The history keeps each statement once, as one line of plain text (lang::one_line).
#include "cli.hpp"
#include "interrupt.hpp"
#include "line_reader.hpp"

#include "chainrule/lang/parser.hpp"
#include "chainrule/lang/render.hpp"
#include "chainrule/lang/session.hpp"

#include <iostream>
#include <string>

namespace chainrule::cli {

std::string repl_help() {
    return "Type chain-language statements, one per line; a line with an open '(' or '[' continues\n"
           "on the next. Results print as they are computed; definitions print their value.\n"
           "  :help   this text\n"
           "  :quit   leave (so does end of input)\n"
           "Ctrl-C drops the statement being typed; during training it stops the training (the\n"
           "parameters so far are kept); pressed twice during a statement it leaves.\n"
           "Example:\n"
           "  input x\n  param w\n  L = (w*x - 1)^2\n  grad L wrt w\n";
}

int run_repl(line_reader& in, std::ostream& out) {
    const bool interactive = in.interactive();
    const interrupt_scope interrupts;
    lang::session_options options;
    options.progress = [](const optim::progress&) {
        return interrupt_pending() ? optim::training_decision::stop : optim::training_decision::proceed;
    };
    lang::session s(options);
    std::string pending;
    int first_line = 1, line_no = 0;
    bool failed = false;
    for (;;) {
        out << std::flush;
        const read_result next = in.read(pending.empty() ? "chain> " : "  ...> ");
        if (next.status == read_status::end) break;
        if (next.status == read_status::interrupted) {
            if (!interactive) {
                out << std::flush;
                std::cerr << "chainrule: interrupted\n";
                return exit_interrupted;
            }
            pending.clear();  // the statement being typed is dropped; the session is kept
            continue;
        }
        const std::string& line = next.line;
        ++line_no;
        if (pending.empty()) {
            if (line == ":quit" || line == ":q") break;
            if (line == ":help" || line == ":h") {
                out << repl_help();
                continue;
            }
            first_line = line_no;
        }
        pending += line;
        if (!lang::is_complete(pending)) {
            pending += '\n';
            continue;
        }
        const std::string text = pending;
        pending.clear();
        in.remember(lang::one_line(text));
        // the statement: a Ctrl-C stops training; a second one leaves
        (void)take_interrupt();
        arm_escape(true);
        std::optional<lang::result> r = s.run_line(text, "<repl>", first_line);
        arm_escape(false);
        const bool interrupted = take_interrupt();
        if (interrupted && interactive) out << '\n';  // after the terminal's "^C"
        if (!r) continue;
        if (!r->ok()) failed = true;
        if (interrupted && r->kind() != lang::result_kind::train)
            out << "(Ctrl-C: only training stops early; this statement ran to its end)\n";
        if (r->kind() == lang::result_kind::declaration) {
            const auto& d = r->as<lang::declaration_result>();
            if (!d.named.empty() && d.names.size() == 1)
                for (std::size_t k = 0; k < d.named.size(); ++k)
                    out << lang::element_name(d.names.front().name, d.names.front().value.dims, k) << " = "
                        << to_text(s.display(), d.named[k]) << '\n';
            continue;
        }
        out << lang::render_text(s, *r, {text, first_line});
    }
    if (interactive) out << '\n';
    return failed ? exit_failed : exit_ok;
}

}  // namespace chainrule::cli
