// Identities of calculus and of the activations, each proved symbolically and re-confirmed at
// random points; each one's near miss (an exact 10^-30 off) refuted.
#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/verify/equivalence.hpp"
#include "verify_testing.hpp"

#include <boost/test/unit_test.hpp>
#include <boost/test/data/test_case.hpp>

#include <functional>

using namespace chainrule;
using namespace chainrule::verify;

BOOST_AUTO_TEST_SUITE(identities)

namespace {

struct identity {
    const char* name;
    bool positive_x;  // needs x > 0
    bool provable;    // normal() decides it (logs of products are beyond it: only verified)
    std::function<std::pair<expr, expr>(const expr& x, const expr& y)> sides;
};

std::ostream& operator<<(std::ostream& out, const identity& i) { return out << i.name; }

expr d(const expr& f, const expr& x) {
    const node_id wrt[] = {x.id()};
    return expr(f.owner(), reverse_gradient(f.owner(), f.id(), wrt)[0]);
}

const identity identities[] = {
    {"sigmoid' = sigmoid (1 - sigmoid)", false, true, [](const expr& x, const expr&) {
         return std::pair{d(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))};
     }},
    {"tanh = 2 sigmoid(2x) - 1", false, true, [](const expr& x, const expr&) {
         return std::pair{tanh(x), 2 * sigmoid(2 * x) - 1};
     }},
    {"softplus' = sigmoid", false, true, [](const expr& x, const expr&) { return std::pair{d(softplus(x), x), sigmoid(x)}; }},
    {"1 - sigmoid(x) = sigmoid(-x)", false, true, [](const expr& x, const expr&) {
         return std::pair{1 - sigmoid(x), sigmoid(-x)};
     }},
    {"softplus(x) - softplus(-x) = x", false, true, [](const expr& x, const expr&) {
         return std::pair{softplus(x) - softplus(-x), x};
     }},
    {"cosh^2 - (tanh cosh)^2 = 1", false, true, [](const expr& x, const expr&) {
         return std::pair{pow(cosh(x), 2) - pow(tanh(x) * cosh(x), 2), lift(x, 1)};
     }},
    {"sin^2 + cos^2 = 1", false, true, [](const expr& x, const expr&) {
         return std::pair{pow(sin(x), 2) + pow(cos(x), 2), lift(x, 1)};
     }},
    {"sin(2x) = 2 sin x cos x", false, true, [](const expr& x, const expr&) {
         return std::pair{sin(2 * x), 2 * sin(x) * cos(x)};
     }},
    {"cos(x + y) = cos x cos y - sin x sin y", false, true, [](const expr& x, const expr& y) {
         return std::pair{cos(x + y), cos(x) * cos(y) - sin(x) * sin(y)};
     }},
    {"tan' = 1 + tan^2", false, true, [](const expr& x, const expr&) { return std::pair{d(tan(x), x), 1 + pow(tan(x), 2)}; }},
    {"exp(x + y) = exp x exp y", false, true, [](const expr& x, const expr& y) {
         return std::pair{exp(x + y), exp(x) * exp(y)};
     }},
    {"exp(x/2)^2 = exp(x)", false, true, [](const expr& x, const expr&) { return std::pair{pow(exp(x / 2), 2), exp(x)}; }},
    {"d(x^x) = x^x (1 + log x)", true, true, [](const expr& x, const expr&) {
         return std::pair{d(pow(x, x), x), pow(x, x) * (1 + log(x))};
     }},
    {"sqrt(x^2) = x", true, true, [](const expr& x, const expr&) { return std::pair{sqrt(pow(x, 2)), x}; }},
    {"abs(x) = x", true, true, [](const expr& x, const expr&) { return std::pair{abs(x), x}; }},
    {"exp(log x) = x", true, true, [](const expr& x, const expr&) { return std::pair{exp(log(x)), x}; }},
    {"d(log x) = 1/x", true, true, [](const expr& x, const expr&) { return std::pair{d(log(x), x), 1 / x}; }},
    {"d(sqrt x) = 1/(2 sqrt x)", true, true, [](const expr& x, const expr&) {
         return std::pair{d(sqrt(x), x), 1 / (2 * sqrt(x))};
     }},
    {"2^x = exp(x log 2)", false, true, [](const expr& x, const expr&) {
         return std::pair{pow(lift(x, 2), x), exp(x * log(lift(x, 2)))};
     }},
    {"logistic loss gradient", false, true, [](const expr& x, const expr& y) {
         // L = softplus(x) - y x, dL/dx = sigmoid(x) - y
         return std::pair{d(softplus(x) - y * x, x), sigmoid(x) - y};
     }},
};

}  // namespace

BOOST_DATA_TEST_CASE(each_identity_holds_and_its_near_miss_is_refuted, boost::unit_test::data::make(identities), c) {
    graph g;
    const expr x = input(g, "x"), y = input(g, "y");
    const auto [lhs, rhs] = c.sides(x, y);
    std::vector<fact> facts;
    if (c.positive_x) facts.push_back(fact{x.id(), relation::greater, g.constant(0), "x > 0"});
    const equivalence_result r = decide(g, lhs.id(), rhs.id(), facts);
    BOOST_TEST((r.outcome == (c.provable ? verdict::proved : verdict::verified)), name(r.outcome) << ": " << r.method);
    // re-confirmed numerically
    equivalence_options numeric_only;
    numeric_only.symbolic = false;
    BOOST_TEST(holds(decide(g, lhs.id(), rhs.id(), facts, numeric_only).outcome));
    // and 10^-30 away is refuted
    const expr off = rhs + constant(g, rational(1) / cln::expt(rational(10), 30));
    const equivalence_result m = decide(g, lhs.id(), off.id(), facts);
    BOOST_REQUIRE((m.outcome == verdict::refuted));
    const GiNaC::ex diff = verify_testing::difference_at(g, lhs.id(), off.id(), m.refutation->at);
    BOOST_TEST(std::abs(verify_testing::magnitude(diff) - 1e-30) < 1e-40);
}

BOOST_AUTO_TEST_SUITE_END()
