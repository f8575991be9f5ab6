// Claims over index combinations: the verdicts of all pairs merged into one (refuted at the
// first refuted pair, else unknown, verified or proved), and the swapped-indices search.
#include "chainrule/core/error.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/verify/claims.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace chainrule;
using namespace chainrule::verify;

BOOST_AUTO_TEST_SUITE(claims_over_indices)

BOOST_AUTO_TEST_CASE(the_weakest_verdict_of_all_pairs_is_the_claims) {
    graph g;
    const expr x = input(g, "x");
    // i = 0: (x + 1)^2 = x^2 + 2x + 1 (proved); i = 1: log(sigmoid(x)) = -softplus(-x) (proved or
    // verified); i = 2: x = x + 1/10^40 (refuted)
    const std::vector<std::pair<expr, expr>> sides = {
        {pow(x + 1, 2), pow(x, 2) + 2 * x + 1},
        {log(sigmoid(x)), -softplus(-x)},
        {x, x + constant(g, rational(1) / cln::expt(rational(10), 40))},
    };
    const std::size_t ranges[] = {3};
    std::vector<long> seen;
    const pair_source pairs = [&](std::span<const long> at) {
        seen.push_back(at[0]);
        const auto& [l, r] = sides[static_cast<std::size_t>(at[0])];
        return std::vector<claim_pair>{{l.id(), r.id(), "i = " + std::to_string(at[0])}};
    };
    const claim_decision d = decide_all(g, ranges, pairs, {});
    BOOST_TEST((d.outcome == verdict::refuted));
    BOOST_TEST(d.decided == 3u);
    BOOST_TEST(d.at == std::vector<long>{2});
    BOOST_REQUIRE(d.index);
    BOOST_TEST(*d.index == "i = 2");
    BOOST_TEST(d.reported.refutation.has_value());

    // the first two alone: both hold, the claim is proved only if both are
    const std::size_t two[] = {2};
    const claim_decision h = decide_all(g, two, pairs, {});
    BOOST_TEST(holds(h.outcome));
    BOOST_TEST(h.decided == 2u);
    if (h.outcome == verdict::proved) BOOST_TEST(!h.index);
    // past the pair limit: an error, not a partial verdict
    BOOST_CHECK_THROW(decide_all(g, ranges, pairs, {}, {}, 2), limit_error);
}

BOOST_AUTO_TEST_CASE(swapped_indices_are_found) {
    graph g;
    const expr x = input(g, "x"), y = input(g, "y");
    // truth(i, j) = v[i] * 3^j with v = (x, y); the claim at (i, j) is the truth at (j, i)
    const expr v[] = {x, y};
    const auto truth = [&](long i, long j) { return v[i] * static_cast<long>(j == 0 ? 1 : 3); };
    const std::size_t ranges[] = {2, 2};
    const swapped_source pairs = [&](std::span<const long> claimed_at, std::span<const long> truth_at) {
        const expr claimed = truth(claimed_at[1], claimed_at[0]);
        return std::vector<claim_pair>{{claimed.id(), truth(truth_at[0], truth_at[1]).id(), "", no_node}};
    };
    const auto ab = swapped_indices(g, ranges, pairs, {});
    BOOST_REQUIRE(ab.has_value());
    BOOST_TEST(ab->first == 0u);
    BOOST_TEST(ab->second == 1u);
    // a claim that is no swap of the truth
    const swapped_source other = [&](std::span<const long> claimed_at, std::span<const long> truth_at) {
        return std::vector<claim_pair>{
            {(truth(claimed_at[0], claimed_at[1]) + 1).id(), truth(truth_at[0], truth_at[1]).id(), "", no_node}};
    };
    BOOST_TEST(!swapped_indices(g, ranges, other, {}).has_value());
}

BOOST_AUTO_TEST_CASE(swapped_indices_are_decided_under_each_pairs_domain) {
    // abs(v[j])*3^i against v[j]*3^i is a swap where each pair's domain (log(v[j]): v[j] > 0)
    // holds, and no swap without it
    graph g;
    const expr x = input(g, "x"), y = input(g, "y");
    const expr v[] = {x, y};
    const std::size_t ranges[] = {2, 2};
    const auto pairs = [&](bool with_domain) {
        return swapped_source([&, with_domain](std::span<const long> claimed_at, std::span<const long> truth_at) {
            const expr claimed = abs(v[claimed_at[1]]) * static_cast<long>(claimed_at[0] == 0 ? 1 : 3);
            const expr truth = v[truth_at[0]] * static_cast<long>(truth_at[1] == 0 ? 1 : 3);
            const node_id domain = with_domain ? (log(v[truth_at[0]]) + log(v[claimed_at[1]])).id() : no_node;
            return std::vector<claim_pair>{{claimed.id(), truth.id(), "", domain}};
        });
    };
    BOOST_TEST(swapped_indices(g, ranges, pairs(true), {}).has_value());
    BOOST_TEST(!swapped_indices(g, ranges, pairs(false), {}).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
