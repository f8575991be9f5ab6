// eval printed wrong decimals with no warning: 2^(10^20) as "near 10^2337883157456068608" (the
// exponent taken mod 2^64), 2^(10^400) and (1e400)^(1e400) as about 1, 3^(2^65) wrongly, and
// (-1)^(2^64) ended in a CLN internal error; it refused values that need more than 280
// digits (the nested family's derivative at k = 2000) and a chain of 500 sin definitions
// (too deep for GiNaC). Each value is now certified (ball arithmetic): checked here against an
// independent computation with CLN floats (logarithms for the huge powers, the recurrences
// themselves for the chains).
#include "chainrule/lang/session.hpp"

#include <boost/test/unit_test.hpp>

#include <cln/cln.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <string>

using namespace chainrule;
using namespace chainrule::lang;

namespace {

// The eval result of the last statement of `program`, which must succeed.
eval_result last_eval(session& s, const std::string& program) {
    const std::vector<result> results = s.run_program(program, "t.chain");
    for (const result& r : results)
        if (r.kind() == result_kind::error) BOOST_FAIL(r.as<error_result>().error.headline());
    return results.back().as<eval_result>();
}

// "m.mmm...e+E" of b^e (b > 0, e an integer) to 20 significant digits, from e log10(b) in CLN
// floats with enough digits for e's size (independent of the balls).
std::string power_decimal(const cln::cl_I& b, const cln::cl_I& e) {
    const long digits = static_cast<long>(cln::integer_length(e) * 0.302) + 60;
    const cln::float_format_t f = cln::float_format(digits);
    const cln::cl_F l = cln::cl_float(e, f) * cln::ln(cln::cl_float(b, f)) / cln::ln(cln::cl_float(10, f));
    cln::cl_I exponent = cln::floor1(l);
    const cln::cl_F mantissa = cln::exp((l - exponent) * cln::ln(cln::cl_float(10, f)));
    // 20 significant digits, rounded to nearest (a mantissa that rounds up to 10 carries)
    cln::cl_I scaled = cln::round1(mantissa * cln::expt_pos(cln::cl_I(10), 19));
    if (scaled >= cln::expt_pos(cln::cl_I(10), 20)) {
        scaled = cln::round1(cln::cl_RA(scaled) / 10);
        exponent = exponent + 1;
    }
    std::ostringstream digits_text;
    cln::fprint(digits_text, scaled);
    return decimal_text(false, digits_text.str(), exponent, 20);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(certified_values)

BOOST_AUTO_TEST_CASE(huge_powers_show_their_true_exponent) {
    session s;
    BOOST_TEST(last_eval(s, "eval 2^(10^20)").elements[0].decimal ==
               power_decimal(2, cln::expt_pos(cln::cl_I(10), 20)));
    BOOST_TEST(last_eval(s, "eval 3^(2^65)").elements[0].decimal == power_decimal(3, cln::expt_pos(cln::cl_I(2), 65)));
    BOOST_TEST(last_eval(s, "eval 2^(10^400)").elements[0].decimal ==
               power_decimal(2, cln::expt_pos(cln::cl_I(10), 400)));
    BOOST_TEST(last_eval(s, "eval 2^(2^63)").elements[0].decimal == power_decimal(2, cln::expt_pos(cln::cl_I(2), 63)));
    BOOST_TEST(last_eval(s, "eval (1e400)^(1e400)").elements[0].decimal ==
               power_decimal(cln::expt_pos(cln::cl_I(10), 400), cln::expt_pos(cln::cl_I(10), 400)));
    // (-1)^(2^64) is exactly 1
    const eval_result one = last_eval(s, "eval (-1)^(2^64)");
    BOOST_REQUIRE(one.elements[0].rational_value);
    BOOST_TEST(*one.elements[0].rational_value == 1);
}

BOOST_AUTO_TEST_CASE(the_nested_family_at_k_2000_is_certified) {
    // f(k+1) = sin(fk) fk + fk: f' by forward recurrence in CLN floats at 1,200 digits
    std::string program = "input x\nf0 = x\n";
    for (int k = 1; k <= 2000; ++k)
        program += "f" + std::to_string(k) + " = sin(f" + std::to_string(k - 1) + ")*f" + std::to_string(k - 1) +
                   " + f" + std::to_string(k - 1) + "\n";
    program += "eval d(f2000)/d(x) at x = 1/1000\n";
    session s;
    const eval_result r = last_eval(s, program);
    const cln::float_format_t f = cln::float_format(1200);
    cln::cl_F v = cln::cl_float(cln::cl_RA(1) / 1000, f), dv = cln::cl_float(1, f);
    for (int k = 0; k < 2000; ++k) {
        dv = (cln::cos(v) * v + cln::sin(v) + 1) * dv;
        v = cln::sin(v) * v + v;
    }
    BOOST_TEST(r.elements[0].decimal == to_decimal(cln::rational(dv), 20));
    BOOST_TEST(r.elements[0].decimal.find("e+226") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_chain_too_deep_for_ginac_is_evaluated) {
    std::string program = "input x\ng0 = x\n";
    for (int k = 1; k <= 500; ++k) program += "g" + std::to_string(k) + " = sin(g" + std::to_string(k - 1) + ")\n";
    program += "eval g500 at x = 1/2\n";
    session s;
    const eval_result r = last_eval(s, program);
    const cln::float_format_t f = cln::float_format(100);
    cln::cl_F v = cln::cl_float(cln::cl_RA(1) / 2, f);
    for (int k = 0; k < 500; ++k) v = cln::sin(v);
    BOOST_TEST(r.elements[0].decimal == to_decimal(cln::rational(v), 20));
}

// past the ceiling (about 10,018 digits) a value shows only the digits its ball decides, and says so
BOOST_AUTO_TEST_CASE(a_value_past_the_ceiling_shows_its_certain_digits) {
    session s;
    const eval_result r = last_eval(s, "eval exp(1)*exp(-1) - 1 + exp(-23030)");
    const exact_value& v = r.elements[0];
    BOOST_TEST(v.digits > 0);
    BOOST_TEST(v.digits < 20);
    // the true value is exp(-23030): those digits are its rounding
    const cln::cl_F e = cln::exp(cln::cl_float(-23030, cln::float_format(60)));
    BOOST_TEST(v.decimal == to_decimal(cln::rational(e), v.digits));
}

BOOST_AUTO_TEST_CASE(a_value_with_no_certain_digit_is_refused) {
    session s;
    const std::vector<result> results = s.run_program("eval exp(1)*exp(-1) - 1\n", "t.chain");
    BOOST_REQUIRE(results.back().kind() == result_kind::error);
    BOOST_TEST(results.back().as<error_result>().error.message.find("cannot be computed reliably") !=
               std::string::npos);
}

// `eval ... over data` summed the rows in double: rows 1e20, 1, -1e20 averaged to 0. The mean is
// now certified (balls summed and divided exactly): here 1/3, exactly, and the mean of sin over
// rows (x/10^20 adds 1 + 10^-20 - 1, far below the sines' double rounding) against CLN floats.
BOOST_AUTO_TEST_CASE(a_mean_over_data_is_certified) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("chainrule-mean-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "d.csv") << "x\n1e20\n1\n-1e20\n";
    session s;
    const std::string data = "input x\ndata \"" + (dir / "d.csv").string() + "\"\n";
    const eval_result r = last_eval(s, data + "eval x over data");
    BOOST_REQUIRE(r.elements[0].rational_value.has_value());
    BOOST_TEST(*r.elements[0].rational_value == rational(1) / 3);
    BOOST_TEST(r.elements[0].decimal == to_decimal(rational(1) / 3, 20));

    session t;
    const eval_result m = last_eval(t, data + "eval sin(x) + x/10^20 over data digits 30");
    const cln::float_format_t f = cln::float_format(60);
    const cln::cl_F truth = (cln::sin(cln::cl_float(cln::expt_pos(cln::cl_I(10), 20), f)) + cln::sin(cln::cl_float(1, f)) +
                             cln::sin(cln::cl_float(-cln::expt_pos(cln::cl_I(10), 20), f)) +
                             cln::cl_float(cln::cl_RA(1) / cln::expt_pos(cln::cl_I(10), 20), f)) / 3;
    BOOST_TEST(!m.elements[0].rational_value.has_value());
    BOOST_TEST(m.elements[0].decimal == to_decimal(cln::rational(truth), 30));
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
