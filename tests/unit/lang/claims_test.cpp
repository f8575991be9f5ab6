// assume, claim and check in a session: verdicts whose truth is derived by hand in each case,
// free index letters, hints that need the source (swapped indices), and their errors.
#include "chainrule/lang/render.hpp"
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

BOOST_AUTO_TEST_SUITE(claims)

namespace {

// a copy: the results are temporaries
claim_result claim_of(const result& r) {
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::claim, "not a claim result: " << message_of(r));
    return r.as<claim_result>();
}

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(neuron_claims) {
    session s;
    s.run_program(neuron, "t.chain");
    // dL/dw = (a - y) a (1 - a) x by the chain rule through a and z
    const result right = last(s, "claim d(L)/d(w) = (a - y)*a*(1 - a)*x");
    BOOST_TEST((claim_of(right).verdict == verify::verdict::proved));
    BOOST_TEST(right.ok());
    // the adjoint of z: dL/dz = (a - y) a (1 - a)
    BOOST_TEST((claim_of(last(s, "claim d(L)/d(z) = (a - y)*a*(1 - a)")).verdict == verify::verdict::proved));
    const result wrong = last(s, "claim d(L)/d(w) = (a - y)*x");
    const claim_result c = claim_of(wrong);
    BOOST_TEST((c.verdict == verify::verdict::refuted));
    BOOST_TEST(!wrong.ok());  // a refuted claim makes the exit status 1
    BOOST_TEST(c.counterexample.size() == 4u);  // b, w, x, y
    BOOST_TEST(contains(c.hint, "∂a/∂z"), c.hint);
    BOOST_TEST(c.lhs.has_value());
    BOOST_TEST(c.rhs.has_value());
}

// abs'(u) = sign(u), sign' = 0, sign(0) = 0: derived by hand in each comment.
BOOST_AUTO_TEST_CASE(sign_claims) {
    session s;
    s.run_program("input x, y\n", "t.chain");
    // the rule itself: d abs(x)/dx is the node sign(x)
    BOOST_TEST((claim_of(last(s, "claim d(abs(x))/d(x) = sign(x)")).verdict == verify::verdict::proved));
    // d abs(x - y)/dy = sign(x - y) (-1)
    BOOST_TEST((claim_of(last(s, "claim d(abs(x - y))/d(y) = -sign(x - y)")).verdict == verify::verdict::proved));
    // sign(x) = step(x) - step(-x) on every region x > 0, x = 0, x < 0
    BOOST_TEST((claim_of(last(s, "claim sign(x) = step(x) - step(-x)")).verdict == verify::verdict::proved));
    BOOST_TEST((claim_of(last(s, "claim x*sign(x) = abs(x)")).verdict == verify::verdict::proved));
    BOOST_TEST((claim_of(last(s, "claim d(sign(x)*y)/d(x) = 0")).verdict == verify::verdict::proved));
    // 2 step(x) - 1 is -1 at 0 where sign(0) = 0: refuted at the kink, exactly
    const claim_result kink = claim_of(last(s, "claim d(abs(x))/d(x) = 2*step(x) - 1"));
    BOOST_TEST((kink.verdict == verify::verdict::refuted));
    BOOST_REQUIRE_EQUAL(kink.counterexample.size(), 1u);
    BOOST_TEST(kink.counterexample[0].first == "x");
    BOOST_TEST(kink.counterexample[0].second == 0);
    // sign(x)^2 = 1 except at 0
    BOOST_TEST((claim_of(last(s, "claim sign(x)^2 = 1")).verdict == verify::verdict::refuted));
    BOOST_TEST((claim_of(last(s, "claim sign(x) = -sign(-x)")).verdict == verify::verdict::proved));
}

BOOST_AUTO_TEST_CASE(free_indices_range_over_the_shapes) {
    session s;
    s.run_program("input x[3]\nparam W[2,3]\nh = W @ x\nL = sum(h^2)/2\n", "t.chain");
    // L = 1/2 sum_i h_i^2, h_i = sum_j W_ij x_j: dL/dW_ij = h_i x_j
    const claim_result c = claim_of(last(s, "claim d(L)/d(W[i,j]) = h[i]*x[j]"));
    BOOST_TEST(verify::holds(c.verdict));
    BOOST_TEST(c.combinations == 6u);
    // dL/dx_j = sum_i h_i W_ij
    BOOST_TEST(verify::holds(claim_of(last(s, "claim d(L)/d(x[j]) = h[0]*W[0,j] + h[1]*W[1,j]")).verdict));
    // h[i]*x[0] is not it: refuted at some (i, j), named
    const claim_result w = claim_of(last(s, "claim d(L)/d(W[i,j]) = h[i]*x[0]"));
    BOOST_TEST((w.verdict == verify::verdict::refuted));
    BOOST_REQUIRE(w.index.has_value());
    BOOST_TEST(contains(*w.index, "i = "), *w.index);
    // swapped letters on a non-square matrix: the ranges disagree, and the error says so
    const result swapped = last(s, "claim d(L)/d(W[i,j]) = h[j]*x[i]");
    BOOST_TEST(contains(message_of(swapped), "swapped"), message_of(swapped));
}

BOOST_AUTO_TEST_CASE(swapped_indices_on_a_square_matrix) {
    session s;
    s.run_program("input x[2]\nparam W[2,2]\nh = W @ x\nL = sum(h^2)/2\n", "t.chain");
    const claim_result c = claim_of(last(s, "claim d(L)/d(W[i,j]) = h[j]*x[i]"));
    BOOST_TEST((c.verdict == verify::verdict::refuted));
    BOOST_TEST(contains(c.hint, "swapped"), c.hint);
}

BOOST_AUTO_TEST_CASE(element_wise_claims) {
    session s;
    s.run_program("input x[3]\n", "t.chain");
    const claim_result c = claim_of(last(s, "claim d(sum(x^2))/d(x) = 2*x"));
    BOOST_TEST((c.verdict == verify::verdict::proved));
    BOOST_TEST(c.combinations == 3u);
    const claim_result w = claim_of(last(s, "claim d(sum(x^2))/d(x) = x"));
    BOOST_TEST((w.verdict == verify::verdict::refuted));
    BOOST_TEST(contains(w.hint, "constant factor"), w.hint);
}

BOOST_AUTO_TEST_CASE(assumptions_apply_to_later_claims) {
    session s;
    s.run_program("input x\ninput y[3]\n", "t.chain");
    BOOST_TEST((claim_of(last(s, "claim sqrt(x^2) = x")).verdict == verify::verdict::refuted));
    const result a = last(s, "assume x > 0");
    BOOST_REQUIRE(a.kind() == result_kind::assumption);
    BOOST_TEST(a.as<assumption_result>().facts.size() == 1u);
    BOOST_TEST((claim_of(last(s, "claim sqrt(x^2) = x")).verdict == verify::verdict::proved));
    // softmax cross-entropy: d/dz_0 of -sum(y log softmax(z)) is softmax(z)_0 sum(y) - y_0,
    // which is softmax(z)_0 - y_0 only where sum(y) = 1
    s.run_program("input z[3]\nL = -sum(y*log(softmax(z)))\n", "t.chain");
    BOOST_TEST((claim_of(last(s, "claim d(L)/d(z[0]) = softmax(z)[0] - y[0]")).verdict == verify::verdict::refuted));
    BOOST_TEST(last(s, "assume sum(y) = 1").ok());
    BOOST_TEST(verify::holds(claim_of(last(s, "claim d(L)/d(z[k]) = softmax(z)[k] - y[k]")).verdict));
}

BOOST_AUTO_TEST_CASE(errors) {
    session s;
    s.run_program("input x[3], v[2]\n", "t.chain");
    BOOST_TEST(contains(message_of(last(s, "assume 1 > 2")), "false"));
    BOOST_TEST(contains(message_of(last(s, "claim x = v")), "different shapes"));
    BOOST_TEST(contains(message_of(last(s, "claim x[k] = v[k]")), "index 'k'"));
    BOOST_TEST(contains(message_of(last(s, "claim (x + 1)[q] = x[0]")), "range of index 'q'"));
    BOOST_TEST(contains(message_of(last(s, "check x")), "scalar"));
    BOOST_TEST(contains(message_of(last(s, "check 3")), "no input or param"));
    BOOST_TEST(s.facts().empty());  // nothing half-done was kept
}

BOOST_AUTO_TEST_CASE(check_reports_each_witness) {
    session s;
    s.run_program(neuron, "t.chain");
    const result r = last(s, "check L");
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::check, message_of(r));
    const verify::cross_check_result& c = r.as<check_result>().check;
    BOOST_TEST(c.points == 5);
    BOOST_TEST(c.wrt.size() == 4u);
    BOOST_TEST(c.tape_double.relative < 1e-13);
    BOOST_TEST(c.tape_digits.relative < 1e-45);
    BOOST_TEST(c.finite_difference.relative < 1e-5);
}

BOOST_AUTO_TEST_CASE(json_of_a_refuted_claim_has_the_documented_fields) {
    session s;
    s.run_program(neuron, "t.chain");
    const std::string text = "claim d(L)/d(b) = (y - a)*a*(1 - a)";
    const result r = last(s, text);
    const std::string json = render_json(s, r);
    for (const char* key : {"\"kind\":\"claim\"", "\"verdict\":\"refuted\"", "\"method\":", "\"points\":", "\"digits\":",
                            "\"counterexample\":{", "\"lhs\":\"", "\"rhs\":\"", "\"index\":null", "\"hint\":\"opposite sign"})
        BOOST_TEST(contains(json, key), key << " in " << json);
}

// d(log(x))/d(x) is the node 1/x, defined at x = -1, but the derivative exists only where log(x)
// is: a claim is decided there, an eval elsewhere is an error, and a claim about an expression
// defined nowhere is no proof
BOOST_AUTO_TEST_CASE(a_derivative_exists_only_where_its_expression_is_defined) {
    session s;
    s.run_program("input x, y\nL = log(x) + y^2\ng = d(L)/d(x)\n", "t.chain");
    // 1/|x| = 1/x for x > 0; the old refutation was at x < 0, where nothing is differentiable
    for (const char* holds : {"claim d(log(x))/d(x) = 1/abs(x)", "claim d(L)/d(x) = 1/abs(x)", "claim g = 1/abs(x)"}) {
        const claim_result c = claim_of(last(s, holds));
        BOOST_TEST(verify::holds(c.verdict), holds << ": " << c.reason);
    }
    // a refutation's point lies in the domain: x > 0
    const claim_result wrong = claim_of(last(s, "claim d(L)/d(x) = -1/abs(x)"));
    BOOST_REQUIRE((wrong.verdict == verify::verdict::refuted));
    for (const auto& [name, value] : wrong.counterexample)
        if (name == "x") BOOST_TEST(cln::plusp(value), name);
    // eval: a value where log(x) is defined, an error where it is not, directly or through g
    const result at_two = last(s, "eval d(log(x))/d(x) at x = 2");
    BOOST_REQUIRE(at_two.kind() == result_kind::eval);
    BOOST_TEST(at_two.as<eval_result>().elements.at(0).decimal == "0.5");
    for (const char* undefined : {"eval d(log(x))/d(x) at x = -1", "eval g at x = -1, y = 0", "eval 2*g + 1 at x = -3, y = 1"}) {
        const result r = last(s, undefined);
        BOOST_TEST((r.kind() == result_kind::error), undefined);
        BOOST_TEST(contains(message_of(r), "it is a derivative of an expression that is undefined there"), message_of(r));
    }
    const result steps = last(s, "show d(L)/d(x) as steps at x = -1, y = 0");
    BOOST_TEST((steps.kind() == result_kind::error), message_of(steps));
    BOOST_TEST(last(s, "show d(L)/d(x) as steps at x = 1, y = 0").ok());
    // log(-1 - x^2) is defined at no real x: its derivative's claim is undecided, not proved
    const claim_result nowhere = claim_of(last(s, "claim d(log(-1 - x^2))/d(x) = 2*x/(1 + x^2)"));
    BOOST_TEST((nowhere.verdict == verify::verdict::unknown));
    BOOST_TEST(contains(nowhere.reason, "where the claim's derivatives exist"), nowhere.reason);
}

BOOST_AUTO_TEST_SUITE_END()
