#include "chainrule/optim/random.hpp"

#include "chainrule/core/error.hpp"

#include <cmath>
#include <limits>

namespace chainrule::optim {

double random_stream::uniform01() {
    // u = (x >> 11) * 2^-53: the top 53 bits of x as a fraction, exact in double
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double random_stream::uniform(double low, double high) { return low + (high - low) * uniform01(); }

std::uint64_t random_stream::below(std::uint64_t n) {
    if (n == 0) throw usage_error("random_stream::below: n must be positive");
    // accept x < limit = 2^64 - (2^64 mod n), the largest multiple of n that fits; then x mod n
    // is uniform. (2^64 mod n) = (2^64 - n) mod n = (-n) mod n in 64-bit arithmetic.
    const std::uint64_t excess = (0 - n) % n;
    const std::uint64_t limit = 0 - excess;  // 2^64 - excess, or 0 meaning 2^64 when excess = 0
    for (;;) {
        const std::uint64_t x = next();
        if (excess == 0 || x < limit) return x % n;
    }
}

double random_stream::normal() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    // Marsaglia polar: (u, v) uniform in the unit disc without the origin,
    // s = u^2 + v^2, f = sqrt(-2 log(s) / s); u f and v f are independent N(0, 1)
    double u = 0, v = 0, s = 0;
    do {
        u = 2 * uniform01() - 1;
        v = 2 * uniform01() - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    const double f = std::sqrt(-2 * portable_log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
}

double random_stream::normal(double mean, double sd) { return mean + sd * normal(); }

double portable_log(double x) {
    if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0) return -std::numeric_limits<double>::infinity();
    if (std::isinf(x)) return x;
    // x = m 2^e, m in [1/2, 1) (frexp is exact); move m into [sqrt(1/2), sqrt(2))
    int e = 0;
    double m = std::frexp(x, &e);
    if (m < 0x1.6a09e667f3bcdp-1) {  // sqrt(1/2) rounded
        m *= 2;
        e -= 1;
    }
    // log m = 2 atanh(s), s = (m - 1)/(m + 1) (m - 1 is exact by Sterbenz), |s| <= 0.1716
    // 2 atanh(s) = 2 s (1 + z/3 + z^2/5 + ... + z^k/(2k+1) + ...), z = s^2 <= 0.02944;
    // stopping after z^12/25 leaves < z^13/27 < 4e-22 relative
    const double s = (m - 1) / (m + 1);
    const double z = s * s;
    double series = 1.0 / 25;
    for (int k = 11; k >= 0; --k) series = 1.0 / (2 * k + 1) + z * series;
    // e log 2 in two parts (fdlibm's split: ln2_hi has its low bits zero, so e ln2_hi is exact)
    constexpr double ln2_hi = 6.93147180369123816490e-01;
    constexpr double ln2_lo = 1.90821492927058770002e-10;
    const double de = static_cast<double>(e);
    return de * ln2_hi + (de * ln2_lo + 2 * s * series);
}

}  // namespace chainrule::optim
