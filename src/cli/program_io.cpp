#include "program_io.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/core/file.hpp"
#include "chainrule/lang/limits.hpp"
#include "chainrule/lang/render.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace chainrule::cli {

std::optional<std::string> read_program(const std::string& file) {
    try {
        return read_input_file(file, "program", max_program_bytes);
    } catch (const usage_error& x) {
        std::cout.flush();
        std::cerr << "chainrule: " << x.what() << '\n';
        return std::nullopt;
    }
}

std::optional<std::string> apply_limit(lang::session_options& o, const std::string& assignment) {
    try {
        lang::set_limit(o, assignment);
        return std::nullopt;
    } catch (const usage_error& x) {
        return std::string(x.what());
    }
}

bool print_results(lang::session& s, std::span<const lang::result> results, const std::string& text,
                   const output_options& options) {
    bool ok = true;
    for (const lang::result& r : results) {
        if (!r.ok()) ok = false;
        if (options.only && r.ok() && r.kind() != *options.only) continue;
        // a result that cannot be printed is that statement's error; the others still print
        try {
            if (options.json)
                std::cout << lang::render_json(s, r) << '\n';
            else
                std::cout << lang::render_text(s, r, {text, 1});
        } catch (const std::exception& x) {
            ok = false;
            std::cout << r.file << ':' << r.line() << ": error: this result cannot be printed: " << x.what() << '\n';
        }
    }
    std::cout.flush();
    return ok;
}

}  // namespace chainrule::cli
