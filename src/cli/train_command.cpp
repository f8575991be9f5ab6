// `chainrule train`: the program runs as with `run`, but training reports its progress as it
// goes (a live line on a terminal, a line every few seconds otherwise), Ctrl-C stops training
// cleanly (the statements after it, a save for instance, still run), and the last run's loss
// curve can be written as CSV and as an SVG chart.
#include "train_command.hpp"

#include "cli.hpp"
#include "interrupt.hpp"
#include "program_io.hpp"

#include "chainrule/lang/render.hpp"
#include "chainrule/lang/session.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>

namespace chainrule::cli {

const std::string_view train_help =
    "usage: chainrule train [--json] [--curve OUT.csv] [--plot OUT.svg] [--save P.json] [--limit NAME=N]... FILE\n"
    "\n"
    "Runs FILE like 'chainrule run', showing each train statement's progress as it runs: a live\n"
    "line on a terminal (epoch, loss, samples/s, time left), a plain line every few seconds\n"
    "otherwise (on standard error). Ctrl-C stops the training in progress cleanly: its\n"
    "parameters so far are kept and the statements after it (a save, for instance) still run.\n"
    "\n"
    "  --curve OUT.csv  write the last training run's loss curve (epoch, train, validation)\n"
    "  --plot OUT.svg   draw it as an SVG chart\n"
    "  --save P.json    save the params' values at the end (as the save statement does)\n"
    "  --json           JSON lines, as for run\n"
    "  --limit NAME=N   raise a limit, as for run ('chainrule help limits')\n"
    "  -h, --help       this text\n";

namespace {

// Progress on standard error: a live line on a terminal, periodic lines otherwise.
class progress_printer {
public:
    explicit progress_printer(bool terminal) : terminal_(terminal) {}

    optim::training_decision operator()(const optim::progress& p) {
        const auto now = std::chrono::steady_clock::now();
        const bool due = now - last_ >= (terminal_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(2000));
        const bool last_epoch = p.kind == optim::progress_kind::epoch && p.epoch == p.epochs;
        if (due || last_epoch) {
            last_ = now;
            const double done = (static_cast<double>(p.epoch - 1) +
                                 (p.kind == optim::progress_kind::epoch
                                      ? 1.0
                                      : static_cast<double>((p.step - 1) % std::max<std::size_t>(p.steps_per_epoch, 1) + 1) /
                                            static_cast<double>(std::max<std::size_t>(p.steps_per_epoch, 1)))) /
                                static_cast<double>(p.epochs);
            const double left = done > 0 ? p.seconds * (1 - done) / done : 0;
            char line[256];
            std::snprintf(line, sizeof line, "epoch %zu/%zu  loss %.6g%s  %.3g samples/s  %.0f s left", p.epoch,
                          p.epochs, p.train_loss, validation(p).c_str(), p.samples_per_second, left);
            if (terminal_) {
                const int width = 20, filled = static_cast<int>(done * width + 0.5);
                std::cerr << "\r\033[K[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << line
                          << std::flush;
            } else {
                std::cerr << line << '\n';
            }
            shown_ = true;
        }
        return interrupt_pending() ? optim::training_decision::stop : optim::training_decision::proceed;
    }

    // Ends the live line before results print.
    void finish() {
        if (terminal_ && shown_) std::cerr << "\r\033[K" << std::flush;
        shown_ = false;
    }

private:
    static std::string validation(const optim::progress& p) {
        if (!p.validation_loss) return "";
        char b[64];
        std::snprintf(b, sizeof b, " (validation %.6g)", *p.validation_loss);
        return b;
    }

    bool terminal_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point last_{};
};

bool write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (out.flush()) return true;
    std::cerr << "chainrule: cannot write '" << path << "'\n";
    return false;
}

}  // namespace

int command_train(std::span<const std::string> args) {
    bool json = false;
    lang::session_options options;
    std::optional<std::string> curve, plot, save, file;
    for (std::size_t k = 0; k < args.size(); ++k) {
        const std::string& a = args[k];
        auto value = [&](std::optional<std::string>& slot) {
            if (k + 1 == args.size()) return false;
            slot = args[++k];
            return true;
        };
        if (a == "-h" || a == "--help") {
            std::cout << train_help;
            return exit_ok;
        }
        if (a == "--json") json = true;
        else if (a == "--limit") {
            if (k + 1 == args.size()) return std::cerr << "chainrule: --limit needs NAME=N\n" << train_help, exit_usage;
            if (const auto error = apply_limit(options, args[++k]))
                return std::cerr << "chainrule: " << *error << '\n' << train_help, exit_usage;
        }
        else if (a == "--curve") { if (!value(curve)) return std::cerr << "chainrule: --curve needs a FILE\n" << train_help, exit_usage; }
        else if (a == "--plot") { if (!value(plot)) return std::cerr << "chainrule: --plot needs a FILE\n" << train_help, exit_usage; }
        else if (a == "--save") { if (!value(save)) return std::cerr << "chainrule: --save needs a FILE\n" << train_help, exit_usage; }
        else if (a.size() > 1 && a[0] == '-') return std::cerr << "chainrule: unknown option '" << a << "'\n" << train_help, exit_usage;
        else if (file) return std::cerr << "chainrule: train takes one FILE\n" << train_help, exit_usage;
        else file = a;
    }
    if (!file) return std::cerr << "chainrule: train needs a FILE\n" << train_help, exit_usage;
    const std::optional<std::string> program = read_program(*file);
    if (!program) return exit_failed;
    const std::string& text = *program;

    progress_printer printer(isatty(STDERR_FILENO) == 1);
    options.progress = [&printer](const optim::progress& p) { return printer(p); };
    lang::session s(options);

    // Ctrl-C stops the training in progress (the statements after it still run); a second one,
    // for a statement that cannot stop, leaves
    std::vector<lang::result> results;
    bool interrupted = false;
    {
        const interrupt_scope interrupts;
        arm_escape(true);
        results = s.run_program(text, *file);
        interrupted = take_interrupt();
    }
    printer.finish();
    bool ok = print_results(s, results, text, {.json = json, .only = {}});
    const lang::train_result* last = nullptr;
    for (const lang::result& r : results)
        if (r.kind() == lang::result_kind::train) last = &r.as<lang::train_result>();
    if ((curve || plot) && !last) {
        std::cerr << "chainrule: " << *file << " has no train statement that ran: no loss curve to write\n";
        ok = false;
    }
    if (last && curve) ok = write_file(*curve, lang::render_curve_csv(*last)) && ok;
    if (last && plot) ok = write_file(*plot, lang::render_curve_svg(*last)) && ok;
    if (save) {
        // the path goes to the save statement as data, never spliced into program text
        // (the text is only for messages: the option as a save statement would read)
        const std::string shown = "--save " + *save;
        const int end = static_cast<int>(shown.size()) + 1;
        const lang::source_span span{1, 1, 1, end, 0, shown.size()};
        const lang::statement statement{lang::save_statement{lang::path_literal{*save, span}}, span};
        const lang::result r = s.run(statement, shown, "<--save>");
        if (!r.ok()) ok = false;
        std::cout << lang::render_text(s, r, {shown, 1});
    }
    if (interrupted)
        std::cerr << (last ? "chainrule: interrupted: training stopped early, the parameters so far were kept\n"
                           : "chainrule: interrupted before any training ran\n");
    return ok ? exit_ok : exit_failed;
}

}  // namespace chainrule::cli
