// Ctrl-C during `chainrule train`: the run stops cleanly, keeps the params so far, the statements
// after it still run, and --save writes the params.
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace {

const std::string command = CHAINRULE_COMMAND;
const std::string source_root = CHAINRULE_SOURCE_ROOT;

}  // namespace

BOOST_AUTO_TEST_SUITE(interrupt)

BOOST_AUTO_TEST_CASE(ctrl_c_stops_training_and_saves) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("chainrule_interrupt_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    // a run far too long to finish: spirals for a million epochs (squared error: never NaN)
    std::ofstream(dir / "long.chain") << "input x[2], y\nparam W1[16,2], b1[16], v[16], c\n"
                                         "o = sigmoid(dot(v, tanh(W1 @ x + b1)) + c)\n"
                                         "L = (o - y)^2\n"
                                         "data \"" << source_root << "/examples/data/spirals.csv\"\n"
                                         "train L by adam(lr = 0.01) epochs 1000000 batch 32\n"
                                         "eval L over data\n";
    const std::string out = (dir / "out.txt").string(), saved = (dir / "p.json").string();
    const pid_t child = fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
        FILE* f = std::freopen(out.c_str(), "w", stdout);
        (void)f;
        FILE* e = std::freopen((dir / "err.txt").c_str(), "w", stderr);
        (void)e;
        execl(command.c_str(), command.c_str(), "train", "--save", saved.c_str(), (dir / "long.chain").c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    kill(child, SIGINT);
    int status = 0;
    for (int k = 0; k < 200 && waitpid(child, &status, WNOHANG) == 0; ++k)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (waitpid(child, &status, WNOHANG) == 0) {
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
        BOOST_FAIL("chainrule train did not stop within 10 s of Ctrl-C");
    }
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0, text.str());
    BOOST_TEST(text.str().find("stopped on request") != std::string::npos, text.str());
    BOOST_TEST(text.str().find("mean over 400 rows") != std::string::npos, text.str());  // the next statement ran
    BOOST_TEST(std::filesystem::exists(saved));
    std::ifstream p(saved);
    std::stringstream params;
    params << p.rdbuf();
    BOOST_TEST(params.str().find("\"W1\": [[") != std::string::npos, params.str());
    std::filesystem::remove_all(dir);
}

// --save PATH was spliced into a save statement: a quote in the path was a parse error and the
// path became program text. It now reaches the save as data, whatever it holds.
BOOST_AUTO_TEST_CASE(save_takes_any_path_as_data) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("chainrule_save_path_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "short.chain") << "input x[2], y\nparam w[2], c\nL = (dot(w, x) + c - y)^2\n"
                                          "data \"" << source_root << "/examples/data/xor.csv\"\n"
                                          "train L by sgd(lr = 0.1) epochs 2 batch 4 seed 1\n";
    const std::string saved = (dir / "q\"x\n\"; eval 1 #.json").string();
    const pid_t child = fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
        FILE* f = std::freopen((dir / "out.txt").c_str(), "w", stdout);
        (void)f;
        execl(command.c_str(), command.c_str(), "train", "--save", saved.c_str(), (dir / "short.chain").c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    waitpid(child, &status, 0);
    std::ifstream in(dir / "out.txt");
    std::stringstream text;
    text << in.rdbuf();
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0, text.str());
    BOOST_TEST(std::filesystem::exists(saved), text.str());
    BOOST_TEST(text.str().find("saved w, c (3 values)") != std::string::npos, text.str());
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
