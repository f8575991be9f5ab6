// True claims that were only verified, never proved: logarithm and exp identities under
// positivity, sqrt(g^2) = abs(g), piecewise identities, and a large constant in an exponent
// ("too large for a symbolic proof"). Each must now be proved, and each near miss refuted.
#include "chainrule/lang/session.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>

using namespace chainrule;
using namespace chainrule::lang;

namespace {

struct identity {
    const char* claim;
    const char* near_miss;
};

std::ostream& operator<<(std::ostream& out, const identity& i) { return out << i.claim; }

const identity identities[] = {
    {"log(sigmoid(x)) = -softplus(-x)", "log(sigmoid(x)) = softplus(-x)"},
    {"softplus(x) - softplus(-x) = x", "softplus(x) - softplus(-x) = -x"},
    {"logsumexp([x, y, z]) = logsumexp([x - w, y - w, z - w]) + w", "logsumexp([x, y, z]) = logsumexp([x - w, y - w, z - w])"},
    {"sqrt(y^2) = abs(y)", "sqrt(y^2) = y"},
    {"relu(x) = (x + abs(x))/2", "relu(x) = (x - abs(x))/2"},
    {"max(x, y) = (x + y + abs(x - y))/2", "max(x, y) = (x + y - abs(x - y))/2"},
    {"abs(x*y) = abs(x)*abs(y)", "abs(x + y) = abs(x) + abs(y)"},
    {"sigmoid(x + 120) = 1 - sigmoid(-x - 120)", "sigmoid(x + 120) = sigmoid(-x - 120)"},
    {"log(x^2) = 2*log(abs(x))", "log(x^2) = log(abs(x))"},
};

verify::verdict verdict_of(const std::string& claim) {
    session s;
    const std::vector<result> results = s.run_program("input x, y, z, w\nclaim " + claim + "\n", "t.chain");
    BOOST_REQUIRE(results.back().kind() == result_kind::claim);
    return results.back().as<claim_result>().verdict;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(proofs)

BOOST_DATA_TEST_CASE(each_identity_is_proved_and_its_near_miss_refuted, boost::unit_test::data::make(identities), i) {
    BOOST_TEST((verdict_of(i.claim) == verify::verdict::proved), i.claim);
    BOOST_TEST((verdict_of(i.near_miss) == verify::verdict::refuted), i.near_miss);
}

BOOST_AUTO_TEST_SUITE_END()
