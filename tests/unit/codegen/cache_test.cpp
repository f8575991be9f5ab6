// The optimised tier's safety: a planted, modified, linked or exposed cached object is refused
// and never run; compile errors come back with the compiler's log; RAII handles clean up.
#include "chainrule/codegen/cc_toolchain.hpp"
#include "chainrule/codegen/compile_error.hpp"
#include "chainrule/codegen/content_hash.hpp"
#include "chainrule/codegen/object_cache.hpp"
#include "chainrule/codegen/process.hpp"
#include "chainrule/codegen/tcc_toolchain.hpp"
#include "chainrule/codegen/temp_dir.hpp"
#include "chainrule/core/error.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sys/stat.h>
#include <thread>

using namespace chainrule;
using namespace chainrule::codegen;

namespace {

const std::string honest = "double cr_answer(void) { return 1.0; }\n";
const std::string planted = "double cr_answer(void) { return 42.0; }\n";

double answer(const shared_object& lib) { return reinterpret_cast<double (*)()>(lib.symbol("cr_answer"))(); }

cc_options in(const temp_dir& dir) {
    cc_options o;
    o.cache_directory = dir.path() / "cache";
    return o;
}

void write(const std::filesystem::path& file, const std::string& bytes, mode_t mode) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
    ::chmod(file.c_str(), mode);
}

bool mentions(const std::vector<std::string>& warnings, const std::string& what) {
    for (const std::string& w : warnings)
        if (w.find(what) != std::string::npos) return true;
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(object_cache_and_toolchains)

BOOST_AUTO_TEST_CASE(a_second_build_comes_from_the_cache) {
    const temp_dir dir;
    const cc_library first = compile_with_cc(honest, in(dir));
    BOOST_TEST(!first.from_cache);
    BOOST_TEST(answer(first.library) == 1.0);
    const cc_library second = compile_with_cc(honest, in(dir));
    BOOST_TEST(second.from_cache);
    BOOST_TEST(answer(second.library) == 1.0);
    // the directory is owner-only, the files too
    struct stat st {};
    ::stat((dir.path() / "cache").c_str(), &st);
    BOOST_TEST((st.st_mode & 0777) == 0700u);
    const object_cache cache(dir.path() / "cache");
    ::stat(cache.object_path(cc_cache_key(honest, in(dir))).c_str(), &st);
    BOOST_TEST((st.st_mode & 077) == 0u);
    // other flags, another key
    cc_options o1 = in(dir);
    o1.flags.push_back("-g");
    BOOST_TEST(cc_cache_key(honest, o1) != cc_cache_key(honest, in(dir)));
}

// a parent that others may write without the sticky bit lets them swap the cache directory for
// their own: refused; a sticky one (as /tmp) is fine
BOOST_AUTO_TEST_CASE(an_open_parent_directory_is_refused) {
    const temp_dir dir;
    const std::filesystem::path open = dir.path() / "open";
    std::filesystem::create_directories(open);
    ::chmod(open.c_str(), 0777);
    BOOST_CHECK_EXCEPTION(object_cache(open / "cache"), chainrule::error, [](const chainrule::error& e) {
        return std::string(e.what()).find("writable by group or others without the sticky bit") != std::string::npos;
    });
    ::chmod(open.c_str(), 01777);
    BOOST_CHECK_NO_THROW(object_cache(open / "sticky-cache"));
    ::chmod(open.c_str(), 0700);
}

BOOST_AUTO_TEST_CASE(a_planted_object_is_refused) {
    const temp_dir dir;
    const object_cache cache(dir.path() / "cache");
    const std::string key = cc_cache_key(honest, in(dir));
    cc_options no_cache = in(dir);
    no_cache.use_cache = false;
    const std::string evil = build_with_cc(planted, no_cache).object;
    // without a digest
    write(cache.object_path(key), evil, 0600);
    cc_library lib = compile_with_cc(honest, in(dir));
    BOOST_TEST(answer(lib.library) == 1.0);
    BOOST_TEST(!lib.from_cache);
    BOOST_TEST(mentions(lib.warnings, "refused"));
    // with a matching digest but open to others
    write(cache.object_path(key), evil, 0644);
    write(cache.digest_path(key), sha256_hex(evil) + "\n", 0600);
    BOOST_TEST((cache.find(key).state == cache_state::refused));
    BOOST_TEST(cache.find(key).reason.find("mode 0644") != std::string::npos, cache.find(key).reason);
    lib = compile_with_cc(honest, in(dir));
    BOOST_TEST(answer(lib.library) == 1.0);
    BOOST_TEST(mentions(lib.warnings, "open to group or others"));
    // as a symbolic link to an owner-only file elsewhere
    write(dir.path() / "elsewhere.so", evil, 0600);
    std::filesystem::remove(cache.object_path(key));
    std::filesystem::create_symlink(dir.path() / "elsewhere.so", cache.object_path(key));
    write(cache.digest_path(key), sha256_hex(evil) + "\n", 0600);
    BOOST_TEST((cache.find(key).state == cache_state::refused));
    lib = compile_with_cc(honest, in(dir));
    BOOST_TEST(answer(lib.library) == 1.0);
    BOOST_TEST(mentions(lib.warnings, "symbolic link"));
    // the refused entry was replaced: the next build is a checked cache hit
    const cc_library again = compile_with_cc(honest, in(dir));
    BOOST_TEST(again.from_cache);
    BOOST_TEST(answer(again.library) == 1.0);
}

BOOST_AUTO_TEST_CASE(a_modified_object_is_refused) {
    const temp_dir dir;
    compile_with_cc(honest, in(dir));
    const object_cache cache(dir.path() / "cache");
    const std::string key = cc_cache_key(honest, in(dir));
    BOOST_TEST((cache.find(key).state == cache_state::valid));
    std::string bytes = cache.find(key).bytes;
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
    write(cache.object_path(key), bytes, 0600);
    const cache_entry e = cache.find(key);
    BOOST_TEST((e.state == cache_state::refused));
    BOOST_TEST(e.reason.find("SHA-256") != std::string::npos, e.reason);
    const cc_library lib = compile_with_cc(honest, in(dir));
    BOOST_TEST(!lib.from_cache);
    BOOST_TEST(answer(lib.library) == 1.0);
}

BOOST_AUTO_TEST_CASE(an_exposed_cache_directory_is_not_used) {
    const temp_dir dir;
    std::filesystem::create_directory(dir.path() / "cache");
    ::chmod((dir.path() / "cache").c_str(), 0777);
    BOOST_CHECK_THROW(object_cache(dir.path() / "cache"), error);
    const cc_library lib = compile_with_cc(honest, in(dir));  // compiles, without the cache
    BOOST_TEST(answer(lib.library) == 1.0);
    BOOST_TEST(mentions(lib.warnings, "without the cache"));
    BOOST_TEST(std::filesystem::is_empty(dir.path() / "cache"));
}

BOOST_AUTO_TEST_CASE(a_compile_error_carries_the_compiler_log) {
    const temp_dir dir;
    try {
        build_with_cc("double broken(void) { return undeclared_thing; }\n", in(dir));
        BOOST_FAIL("no compile_error");
    } catch (const compile_error& e) {
        BOOST_TEST(e.log().find("undeclared_thing") != std::string::npos, e.log());
        BOOST_TEST(std::string(e.what()).find("exit status") != std::string::npos);
    }
    // a source in units (emit_c.hpp): the error is in unit 1 only, and still reported
    // (two parts, then unit 0's own code, as emit_c lays them out)
    const std::string units_source = "#define CR_HERE(j) ((j) % CR_UNITS == CR_UNIT)\n"
                                     "#if CR_HERE(0)\ndouble fine(void) { return 1.0; }\n#endif\n"
                                     "#if CR_HERE(1)\ndouble broken(void) { return undeclared_thing; }\n#endif\n"
                                     "#if CR_HERE(0)\ndouble exported(void) { return 2.0; }\n#endif\n";
    cc_options o = in(dir);
    o.units = 1000;
    BOOST_TEST(cc_units(units_source, o) == 2u);  // never more units than parts
    o.units = 2;
    BOOST_TEST(cc_units(units_source, o) == 2u);
    BOOST_TEST(cc_units("double fine(void) { return 1.0; }\n", o) == 1u);
    // by default one unit per processor this process may use, at most 8
    const std::size_t processors = available_processors();
    BOOST_TEST(processors >= 1u);
    BOOST_TEST(processors <= std::max(1u, std::thread::hardware_concurrency()));
    o.units = 0;
    BOOST_TEST(cc_units(units_source, o) == std::min<std::size_t>(processors, 2));
    try {
        build_with_cc(units_source, o);
        BOOST_FAIL("no compile_error from a unit");
    } catch (const compile_error& e) {
        BOOST_TEST(e.log().find("undeclared_thing") != std::string::npos, e.log());
    }
    if (tcc_available()) {
        try {
            tcc_module m("double broken(void) { return undeclared_thing; }\n");
            BOOST_FAIL("no compile_error from libtcc");
        } catch (const compile_error& e) {
            BOOST_TEST(e.log().find("undeclared_thing") != std::string::npos, e.log());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_missing_compiler_is_a_clear_error) {
    const temp_dir dir;
    cc_options o = in(dir);
    o.compiler = "chainrule-no-such-compiler";
    BOOST_TEST(!cc_available(o));
    try {
        build_with_cc(honest, o);
        BOOST_FAIL("no compile_error");
    } catch (const compile_error& e) {
        BOOST_TEST(std::string(e.what()).find("not found") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(an_interrupted_compiler_is_reported_as_interrupted) {
    // Ctrl-C on a terminal reaches the compiler too: a compiler that dies of SIGINT
    const temp_dir dir;
    write(dir.path() / "cc", "#!/bin/sh\nkill -INT $$\nsleep 5\n", 0700);
    cc_options o = in(dir);
    o.compiler = (dir.path() / "cc").string();
    o.use_cache = false;
    try {
        build_with_cc(honest, o);
        BOOST_FAIL("no compile_error");
    } catch (const compile_error& e) {
        BOOST_TEST(std::string(e.what()).find("interrupted") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(cgroup_quotas_limit_the_processors) {
    const temp_dir dir;
    const std::filesystem::path root = dir.path();
    // v2: a quota of 1.5 CPUs two levels up, none in the process's own group
    std::filesystem::create_directories(root / "slice" / "job");
    write(root / "cpu.max", "max 100000\n", 0600);
    write(root / "slice" / "cpu.max", "150000 100000\n", 0600);
    write(root / "slice" / "job" / "cpu.max", "max 100000\n", 0600);
    BOOST_TEST(cgroup_processor_limit("0::/slice/job\n", root).value_or(0) == 2u);
    BOOST_TEST(!cgroup_processor_limit("0::/\n", root).has_value());
    // v1: the cpu controller's quota (-1 is none)
    std::filesystem::create_directories(root / "cpu" / "box");
    write(root / "cpu" / "cpu.cfs_quota_us", "-1\n", 0600);
    write(root / "cpu" / "cpu.cfs_period_us", "100000\n", 0600);
    write(root / "cpu" / "box" / "cpu.cfs_quota_us", "300000\n", 0600);
    write(root / "cpu" / "box" / "cpu.cfs_period_us", "100000\n", 0600);
    BOOST_TEST(cgroup_processor_limit("4:memory:/x\n2:cpu,cpuacct:/box\n", root).value_or(0) == 3u);
    BOOST_TEST(!cgroup_processor_limit("2:cpu,cpuacct:/\n", root).has_value());
    // both: the smaller
    BOOST_TEST(cgroup_processor_limit("2:cpu,cpuacct:/box\n0::/slice/job\n", root).value_or(0) == 2u);
    // garbage is no quota
    write(root / "slice" / "cpu.max", "lots 0\n", 0600);
    BOOST_TEST(!cgroup_processor_limit("0::/slice/job\n", root).has_value());
}

BOOST_AUTO_TEST_CASE(a_program_that_cannot_start_stops_the_others) {
    // the second cannot start: the first (a long sleep) is stopped, not waited for
    const temp_dir dir;
    const auto start = std::chrono::steady_clock::now();
    BOOST_CHECK_THROW(run_programs({{"sleep", "60"}, {"chainrule-no-such-program"}}, dir.path()), chainrule::error);
    BOOST_TEST(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 30.0);
}

BOOST_AUTO_TEST_CASE(handles_clean_up) {
    std::filesystem::path where;
    {
        temp_dir d;
        where = d.path();
        write(where / "f", "x", 0600);
        struct stat st {};
        ::stat(where.c_str(), &st);
        BOOST_TEST((st.st_mode & 0777) == 0700u);
        temp_dir moved = std::move(d);
        BOOST_TEST(std::filesystem::exists(where));
    }
    BOOST_TEST(!std::filesystem::exists(where));
    const temp_dir dir;
    cc_library lib = compile_with_cc(honest, in(dir));
    shared_object moved = std::move(lib.library);
    BOOST_TEST(!static_cast<bool>(lib.library));
    BOOST_TEST(answer(moved) == 1.0);
    if (tcc_available()) {
        tcc_module m(honest);
        tcc_module n = std::move(m);
        BOOST_TEST(reinterpret_cast<double (*)()>(n.symbol("cr_answer"))() == 1.0);
    }
}

BOOST_AUTO_TEST_SUITE_END()
