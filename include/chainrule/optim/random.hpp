#pragma once
/// \file
/// The one source of randomness of the optim layer, the same on every machine: the standard
/// std::mt19937_64 engine (whose output sequence the C++ standard fixes) with transforms written
/// here, never the implementation-defined std::*_distribution classes.
///
///   uniform01: u = (x >> 11) * 2^-53 for the next 64-bit output x; u in [0, 1), 53 random bits.
///   below(n):  rejection: draw x until x < 2^64 - (2^64 mod n); return x mod n (unbiased).
///   normal:    Marsaglia's polar method: u = 2 u1 - 1, v = 2 u2 - 1 from two uniform01 draws,
///              redrawn until 0 < s = u^2 + v^2 < 1; then f = sqrt(-2 log(s) / s) and the draws
///              are u f (returned) and v f (kept for the next call).
/// The transforms use only + - * / sqrt (correctly rounded by IEEE 754) and portable_log, so
/// with floating-point contraction off (the optim library is built with -ffp-contract=off)
/// every draw is bit-for-bit the same on every conforming machine.

#include <cstdint>
#include <random>

namespace chainrule::optim {

/// A seeded stream of random numbers, reproducible on every machine (see the file comment).
class random_stream {
public:
    /// A stream seeded with `seed` (std::mt19937_64's single-integer seeding).
    explicit random_stream(std::uint64_t seed) : engine_(seed) {}

    /// The next raw 64-bit output of mt19937_64.
    std::uint64_t next() { return engine_(); }

    /// Uniform in [0, 1): (next() >> 11) * 2^-53.
    double uniform01();

    /// Uniform in [low, high): low + (high - low) * uniform01().
    double uniform(double low, double high);

    /// Uniform integer in [0, n) without modulo bias; usage_error when n == 0.
    std::uint64_t below(std::uint64_t n);

    /// A standard normal draw (mean 0, variance 1) by Marsaglia's polar method.
    double normal();

    /// A normal draw with the given mean and standard deviation: mean + sd * normal().
    double normal(double mean, double sd);

private:
    std::mt19937_64 engine_;
    double spare_ = 0;
    bool has_spare_ = false;
};

/// The natural logarithm of a positive finite x, computed with + - * / only (no libm), so
/// that it is the same on every machine; within 2 ulp of the true value. NaN for x <= 0 or NaN.
/// Method: x = m 2^e with m in [sqrt(1/2), sqrt(2)); s = (m - 1)/(m + 1);
///   log x = e log 2 + 2 atanh(s) = e log 2 + 2 (s + s^3/3 + s^5/5 + ...), |s| <= 0.172.
double portable_log(double x);

}  // namespace chainrule::optim
