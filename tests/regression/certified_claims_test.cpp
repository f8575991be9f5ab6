// A claim 10^-150 from the truth came back verified: the float comparison took a relative
// difference below about 10^-140 for rounding noise. Claims are now compared in certified
// balls with no cutoff: such claims are refuted, the refutation carries the balls' certificate
// (checked here against the exact difference where the claim makes it rational), and a
// verified claim states the bound it certified.
#include "chainrule/lang/session.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

using namespace chainrule;
using namespace chainrule::lang;

namespace {

claim_result last_claim(session& s, const std::string& program) {
    const std::vector<result> results = s.run_program(program, "t.chain");
    for (const result& r : results)
        if (r.kind() == result_kind::error) BOOST_FAIL(r.as<error_result>().error.headline());
    return results.back().as<claim_result>();
}

constexpr const char* neuron = "input x\nparam w\nf = sigmoid(w*x)\n";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(certified_claims)

BOOST_AUTO_TEST_CASE(a_claim_a_hair_from_the_truth_is_refuted) {
    // relative 10^-150: right = truth (1 + 10^-150)
    session s;
    const claim_result relative =
        last_claim(s, std::string(neuron) + "claim d(f)/d(w) = f*(1 - f)*x*(1 + 1/10^150)\n");
    BOOST_TEST((relative.verdict == verify::verdict::refuted));
    BOOST_TEST(contains(relative.certificate, "left - right"), relative.certificate);
    // absolute 10^-1000: left - right is -10^-1000 exactly, and the certificate brackets it
    session t;
    const claim_result absolute = last_claim(t, std::string(neuron) + "claim d(f)/d(w) = f*(1 - f)*x + 1/10^1000\n");
    BOOST_REQUIRE((absolute.verdict == verify::verdict::refuted));
    // "left - right < -m e-1001" with 9 <= m < 10: a bound just below the true 10^-1000
    const std::string prefix = "left - right < -";
    BOOST_REQUIRE(absolute.certificate.rfind(prefix, 0) == 0);
    const std::string bound = absolute.certificate.substr(prefix.size());
    BOOST_TEST(bound.substr(bound.find('e')) == "e-1001", bound);
    const double mantissa = std::stod(bound.substr(0, bound.find('e')));
    BOOST_TEST((mantissa >= 9 && mantissa < 10), bound);
    BOOST_REQUIRE(absolute.difference);
    BOOST_TEST(absolute.difference->decimal == "-1e-1000");
    // a transcendental offset far below any double: exp(-2400) relative
    session u;
    const claim_result tiny = last_claim(u, std::string(neuron) + "claim d(f)/d(w) = f*(1 - f)*x*(1 + exp(-2400))\n");
    BOOST_TEST((tiny.verdict == verify::verdict::refuted));
}

BOOST_AUTO_TEST_CASE(a_verified_claim_states_its_bound) {
    // not proved symbolically (softplus and log through exp do not meet in normal form), equal
    session s;
    const claim_result c = last_claim(s, "input x\nclaim log(sigmoid(x)) = -softplus(-x)\n");
    BOOST_REQUIRE((verify::holds(c.verdict)));
    if (c.verdict == verify::verdict::verified) BOOST_TEST(contains(c.method, "|left - right| <= "), c.method);
}

BOOST_AUTO_TEST_CASE(an_exact_difference_needs_no_balls) {
    session s;
    const claim_result c = last_claim(s, "input x, y\nclaim (x + y)^2 = x^2 + y^2\n");
    BOOST_REQUIRE((c.verdict == verify::verdict::refuted));
    BOOST_TEST(c.certificate.empty());
    BOOST_TEST(c.digits == 0);
}

// claim d(2*max(z,w))/d(z) = 2*step(z - w) was verified: random points never tie, yet at z = w
// the tool's own derivative is 2 and the claim 0
BOOST_AUTO_TEST_CASE(a_claim_that_differs_only_at_a_tie_is_refuted_there) {
    session s;
    const claim_result c = last_claim(s, "input z, w\nclaim d(2*max(z, w))/d(z) = 2*step(z - w)\n");
    BOOST_REQUIRE((c.verdict == verify::verdict::refuted));
    std::map<std::string, rational> at(c.counterexample.begin(), c.counterexample.end());
    BOOST_TEST(at.at("z") == at.at("w"));  // on the tie, exactly
    BOOST_REQUIRE(c.lhs && c.rhs && c.lhs->exact && c.rhs->exact);
    BOOST_TEST(*c.lhs->exact == 2);
    BOOST_TEST(*c.rhs->exact == 0);
    BOOST_TEST(contains(c.method, "kink"), c.method);
}

BOOST_AUTO_TEST_CASE(a_kink_that_cannot_be_reached_is_named) {
    session s;
    const claim_result c = last_claim(s, "input x\nclaim relu(x^2 - 2) = max(x^2 - 2, 0)\n");
    BOOST_TEST((c.verdict == verify::verdict::verified));
    bool named = false;
    for (const std::string& n : c.notes) named = named || contains(n, "was not checked");
    BOOST_TEST(named);
}

BOOST_AUTO_TEST_SUITE_END()
