// The measuring stick itself: ulps against nextafter, the reference against exact rationals.
#include "chainrule/codegen/content_hash.hpp"
#include "chainrule/codegen/validate.hpp"
#include "chainrule/graph/expr.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>

using namespace chainrule;
using namespace chainrule::codegen;

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(ulps_count_the_spacing_of_doubles) {
    BOOST_TEST(ulps(1.0, rational(1)) == 0.0);
    BOOST_TEST(ulps(std::nextafter(1.0, 2.0), rational(1)) == 1.0);
    BOOST_TEST(ulps(std::nextafter(std::nextafter(1.0, 2.0), 2.0), rational(1)) == 2.0);
    BOOST_TEST(ulps(0.1, rational(1) / 10) < 0.5);  // the nearest double is within half an ulp
    BOOST_TEST(ulps(0.1, rational(1) / 10) > 0.0);
    BOOST_TEST(ulps(-1024.0 - 1024.0 * std::ldexp(1.0, -52), rational(-1024)) == 1.0);
    BOOST_TEST(std::isinf(ulps(std::nan(""), rational(0))));
}

BOOST_AUTO_TEST_CASE(the_reference_is_exact_on_rational_graphs) {
    // (x + 1/3) * x^2 / 7 at x = 5/4: exactly 1175/4032... computed by hand: (5/4 + 1/3) = 19/12,
    // (5/4)^2 = 25/16, product 475/192, divided by 7: 475/1344
    graph g;
    expr x = input(g, "x");
    const expr f = (x + constant(g, rational(1) / 3)) * pow(x, 2) / 7;
    const node_id out[] = {f.id()};
    const auto v = reference_values(g, out, {{x.id(), rational(5) / 4}}, 50);
    BOOST_REQUIRE(v.has_value());
    BOOST_TEST(cln::abs((*v)[0] - rational(475) / 1344) < cln::expt(rational(10), -45));
}

BOOST_AUTO_TEST_CASE(the_reference_knows_where_it_is_undefined) {
    graph g;
    expr x = input(g, "x");
    const node_id out[] = {log(x).id()};
    BOOST_TEST(!reference_values(g, out, {{x.id(), rational(-1)}}, 30).has_value());
    const node_id inv[] = {(constant(g, rational(1)) / x).id()};
    BOOST_TEST(!reference_values(g, inv, {{x.id(), rational(0)}}, 30).has_value());
    BOOST_TEST(reference_values(g, out, {{x.id(), rational(2)}}, 30).has_value());
}

BOOST_AUTO_TEST_CASE(sha256_matches_the_published_vectors) {
    BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_SUITE_END()
