// The comparison itself: it must decide the identities the diff tests rely on, and it must
// still tell different functions apart (a comparison that always says "same" proves nothing).
#include "chainrule/graph/ginac_functions.hpp"
#include "oracle.hpp"

#include <boost/test/unit_test.hpp>

using chainrule::testing::same_function;
namespace gfn = chainrule::gfn;
using GiNaC::ex;
using GiNaC::numeric;

BOOST_AUTO_TEST_SUITE(oracle_self_test)

BOOST_AUTO_TEST_CASE(identities_that_plain_normal_misses_are_decided) {
    GiNaC::realsymbol u("u"), v("v"), x("x");
    const ex c = GiNaC::cosh(x * x + 1);
    BOOST_TEST(same_function(v * GiNaC::pow(u, v - 1), v * GiNaC::pow(u, v) / u));
    BOOST_TEST(same_function(GiNaC::pow(c, numeric(2, 3)), c * GiNaC::pow(c, numeric(-1, 3))));
    BOOST_TEST(same_function(GiNaC::sqrt(GiNaC::exp(x)), GiNaC::exp(x / 2)));
    BOOST_TEST(same_function(GiNaC::tanh(x) * GiNaC::cosh(x), GiNaC::sinh(x)));
    BOOST_TEST(same_function(gfn::sigmoid(x) * (1 - gfn::sigmoid(x)), GiNaC::exp(-x) / GiNaC::pow(1 + GiNaC::exp(-x), 2)));
    BOOST_TEST(same_function(GiNaC::sqrt(ex(2)) * GiNaC::sqrt(ex(numeric(1, 2))), 1));  // ex: sqrt(numeric) would evaluate
    BOOST_TEST(same_function(GiNaC::log(GiNaC::sqrt(c)), GiNaC::log(c) / 2));
    BOOST_TEST(same_function(GiNaC::pow(x * x + 1, numeric(1, 2)) * GiNaC::pow(x * x + 1, numeric(1, 4)),
                             GiNaC::pow(x * x + 1, numeric(3, 4))));
}

BOOST_AUTO_TEST_CASE(different_functions_stay_different) {
    GiNaC::realsymbol u("u"), v("v"), x("x");
    const ex c = GiNaC::cosh(x);
    BOOST_TEST(!same_function(v * GiNaC::pow(u, v - 1), GiNaC::pow(u, v) / u));           // a lost factor
    BOOST_TEST(!same_function(GiNaC::tanh(x) * c, -GiNaC::sinh(x)));                      // a sign
    BOOST_TEST(!same_function(GiNaC::sqrt(GiNaC::exp(x)), GiNaC::exp(x)));
    BOOST_TEST(!same_function(GiNaC::pow(c, numeric(2, 3)), GiNaC::pow(c, numeric(1, 3))));
    BOOST_TEST(!same_function(GiNaC::sqrt(x * x + 1), GiNaC::sqrt(x * x + 2)));
    BOOST_TEST(!same_function(gfn::sigmoid(x) * (1 - gfn::sigmoid(x)), gfn::sigmoid(x)));
    BOOST_TEST(!same_function(x, x + numeric(1, 1000000) * numeric(1, 1000000) * numeric(1, 1000000)));
    BOOST_TEST(!same_function(GiNaC::log(c), 2 * GiNaC::log(GiNaC::sqrt(c)) + GiNaC::log(ex(2))));
}

BOOST_AUTO_TEST_SUITE_END()
