#include "chainrule/core/error.hpp"
#include "chainrule/core/rational.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>

using namespace chainrule;

BOOST_AUTO_TEST_SUITE(rational_helpers)

BOOST_AUTO_TEST_CASE(decimal_literals_are_exact) {
    BOOST_TEST(parse_decimal("0.1") == rational(1) / 10);
    BOOST_TEST(parse_decimal("1e-3") == rational(1) / 1000);
    BOOST_TEST(parse_decimal("2.5E+2") == rational(250));
    BOOST_TEST(parse_decimal("12") == rational(12));
    BOOST_TEST(parse_decimal("0.125") * 8 == rational(1));
}

BOOST_AUTO_TEST_CASE(malformed_and_huge_literals_are_refused) {
    BOOST_TEST(parse_decimal("-0.25") == rational(-1) / 4);
    BOOST_TEST(parse_decimal("+2e1") == rational(20));
    BOOST_CHECK_THROW(parse_decimal("--1"), usage_error);
    BOOST_CHECK_THROW(parse_decimal("-"), usage_error);
    for (double x : {0.1, -1.0 / 3, 6.02214076e23, -4.9e-324})
        BOOST_TEST(std::strtod(round_trip_text(x).c_str(), nullptr) == x);
    BOOST_CHECK_THROW(parse_decimal("1e"), usage_error);
    BOOST_CHECK_THROW(parse_decimal("."), usage_error);
    BOOST_CHECK_THROW(parse_decimal("1.2.3"), usage_error);
    BOOST_CHECK_THROW(parse_decimal("1e99999999"), domain_error);
    BOOST_CHECK_THROW(parse_decimal(std::string(10000, '7')), domain_error);
}

BOOST_AUTO_TEST_CASE(exact_text_and_decimals) {
    BOOST_TEST(to_string(rational(-3) / 4) == "-3/4");
    BOOST_TEST(to_decimal(rational(1) / 3, 5) == "0.33333");
    BOOST_TEST(to_decimal(rational(2) / 3, 3) == "0.667");
    BOOST_TEST(to_decimal(rational(-5) / 2, 10) == "-2.5");
    BOOST_TEST(to_decimal(rational(1) / 1000, 4) == "0.001");
    BOOST_TEST(to_decimal(rational(999999) / 1000000, 3) == "1");
    BOOST_TEST(to_decimal(rational(123456), 3) == "1.23e+5");
    BOOST_TEST(to_decimal(rational(0), 3) == "0");
}

BOOST_AUTO_TEST_CASE(exact_powers) {
    BOOST_TEST(*exact_power(rational(2), rational(10)) == rational(1024));
    BOOST_TEST(*exact_power(rational(2), rational(-2)) == rational(1) / 4);
    BOOST_TEST(*exact_power(rational(9) / 4, rational(1) / 2) == rational(3) / 2);
    BOOST_TEST(*exact_power(rational(8), rational(-2) / 3) == rational(1) / 4);
    BOOST_TEST(!exact_power(rational(2), rational(1) / 2).has_value());
    BOOST_TEST(!exact_power(rational(2), rational(1099511627776L)).has_value());  // 2^(2^40): refused, not computed
    BOOST_CHECK_THROW(exact_power(rational(0), rational(-1)), domain_error);
}

BOOST_AUTO_TEST_CASE(small_integers) {
    BOOST_TEST(*to_small_integer(rational(-7)) == -7);
    BOOST_TEST(!to_small_integer(rational(1) / 2).has_value());
    BOOST_TEST(is_integer(rational(4) / 2));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rational_regressions)

// Regression: an integer exponent past 62 bits fell into the roots branch and recursed forever.
BOOST_AUTO_TEST_CASE(exponents_past_62_bits_are_declined) {
    const rational big = parse_decimal("9223372036854775808");  // 2^63
    BOOST_TEST(!exact_power(rational(2), big).has_value());
    BOOST_TEST(!exact_power(rational(2), -big).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
