// `chainrule repl`: one session fed line by line (with line editing and history on a terminal);
// multi-line input continues while a bracket is open (lang::is_complete).
#include "cli.hpp"
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
           "Example:\n"
           "  input x\n  param w\n  L = (w*x - 1)^2\n  grad L wrt w\n";
}

int run_repl(line_reader& in, std::ostream& out) {
    const bool interactive = in.interactive();
    lang::session s;
    std::string pending;
    int first_line = 1, line_no = 0;
    bool failed = false;
    for (;;) {
        out << std::flush;
        const std::optional<std::string> next = in.read(pending.empty() ? "chain> " : "  ...> ");
        if (!next) break;
        const std::string& line = *next;
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
        std::optional<lang::result> r = s.run_line(text, "<repl>", first_line);
        if (!r) continue;
        if (!r->ok()) failed = true;
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
