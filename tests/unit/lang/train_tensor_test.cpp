// train in tensor form (the tensor evaluator: loops and BLAS over the batch) against train on
// the scalar path, the independent element-level oracle: the same program, data, initial values
// and steps give the same params to rounding. And models too large to expand to scalars train,
// save and load in tensor form only.
#include "lang_testing.hpp"

#include "chainrule/codegen/tensor_evaluator.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

namespace {

const std::string root = CHAINRULE_SOURCE_ROOT;

// The spirals network of examples/spirals.chain, trained a few epochs by `optimizer`.
std::string spirals(const std::string& optimizer) {
    return "input x[2], y\n"
           "param W1[16,2], b1[16], W2[16,16], b2[16], v[16], c\n"
           "h1 = tanh(W1 @ x + b1)\n"
           "h2 = tanh(W2 @ h1 + b2)\n"
           "z = dot(v, h2) + c\n"
           "L = softplus(z) - y*z\n"
           "data \"" + root + "/examples/data/spirals.csv\"\n"
           "train L by " + optimizer + " epochs 8 batch 32 seed 3\n";
}

// The trained params of the last result (a train result) by name.
std::map<std::string, double> trained(const std::vector<result>& rs) {
    for (const result& r : rs) BOOST_REQUIRE_MESSAGE(r.ok(), r.line() << ": " << message_of(r));
    const train_result& t = rs.back().as<train_result>();
    std::map<std::string, double> out;
    for (std::size_t k = 0; k < t.params.size(); ++k) out[t.params[k]] = t.values[k];
    return out;
}

std::string backend_of(const std::vector<result>& rs) { return rs.back().as<train_result>().backend; }

session_options tensor_always() {
    session_options o;
    o.tensor_training_params = 0;
    return o;
}

session_options scalar_always() {
    session_options o;
    o.tensor_training_params = o.tensor_training_batch = static_cast<std::size_t>(-1);
    return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(training_in_tensor_form)

BOOST_AUTO_TEST_CASE(a_tensor_evaluator_can_be_built) {
    // the tests below compare against it: it must exist where the suite runs
    BOOST_TEST(codegen::tensor_evaluator_available());
}

BOOST_AUTO_TEST_CASE(small_models_at_small_batches_stay_on_the_scalar_path) {
    session batched;
    const std::vector<result> rs = batched.run_program(spirals("sgd(lr = 0.1)"), "t.chain");
    BOOST_TEST(backend_of(rs).find("(tensor)") != std::string::npos, backend_of(rs));  // batch 32
    std::string one = spirals("sgd(lr = 0.1)");
    one.replace(one.find("batch 32"), 8, "batch 1");
    one.replace(one.find("epochs 8"), 8, "epochs 1");
    session single;
    const std::vector<result> r1 = single.run_program(one, "t.chain");
    BOOST_TEST(backend_of(r1).find("tensor") == std::string::npos, backend_of(r1));  // 337 params at batch 1
}

BOOST_AUTO_TEST_CASE(the_tensor_path_trains_as_the_scalar_path_does) {
    for (const std::string optimizer : {"sgd(lr = 0.1)", "adam(lr = 0.01)", "momentum(lr = 0.05)"}) {
        session scalar(scalar_always());
        session tensor(tensor_always());
        const std::vector<result> a = scalar.run_program(spirals(optimizer), "t.chain");
        const std::vector<result> b = tensor.run_program(spirals(optimizer), "t.chain");
        BOOST_TEST(backend_of(b).find("(tensor)") != std::string::npos, backend_of(b));
        const std::map<std::string, double> want = trained(a), got = trained(b);
        BOOST_TEST(got.size() == want.size());
        BOOST_TEST(got.size() == 16u * 2 + 16 + 16 * 16 + 16 + 16 + 1);
        for (const auto& [name, w] : want) {
            const auto it = got.find(name);
            BOOST_REQUIRE_MESSAGE(it != got.end(), name << " was not trained in tensor form");
            BOOST_TEST(std::abs(it->second - w) <= 1e-9 * (1 + std::abs(w)), optimizer << ": " << name << " = "
                                                                                      << it->second << " against " << w);
        }
        // the losses of every epoch too
        const auto& ha = a.back().as<train_result>().report.history;
        const auto& hb = b.back().as<train_result>().report.history;
        BOOST_REQUIRE(ha.size() == hb.size());
        for (std::size_t k = 0; k < ha.size(); ++k)
            BOOST_TEST(std::abs(ha[k].train_loss - hb[k].train_loss) <= 1e-10 * (1 + std::abs(ha[k].train_loss)));
        // and eval over data reads the trained values
        const result ea = scalar.run_program("eval L over data", "t.chain").back();
        const result eb = tensor.run_program("eval L over data", "t.chain").back();
        BOOST_REQUIRE(ea.ok());
        BOOST_REQUIRE(eb.ok());
        const double va = std::stod(ea.as<eval_result>().elements.at(0).decimal);
        const double vb = std::stod(eb.as<eval_result>().elements.at(0).decimal);
        BOOST_TEST(std::abs(va - vb) <= 1e-9 * (1 + std::abs(va)));
    }
}

BOOST_AUTO_TEST_CASE(a_model_too_large_to_expand_trains_saves_and_loads_in_tensor_form) {
    // with an expansion limit of 20 elements, W1 (32) and W2 (256) live in the tensor graph only
    session_options small = tensor_always();
    small.lowering.max_elements = 20;
    session lazy(small);
    const std::vector<result> b = lazy.run_program(spirals("sgd(lr = 0.1)"), "t.chain");
    session scalar(scalar_always());
    const std::vector<result> a = scalar.run_program(spirals("sgd(lr = 0.1)"), "t.chain");
    const std::map<std::string, double> want = trained(a), got = trained(b);
    for (const auto& [name, w] : want)
        BOOST_TEST(std::abs(got.at(name) - w) <= 1e-9 * (1 + std::abs(w)), name);

    // save writes every param, load reads it back into a fresh session bit for bit
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("chainrule_tensor_" + std::to_string(::getpid()) + ".json");
    const result saved = lazy.run_program("save \"" + file.string() + "\"", "t.chain").back();
    BOOST_REQUIRE_MESSAGE(saved.ok(), message_of(saved));
    BOOST_TEST(saved.as<params_file_result>().values == want.size());
    session again(small);
    std::string program = spirals("sgd(lr = 0.1)");
    program = program.substr(0, program.find("train "));  // the model and data, no training
    for (const result& r : again.run_program(program + "load \"" + file.string() + "\"\n", "t.chain"))
        BOOST_REQUIRE_MESSAGE(r.ok(), message_of(r));
    // saved again, the same file: every value read back exactly
    const std::filesystem::path copy = file.string() + ".again.json";
    const result resaved = again.run_program("save \"" + copy.string() + "\"", "t.chain").back();
    BOOST_REQUIRE_MESSAGE(resaved.ok(), message_of(resaved));
    const auto contents = [](const std::filesystem::path& f) {
        std::ifstream in(f);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    BOOST_TEST(contents(copy) == contents(file));
    BOOST_TEST(contents(file).find("\"W2\"") != std::string::npos);
    std::filesystem::remove(copy);
    std::filesystem::remove(file);
}

BOOST_AUTO_TEST_CASE(a_model_too_large_to_expand_is_averaged_over_test_rows_in_float64) {
    // the float64 means of the tensor evaluator against the certified means of the same trained
    // model expanded to scalars
    std::string program = spirals("sgd(lr = 0.1)");
    const std::string data = "spirals.csv\"";
    program.replace(program.find(data), data.size(), data + " test 0.25 seed 2");
    program += "eval L over test\n"
               "eval delta(step(z), y) over test\n"                // the accuracy
               "eval delta(argmax(h1), argmax(h2)) over data\n"  // argmax and delta in tensor form
               "eval L over test at c = 1/2\n";
    session_options small = tensor_always();
    small.lowering.max_elements = 20;
    session lazy(small);
    const std::vector<result> got = lazy.run_program(program, "t.chain");
    session scalar(scalar_always());
    const std::vector<result> want = scalar.run_program(program, "t.chain");
    BOOST_REQUIRE(got.size() == want.size());
    for (std::size_t k = got.size() - 4; k + 1 < got.size(); ++k) {
        BOOST_REQUIRE_MESSAGE(got[k].ok(), message_of(got[k]));
        BOOST_REQUIRE_MESSAGE(want[k].ok(), message_of(want[k]));
        const eval_result &g = got[k].as<eval_result>(), &w = want[k].as<eval_result>();
        BOOST_TEST(g.float64);
        BOOST_TEST(!w.float64);
        BOOST_TEST(g.rows == w.rows);
        BOOST_TEST(g.elements.at(0).digits == 0);
        const double a = std::stod(g.elements.at(0).decimal), b = std::stod(w.elements.at(0).decimal);
        BOOST_TEST(std::abs(a - b) <= 1e-9 * (1 + std::abs(b)), g.expression << ": " << a << " against " << b);
    }
    BOOST_TEST(got[got.size() - 4].as<eval_result>().rows < got[got.size() - 2].as<eval_result>().rows);
    // binding a value with 'at' is refused, at the name bound
    BOOST_TEST(!got.back().ok());
    BOOST_TEST(message_of(got.back()).find("'at' cannot be combined with 'over'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_derivative_in_matrix_form_needs_what_it_differentiates_defined_on_every_row) {
    // d(log(u))/d(w) is the node x/u, finite where u < 0: on a row where log(u) is undefined the
    // mean in matrix form is refused, as the scalar path (the exact oracle) refuses it
    scratch d;
    const std::string program = "input x[3], t\n"
                                "param w[3], a\n"
                                "L = log(dot(w, x))\n"
                                "load \"" + d.write("p.json", "{\"w\": [1, 1, 1], \"a\": 1}\n") + "\"\n"
                                "data \"" + d.write("pos.csv", "x[0],x[1],x[2],t\n1,2,3,1\n1,1,1,2\n") + "\"\n"
                                "eval d(L)/d(w[0]) over data\n"
                                "eval d(L)/d(w[2]) + dot(w, x) over data\n"
                                "data \"" + d.write("mixed.csv", "x[0],x[1],x[2],t\n1,2,3,1\n-5,1,1,-1\n") + "\"\n"
                                "eval d(L)/d(w[0]) over data\n"
                                "eval d(L)/d(x[1]) over data\n"
                                "eval dot(w, x) + d(log(a*t))/d(a) over data\n"     // a scalar derivative's twin
                                "eval dot(w, x) + d(sqrt(t + 2))/d(t) over data\n";  // defined on both rows
    session_options small = tensor_always();
    small.lowering.max_elements = 2;
    session lazy(small);
    const std::vector<result> got = lazy.run_program(program, "t.chain");
    session scalar(scalar_always());
    const std::vector<result> want = scalar.run_program(program, "t.chain");
    BOOST_REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
        BOOST_TEST(got[k].ok() == want[k].ok(), k << ": " << message_of(got[k]) << " against " << message_of(want[k]));
        if (!got[k].ok()) {
            BOOST_TEST(message_of(got[k]).find("row 2") != std::string::npos, message_of(got[k]));
            continue;
        }
        if (got[k].kind() != result_kind::eval) continue;
        const eval_result &g = got[k].as<eval_result>(), &w = want[k].as<eval_result>();
        BOOST_TEST(g.float64);
        const double a = std::stod(g.elements.at(0).decimal), b = std::stod(w.elements.at(0).decimal);
        BOOST_TEST(std::abs(a - b) <= 1e-12 * (1 + std::abs(b)), g.expression << ": " << a << " against " << b);
    }
    // the refusals: three derivatives through log on row 2; the last is defined on both rows
    BOOST_TEST(!got[got.size() - 4].ok());
    BOOST_TEST(!got[got.size() - 3].ok());
    BOOST_TEST(!got[got.size() - 2].ok());
    BOOST_TEST(got.back().ok(), message_of(got.back()));
}

BOOST_AUTO_TEST_SUITE_END()
