#pragma once
/// \file
/// Exact rational numbers (CLN's cl_RA) and the helpers chainrule needs around them.

#include <cln/rational.h>
#include <cln/rational_io.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chainrule {

/// An exact rational number.
using rational = cln::cl_RA;

/// Largest number of decimal digits accepted in one numerator or denominator.
inline constexpr std::size_t max_rational_digits = 2000;

/// Exact text of q: "3", "-3/4".
std::string to_string(const rational& q);

/// q rounded to `digits` significant decimal digits, e.g. "0.3333333333" (or "1.5e-40").
std::string to_decimal(const rational& q, int digits);

/// The text to_decimal gives for the number (-1)^negative * d1.d2d3... * 10^exponent, where
/// `significand` holds the digits d1 d2 d3 ... (d1 not 0) of a value rounded to `digits`
/// significant digits: plain for exponents from -6 to digits - 1, else "1.5e-40"; trailing
/// zeros of the significand are dropped. The exponent may be any integer ("1.2e+30102999566").
std::string decimal_text(bool negative, std::string significand, const cln::cl_I& exponent, int digits);

/// A hash of q that agrees with equality.
std::size_t hash_value(const rational& q);

/// Whether q is an integer.
bool is_integer(const rational& q);

/// q as a long when it is an integer of at most 62 bits.
std::optional<long> to_small_integer(const rational& q);

/// Number of decimal digits of q's numerator and denominator together.
std::size_t decimal_size(const rational& q);

/// Parses an exact decimal literal: "12", "0.1" (= 1/10), "1e-3" (= 1/1000), "2.5E+2", with an
/// optional sign ("-0.25" = -1/4), as data files and printed doubles have them.
/// Throws domain_error (text too long, exponent too large) or usage_error (malformed).
rational parse_decimal(std::string_view text);

/// x with 17 significant digits ("%.17g"), the shortest fixed width that reads back as the same
/// double: for JSON numbers, parameter files and CSV cells.
std::string round_trip_text(double x);

/// base^exponent when the result is rational and small (integer exponents, perfect roots),
/// nothing otherwise. Throws domain_error for 0 raised to a negative power.
std::optional<rational> exact_power(const rational& base, const rational& exponent);

}  // namespace chainrule
