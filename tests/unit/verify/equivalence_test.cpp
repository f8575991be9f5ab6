// Verdicts on random expressions against rewritings whose truth is known without chainrule:
// GiNaC's expand() of the same expression (equal by construction), and that rewriting plus an
// exact offset of 10^-30 (different by construction). Every counterexample is re-evaluated by
// GiNaC's own numerics.
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/verify/equivalence.hpp"
#include "random_graph.hpp"
#include "verify_testing.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::verify;

BOOST_AUTO_TEST_SUITE(equivalence)

namespace {

// GiNaC's expanded form of node n, rebuilt as a node of g (a different graph of the same value).
std::optional<node_id> expanded(graph& g, node_id n) {
    try {
        return from_ginac(g, GiNaC::expand(to_ginac(g, n)));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

const rational tiny = rational(1) / cln::expt(rational(10), 30);

}  // namespace

BOOST_AUTO_TEST_CASE(random_expressions_equal_their_expansion_and_not_a_near_miss) {
    int holds_count = 0, refuted_count = 0, proved_count = 0, undecided = 0;
    for (std::uint64_t seed = 1; seed <= 120; ++seed) {
        graph g;
        testing::random_graph_options o;
        o.operations = 6;
        o.non_smooth = seed % 3 == 0;
        testing::random_graph_generator gen(seed, o);
        const node_id e = gen(g).output;
        const std::optional<node_id> same = expanded(g, e);
        if (!same) continue;
        equivalence_options options;
        options.seed = seed;
        const equivalence_result r = decide(g, e, *same, {}, options);
        if (r.outcome == verdict::unknown) {
            ++undecided;  // every point undefined (e.g. log of a negative everywhere sampled)
            continue;
        }
        BOOST_TEST_CONTEXT("seed " << seed << ": " << r.method) {
            BOOST_TEST(holds(r.outcome));
            holds_count += holds(r.outcome);
            proved_count += r.outcome == verdict::proved;
            // a near miss is always refuted, at a point where GiNaC also sees the difference
            const node_id off = g.add(*same, g.constant(tiny));
            const equivalence_result m = decide(g, e, off, {}, options);
            BOOST_TEST((m.outcome == verdict::refuted));
            if (m.outcome != verdict::refuted) continue;
            ++refuted_count;
            const GiNaC::ex d = verify_testing::difference_at(g, e, off, m.refutation->at);
            BOOST_TEST(std::abs(verify_testing::magnitude(d) - 1e-30) < 1e-40);
        }
    }
    BOOST_TEST_MESSAGE("random expressions: " << holds_count << " held (" << proved_count << " proved), "
                                              << refuted_count << " near misses refuted, " << undecided << " unknown");
    BOOST_TEST(holds_count >= 80);
    BOOST_TEST(undecided <= 10);
}

BOOST_AUTO_TEST_CASE(a_counterexample_is_exact_and_reproducible) {
    graph g;
    const node_id x = g.input("x"), y = g.input("y");
    const node_id lhs = g.pow(g.add(x, y), g.constant(2));
    const node_id rhs = g.add(g.pow(x, g.constant(2)), g.pow(y, g.constant(2)));  // missing 2xy
    const equivalence_result a = decide(g, lhs, rhs, {});
    const equivalence_result b = decide(g, lhs, rhs, {});
    BOOST_REQUIRE((a.outcome == verdict::refuted));
    BOOST_TEST(a.digits == 0);  // rational functions: decided exactly
    BOOST_TEST(a.method == "exact rational evaluation");
    BOOST_REQUIRE(a.refutation->lhs.exact && a.refutation->rhs.exact);
    // the values are exactly (x + y)^2 and x^2 + y^2 at the point
    std::map<std::string, rational> at(a.refutation->at.begin(), a.refutation->at.end());
    const rational px = at.at("x"), py = at.at("y");
    BOOST_TEST(*a.refutation->lhs.exact == (px + py) * (px + py));
    BOOST_TEST(*a.refutation->rhs.exact == px * px + py * py);
    BOOST_TEST(*a.refutation->difference.exact == 2 * px * py);
    BOOST_TEST(a.refutation->at == b.refutation->at);  // same seed, same point
}

BOOST_AUTO_TEST_CASE(a_difference_far_below_double_precision_is_refuted) {
    graph g;
    const node_id x = g.input("x");
    const node_id s = g.apply(op::sigmoid, x);
    for (int k : {20, 30, 45}) {
        const rational eps = rational(1) / cln::expt(rational(10), k);
        const equivalence_result r = decide(g, s, g.add(s, g.constant(eps)), {});
        BOOST_TEST_CONTEXT("10^-" << k) {
            BOOST_REQUIRE((r.outcome == verdict::refuted));
            const GiNaC::ex d = verify_testing::difference_at(g, s, g.add(s, g.constant(eps)), r.refutation->at);
            BOOST_TEST(std::abs(verify_testing::magnitude(d) / cln::double_approx(eps) - 1) < 1e-9);
        }
    }
}

BOOST_AUTO_TEST_CASE(inequality_facts_restrict_the_domain) {
    graph g;
    const node_id x = g.input("x");
    const node_id root = g.pow(g.pow(x, g.constant(2)), g.constant(rational(1) / 2));  // sqrt(x^2)
    // without a fact sqrt(x^2) = x is false, with a negative counterexample
    const equivalence_result free = decide(g, root, x, {});
    BOOST_REQUIRE((free.outcome == verdict::refuted));
    BOOST_TEST(free.refutation->at.at(0).second < 0);
    // with x > 0 it is proved
    const fact positive{x, relation::greater, g.constant(0), "x > 0"};
    const equivalence_result r = decide(g, root, x, std::span(&positive, 1));
    BOOST_TEST((r.outcome == verdict::proved));
    BOOST_TEST(r.method.find("x > 0") != std::string::npos, r.method);
    // numerically alone it is verified, every point inside x > 0
    equivalence_options numeric_only;
    numeric_only.symbolic = false;
    const equivalence_result v = decide(g, root, x, std::span(&positive, 1), numeric_only);
    BOOST_TEST((v.outcome == verdict::verified));
    BOOST_TEST(v.points == numeric_only.points);
    BOOST_TEST(v.digits == 0);  // sqrt of an exact square stays exact in the balls
    BOOST_TEST(v.method.find("exact rational evaluation") != std::string::npos, v.method);
}

BOOST_AUTO_TEST_CASE(equality_facts_are_solved_and_substituted) {
    graph g;
    const node_id x = g.input("x"), y = g.input("y"), z = g.input("z");
    const fact sum{g.add(g.add(x, y), z), relation::equal, g.constant(1), "x + y + z = 1"};
    // under x + y + z = 1: z = 1 - x - y
    const equivalence_result r = decide(g, z, g.sub(g.sub(g.constant(1), x), y), std::span(&sum, 1));
    BOOST_TEST((r.outcome == verdict::proved));
    BOOST_TEST(r.method.find("z = ") != std::string::npos, r.method);
    // and x*(x + y + z) = x, but not without the fact
    const node_id claim = g.mul(x, g.add(g.add(x, y), z));
    BOOST_TEST(holds(decide(g, claim, x, std::span(&sum, 1)).outcome));
    BOOST_TEST((decide(g, claim, x, {}).outcome == verdict::refuted));
    // an equality no variable appears linearly in is reported as unused
    const fact circle{g.add(g.pow(x, g.constant(2)), g.pow(y, g.constant(2))), relation::equal, g.constant(1), "x^2 + y^2 = 1"};
    const equivalence_result c = decide(g, x, x, std::span(&circle, 1));
    BOOST_TEST(!c.notes.empty());
}

BOOST_AUTO_TEST_CASE(unknown_only_when_no_point_can_be_evaluated) {
    graph g;
    const node_id x = g.input("x");
    const node_id l = g.apply(op::log, x);
    const fact negative{x, relation::less, g.constant(0), "x < 0"};
    equivalence_options numeric_only;
    numeric_only.symbolic = false;
    const equivalence_result r = decide(g, l, g.add(l, g.constant(0)), std::span(&negative, 1), numeric_only);
    BOOST_TEST((r.outcome == verdict::unknown));
    BOOST_TEST(!r.reason.empty());
    // a fact nothing satisfies
    const fact never{x, relation::greater, g.add(x, g.constant(1)), "x > x + 1"};
    const equivalence_result n = decide(g, x, x, std::span(&never, 1), numeric_only);
    BOOST_TEST((n.outcome == verdict::unknown));
    BOOST_TEST(n.reason.find("assumptions") != std::string::npos, n.reason);
}

// GiNaC's complex values reduce exp(log(u)) - u to 0 even where u < 0 everywhere; a proof
// stands only with a point of the domain where both sides are defined
BOOST_AUTO_TEST_CASE(a_proof_needs_a_point_where_the_sides_are_defined) {
    graph g;
    const node_id x = g.input("x");
    const node_id u = g.sub(g.constant(-1), g.pow(x, g.constant(2)));  // -1 - x^2 < 0
    const equivalence_result nowhere = decide(g, g.apply(op::exp, g.apply(op::log, u)), u, {});
    BOOST_TEST((nowhere.outcome == verdict::unknown));
    BOOST_TEST(nowhere.reason.find("defined nowhere") != std::string::npos, nowhere.reason);
    const node_id root = g.pow(u, g.constant(rational(1) / 2));  // sqrt(u)^2 = u
    BOOST_TEST((decide(g, g.pow(root, g.constant(2)), u, {}).outcome == verdict::unknown));
    // exp(log(x)) = x: proved where x > 0 is reachable, not under x < 0
    const node_id el = g.apply(op::exp, g.apply(op::log, x));
    BOOST_TEST((decide(g, el, x, {}).outcome == verdict::proved));
    const fact negative{x, relation::less, g.constant(0), "x < 0"};
    BOOST_TEST((decide(g, el, x, std::span(&negative, 1)).outcome == verdict::unknown));
    // x = x under a fact nothing satisfies is no proof either
    const fact never{x, relation::greater, g.add(x, g.constant(1)), "x > x + 1"};
    const equivalence_result n = decide(g, x, x, std::span(&never, 1));
    BOOST_TEST((n.outcome == verdict::unknown));
    BOOST_TEST(n.reason.find("assumptions") != std::string::npos, n.reason);
}

BOOST_AUTO_TEST_SUITE_END()
