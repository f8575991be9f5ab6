// `chainrule kernel install` (kernel_command.hpp). The kernel is the executable
// chainrule-kernel found beside this command (an installed pair) or in the build tree's
// src/kernel (a built pair: build/src/cli/chainrule and build/src/kernel/chainrule-kernel).
#include "kernel_command.hpp"

#include "cli.hpp"

#include "chainrule/lang/render.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <system_error>

namespace chainrule::cli {

const std::string_view kernel_help =
    "usage: chainrule kernel install [--user | --prefix PREFIX]\n"
    "\n"
    "Installs the chainrule Jupyter kernel: writes a kernelspec (kernel.json) that runs\n"
    "chainrule-kernel into a directory where Jupyter looks for kernels:\n"
    "  (default)        /usr/local/share/jupyter/kernels/chainrule (for every user)\n"
    "  --user           the user's Jupyter data directory: $JUPYTER_DATA_DIR, else\n"
    "                   $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter\n"
    "  --prefix PREFIX  PREFIX/share/jupyter/kernels/chainrule (a virtual environment, or any\n"
    "                   directory named in JUPYTER_PATH as PREFIX/share/jupyter)\n"
    "Then choose the 'chainrule' kernel in Jupyter, or run 'jupyter console --kernel chainrule'.\n"
    "\n"
    "  -h, --help  this text\n";

namespace {

namespace fs = std::filesystem;

int usage(std::string_view message) {
    std::cerr << "chainrule: " << message << '\n' << kernel_help;
    return exit_usage;
}

/// The kernel executable that belongs with this command, or nothing.
std::optional<fs::path> find_kernel() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return std::nullopt;
    for (const fs::path& candidate : {self.parent_path() / "chainrule-kernel",
                                      self.parent_path().parent_path() / "kernel" / "chainrule-kernel"})
        if (fs::is_regular_file(candidate, ec)) return fs::canonical(candidate, ec);
    return std::nullopt;
}

/// The user's Jupyter data directory, as jupyter_core finds it on Linux.
std::optional<fs::path> user_data_dir() {
    if (const char* d = std::getenv("JUPYTER_DATA_DIR"); d && *d) return fs::path(d);
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return fs::path(x) / "jupyter";
    if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".local" / "share" / "jupyter";
    return std::nullopt;
}

}  // namespace

int command_kernel(std::span<const std::string> args) {
    if (args.empty()) return usage("kernel needs a subcommand: install");
    if (args.front() == "-h" || args.front() == "--help") {
        std::cout << kernel_help;
        return exit_ok;
    }
    if (args.front() != "install") return usage("unknown kernel subcommand '" + args.front() + "'");
    bool user = false;
    std::optional<fs::path> prefix;
    for (std::size_t k = 1; k < args.size(); ++k) {
        const std::string& a = args[k];
        if (a == "-h" || a == "--help") {
            std::cout << kernel_help;
            return exit_ok;
        }
        if (a == "--user") user = true;
        else if (a == "--prefix") {
            if (k + 1 == args.size()) return usage("--prefix needs a directory");
            prefix = fs::path(args[++k]);
        } else return usage("unknown option '" + a + "'");
    }
    if (user && prefix) return usage("give --user or --prefix, not both");

    const std::optional<fs::path> kernel = find_kernel();
    if (!kernel) {
        std::cerr << "chainrule: cannot find chainrule-kernel beside this command (build it with the rest of chainrule)\n";
        return exit_failed;
    }
    fs::path data;
    if (user) {
        const std::optional<fs::path> d = user_data_dir();
        if (!d) {
            std::cerr << "chainrule: no Jupyter data directory for this user: set JUPYTER_DATA_DIR or HOME\n";
            return exit_failed;
        }
        data = *d;
    } else {
        data = (prefix ? *prefix : fs::path("/usr/local")) / "share" / "jupyter";
    }
    const fs::path dir = data / "kernels" / "chainrule";
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::ofstream out(dir / "kernel.json", std::ios::binary | std::ios::trunc);
    out << "{\n"
        << "  \"argv\": [" << lang::json_string(kernel->string()) << ", \"-f\", \"{connection_file}\"],\n"
        << "  \"display_name\": \"chainrule\",\n"
        << "  \"language\": \"chain\",\n"
        << "  \"interrupt_mode\": \"signal\",\n"
        << "  \"metadata\": {\"debugger\": false}\n"
        << "}\n";
    if (!out.flush()) {
        std::cerr << "chainrule: cannot write " << (dir / "kernel.json").string()
                  << (ec ? " (" + ec.message() + ")" : std::string()) << '\n';
        return exit_failed;
    }
    std::cout << "installed the chainrule kernel in " << dir.string() << " (it runs " << kernel->string() << ")\n";
    return exit_ok;
}

}  // namespace chainrule::cli
