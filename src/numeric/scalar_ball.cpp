// Ball arithmetic on Arb, with exact rationals carried along while they are known.
#include "chainrule/numeric/ball.hpp"

#include <cln/integer.h>
#include <cln/integer_io.h>
#include <cln/rational.h>

#include <flint/fmpq.h>
#include <flint/fmpz.h>

#include <algorithm>
#include <memory>
#include <sstream>

namespace chainrule::numeric {

namespace {

// FLINT's integers and rationals, owned.
struct fmpz_holder {
    fmpz_t v;
    fmpz_holder() { fmpz_init(v); }
    ~fmpz_holder() { fmpz_clear(v); }
    fmpz_holder(const fmpz_holder&) = delete;
    fmpz_holder& operator=(const fmpz_holder&) = delete;
};
struct fmpq_holder {
    fmpq_t v;
    fmpq_holder() { fmpq_init(v); }
    ~fmpq_holder() { fmpq_clear(v); }
    fmpq_holder(const fmpq_holder&) = delete;
    fmpq_holder& operator=(const fmpq_holder&) = delete;
};
struct arb_holder {
    arb_t v;
    arb_holder() { arb_init(v); }
    ~arb_holder() { arb_clear(v); }
    arb_holder(const arb_holder&) = delete;
    arb_holder& operator=(const arb_holder&) = delete;
};
struct arf_holder {
    arf_t v;
    arf_holder() { arf_init(v); }
    ~arf_holder() { arf_clear(v); }
    arf_holder(const arf_holder&) = delete;
    arf_holder& operator=(const arf_holder&) = delete;
};

// n into f, through its decimal digits
void set_fmpz(fmpz_t f, const cln::cl_I& n) {
    std::ostringstream text;
    cln::fprint(text, n);
    fmpz_set_str(f, text.str().c_str(), 10);
}

cln::cl_I to_integer(const fmpz_t f) {
    const std::unique_ptr<char, void (*)(void*)> text(fmpz_get_str(nullptr, 10, f), flint_free);
    return cln::cl_I(text.get());
}

void set_rational(arb_t x, const rational& q, long bits) {
    fmpq_holder f;
    set_fmpz(fmpq_numref(f.v), cln::numerator(q));
    set_fmpz(fmpq_denref(f.v), cln::denominator(q));
    arb_set_fmpq(x, f.v, bits);
}

// q while it is small enough to carry exactly
std::optional<rational> kept(const rational& q) {
    if (decimal_size(q) > max_rational_digits) return std::nullopt;
    return q;
}

}  // namespace

// --- ball

ball::ball() { arb_init(value_); exact_ = rational(0); }

ball::ball(const rational& q, long bits) : bits_(bits) {
    arb_init(value_);
    set_rational(value_, q, bits);
    exact_ = q;
}

ball ball::enclosure(const arb_t value, long bits) {
    ball out;
    arb_set(out.value_, value);
    out.exact_.reset();
    out.bits_ = bits;
    return out;
}

ball::ball(const ball& other) : exact_(other.exact_), bits_(other.bits_) {
    arb_init(value_);
    arb_set(value_, other.value_);
}

ball::ball(ball&& other) noexcept : exact_(std::move(other.exact_)), bits_(other.bits_) {
    arb_init(value_);
    arb_swap(value_, other.value_);
}

ball& ball::operator=(const ball& other) {
    if (this != &other) {
        arb_set(value_, other.value_);
        exact_ = other.exact_;
        bits_ = other.bits_;
    }
    return *this;
}

ball& ball::operator=(ball&& other) noexcept {
    arb_swap(value_, other.value_);
    exact_ = std::move(other.exact_);
    bits_ = other.bits_;
    return *this;
}

ball::~ball() { arb_clear(value_); }

ball ball::operator-() const {
    ball out(*this);
    arb_neg(out.value_, value_);
    if (exact_) out.exact_ = -*exact_;
    return out;
}

ball& ball::operator+=(const ball& other) { return *this = *this + other; }

ball operator+(const ball& a, const ball& b) {
    ball out;
    out.bits_ = std::max(a.bits_, b.bits_);
    arb_add(out.value_, a.value_, b.value_, out.bits_);
    out.exact_ = a.exact_ && b.exact_ ? kept(*a.exact_ + *b.exact_) : std::nullopt;
    return out;
}

ball operator-(const ball& a, const ball& b) {
    ball out;
    out.bits_ = std::max(a.bits_, b.bits_);
    arb_sub(out.value_, a.value_, b.value_, out.bits_);
    out.exact_ = a.exact_ && b.exact_ ? kept(*a.exact_ - *b.exact_) : std::nullopt;
    return out;
}

ball operator*(const ball& a, const ball& b) {
    ball out;
    out.bits_ = std::max(a.bits_, b.bits_);
    // an exact 0 times anything finite is exactly 0
    if ((a.exact_ && cln::zerop(*a.exact_) && arb_is_finite(b.value_)) ||
        (b.exact_ && cln::zerop(*b.exact_) && arb_is_finite(a.value_)))
        return out;  // the exact 0
    arb_mul(out.value_, a.value_, b.value_, out.bits_);
    out.exact_ = a.exact_ && b.exact_ ? kept(*a.exact_ * *b.exact_) : std::nullopt;
    return out;
}

ball operator/(const ball& a, const ball& b) {
    ball out;
    out.bits_ = std::max(a.bits_, b.bits_);
    arb_div(out.value_, a.value_, b.value_, out.bits_);
    out.exact_ = a.exact_ && b.exact_ && !cln::zerop(*b.exact_) ? kept(*a.exact_ / *b.exact_) : std::nullopt;
    return out;
}

// --- arithmetic<ball>

namespace {

// f(x) into a new enclosure at `bits`
template <class F>
ball enclose(const ball& x, long bits, F f) {
    arb_holder r;
    f(r.v, x.get(), bits);
    return ball::enclosure(r.v, bits);
}

bool is_exactly(const ball& x, long q) { return x.exact() && *x.exact() == q; }

}  // namespace

arithmetic<ball>::arithmetic(long bits) : bits_(std::max(16L, bits)) {}

// f(x), exactly `value` where x is exactly `at` (e^0 = 1, log 1 = 0, sin 0 = 0, ...)
template <class F>
ball arithmetic<ball>::exact_at(const ball& x, long at, long value, F f) const {
    if (is_exactly(x, at)) return constant(value);
    return enclose(x, bits_, f);
}

int arithmetic<ball>::sign(const ball& x) const {
    if (x.exact()) return cln::minusp(*x.exact()) ? -1 : cln::zerop(*x.exact()) ? 0 : 1;
    if (arb_is_positive(x.get())) return 1;
    if (arb_is_negative(x.get())) return -1;
    if (arb_is_zero(x.get())) return 0;
    throw uncertain("the sign of " + describe(x) + " cannot be decided at " + std::to_string(bits_) +
                    " bits (it is 0 or too close to 0)");
}

ball arithmetic<ball>::step(const ball& x) const { return constant(sign(x) > 0 ? 1 : 0); }

ball arithmetic<ball>::abs(const ball& x) const {
    if (x.exact()) return constant(cln::abs(*x.exact()));
    return enclose(x, bits_, [](arb_t r, const arb_t u, slong) { arb_abs(r, u); });
}

ball arithmetic<ball>::relu(const ball& x) const {
    if (x.exact()) return constant(cln::minusp(*x.exact()) ? rational(0) : *x.exact());
    return enclose(x, bits_, [](arb_t r, const arb_t u, slong) { arb_nonnegative_part(r, u); });
}

ball arithmetic<ball>::max(const ball& x, const ball& y) const {
    if (x.exact() && y.exact()) return constant(*x.exact() >= *y.exact() ? *x.exact() : *y.exact());
    arb_holder r;
    arb_max(r.v, x.get(), y.get(), bits_);
    return ball::enclosure(r.v, bits_);
}

ball arithmetic<ball>::min(const ball& x, const ball& y) const {
    if (x.exact() && y.exact()) return constant(*x.exact() <= *y.exact() ? *x.exact() : *y.exact());
    arb_holder r;
    arb_min(r.v, x.get(), y.get(), bits_);
    return ball::enclosure(r.v, bits_);
}

std::optional<long> arithmetic<ball>::small_integer(const ball& x) const {
    if (!x.exact() || !is_integer(*x.exact())) return std::nullopt;
    const cln::cl_I n = cln::numerator(*x.exact());
    if (cln::integer_length(n) > 30) return std::nullopt;
    return cln::cl_I_to_long(n);
}

bool arithmetic<ball>::finite(const ball& x) const { return arb_is_finite(x.get()) != 0; }

double arithmetic<ball>::to_double(const ball& x) const { return arf_get_d(arb_midref(x.get()), ARF_RND_NEAR); }

std::string arithmetic<ball>::describe(const ball& x) const {
    if (x.exact()) return to_string(*x.exact());
    const std::unique_ptr<char, void (*)(void*)> text(arb_get_str(x.get(), 12, 0), flint_free);
    return text.get();
}

ball arithmetic<ball>::exp(const ball& x) const { return exact_at(x, 0, 1, arb_exp); }

ball arithmetic<ball>::log(const ball& x) const { return exact_at(x, 1, 0, arb_log); }

ball arithmetic<ball>::sqrt(const ball& x) const {
    if (x.exact())
        if (auto r = exact_power(*x.exact(), rational(1) / 2)) return constant(*r);
    return enclose(x, bits_, arb_sqrt);
}

ball arithmetic<ball>::sin(const ball& x) const { return exact_at(x, 0, 0, arb_sin); }

ball arithmetic<ball>::cos(const ball& x) const { return exact_at(x, 0, 1, arb_cos); }

ball arithmetic<ball>::tan(const ball& x) const { return exact_at(x, 0, 0, arb_tan); }

ball arithmetic<ball>::sinh(const ball& x) const { return exact_at(x, 0, 0, arb_sinh); }

ball arithmetic<ball>::cosh(const ball& x) const { return exact_at(x, 0, 1, arb_cosh); }

ball arithmetic<ball>::tanh(const ball& x) const { return exact_at(x, 0, 0, arb_tanh); }

ball arithmetic<ball>::sigmoid(const ball& x) const {
    // sigmoid(u) = (1 + tanh(u/2)) / 2 for u >= 0, e^u / (1 + e^u) for u < 0
    if (is_exactly(x, 0)) return constant(rational(1) / 2);
    return enclose(x, bits_, [](arb_t r, const arb_t u, slong prec) {
        arb_t t;
        arb_init(t);
        if (arb_is_negative(u)) {
            // e^u / (1 + e^u): no cancellation where sigmoid is tiny
            arb_exp(t, u, prec);
            arb_add_ui(r, t, 1, prec);
            arb_div(r, t, r, prec);
        } else {
            arb_mul_2exp_si(t, u, -1);
            arb_tanh(t, t, prec);
            arb_add_ui(t, t, 1, prec);
            arb_mul_2exp_si(r, t, -1);
        }
        arb_clear(t);
    });
}

ball arithmetic<ball>::softplus(const ball& x) const {
    // softplus(u) = log(1 + e^u) = u + log(1 + e^-u)
    return enclose(x, bits_, [](arb_t r, const arb_t u, slong prec) {
        arb_t t;
        arb_init(t);
        if (arb_is_positive(u)) {
            arb_neg(t, u);
            arb_exp(t, t, prec);
            arb_log1p(t, t, prec);
            arb_add(r, u, t, prec);
        } else {
            arb_exp(t, u, prec);
            arb_log1p(r, t, prec);
        }
        arb_clear(t);
    });
}

ball arithmetic<ball>::pow(const ball& u, const rational& c) const {
    if (u.exact())
        if (auto r = exact_power(*u.exact(), c)) return constant(*r);
    fmpq_holder e;
    set_fmpz(fmpq_numref(e.v), cln::numerator(c));
    set_fmpz(fmpq_denref(e.v), cln::denominator(c));
    arb_holder r;
    if (is_integer(c)) {
        // an integer exponent: Arb's binary powering, defined for any base
        arb_pow_fmpz(r.v, u.get(), fmpq_numref(e.v), bits_);
    } else {
        arb_pow_fmpq(r.v, u.get(), e.v, bits_);
    }
    return ball::enclosure(r.v, bits_);
}

ball arithmetic<ball>::pow(const ball& u, const ball& v) const {
    if (v.exact()) return pow(u, *v.exact());
    arb_holder r;
    arb_pow(r.v, u.get(), v.get(), bits_);
    return ball::enclosure(r.v, bits_);
}

// --- decimals

namespace {

// The decimal exponent e with 10^e <= |x| < 10^(e+1) and the significand round(|x| 10^(d-1-e)),
// a d-digit integer, when x's ball decides both; nothing otherwise.
std::optional<std::pair<cln::cl_I, cln::cl_I>> decimal_parts(const arb_t x, int d, long bits) {
    if (arb_contains_zero(x) || !arb_is_finite(x)) return std::nullopt;
    arb_holder a, l;
    arb_abs(a.v, x);
    arb_log_base_ui(l.v, a.v, 10, bits);
    // the exponent, from the lower end of log10 |x| (the loop corrects it by one either way),
    // once log10 |x| is known to within 1
    arf_holder low, high;
    arb_get_lbound_arf(low.v, l.v, bits);
    arb_get_ubound_arf(high.v, l.v, bits);
    fmpz_holder e, e_high;
    arf_get_fmpz(e.v, low.v, ARF_RND_FLOOR);
    arf_get_fmpz(e_high.v, high.v, ARF_RND_FLOOR);
    fmpz_sub(e_high.v, e_high.v, e.v);
    if (fmpz_cmp_ui(e_high.v, 1) > 0) return std::nullopt;
    fmpz_holder ten_d, shift;
    fmpz_set_ui(ten_d.v, 10);
    fmpz_pow_ui(ten_d.v, ten_d.v, static_cast<ulong>(d));  // 10^d
    for (int attempt = 0; attempt < 3; ++attempt) {
        // scaled = |x| * 10^(d - 1 - e)
        fmpz_set_si(shift.v, d - 1);
        fmpz_sub(shift.v, shift.v, e.v);
        arb_holder scale, scaled;
        arb_set_ui(scale.v, 10);
        arb_pow_fmpz(scale.v, scale.v, shift.v, bits);
        arb_mul(scaled.v, a.v, scale.v, bits);
        // scaled lies near [10^(d-1), 10^d) unless the ball is too wide to say
        arb_holder window;
        arb_set_fmpz(window.v, ten_d.v);
        arb_mul_ui(window.v, window.v, 10, bits);
        if (!arb_is_finite(scaled.v) || !arb_lt(scaled.v, window.v)) return std::nullopt;
        // round both ends to the nearest integer (ties to even, as cln::round1)
        arf_holder lo, hi;
        arb_get_lbound_arf(lo.v, scaled.v, bits);
        arb_get_ubound_arf(hi.v, scaled.v, bits);
        fmpz_holder rlo, rhi;
        arf_get_fmpz(rlo.v, lo.v, ARF_RND_NEAR);
        arf_get_fmpz(rhi.v, hi.v, ARF_RND_NEAR);
        if (!fmpz_equal(rlo.v, rhi.v)) return std::nullopt;
        if (fmpz_cmp(rlo.v, ten_d.v) >= 0) {  // |x| >= 10^(e+1), or rounding carried over
            fmpz_add_ui(e.v, e.v, 1);
            continue;
        }
        fmpz_holder lowest;
        fmpz_divexact_ui(lowest.v, ten_d.v, 10);  // 10^(d-1)
        if (fmpz_cmp(rlo.v, lowest.v) < 0) {  // |x| < 10^e
            fmpz_sub_ui(e.v, e.v, 1);
            continue;
        }
        return std::make_pair(to_integer(rlo.v), to_integer(e.v));
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> certified_decimal(const ball& x, int digits) {
    if (digits < 1) digits = 1;
    if (x.exact()) return to_decimal(*x.exact(), digits);
    if (arb_is_zero(x.get())) return std::string("0");
    const auto parts = decimal_parts(x.get(), digits, x.bits() + 64);
    if (!parts) return std::nullopt;
    std::ostringstream significand;
    cln::fprint(significand, parts->first);
    return decimal_text(arb_is_negative(x.get()) != 0, significand.str(), parts->second, digits);
}

std::optional<std::pair<std::string, int>> certain_decimal(const ball& x, int digits) {
    if (auto text = certified_decimal(x, digits)) return std::make_pair(std::move(*text), digits);
    const int certain = certain_digits(x, digits);
    if (certain == 0) return std::nullopt;
    return std::make_pair(*certified_decimal(x, certain), certain);
}

int certain_digits(const ball& x, int digits) {
    if (x.exact() || arb_is_zero(x.get())) return digits;
    // the digits decided shrink as the ball widens: search down from `digits`
    int lo = 0, hi = digits;
    while (lo < hi) {
        const int mid = (lo + hi + 1) / 2;
        if (decimal_parts(x.get(), mid, x.bits() + 64)) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

long magnitude_exponent(const ball& x) {
    arf_holder m;
    arb_get_abs_ubound_arf(m.v, x.get(), 64);
    return arf_abs_bound_lt_2exp_si(m.v);
}

std::string lower_magnitude_bound(const ball& x) {
    if (x.exact()) return to_decimal(cln::abs(*x.exact()), 3);
    // the lower end of |x|, lowered by 1% so that printing it to 3 digits cannot go above it
    arf_holder m, down;
    arb_get_abs_lbound_arf(m.v, x.get(), 64);
    arf_set_si(down.v, 99);
    arf_mul(m.v, m.v, down.v, 64, ARF_RND_DOWN);
    arf_div_ui(m.v, m.v, 100, 64, ARF_RND_DOWN);
    arb_holder b;
    arb_set_arf(b.v, m.v);
    const std::unique_ptr<char, void (*)(void*)> text(arb_get_str(b.v, 3, ARB_STR_NO_RADIUS), flint_free);
    return text.get();
}

std::string magnitude_bound(const ball& x) {
    if (x.exact()) return to_decimal(cln::abs(*x.exact()), 3);
    // the upper end of |x|, raised by 1% so that printing it to 3 digits cannot go below it
    arf_holder m, up;
    arb_get_abs_ubound_arf(m.v, x.get(), 64);
    arf_set_si(up.v, 101);
    arf_mul(m.v, m.v, up.v, 64, ARF_RND_UP);
    arf_div_ui(m.v, m.v, 100, 64, ARF_RND_UP);
    arb_holder b;
    arb_set_arf(b.v, m.v);
    const std::unique_ptr<char, void (*)(void*)> text(arb_get_str(b.v, 3, ARB_STR_NO_RADIUS), flint_free);
    return text.get();
}

}  // namespace chainrule::numeric
