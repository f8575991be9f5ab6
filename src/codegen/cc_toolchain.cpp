// The optimised tier: cache lookup, else `cc FLAGS -o obj.so src.c -lm` in a private
// temporary directory (no shell) -- for a long program, `cc FLAGS -c -DCR_UNIT=i` per unit at
// once and one link -- then store; loading always goes through a private copy.
#include "chainrule/codegen/cc_toolchain.hpp"

#include "chainrule/codegen/compile_error.hpp"
#include "chainrule/codegen/content_hash.hpp"
#include "chainrule/codegen/object_cache.hpp"
#include "chainrule/codegen/process.hpp"
#include "chainrule/codegen/temp_dir.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>
#include <optional>
#include <sstream>
#include <sys/stat.h>

namespace chainrule::codegen {

namespace {

void write_file(const std::filesystem::path& file, std::string_view bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw error("cannot write " + file.string());
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw error("cannot read " + file.string());
    return text.str();
}

std::string compiler_path(const cc_options& options) {
    const std::optional<std::filesystem::path> exe = find_program(options.compiler);
    if (!exe)
        throw compile_error("the optimised tier needs a C compiler: '" + options.compiler +
                                "' was not found on PATH (install gcc, or use the libtcc or interpreter backend)",
                            "");
    return exe->string();
}

}  // namespace

bool cc_available(const cc_options& options) { return find_program(options.compiler).has_value(); }

std::size_t cc_units(const std::string& source, const cc_options& options) {
    // a source in parts defines CR_HERE at the start of a line (emit_c.hpp), and guards each
    // part with `#if CR_HERE(j)` (and unit 0's own code with one more)
    const std::string_view marker = "#define CR_HERE(j)";
    if (!source.starts_with(marker) && source.find("\n" + std::string(marker)) == std::string::npos) return 1;
    std::size_t guards = 0;
    for (std::size_t at = source.find("\n#if CR_HERE("); at != std::string::npos; at = source.find("\n#if CR_HERE(", at + 1))
        ++guards;
    const std::size_t parts = std::max<std::size_t>(guards, 2) - 1;
    const std::size_t wanted = options.units > 0 ? options.units : std::clamp<std::size_t>(available_processors(), 1, 8);
    return std::clamp<std::size_t>(wanted, 1, parts);
}

std::string cc_cache_key(const std::string& source, const cc_options& options) {
    std::string material = "chainrule-cc-1\n" + compiler_path(options) + "\n";
    for (const std::string& f : options.flags) material += f + "\n";
    const std::size_t units = cc_units(source, options);
    if (units > 1) material += "units " + std::to_string(units) + "\n";
    material += '\0';
    material += source;
    return sha256_hex(material);
}

cc_build build_with_cc(const std::string& source, const cc_options& options) {
    cc_build out;
    const std::string compiler = compiler_path(options);
    const std::string key = cc_cache_key(source, options);

    // the cache: a checked entry is used; a refused one is reported and replaced
    std::optional<object_cache> cache;
    if (options.use_cache) {
        try {
            cache.emplace(options.cache_directory ? *options.cache_directory : object_cache::default_directory());
            cache_entry found = cache->find(key);
            if (found.state == cache_state::valid) {
                out.object = std::move(found.bytes);
                out.from_cache = true;
                return out;
            }
            if (found.state == cache_state::refused)
                out.warnings.push_back(found.reason + ": refused (not loaded); compiling afresh");
        } catch (const error& e) {
            out.warnings.push_back(std::string(e.what()) + "; compiling without the cache");
            cache.reset();
        }
    }

    // compile in a private directory: whole, or as units at once, then linked
    const temp_dir work;
    const std::filesystem::path src = work.path() / "model.c", obj = work.path() / "model.so";
    write_file(src, source);
    const std::size_t units = cc_units(source, options);
    const auto command = [&](std::vector<std::string> tail) {
        std::vector<std::string> argv{compiler};
        argv.insert(argv.end(), options.flags.begin(), options.flags.end());
        argv.insert(argv.end(), tail.begin(), tail.end());
        return argv;
    };
    const auto check = [&](const process_result& r) {
        if (r.exit_status == 0) return;
        const std::string how = r.signal == SIGINT ? "was interrupted (SIGINT, Ctrl-C)"
                                : r.signal     ? "was killed by signal " + std::to_string(r.signal)
                                               : "failed with exit status " + std::to_string(r.exit_status);
        throw compile_error("the C compiler (" + compiler + ") " + how, r.output);
    };
    const auto start = std::chrono::steady_clock::now();
    if (units == 1) {
        check(run_program(command({"-o", obj.string(), src.string(), "-lm"}), work.path()));
    } else {
        std::vector<std::vector<std::string>> compiles;
        std::vector<std::string> objects;
        for (std::size_t u = 0; u < units; ++u) {
            objects.push_back((work.path() / ("unit" + std::to_string(u) + ".o")).string());
            compiles.push_back(command({"-c", "-DCR_UNITS=" + std::to_string(units), "-DCR_UNIT=" + std::to_string(u),
                                        "-o", objects.back(), src.string()}));
        }
        for (const process_result& r : run_programs(compiles, work.path())) check(r);
        std::vector<std::string> link{"-o", obj.string()};
        link.insert(link.end(), objects.begin(), objects.end());
        link.push_back("-lm");
        check(run_program(command(link), work.path()));
    }
    out.compile_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out.object = read_file(obj);
    if (cache) {
        try {
            cache->store(key, out.object);
        } catch (const error& e) {
            out.warnings.push_back(std::string(e.what()) + "; the object was not cached");
        }
    }
    return out;
}

cc_library compile_with_cc(const std::string& source, const cc_options& options) {
    cc_build b = build_with_cc(source, options);
    // load the checked bytes from a private copy (the cache file itself could change after the
    // check); the copy is removed at once, the mapping stays
    const temp_dir work;
    const std::filesystem::path copy = work.path() / "model.so";
    write_file(copy, b.object);
    ::chmod(copy.c_str(), 0700);
    return cc_library{shared_object(copy), b.from_cache, b.compile_seconds, std::move(b.warnings)};
}

}  // namespace chainrule::codegen
