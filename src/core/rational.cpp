#include "chainrule/core/rational.hpp"

#include "chainrule/core/error.hpp"

#include <cln/integer.h>
#include <cln/integer_io.h>
#include <cln/rational_io.h>

#include <cstdio>
#include <sstream>

namespace chainrule {

std::string to_string(const rational& q) {
    std::ostringstream out;
    cln::fprint(out, q);
    return out.str();
}

namespace {

// floor(log10(|n|)) + 1 for n != 0
std::size_t digit_count(const cln::cl_I& n) {
    if (cln::zerop(n)) return 1;
    std::ostringstream out;
    cln::fprint(out, cln::abs(n));
    return out.str().size();
}

// 10^k (CLN's expt_pos needs k > 0)
cln::cl_I power_of_ten(std::size_t k) { return k == 0 ? cln::cl_I(1) : cln::expt_pos(cln::cl_I(10), static_cast<long>(k)); }

}  // namespace

std::string to_decimal(const rational& q, int digits) {
    if (digits < 1) digits = 1;
    if (cln::zerop(q)) return "0";
    const bool negative = cln::minusp(q);
    const rational a = cln::abs(q);
    // find e with 10^e <= a < 10^(e+1)
    long e = static_cast<long>(digit_count(cln::numerator(a))) -
             static_cast<long>(digit_count(cln::denominator(a)));
    auto ten_pow = [](long k) -> rational {
        return k >= 0 ? rational(power_of_ten(static_cast<std::size_t>(k)))
                      : rational(1) / rational(power_of_ten(static_cast<std::size_t>(-k)));
    };
    while (a < ten_pow(e)) --e;
    while (a >= ten_pow(e + 1)) ++e;
    // scaled = round(a * 10^(digits-1-e)), an integer with `digits` digits
    cln::cl_I scaled = cln::round1(a * ten_pow(digits - 1 - e));
    if (scaled >= power_of_ten(static_cast<std::size_t>(digits))) {  // rounding carried over
        ++e;
        scaled = cln::round1(a * ten_pow(digits - 1 - e));
    }
    return decimal_text(negative, to_string(rational(scaled)), cln::cl_I(e), digits);
}

std::string decimal_text(bool negative, std::string mantissa, const cln::cl_I& exponent, int digits) {
    // strip trailing zeros of the significand
    std::size_t keep = mantissa.size();
    while (keep > 1 && mantissa[keep - 1] == '0') --keep;
    mantissa.resize(keep);
    std::string body;
    if (exponent >= -6 && exponent < digits) {
        const long e = cln::cl_I_to_long(exponent);
        if (e >= 0) {
            std::string int_part = mantissa.substr(0, std::min<std::size_t>(mantissa.size(), e + 1));
            while (static_cast<long>(int_part.size()) < e + 1) int_part += '0';
            std::string frac = mantissa.size() > static_cast<std::size_t>(e + 1) ? mantissa.substr(e + 1) : "";
            body = frac.empty() ? int_part : int_part + "." + frac;
        } else {
            body = "0." + std::string(static_cast<std::size_t>(-e - 1), '0') + mantissa;
        }
    } else {
        body = mantissa.substr(0, 1);
        if (mantissa.size() > 1) body += "." + mantissa.substr(1);
        body += "e" + std::string(cln::minusp(exponent) ? "-" : "+") + to_string(rational(cln::abs(exponent)));
    }
    return negative ? "-" + body : body;
}

std::size_t hash_value(const rational& q) { return static_cast<std::size_t>(cln::equal_hashcode(q)); }

bool is_integer(const rational& q) { return cln::denominator(q) == 1; }

std::optional<long> to_small_integer(const rational& q) {
    if (!is_integer(q)) return std::nullopt;
    const cln::cl_I n = cln::numerator(q);
    if (cln::integer_length(n) > 62) return std::nullopt;
    return cln::cl_I_to_long(n);
}

std::size_t decimal_size(const rational& q) {
    return digit_count(cln::numerator(q)) + (is_integer(q) ? 0 : digit_count(cln::denominator(q)));
}

// literal: ['+'|'-'] digits ['.' digits] [('e'|'E') ['+'|'-'] digits]
std::string round_trip_text(double x) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", x);
    return text;
}

rational parse_decimal(std::string_view text) {
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        if (text.size() > 1 && (text[1] == '-' || text[1] == '+'))
            throw usage_error("malformed number '" + std::string(text.substr(0, 40)) + "'");
        const rational magnitude = parse_decimal(text.substr(1));
        return text.front() == '-' ? rational(-magnitude) : magnitude;
    }
    const std::string shown(text.substr(0, 40));
    if (text.size() > max_rational_digits + 20)
        throw domain_error("number '" + shown + "...' has more than " +
                           std::to_string(max_rational_digits) + " digits");
    std::size_t i = 0;
    std::string digits;
    std::size_t fraction_digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') digits += text[i++];
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            digits += text[i++];
            ++fraction_digits;
        }
    }
    if (digits.empty()) throw usage_error("malformed number '" + shown + "'");
    long exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
        std::size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (i - start >= 5) throw domain_error("exponent of '" + shown + "' is too large");
            exponent = exponent * 10 + (text[i++] - '0');
        }
        if (i == start) throw usage_error("malformed number '" + shown + "': missing exponent digits");
        if (negative) exponent = -exponent;
    }
    if (i != text.size()) throw usage_error("malformed number '" + shown + "'");
    exponent -= static_cast<long>(fraction_digits);
    if (digits.size() > max_rational_digits || std::labs(exponent) > static_cast<long>(max_rational_digits))
        throw domain_error("number '" + shown + "' is too large (limit " +
                           std::to_string(max_rational_digits) + " digits)");
    const cln::cl_I mantissa(digits.c_str());
    if (exponent >= 0) return rational(mantissa * power_of_ten(static_cast<std::size_t>(exponent)));
    return rational(mantissa) / rational(power_of_ten(static_cast<std::size_t>(-exponent)));
}

std::optional<rational> exact_power(const rational& base, const rational& exponent) {
    if (cln::zerop(base) && cln::minusp(exponent))
        throw domain_error("0 raised to the negative power " + to_string(exponent));
    if (is_integer(exponent)) {
        // 0, 1 and -1 to any integer power (however large the exponent)
        if (cln::zerop(exponent)) return rational(1);
        if (cln::zerop(base) || base == 1) return base;
        if (base == -1) return cln::oddp(cln::numerator(exponent)) ? rational(-1) : rational(1);
    }
    const auto n = to_small_integer(exponent);
    if (!n && is_integer(exponent)) return std::nullopt;  // an integer exponent past 62 bits
    if (n) {
        // refuse results that would be huge: |n| * digits(base) bounded
        const std::size_t size = decimal_size(base) * static_cast<std::size_t>(std::labs(*n));
        if (std::labs(*n) > 100000 || size > max_rational_digits) return std::nullopt;
        if (*n == 0) return rational(1);
        if (*n > 0) return cln::expt(base, *n);
        return rational(1) / cln::expt(base, -*n);
    }
    // perfect roots: base^(p/q) with base a q-th power
    const cln::cl_I q = cln::denominator(exponent);
    if (cln::minusp(base) || cln::integer_length(q) > 8) return std::nullopt;
    const long root = cln::cl_I_to_long(q);
    cln::cl_I num_root, den_root;
    if (!cln::rootp(cln::numerator(base), root, &num_root)) return std::nullopt;
    if (!cln::rootp(cln::denominator(base), root, &den_root)) return std::nullopt;
    return exact_power(rational(num_root) / rational(den_root), rational(cln::numerator(exponent)));
}

}  // namespace chainrule
