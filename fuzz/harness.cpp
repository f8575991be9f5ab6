// The checks the fuzz targets and their regression cases share (harness.hpp).
#include "harness.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/lang/lexer.hpp"
#include "chainrule/lang/parser.hpp"
#include "chainrule/lang/render.hpp"
#include "chainrule/lang/session.hpp"
#include "chainrule/optim/csv.hpp"
#include "param_file.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <set>
#include <stdexcept>
#include <system_error>
#include <vector>

#ifndef CHAINRULE_DATA_DIR
#error "CHAINRULE_DATA_DIR must name examples/data (fuzz/meson.build sets it)"
#endif

namespace chainrule::fuzz {

namespace fs = std::filesystem;

namespace {

bool mentions_internal_error(std::string_view s) { return s.find("internal error") != std::string_view::npos; }

// Messages and the source lines under them echo the input: an input that itself holds "internal
// error" is checked for everything else.
std::string_view input_text;

bool reports_internal_error(std::string_view s) { return !mentions_internal_error(input_text) && mentions_internal_error(s); }

// a problem with a located error: no position, or an internal error
std::optional<std::string> located(const lang::diagnostic& d, std::string_view what) {
    if (d.span.line < 1 || d.span.column < 1)
        return std::string(what) + " without a line and column: " + d.message;
    if (reports_internal_error(d.message)) return std::string(what) + " is an internal error: " + d.message;
    return std::nullopt;
}

// a statement path that stays inside the sandbox: relative, not empty, no '..', no NUL
bool stays_inside(const std::string& path) {
    if (path.empty() || path.find('\0') != std::string::npos) return false;
    const fs::path p(path);
    if (p.is_absolute() || p.has_root_name() || p.has_root_directory()) return false;
    for (const fs::path& part : p)
        if (part == "..") return false;
    return true;
}

}  // namespace

sandbox::sandbox() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp == '/' ? tmp : "/tmp") + "/chainrule-fuzz-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr)
        throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
    path_ = buffer.data();
    reset();
}

sandbox::~sandbox() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

void sandbox::reset() {
    for (const fs::directory_entry& e : fs::directory_iterator(path_)) fs::remove_all(e.path());
    fs::create_directory(path_ / "data");
    for (const fs::directory_entry& e : fs::directory_iterator(CHAINRULE_DATA_DIR))
        if (e.path().extension() == ".csv") fs::copy_file(e.path(), path_ / "data" / e.path().filename());
}

std::optional<std::string> check_parser(std::string_view text) {
    input_text = text;
    try {
        const lang::lex_result lexed = lang::lex(text);
        if (lexed.tokens.empty() || lexed.tokens.back().kind != lang::token_kind::end)
            return "the lexer's tokens do not end with the end token";
        (void)lang::is_complete(text);
        const lang::parse_result parsed = lang::parse_program(text, "fuzz.chain");
        for (const lang::diagnostic& d : parsed.errors)
            if (auto p = located(d, "a parse error")) return p;
        try {
            (void)lang::parse_statement(text, "fuzz.chain");
        } catch (const lang::source_error& e) {
            if (auto p = located(e.detail(), "parse_statement's error")) return p;
        }
        try {
            (void)lang::parse_expression(text, "fuzz.chain");
        } catch (const lang::source_error& e) {
            if (auto p = located(e.detail(), "parse_expression's error")) return p;
        }
    } catch (const std::exception& e) {
        return std::string("an exception escaped the parser: ") + e.what();
    }
    return std::nullopt;
}

program_outcome check_program(std::string_view text, sandbox& box, const program_limits& limits) {
    program_outcome out;
    input_text = text;
    try {
        // the rules of the sandbox: paths stay inside it, training stays short
        for (const lang::token& t : lang::lex(text).tokens)
            if (t.kind == lang::token_kind::string && !stays_inside(t.value)) {
                out.skipped = true;
                return out;
            }
        for (const lang::statement& s : lang::parse_program(text, "fuzz.chain").statements)
            if (s.kind() == lang::statement_kind::train) {
                const auto& epochs = s.as<lang::train_statement>().epochs;
                if (epochs && epochs->value > limits.max_epochs) {
                    out.skipped = true;
                    return out;
                }
            }
        box.reset();
        lang::session_options options;
        options.lowering.max_elements = limits.max_elements;
        options.lowering.max_tensor_elements = limits.max_elements;
        options.lowering.max_product_work = limits.max_product_work;
        options.lowering.max_new_nodes = limits.max_new_nodes;
        options.lowering.max_sweep_work = limits.max_sweep_work;
        options.max_variable_elements = limits.max_variable_elements;
        lang::session s(options);
        const std::string file = (box.path() / "fuzz.chain").string();
        for (const lang::result& r : s.run_program(text, file)) {
            if (r.kind() == lang::result_kind::error)
                if (auto p = located(r.as<lang::error_result>().error, "an error result")) {
                    out.problem = p;
                    return out;
                }
            const std::string shown = lang::render_text(s, r, {text, 1});
            const std::string json = lang::render_json(s, r);
            if (reports_internal_error(shown) || reports_internal_error(json)) {
                out.problem = "a result prints an internal error: " + shown;
                return out;
            }
        }
    } catch (const std::exception& e) {
        out.problem = std::string("an exception escaped the session: ") + e.what();
    }
    return out;
}

std::optional<std::string> check_csv(std::string_view text) {
    input_text = text;
    try {
        const optim::table t = optim::parse_csv(text, "fuzz.csv");
        if (t.names.size() != t.columns.size() || t.row_starts.size() != t.rows() ||
            t.cell_starts.size() != t.rows() * t.names.size())
            return "a table with names, columns, rows and cells of different counts";
        if (std::set<std::string>(t.names.begin(), t.names.end()).size() != t.names.size())
            return "a table with a repeated column name";
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (t.columns[c].size() != t.rows()) return "a column of the wrong length: " + t.names[c];
            for (std::size_t r = 0; r < t.rows(); ++r) {
                const double x = t.columns[c][r];
                if (!std::isfinite(x)) return "a value that is not finite in column " + t.names[c];
                // the kept text reads back as the value (strtod rounds as from_chars does)
                const std::string cell(t.text(c, r));
                if (std::strtod(cell.c_str(), nullptr) != x)
                    return "the text '" + cell + "' of column " + t.names[c] + " does not read back as its value";
            }
        }
    } catch (const chainrule::error& e) {
        if (reports_internal_error(e.what())) return std::string("an internal error: ") + e.what();
        if (std::strstr(e.what(), "fuzz.csv") == nullptr) return std::string("an error that names no file: ") + e.what();
    } catch (const std::exception& e) {
        return std::string("an exception escaped the CSV reader: ") + e.what();
    }
    return std::nullopt;
}

std::optional<std::string> check_param_file(std::string_view text) {
    input_text = text;
    try {
        const auto params = lang::parse_param_file(std::string(text), "fuzz.json");
        for (const auto& [name, p] : params) {
            std::size_t count = 1;
            for (std::size_t d : p.shape) count *= d;
            if (count != p.values.size()) return "a param whose values do not fill its shape: " + name;
            for (double x : p.values)
                if (!std::isfinite(x)) return "a value that is not finite in param " + name;
        }
        // written and read back, every value comes back bit for bit
        const std::string written = lang::param_file_text(params);
        const auto again = lang::parse_param_file(written, "again.json");
        if (again.size() != params.size()) return "a written file reads back with other params:\n" + written;
        for (const auto& [name, p] : params) {
            const auto it = again.find(name);
            if (it == again.end() || it->second.shape != p.shape || it->second.values.size() != p.values.size())
                return "param " + name + " reads back differently:\n" + written;
            for (std::size_t k = 0; k < p.values.size(); ++k)
                if (std::memcmp(&p.values[k], &it->second.values[k], sizeof(double)) != 0)
                    return "param " + name + " reads back with another value:\n" + written;
        }
    } catch (const chainrule::error& e) {
        if (reports_internal_error(e.what())) return std::string("an internal error: ") + e.what();
    } catch (const std::exception& e) {
        return std::string("an exception escaped the parameter file reader: ") + e.what();
    }
    return std::nullopt;
}

}  // namespace chainrule::fuzz
