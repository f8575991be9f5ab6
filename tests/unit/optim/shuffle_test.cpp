// The documented Fisher-Yates shuffle, its uniformity, and the validation splits.
#include <chainrule/core/error.hpp>
#include <chainrule/optim/shuffle.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <vector>

using namespace chainrule::optim;

namespace {

std::vector<std::size_t> iota(std::size_t n) {
    std::vector<std::size_t> v(n);
    std::iota(v.begin(), v.end(), std::size_t{0});
    return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shuffling)

BOOST_AUTO_TEST_CASE(is_durstenfeld_with_rejection_draws) {
    // re-derived from shuffle.hpp and random.hpp with the raw engine
    std::mt19937_64 e(42);
    const auto below = [&](std::uint64_t n) {
        const std::uint64_t excess = (0 - n) % n;
        for (;;) {
            const std::uint64_t x = e();
            if (excess == 0 || x < 0 - excess) return x % n;
        }
    };
    std::vector<std::size_t> want = iota(50);
    for (std::size_t i = want.size() - 1; i >= 1; --i) std::swap(want[i], want[below(i + 1)]);
    std::vector<std::size_t> got = iota(50);
    random_stream s(42);
    shuffle(got, s);
    BOOST_TEST(got == want);
}

BOOST_AUTO_TEST_CASE(same_seed_same_order_and_a_permutation) {
    std::vector<std::size_t> a = iota(100), b = iota(100), c = iota(100);
    random_stream sa(1), sb(1), sc(2);
    shuffle(a, sa);
    shuffle(b, sb);
    shuffle(c, sc);
    BOOST_TEST(a == b);
    BOOST_TEST(a != c);
    std::vector<std::size_t> sorted = a;
    std::sort(sorted.begin(), sorted.end());
    BOOST_TEST(sorted == iota(100));
}

BOOST_AUTO_TEST_CASE(every_permutation_equally_likely) {
    // 60000 shuffles of 3 items: each of the 6 orders ~ Binomial(60000, 1/6), sd ~ 91.3; 5 sd ~ 456
    random_stream s(8);
    std::map<std::vector<std::size_t>, int> counts;
    for (int i = 0; i < 60000; ++i) {
        std::vector<std::size_t> v = iota(3);
        shuffle(v, s);
        ++counts[v];
    }
    BOOST_TEST(counts.size() == 6U);
    for (const auto& [order, count] : counts) BOOST_TEST(std::abs(count - 10000) < 456);
}

BOOST_AUTO_TEST_CASE(random_split_partitions) {
    const split s = random_split(100, 20, 5);
    BOOST_TEST(s.validation.size() == 20U);
    BOOST_TEST(s.training.size() == 80U);
    BOOST_TEST(std::is_sorted(s.training.begin(), s.training.end()));
    BOOST_TEST(std::is_sorted(s.validation.begin(), s.validation.end()));
    std::vector<std::size_t> all = s.training;
    all.insert(all.end(), s.validation.begin(), s.validation.end());
    std::sort(all.begin(), all.end());
    BOOST_TEST(all == iota(100));
    BOOST_TEST(random_split(100, 20, 5).validation == s.validation);
    BOOST_TEST(random_split(100, 20, 6).validation != s.validation);
    BOOST_CHECK_THROW(random_split(10, 11, 1), chainrule::usage_error);
}

BOOST_AUTO_TEST_CASE(explicit_split_checks_indices) {
    const std::vector<std::size_t> held{7, 2};
    const split s = explicit_split(10, held);
    BOOST_TEST(s.validation == (std::vector<std::size_t>{2, 7}));
    BOOST_TEST(s.training == (std::vector<std::size_t>{0, 1, 3, 4, 5, 6, 8, 9}));
    const std::vector<std::size_t> out_of_range{10}, repeated{3, 3};
    BOOST_CHECK_THROW(explicit_split(10, out_of_range), chainrule::usage_error);
    BOOST_CHECK_THROW(explicit_split(10, repeated), chainrule::usage_error);
}

BOOST_AUTO_TEST_SUITE_END()
