#pragma once
/// \file
/// What the fuzz targets (fuzz/*_fuzz.cpp) and their regression cases
/// (tests/regression/fuzz_regressions_test.cpp) run on one input: each function runs the input
/// through one reader of chainrule and returns the problem it found, if any. A problem is what
/// must never happen on any input: an exception escaping, "internal error", an error without a
/// file:line:col, or a reader's own invariant broken. The sanitizers and libFuzzer's timeout
/// catch the rest (crashes, undefined behaviour, hangs).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace chainrule::fuzz {

/// A temporary directory that programs run in: their relative paths (`data "data/xor.csv"`,
/// `save "p.json"`) resolve inside it. reset() empties it and puts back copies of
/// examples/data/*.csv under data/, so every input starts from the same files. Removed with
/// everything in it on destruction.
class sandbox {
public:
    /// Makes the directory (mkdtemp under TMPDIR or /tmp) and fills it.
    sandbox();
    ~sandbox();
    sandbox(const sandbox&) = delete;
    sandbox& operator=(const sandbox&) = delete;

    /// Empties the directory and puts back the data files.
    void reset();
    /// The directory.
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

/// Limits of the program runs: small enough that one input runs in well under a second.
struct program_limits {
    /// Inputs with a `train` of more epochs are skipped.
    long max_epochs = 5;
    /// Most elements of one value (the session's lowering limits).
    std::size_t max_elements = 4096;
    /// Most input and param elements of a session.
    std::size_t max_variable_elements = 8192;
    /// Most multiplications of one matrix product, nodes one statement adds, and nodes one
    /// statement's reverse sweeps visit (a tenth of the session's defaults: the sanitized build
    /// is about ten times slower).
    std::size_t max_product_work = 100000;
    std::size_t max_new_nodes = 100000;
    std::size_t max_sweep_work = 1000000;
};

/// What running a program input gave.
struct program_outcome {
    /// The input uses a path that would leave the sandbox (absolute, `..`, empty) or trains
    /// past the limits, and was not run.
    bool skipped = false;
    /// What went wrong, if anything.
    std::optional<std::string> problem;
};

/// The lexer and the three parser entry points on `text`.
std::optional<std::string> check_parser(std::string_view text);

/// `text` as a whole program (`<sandbox>/fuzz.chain`) through lang::session::run_program,
/// every result rendered as text and as JSON.
program_outcome check_program(std::string_view text, sandbox& box, const program_limits& limits = {});

/// `text` as a CSV file (optim::parse_csv).
std::optional<std::string> check_csv(std::string_view text);

/// `text` as a parameter file (lang::parse_param_file); what parses must survive being written
/// and read back unchanged.
std::optional<std::string> check_param_file(std::string_view text);

}  // namespace chainrule::fuzz
