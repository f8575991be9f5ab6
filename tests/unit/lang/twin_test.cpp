// Every value the language builds has a tensor twin that expands to exactly its scalar elements:
// the same scalar nodes, not just equal ones. Checked on the shipped examples and on programs
// using every operation the tensor graph has.
#include "lang_testing.hpp"

#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/tensor/expand.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <regex>
#include <sstream>

using namespace chainrule;
using namespace chainrule::lang;

namespace {

// Runs the declarations and definitions of `text` (the statements that make symbols; lines
// stay where they are) and checks every symbol's twin; returns how many twins were checked.
std::size_t check_twins(const std::string& text, const std::string& file) {
    static const std::regex makes_symbol(R"(^\s*(input|param|const)\s|^\s*[A-Za-z_]\w*\s*=[^=])");
    std::istringstream lines(text);
    std::string line, kept;
    while (std::getline(lines, line)) kept += (std::regex_search(line, makes_symbol) ? line : std::string()) + "\n";
    session s;
    for (const result& r : s.run_program(kept, file))
        BOOST_TEST(r.ok(), file << ":" << r.line() << ": " << lang_testing::message_of(r));
    tensor::expander ex(s.tensors(), s.model());
    ginac_converter convert(s.model());  // one converter: the same symbol for a name on both sides
    std::size_t checked = 0;
    for (const symbol_entry& e : s.symbols().all()) {
        BOOST_TEST_REQUIRE(e.value.twin != tensor::no_tensor, file << ": '" << e.name << "' has no tensor twin");
        BOOST_TEST(s.tensors().shape_of(e.value.twin) == e.value.dims, file << ": shape of '" << e.name << "'");
        const std::vector<node_id> expanded = ex.expand(e.value.twin);
        BOOST_TEST_REQUIRE(expanded.size() == e.value.elements.size());
        for (std::size_t k = 0; k < expanded.size(); ++k) {
            if (expanded[k] == e.value.elements[k]) continue;
            // a derivative's twin comes from the tensor sweep: equal to the scalar sweep's
            // elements, proved by GiNaC, though not the same nodes
            const GiNaC::ex a = convert(expanded[k]), b = convert(e.value.elements[k]);
            BOOST_TEST(GiNaC::normal(a - b).is_zero(), file << ": element " << k << " of '" << e.name << "': " << a
                                                            << " against " << b);
        }
        ++checked;
    }
    return checked;
}

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    BOOST_REQUIRE_MESSAGE(!text.str().empty(), "cannot read " << path);
    return text.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tensor_twins)

BOOST_AUTO_TEST_CASE(every_example_value_expands_to_its_own_elements) {
    const std::string root = CHAINRULE_SOURCE_ROOT;
    std::size_t checked = 0;
    for (const char* name : {"claims.chain", "dense.chain", "neuron.chain", "regression.chain", "softmax.chain",
                             "spirals.chain", "tanh_network.chain", "xor.chain"})
        checked += check_twins(read(root + "/examples/" + name), name);
    checked += check_twins(read(root + "/tests/golden/teaching.chain"), "teaching.chain");
    BOOST_TEST(checked > 40u);
}

BOOST_AUTO_TEST_CASE(every_operation_has_a_twin_with_the_same_elements) {
    const std::size_t checked = check_twins(R"(input x[3], X[2,3], s
param W[2,3], b[2], v[3], c
const k = [1/2, 2, -3]
z = W @ x + b
h = tanh(z)
p = softmax(h)
q = logsumexp(X)
r = [h[0], s, c]
M = [x, v]
row = M[1]
e = X[1, 2]
m = mean(x * v) - sum(M) / 2 + dot(x, k)
u = max(x, v) - min(c, s) + relu(v) + abs(x) + sigmoid(x)^2 + exp(-x) / (1 + x^2)
n = x @ W[0] + v @ x - s*c
t = X @ x
T = transpose(W) @ b + X[1, :] + X[:, 2] @ W
O = outer(b, x) + diag(b) @ W
R = sum(softmax(X), 0) + mean(X, 1) @ W + logsumexp(X, 1) @ W
G = d(sum(T*T) + sum(O) + sum(R))/d(W)
g = d(sum(T*T))/d(x)
)", "ops");
    BOOST_TEST(checked >= 20u);
}

BOOST_AUTO_TEST_CASE(each_matrix_form_derivative_alone) {
    const char* programs[] = {
        "input X[2,3]\nparam W[2,3], b[2]\nT = transpose(W) @ b\nG = d(sum(T*T))/d(W)\n",
        "input X[2,3]\nparam W[2,3], b[2]\nT = X[1, :]\nG = d(sum(T*W[0]))/d(W)\n",
        "input X[2,3]\nparam W[2,3], b[2]\nT = X[:, 2] @ W\nG = d(sum(T*T))/d(W)\n",
        "input X[2,3]\nparam W[2,3], b[2]\nO = outer(b, X[0]) + diag(b) @ W\nG = d(sum(O))/d(W)\n",
        "input X[2,3]\nparam W[2,3], b[2]\nR = sum(softmax(X), 0)\nG = d(sum(R*W[0]))/d(W)\n",
        "input X[2,3]\nparam W[2,3], b[2]\nR = mean(X, 1) @ W\nG = d(sum(R))/d(W)\n",
        "input X[2,3]\nparam W[2,3], b[2]\nR = logsumexp(X, 1) @ W\nG = d(sum(R))/d(W)\n",
        "input X[2,3]\nparam W[2,3], b[2]\nR = logsumexp(X, 1) @ W + mean(X, 1) @ W\nG = d(sum(R))/d(W)\n",
    };
    for (const char* p : programs) check_twins(p, p);
}

BOOST_AUTO_TEST_SUITE_END()
