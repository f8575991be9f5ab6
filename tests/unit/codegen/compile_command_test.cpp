// `chainrule compile` end to end: the built command writes a shared object and a header; the
// object is loaded and compared with values computed here by hand; no user name reaches it.
#define BOOST_TEST_MODULE compile_command
#include "chainrule/codegen/process.hpp"
#include "chainrule/codegen/shared_object.hpp"
#include "chainrule/codegen/temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace chainrule::codegen;

namespace {

std::string read(const std::filesystem::path& f) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

process_result compile(const temp_dir& dir, const std::string& chain, std::vector<std::string> extra = {}) {
    std::ofstream(dir.path() / "model.chain") << chain;
    std::vector<std::string> argv{CHAINRULE_COMMAND, "compile", (dir.path() / "model.chain").string(), "-o",
                                  (dir.path() / "model.so").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_program(argv, dir.path());
}

// sigmoid neuron with distinctive names; the loss is the last scalar definition
const std::string neuron = "input zebra_x, zebra_y\n"
                           "param quokka_w, quokka_b\n"
                           "a = sigmoid(quokka_w*zebra_x + quokka_b)\n"
                           "L = (a - zebra_y)^2/2\n";

}  // namespace

BOOST_AUTO_TEST_CASE(the_shared_object_computes_the_loss_and_its_gradient) {
    const temp_dir dir;
    const process_result r = compile(dir, neuron);
    BOOST_TEST_REQUIRE(r.exit_status == 0, r.output);
    const shared_object lib(dir.path() / "model.so");
    const auto* layout = static_cast<const long*>(lib.symbol("chainrule_layout"));
    BOOST_TEST(layout[0] == 2);
    BOOST_TEST(layout[1] == 2);
    BOOST_TEST(layout[2] == 3);
    using eval_fn = void (*)(const double*, const double*, double*);
    using batch_fn = void (*)(long, const double*, const double*, int, double*);
    const auto eval = reinterpret_cast<eval_fn>(lib.symbol("chainrule_eval"));
    const auto batch = reinterpret_cast<batch_fn>(lib.symbol("chainrule_eval_batch"));
    // by hand: a = sigmoid(w x + b), dL/dw = (a - y) a (1 - a) x, dL/db = (a - y) a (1 - a)
    const double x[] = {0.5, 1.0, -1.5, 0.0}, p[] = {3.0, -1.0};
    double out[3], sum[3];
    eval(x, p, out);
    const double a = 1 / (1 + std::exp(-(3.0 * 0.5 - 1.0)));
    BOOST_TEST(out[0] == (a - 1) * (a - 1) / 2, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(out[1] == (a - 1) * a * (1 - a) * 0.5, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(out[2] == (a - 1) * a * (1 - a), boost::test_tools::tolerance(1e-14));
    batch(2, x, p, 0, sum);
    double second[3];
    eval(x + 2, p, second);
    for (int k = 0; k < 3; ++k) BOOST_TEST(sum[k] == out[k] + second[k]);
    // the header names the slots; the object holds no user name
    const std::string header = read(dir.path() / "model.h");
    BOOST_TEST(header.find("x[0] = zebra_x") != std::string::npos, header);
    BOOST_TEST(header.find("p[1] = quokka_b") != std::string::npos, header);
    BOOST_TEST(header.find("#define CHAINRULE_OUTPUTS 3") != std::string::npos);
    const std::string object = read(dir.path() / "model.so");
    BOOST_TEST(object.find("zebra") == std::string::npos);
    BOOST_TEST(object.find("quokka") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_chosen_loss_and_the_errors) {
    const temp_dir dir;
    BOOST_TEST(compile(dir, neuron, {"--loss", "a"}).exit_status == 0);
    const shared_object lib(dir.path() / "model.so");
    BOOST_TEST(static_cast<const long*>(lib.symbol("chainrule_layout"))[2] == 3);
    const temp_dir broken;
    const process_result bad = compile(broken, "input x\nL = x +\n");
    BOOST_TEST(bad.exit_status == 1);
    BOOST_TEST(bad.output.find(":2:") != std::string::npos, bad.output);
    BOOST_TEST(!std::filesystem::exists(broken.path() / "model.so"));
    const process_result missing = compile(broken, neuron, {"--loss", "nope"});
    BOOST_TEST(missing.exit_status == 1);
    BOOST_TEST(missing.output.find("nope") != std::string::npos, missing.output);
    const process_result usage = run_program({CHAINRULE_COMMAND, "compile"}, broken.path());
    BOOST_TEST(usage.exit_status == 2);
}
