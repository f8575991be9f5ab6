// chainrule against a real peer (issue 6, "Checked against a real peer"): the same model, the
// same initial weights, the same data in file order, plain SGD in float64. A chain-language
// session trains it (`param ... ~ file("w0.json")`, `train L by sgd(lr = ..., shuffle = 0)`),
// reporting every step's batch loss through session_options::progress; bench/torch_sgd.py
// trains it with PyTorch (one thread) and prints the same losses. Every one of the 100 steps
// must agree to 1e-9 relative. Without PyTorch (Debian's python3-torch for /usr/bin/python3,
// or $CHAINRULE_TORCH_PYTHON) the test says so and passes without checking.
#define BOOST_TEST_MODULE torch
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "chainrule/codegen/process.hpp"
#include "chainrule/codegen/temp_dir.hpp"
#include "chainrule/lang/session.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace bdata = boost::unit_test::data;
namespace fs = std::filesystem;
using namespace chainrule;

namespace {

/// Debian's python3, which sees python3-torch (the python3 on PATH may be another one);
/// CHAINRULE_TORCH_PYTHON overrides it.
std::string python_path() {
    const char* p = std::getenv("CHAINRULE_TORCH_PYTHON");
    return p && *p ? p : "/usr/bin/python3";
}
constexpr std::size_t steps = 100;
constexpr double tolerance = 1e-9;  // relative, per step

/// One model of the comparison: its chain program (without data and train lines), the
/// torch_sgd.py model name, and how to make its data and initial weights.
struct peer_case {
    std::string name;        ///< torch_sgd.py's MODEL
    std::string program;     ///< declarations and definitions; the loss is L
    std::size_t inputs = 2;  ///< x[0..inputs)
    std::size_t hidden = 0;  ///< MLP: hidden units (params W1, b1, v, c); 0: classifier
    std::size_t classes = 0; ///< classifier: t[0..classes), params W, b
    std::size_t rows = 45;   ///< 45 rows in batches of 10: every epoch ends with a batch of 5
    std::size_t batch = 10;
    std::string lr;          ///< as written in both programs
    std::string evaluator = {};  ///< a fragment the evaluator's name must hold ("" for any)
    friend std::ostream& operator<<(std::ostream& out, const peer_case& c) { return out << c.name; }
};

const std::vector<peer_case> cases = {
    {"mlp_mse",
     "input x[2], y\n"
     "param W1[16,2], b1[16], v[16], c ~ file(\"w0.json\")\n"
     "h = tanh(W1 @ x + b1)\n"
     "o = dot(v, h) + c\n"
     "L = (o - y)^2 / 2\n",
     2, 16, 0, 45, 10, "0.05"},
    {"mlp_bce",
     "input x[2], y\n"
     "param W1[16,2], b1[16], v[16], c ~ file(\"w0.json\")\n"
     "h = tanh(W1 @ x + b1)\n"
     "o = sigmoid(dot(v, h) + c)\n"
     "L = -(y*log(o) + (1 - y)*log(1 - o))\n",
     2, 16, 0, 45, 10, "0.1"},
    {"softmax",
     "input x[4], t[3]\n"
     "param W[3,4], b[3] ~ file(\"w0.json\")\n"
     "p = softmax(W @ x + b)\n"
     "L = -dot(t, log(p))\n",
     4, 0, 3, 45, 10, "0.5"},
    // 25,450 params with matrices: trained in tensor form (loops and BLAS), not element by element
    {"mlp_softmax",
     "input x[784], t[10]\n"
     "param W1[32,784], b1[32], W2[10,32], b2[10] ~ file(\"w0.json\")\n"
     "h = tanh(W1 @ x + b1)\n"
     "z = W2 @ h + b2\n"
     "L = logsumexp(z) - dot(t, z)\n",
     784, 32, 10, 45, 10, "0.1", "(tensor)"},
    // the digits MLP of examples/digits.chain on the first 45 images of examples/data/digits.csv
    {"digits",
     "input x[64], t[10]\n"
     "param W1[32,64], b1[32], W2[10,32], b2[10] ~ file(\"w0.json\")\n"
     "h = tanh(W1 @ x + b1)\n"
     "z = W2 @ h + b2\n"
     "L = logsumexp(z) - dot(t, z)\n",
     64, 32, 10, 45, 10, "0.1", "(tensor)"},
};

std::string number(double x) {
    char b[40];
    std::snprintf(b, sizeof b, "%.17g", x);
    return b;
}

void write(const fs::path& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
    BOOST_REQUIRE_MESSAGE(out.good(), "cannot write " << path);
}

/// A JSON array of `values` (one row), or of `rows` rows.
std::string json_array(const std::vector<double>& values, std::size_t rows = 0) {
    std::string out = "[";
    if (rows == 0) {
        for (std::size_t k = 0; k < values.size(); ++k) out += (k ? ", " : "") + number(values[k]);
    } else {
        const std::size_t cols = values.size() / rows;
        for (std::size_t r = 0; r < rows; ++r) {
            out += r ? ", [" : "[";
            for (std::size_t k = 0; k < cols; ++k) out += (k ? ", " : "") + number(values[r * cols + k]);
            out += "]";
        }
    }
    return out + "]";
}

/// Writes data.csv and w0.json for case `c` into `dir`, from a fixed seed.
void make_files(const peer_case& c, const fs::path& dir) {
    std::mt19937_64 engine(20261128);
    std::uniform_real_distribution<double> unit(-1, 1);
    const auto draws = [&](std::size_t n, double scale) {
        std::vector<double> v(n);
        for (double& x : v) x = scale * unit(engine);
        return v;
    };
    // the data: x uniform in [-1, 1]^inputs; y = a smooth function (mse), a quadrant (bce), or
    // the one-hot class of a random linear teacher (softmax)
    std::ostringstream csv;
    for (std::size_t i = 0; i < c.inputs; ++i) csv << (i ? "," : "") << "x[" << i << "]";
    if (c.classes == 0) {
        csv << ",y\n";
    } else {
        for (std::size_t k = 0; k < c.classes; ++k) csv << ",t[" << k << "]";
        csv << "\n";
    }
    const std::vector<double> teacher = draws(c.classes * c.inputs, 1.0);
    for (std::size_t r = 0; r < c.rows; ++r) {
        const std::vector<double> x = draws(c.inputs, 1.0);
        for (std::size_t i = 0; i < c.inputs; ++i) csv << (i ? "," : "") << number(x[i]);
        if (c.classes == 0 && c.name == "mlp_mse") {
            csv << "," << number(std::sin(2 * x[0]) + 0.5 * x[1]) << "\n";
        } else if (c.classes == 0) {
            csv << "," << (x[0] * x[1] > 0 ? 1 : 0) << "\n";
        } else {
            std::size_t best = 0;
            std::vector<double> score(c.classes, 0.0);
            for (std::size_t k = 0; k < c.classes; ++k) {
                for (std::size_t i = 0; i < c.inputs; ++i) score[k] += teacher[k * c.inputs + i] * x[i];
                if (score[k] > score[best]) best = k;
            }
            for (std::size_t k = 0; k < c.classes; ++k) csv << "," << (k == best ? 1 : 0);
            csv << "\n";
        }
    }
    if (c.name == "digits") {
        // the real images instead: the first rows of the digits data, their one-hot y named t
        std::ifstream in(CHAINRULE_DIGITS_CSV);
        std::string line, digits;
        BOOST_REQUIRE_MESSAGE(std::getline(in, line), "cannot read " << CHAINRULE_DIGITS_CSV);
        for (std::size_t at = line.find("y["); at != std::string::npos; at = line.find("y[", at)) line[at] = 't';
        digits = line + "\n";
        for (std::size_t r = 0; r < c.rows && std::getline(in, line); ++r) digits += line + "\n";
        write(dir / "data.csv", digits);
    } else {
        write(dir / "data.csv", csv.str());
    }

    // the initial weights, in chainrule's param file format
    std::string json;
    if (c.hidden && c.classes) {
        const double bound = 1 / std::sqrt(static_cast<double>(c.inputs)), out = 1 / std::sqrt(static_cast<double>(c.hidden));
        json = "{\"W1\": " + json_array(draws(c.hidden * c.inputs, bound), c.hidden) +
               ",\n \"b1\": " + json_array(draws(c.hidden, bound)) + ",\n \"W2\": " +
               json_array(draws(c.classes * c.hidden, out), c.classes) + ",\n \"b2\": " +
               json_array(draws(c.classes, out)) + "}\n";
    } else if (c.hidden) {
        const double bound = 1 / std::sqrt(static_cast<double>(c.inputs));
        json = "{\"W1\": " + json_array(draws(c.hidden * c.inputs, bound), c.hidden) +
               ",\n \"b1\": " + json_array(draws(c.hidden, bound)) + ",\n \"v\": " +
               json_array(draws(c.hidden, 1 / std::sqrt(static_cast<double>(c.hidden)))) +
               ",\n \"c\": " + number(0.1 * unit(engine)) + "}\n";
    } else {
        json = "{\"W\": " + json_array(draws(c.classes * c.inputs, 0.5), c.classes) + ",\n \"b\": " +
               json_array(draws(c.classes, 0.5)) + "}\n";
    }
    write(dir / "w0.json", json);
}

/// Whether /usr/bin/python3 can import torch (asked once).
bool torch_available() {
    static const bool available = [] {
        if (!fs::exists(python_path())) return false;
        const codegen::temp_dir dir;
        return codegen::run_program({python_path(), "-c", "import torch"}, dir.path()).exit_status == 0;
    }();
    return available;
}

/// The losses chainrule's session reports, one per step.
std::vector<double> chainrule_losses(const peer_case& c, const fs::path& dir) {
    const std::size_t steps_per_epoch = (c.rows + c.batch - 1) / c.batch;
    BOOST_REQUIRE_EQUAL(steps % steps_per_epoch, 0u);
    const std::string program = c.program + "data \"data.csv\"\ntrain L by sgd(lr = " + c.lr +
                                ", shuffle = 0) epochs " + std::to_string(steps / steps_per_epoch) + " batch " +
                                std::to_string(c.batch) + "\n";
    std::vector<double> losses;
    lang::session_options options;
    // every step is reported: training_options::step_callback_every is 1 unless changed, and
    // the session leaves it so
    options.progress = [&losses](const optim::progress& p) {
        if (p.kind == optim::progress_kind::step) losses.push_back(p.train_loss);
        return optim::training_decision::proceed;
    };
    lang::session s(std::move(options));
    const std::string file = (dir / "model.chain").string();
    write(file, program);
    for (const lang::result& r : s.run_program(program, file)) {
        if (r.kind() == lang::result_kind::error)
            BOOST_FAIL("line " << r.line() << ": " << r.as<lang::error_result>().error.message);
        BOOST_REQUIRE_MESSAGE(r.ok(), "line " << r.line() << " did not succeed");
        if (r.kind() == lang::result_kind::train) {
            const lang::train_result& t = r.as<lang::train_result>();
            BOOST_TEST_MESSAGE(c.name << ": chainrule trained with the " << t.backend << " evaluator");
            BOOST_TEST(t.backend.find(c.evaluator) != std::string::npos, c.name << ": trained by " << t.backend);
            BOOST_TEST(t.report.steps == steps);
        }
    }
    return losses;
}

/// The losses bench/torch_sgd.py prints, one per step.
std::vector<double> torch_losses(const peer_case& c, const fs::path& dir) {
    const fs::path out = dir / "torch_losses.txt";
    const codegen::process_result r =
        codegen::run_program({python_path(), CHAINRULE_TORCH_SCRIPT, c.name, (dir / "data.csv").string(),
                              (dir / "w0.json").string(), "--batch", std::to_string(c.batch), "--lr", c.lr, "--steps",
                              std::to_string(steps), "--out", out.string()},
                             dir);
    BOOST_REQUIRE_MESSAGE(r.exit_status == 0, "torch_sgd.py failed (status " << r.exit_status << "):\n" << r.output);
    std::ifstream in(out);
    std::vector<double> losses;
    std::string line;
    while (std::getline(in, line)) {
        std::size_t used = 0;
        losses.push_back(std::stod(line, &used));
        BOOST_REQUIRE_MESSAGE(used == line.size(), "torch_sgd.py printed '" << line << "'");
    }
    return losses;
}

}  // namespace

// Without PyTorch the cases are reported as skipped (not as passed), with the reason.
boost::test_tools::assertion_result pytorch_installed(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result r(torch_available());
    if (!r) r.message() << "skipped: PyTorch (python3-torch) is not installed for /usr/bin/python3";
    return r;
}

BOOST_TEST_DECORATOR(*boost::unit_test::precondition(pytorch_installed))
BOOST_DATA_TEST_CASE(sgd_losses_match_pytorch, bdata::make(cases), c) {
    const codegen::temp_dir dir;
    make_files(c, dir.path());
    const std::vector<double> mine = chainrule_losses(c, dir.path());
    const std::vector<double> theirs = torch_losses(c, dir.path());
    BOOST_REQUIRE_EQUAL(mine.size(), steps);
    BOOST_REQUIRE_EQUAL(theirs.size(), steps);
    double worst = 0;
    std::size_t worst_step = 0;
    for (std::size_t k = 0; k < steps; ++k) {
        const double scale = std::max(std::fabs(mine[k]), std::fabs(theirs[k]));
        const double relative = scale > 0 ? std::fabs(mine[k] - theirs[k]) / scale : 0.0;
        BOOST_TEST(relative <= tolerance, c.name << " step " << k + 1 << ": chainrule " << number(mine[k])
                                                 << ", PyTorch " << number(theirs[k]) << ", relative difference "
                                                 << relative);
        if (relative > worst) worst = relative, worst_step = k + 1;
    }
    BOOST_TEST_MESSAGE(c.name << ": " << steps << " steps, loss " << number(mine.front()) << " -> " << number(mine.back())
                              << ", largest relative difference from PyTorch " << worst << " (step " << worst_step
                              << ")");
}
