// `chainrule graph`: runs a program, then draws one expression's graph (`show NAME as graph`),
// to an SVG file (Graphviz, in-process), a DOT file, or DOT on standard output.
#include "graph_command.hpp"

#include "cli.hpp"
#include "program_io.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/lang/render.hpp"
#include "chainrule/lang/session.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>

namespace chainrule::cli {

const std::string_view graph_help =
    "usage: chainrule graph [FILE] [-e STATEMENT]... [-o OUT.svg|OUT.dot] [--of NAME]\n"
    "                       [--at \"x = 1/2, w = 3, ...\"] [--expand] [--json] [EXPR]\n"
    "\n"
    "Runs the program (FILE, then each -e statement in order), then draws NAME's computational\n"
    "graph (default: the last definition): one node per input, param, const and definition,\n"
    "labelled as written (z = w*x + b), an edge from each name to the definitions that use it.\n"
    "With --at, every node shows its value (green) and its adjoint dNAME/dnode (red), and every\n"
    "edge its local partial. A final argument EXPR draws that expression instead of a name.\n"
    "\n"
    "  -o OUT.svg   write the picture as SVG (laid out by Graphviz); OUT.dot writes DOT\n"
    "               (without -o, DOT on standard output)\n"
    "  --of NAME    the name to draw\n"
    "  --at B       values at a point: the bindings of 'eval ... at B'\n"
    "  --expand     the scalar graph: one node per operation\n"
    "  --json       the results as JSON lines, as for run\n"
    "  -h, --help   this text\n"
    "  chainrule graph examples/neuron.chain -o neuron.svg --at \"x = 1/2, y = 1, w = 3, b = -1\"\n";

namespace {

bool is_identifier(const std::string& s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    for (char c : s)
        if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    return true;
}

bool ends_with(const std::string& s, std::string_view tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

int usage(const std::string& message) {
    std::cerr << "chainrule graph: " << message << "\n\n" << graph_help;
    return exit_usage;
}

}  // namespace

int command_graph(std::span<const std::string> args) {
    output_options options;
    options.only = lang::result_kind::show;
    std::optional<std::string> file, out, of, at, expr;
    std::string text;
    bool expand = false;
    for (std::size_t k = 0; k < args.size(); ++k) {
        const std::string& a = args[k];
        const auto value = [&](std::optional<std::string>& slot) {
            if (k + 1 == args.size()) return false;
            slot = args[++k];
            return true;
        };
        if (a == "-h" || a == "--help") {
            std::cout << graph_help;
            return exit_ok;
        } else if (a == "--json") {
            options.json = true;
        } else if (a == "--expand") {
            expand = true;
        } else if (a == "-e") {
            if (k + 1 == args.size()) return usage("-e needs a STATEMENT");
            text += args[++k] + '\n';
        } else if (a == "-o") {
            if (!value(out)) return usage("-o needs a file (OUT.svg or OUT.dot)");
        } else if (a == "--of") {
            if (!value(of)) return usage("--of needs a NAME");
        } else if (a == "--at") {
            if (!value(at)) return usage("--at needs bindings, e.g. --at \"x = 1/2, w = 3\"");
        } else if (a.size() > 1 && a[0] == '-') {
            return usage("unknown option '" + a + "'");
        } else if (!file && text.empty() && ends_with(a, ".chain")) {
            file = a;
        } else if (!expr) {
            expr = a;
        } else {
            return usage("give the expression to draw as one argument (quote it)");
        }
    }
    if (of && expr) return usage("give either --of NAME or an expression, not both");
    if (of && !is_identifier(*of)) return usage("--of needs a name (letters, digits and _), got '" + *of + "'");
    // the bindings become program text: one line, no comment, nothing after them
    if (at && (at->find_first_of("\n\r#") != std::string::npos || at->empty()))
        return usage("--at takes bindings on one line, e.g. --at \"x = 1/2, w = 3\"");
    if (expr && expr->find_first_of("\n\r#") != std::string::npos) return usage("the expression must be on one line");
    if (out && !ends_with(*out, ".svg") && !ends_with(*out, ".dot")) return usage("-o takes OUT.svg or OUT.dot");
    if (!file && text.empty()) return usage("give a FILE or -e STATEMENT");

    std::string program;
    if (file) {
        const std::optional<std::string> read = read_program(*file);
        if (!read) return exit_failed;
        program = *read;
        if (!program.empty() && program.back() != '\n') program += '\n';
    }
    lang::session s;
    const std::string name = file ? *file : "<-e>";
    const std::vector<lang::result> results = s.run_program(program + text, name);
    bool ok = print_results(s, results, program + text, options);

    std::string target = of ? *of : expr ? *expr : "";
    if (target.empty()) {
        for (const lang::symbol_entry& e : s.symbols().all())
            if (e.kind == lang::symbol_kind::definition) target = e.name;
        if (target.empty()) {
            std::cerr << "chainrule graph: " << name << " has no definition to draw: give --of NAME or an expression\n";
            return exit_failed;
        }
    }
    const std::string show = "show " + target + " as graph" + (expand ? " expanded" : "") + (at ? " at " + *at : "") + "\n";
    // the picture's statement reads as one more line of the program
    const int line = 1 + static_cast<int>(std::count(program.begin(), program.end(), '\n') +
                                          std::count(text.begin(), text.end(), '\n'));
    const std::vector<lang::result> drawn = s.run_program(show, name, line);
    if (drawn.size() != 1 || drawn[0].kind() != lang::result_kind::show || !out) {
        // an error, or DOT on standard output
        return print_results(s, drawn, show, options) && ok ? exit_ok : exit_failed;
    }
    const lang::show_result& r = drawn[0].as<lang::show_result>();
    std::string picture;
    try {
        picture = ends_with(*out, ".svg") ? lang::render_svg(*r.picture) : lang::render_dot(*r.picture);
    } catch (const chainrule::error& x) {
        std::cerr << "chainrule graph: " << x.what() << '\n';
        return exit_failed;
    }
    std::ofstream o(*out, std::ios::binary | std::ios::trunc);
    o << picture;
    if (!o.flush()) {
        std::cerr << "chainrule graph: cannot write '" << *out << "'\n";
        return exit_failed;
    }
    if (!r.picture->note.empty()) std::cerr << "chainrule graph: " << r.picture->note << '\n';
    return ok ? exit_ok : exit_failed;
}

}  // namespace chainrule::cli
