// Parameter files, as an attacker or a careless user meets them: the hand-written JSON reader
// accepted 0x1p3 and dropped \u escapes; save wrote p.json.tmp through a plain open (a symlink
// planted there redirected the write) and, run as root, replaced /dev/full with a regular file;
// a directory or /dev/zero given to load read as empty or without end.
#include "chainrule/lang/session.hpp"
#include "param_file.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

using namespace chainrule;
using namespace chainrule::lang;
namespace fs = std::filesystem;

namespace {

struct scratch {
    fs::path dir = fs::temp_directory_path() / ("chainrule-params-" + std::to_string(::getpid()));
    scratch() { fs::create_directories(dir); }
    ~scratch() { fs::remove_all(dir); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    }
};

// The message of the last statement of `program`, "" when it succeeded.
std::string last_error(session& s, const std::string& program) {
    const result r = s.run_program(program, "t.chain").back();
    return r.kind() == result_kind::error ? r.as<error_result>().error.message : "";
}

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(param_files)

BOOST_AUTO_TEST_CASE(only_json_numbers_are_read) {
    scratch t;
    session s;
    s.run_program("param w, v[2]\n", "t.chain");
    const auto load = [&](const std::string& text) {
        return last_error(s, "load \"" + t.write("p.json", text) + "\"\n");
    };
    BOOST_TEST(load("{\"w\": 0x1p3}").find("not valid JSON") != std::string::npos);
    BOOST_TEST(load("{\"w\": 1e400}").find("number overflow") != std::string::npos);
    BOOST_TEST(load("{\"w\": \"1\"}").find("holds string, not a number") != std::string::npos);
    BOOST_TEST(load("{\"w\": 1, \"w\": 2}").find("'w' appears twice") != std::string::npos);
    BOOST_TEST(load("[1]").find("expected an object") != std::string::npos);
    BOOST_TEST(load("{\"w\": [1, 2").find("p.json:1:12: not valid JSON") != std::string::npos, load("{\"w\": [1, 2"));
    // \u escapes are decoded: "\u0077" is w
    BOOST_TEST(load("{\"\\u0077\": 0.25, \"v\": [1, -2.5e-3]}") == "");
    BOOST_TEST(last_error(s, "eval w + v[1]\n") == "");
}

BOOST_AUTO_TEST_CASE(negative_zero_reads_back_as_negative_zero) {
    // JSON's -0 is the integer 0, which reads as +0: a param at -0.0 was written as -0 and came
    // back with the other sign bit (found by fuzzing)
    const std::map<std::string, param_values> params{{"w", {{}, {-0.0}}}, {"v", {{2}, {1, -0.0}}},
                                                     {"W", {{1, 2}, {-0.0, 0.0}}}};
    const auto again = parse_param_file(param_file_text(params), "p.json");
    BOOST_TEST(std::signbit(again.at("w").values.at(0)));
    BOOST_TEST(std::signbit(again.at("v").values.at(1)));
    BOOST_TEST(std::signbit(again.at("W").values.at(0)));
    BOOST_TEST(!std::signbit(again.at("W").values.at(1)));
    BOOST_TEST(again.at("v").values.at(0) == 1.0);
}

BOOST_AUTO_TEST_CASE(save_never_follows_a_planted_name_nor_replaces_a_device) {
    scratch t;
    const std::string victim = t.write("victim", "precious\n");
    fs::create_symlink(victim, t.dir / "p.json.tmp");
    session s;
    s.run_program("param w\nload \"" + t.write("w0.json", "{\"w\": 0.5}") + "\"\n", "t.chain");
    const std::string target = (t.dir / "p.json").string();
    BOOST_TEST(last_error(s, "save \"" + target + "\"\n") == "");
    BOOST_TEST(read(victim) == "precious\n");
    BOOST_TEST(read(target).find("\"w\": 0.5") != std::string::npos);
    // no temporary is left behind
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(t.dir)) files += e.path().filename().string().rfind(".p.json", 0) == 0;
    BOOST_TEST(files == 0u);
    // a device or a directory is refused, and left as it was
    BOOST_TEST(last_error(s, "save \"/dev/full\"\n").find("not a regular file") != std::string::npos);
    BOOST_TEST(fs::is_character_file("/dev/full"));
    BOOST_TEST(last_error(s, "save \"" + t.dir.string() + "\"\n").find("not a regular file") != std::string::npos);
    BOOST_TEST(last_error(s, "save \"" + (t.dir / "none" / "p.json").string() + "\"\n").find("No such file") !=
               std::string::npos);
    // the file gets the permissions a plain create gives
    const mode_t mask = ::umask(0);
    ::umask(mask);
    BOOST_TEST(static_cast<unsigned>(fs::status(target).permissions() & fs::perms::all) == (0666u & ~mask));
}

BOOST_AUTO_TEST_CASE(load_reads_only_regular_files) {
    scratch t;
    session s;
    s.run_program("param w\n", "t.chain");
    BOOST_TEST(last_error(s, "load \"" + t.dir.string() + "\"\n").find("not a regular file") != std::string::npos);
    BOOST_TEST(last_error(s, "load \"/dev/zero\"\n").find("not a regular file") != std::string::npos);
    BOOST_TEST(last_error(s, "load \"" + (t.dir / "none.json").string() + "\"\n").find("does not exist") !=
               std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
