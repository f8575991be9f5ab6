#pragma once
/// \file
/// The optimised tier: the system C compiler (`cc -O2`) building a shared object. The compiler
/// runs without a shell, in a private temporary directory (a long program as several units
/// compiled at once, one per processor); objects are cached (object_cache)
/// under a SHA-256 of the compiler, flags and source, and a cached object is checked before it
/// is loaded. The object is loaded from a private copy, so the checked bytes are the bytes run.

#include "chainrule/codegen/shared_object.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace chainrule::codegen {

/// How to run the C compiler.
struct cc_options {
    /// The compiler: a name looked up on PATH, or a path.
    std::string compiler = "cc";
    /// Flags before the source file. The defaults give exactly the rounding of the source, so
    /// every tier agrees bit for bit: no contraction to fused multiply-add, and the
    /// transcendental functions are not builtins (gcc would fold them at constant arguments
    /// with MPFR, correctly rounded, where the C library at run time may differ by an ulp).
    /// Straight-line vectorisation and dead-store elimination are off: they find nothing in
    /// generated code and cost a fifth of the compile time of a large program.
    std::vector<std::string> flags = {"-O2", "-fPIC", "-shared", "-std=c99", "-ffp-contract=off", "-fno-math-errno",
                                      "-fno-builtin-exp", "-fno-builtin-log", "-fno-builtin-log1p", "-fno-builtin-sin",
                                      "-fno-builtin-cos", "-fno-builtin-tan", "-fno-builtin-tanh", "-fno-builtin-cosh",
                                      "-fno-builtin-pow", "-fno-tree-slp-vectorize", "-fno-tree-dse", "-fno-dse"};
    /// How many compilers share a long program (one whose source is split into parts, see
    /// emit_c.hpp): each compiles the parts of one unit (-DCR_UNITS, -DCR_UNIT) to an object
    /// at the same time, then the objects are linked. 0: one per available processor
    /// (process.hpp), at most 8; never more than the program has parts. A
    /// program without parts is always compiled whole.
    std::size_t units = 0;
    /// Whether to use the object cache.
    bool use_cache = true;
    /// The cache directory; object_cache::default_directory() when unset.
    std::optional<std::filesystem::path> cache_directory;
};

/// A shared object built (or found in the cache) for one source.
struct cc_build {
    std::string object;                  ///< the shared object's bytes
    bool from_cache = false;             ///< found in the cache (not compiled now)
    double compile_seconds = 0;          ///< time spent in the compiler (0 from the cache)
    std::vector<std::string> warnings;   ///< e.g. a refused cache entry, an unusable cache
};

/// A loaded shared object and how it was obtained.
struct cc_library {
    shared_object library;               ///< the loaded object
    bool from_cache = false;             ///< see cc_build
    double compile_seconds = 0;          ///< see cc_build
    std::vector<std::string> warnings;   ///< see cc_build
};

/// Whether the compiler of `options` can be found.
bool cc_available(const cc_options& options = {});

/// The shared object of `source`: from the cache when a checked entry exists, else compiled
/// (and stored). Throws compile_error with the compiler's log when compilation fails or the
/// compiler is missing.
cc_build build_with_cc(const std::string& source, const cc_options& options = {});

/// build_with_cc, then load the object from a private copy.
cc_library compile_with_cc(const std::string& source, const cc_options& options = {});

/// The number of units `source` is compiled in under `options` (1 for a source without parts).
std::size_t cc_units(const std::string& source, const cc_options& options);

/// The cache key of `source` under `options`: SHA-256 of the compiler path, flags, units and
/// source.
std::string cc_cache_key(const std::string& source, const cc_options& options);

}  // namespace chainrule::codegen
