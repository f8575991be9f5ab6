// The `chainrule` command. Statement results and statement errors go to standard output, in
// source order; usage errors and unreadable files go to standard error.
// Exit status: 0 when every statement ran, 1 when any failed, a claim was refuted or training
// met a NaN (or a file could not be read), 2 for a malformed command line.
#include "cli.hpp"
#include "compile.hpp"
#include "graph_command.hpp"
#include "kernel_command.hpp"
#include "line_reader.hpp"
#include "program_io.hpp"
#include "train_command.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/lang/limits.hpp"
#include "chainrule/lang/render.hpp"
#include "chainrule/lang/session.hpp"

#include <unistd.h>

#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::cli {

namespace {

constexpr std::string_view main_help =
    "usage: chainrule COMMAND [OPTIONS] ...\n"
    "\n"
    "Exact symbolic backpropagation over programs in the chain language.\n"
    "\n"
    "commands:\n"
    "  run FILE...        run every statement of each file and print the results\n"
    "  grad -e STMT ...   run statements given inline and print their gradients\n"
    "  eval -e STMT ...   run statements given inline and print their values\n"
    "  check -e STMT ...  cross-check a gradient against the numeric tape and finite differences\n"
    "  graph FILE         draw a definition's graph (-o OUT.svg), with values at a point (--at)\n"
    "  compile FILE       compile a loss and its gradient into a shared object (-o LIB.so)\n"
    "  train FILE         run a program, showing training progress; write the loss curve\n"
    "  repl               read statements interactively\n"
    "  kernel install     install the Jupyter kernel (kernel.json)\n"
    "  help [COMMAND]     this text, or a command's; 'help limits' lists the limits --limit raises\n"
    "\n"
    "Results and statement errors (file:line:col: error: ...) go to standard output in source\n"
    "order; usage errors to standard error. Exit status: 0 when every statement ran, 1 when any\n"
    "statement failed or any claim was refuted, 2 for a malformed command line.\n"
    "Run 'chainrule COMMAND --help' for a command's options.\n";

constexpr std::string_view run_help =
    "usage: chainrule run [--json] [--limit NAME=N]... FILE...\n"
    "\n"
    "Runs every statement of each .chain file (each file in a session of its own) and prints\n"
    "each result: gradients, values, shown expressions; declarations print nothing. A failed\n"
    "statement prints file:line:col: error: ..., the source line and a caret; the statements\n"
    "after it still run.\n"
    "\n"
    "  --json      one JSON object per statement result per line, declarations included\n"
    "  --limit NAME=N  raise (or lower) a limit for this run: 'chainrule help limits' lists them\n"
    "  -h, --help  this text\n";

constexpr std::string_view grad_help =
    "usage: chainrule grad [--json] [--limit NAME=N]... -e STATEMENT [-e STATEMENT]... [EXPR wrt VAR, ...]\n"
    "\n"
    "Runs the statements (each -e one statement, in order) and prints the results of their\n"
    "grad statements and any errors. A final argument 'L wrt w, b' is run as 'grad L wrt w, b'.\n"
    "  chainrule grad -e 'input x' -e 'param w' -e 'L = (w*x - 1)^2' 'L wrt w'\n"
    "\n"
    "  --json      JSON lines, as for run\n"
    "  --limit NAME=N  as for run\n"
    "  -h, --help  this text\n";

constexpr std::string_view eval_help =
    "usage: chainrule eval [--json] [--limit NAME=N]... -e STATEMENT [-e STATEMENT]... [EXPR at VAR = VALUE, ...]\n"
    "\n"
    "Runs the statements (each -e one statement, in order) and prints the results of their\n"
    "eval statements and any errors. A final argument 'E at x = 1' is run as 'eval E at x = 1'.\n"
    "  chainrule eval -e 'input x' 'd(sin(x)^2)/d(x) at x = 0'\n"
    "\n"
    "  --json      JSON lines, as for run\n"
    "  --limit NAME=N  as for run\n"
    "  -h, --help  this text\n";

constexpr std::string_view check_help =
    "usage: chainrule check [--json] [--limit NAME=N]... -e STATEMENT [-e STATEMENT]... [EXPR]\n"
    "\n"
    "Runs the statements (each -e one statement, in order) and prints the results of their\n"
    "check statements and any errors. A final argument 'L' is run as 'check L': L's symbolic\n"
    "gradient against the numeric reverse-mode tape (double and 50 digits) and central finite\n"
    "differences at random points, with the largest relative difference of each.\n"
    "  chainrule check -e 'input x' -e 'param w' -e 'L = sigmoid(w*x)^2' 'L'\n"
    "\n"
    "  --json      JSON lines, as for run\n"
    "  --limit NAME=N  as for run\n"
    "  -h, --help  this text\n";


constexpr std::string_view repl_usage =
    "usage: chainrule repl\n"
    "\n"
    "Reads statements from standard input, one per line (a line with an open bracket continues\n"
    "on the next), and prints each result. ':help' lists the REPL's commands; ':quit' or end of\n"
    "input leaves. Exit status 1 when any statement failed.\n";

int usage_error_exit(std::string_view message, std::string_view help) {
    std::cerr << "chainrule: " << message << '\n' << help;
    return exit_usage;
}

/// Runs `text` as one program and prints its results; whether every statement ran.
bool run_text(const std::string& text, const std::string& file, const output_options& options,
              const lang::session_options& session_options) {
    lang::session s(session_options);
    return print_results(s, s.run_program(text, file), text, options);
}

bool is_help(std::string_view a) { return a == "-h" || a == "--help"; }

int command_run(std::span<const std::string> args) {
    output_options options;
    lang::session_options limits;
    std::vector<std::string> files;
    bool options_done = false;
    for (std::size_t k = 0; k < args.size(); ++k) {
        const std::string& a = args[k];
        if (!options_done && is_help(a)) {
            std::cout << run_help;
            return exit_ok;
        }
        if (!options_done && a == "--limit") {
            if (k + 1 == args.size()) return usage_error_exit("--limit needs NAME=N", run_help);
            if (const auto error = apply_limit(limits, args[++k])) return usage_error_exit(*error, run_help);
        } else if (!options_done && a == "--json") options.json = true;
        else if (!options_done && a == "--") options_done = true;
        else if (!options_done && a.size() > 1 && a[0] == '-') return usage_error_exit("unknown option '" + a + "'", run_help);
        else files.push_back(a);
    }
    if (files.empty()) return usage_error_exit("run needs at least one FILE", run_help);
    bool ok = true;
    for (const std::string& f : files) {
        const std::optional<std::string> text = read_program(f);
        ok = (text && run_text(*text, f, options, limits)) && ok;
    }
    return ok ? exit_ok : exit_failed;
}

/// `grad` and `eval`: -e statements, then an optional final statement without its keyword.
int command_inline(std::span<const std::string> args, std::string_view keyword, lang::result_kind kind,
                   std::string_view help, std::string_view suffix = "") {
    output_options options;
    options.only = kind;
    lang::session_options limits;
    std::string text;
    std::vector<std::string> rest;
    for (std::size_t k = 0; k < args.size(); ++k) {
        const std::string& a = args[k];
        if (is_help(a)) {
            std::cout << help;
            return exit_ok;
        }
        if (a == "--json") {
            options.json = true;
        } else if (a == "--limit") {
            if (k + 1 == args.size()) return usage_error_exit("--limit needs NAME=N", help);
            if (const auto error = apply_limit(limits, args[++k])) return usage_error_exit(*error, help);
        } else if (a == "-e") {
            if (k + 1 == args.size()) return usage_error_exit("-e needs a STATEMENT", help);
            text += args[++k] + '\n';
        } else if (a.size() > 1 && a[0] == '-' && rest.empty()) {
            return usage_error_exit("unknown option '" + a + "'", help);
        } else {
            rest.push_back(a);
        }
    }
    if (rest.size() > 1) return usage_error_exit("give the final statement as one argument (quote it)", help);
    if (rest.size() == 1) text += std::string(keyword) + " " + rest.front() + std::string(suffix) + '\n';
    if (text.empty()) return usage_error_exit("give -e STATEMENT or a final statement", help);
    return run_text(text, "<-e>", options, limits) ? exit_ok : exit_failed;
}

int help_for(std::string_view command) {
    if (command == "run") std::cout << run_help;
    else if (command == "grad") std::cout << grad_help;
    else if (command == "eval") std::cout << eval_help;
    else if (command == "check") std::cout << check_help;
    else if (command == "graph") std::cout << graph_help;
    else if (command == "repl") std::cout << repl_usage;
    else if (command == "compile") std::cout << compile_help;
    else if (command == "train") std::cout << train_help;
    else if (command == "kernel") std::cout << kernel_help;
    else if (command == "limits") std::cout << lang::limits_help();
    else return usage_error_exit("unknown command '" + std::string(command) + "'", main_help);
    return exit_ok;
}

int dispatch(std::span<const std::string> argv) {
    if (argv.empty()) return usage_error_exit("no command given", main_help);
    const std::string& command = argv.front();
    const std::span<const std::string> args = argv.subspan(1);
    if (is_help(command)) {
        std::cout << main_help;
        return exit_ok;
    }
    if (command == "help") {
        if (args.empty()) {
            std::cout << main_help;
            return exit_ok;
        }
        return help_for(args.front());
    }
    if (command == "run") return command_run(args);
    if (command == "grad") return command_inline(args, "grad", lang::result_kind::grad, grad_help);
    if (command == "eval") return command_inline(args, "eval", lang::result_kind::eval, eval_help);
    if (command == "check") return command_inline(args, "check", lang::result_kind::check, check_help);
    if (command == "graph") return command_graph(args);
    if (command == "compile") return command_compile(args);
    if (command == "train") return command_train(args);
    if (command == "kernel") return command_kernel(args);
    if (command == "repl") {
        for (const std::string& a : args) {
            if (is_help(a)) {
                std::cout << repl_usage;
                return exit_ok;
            }
            return usage_error_exit("repl takes no arguments", repl_usage);
        }
        const auto reader = isatty(STDIN_FILENO) != 0 ? terminal_reader() : stream_reader(std::cin);
        return run_repl(*reader, std::cout);
    }
    return usage_error_exit("unknown command '" + command + "'", main_help);
}

}  // namespace

}  // namespace chainrule::cli

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        return chainrule::cli::dispatch(args);
    } catch (const chainrule::error& e) {
        std::cerr << "chainrule: internal error: " << e.what() << '\n';
        return chainrule::cli::exit_failed;
    } catch (const std::exception& e) {
        std::cerr << "chainrule: internal error: " << e.what() << '\n';
        return chainrule::cli::exit_failed;
    }
}
