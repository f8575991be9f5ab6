// The certified evaluator: ball evaluation at rising precision until every decimal is decided.
#include "chainrule/numeric/certified.hpp"
#include "chainrule/numeric/undefined.hpp"

#include "chainrule/numeric/evaluate.hpp"

namespace chainrule::numeric {

std::vector<long> precisions(const certified_limits& limits) {
    std::vector<long> out;
    for (long bits = limits.start_bits; bits < limits.max_bits; bits *= 2) out.push_back(bits);
    out.push_back(limits.max_bits);
    return out;
}

long ceiling_digits(const certified_limits& limits) { return static_cast<long>(limits.max_bits * 0.30103); }

namespace {

// The rising-precision loop shared by certify and certify_mean: balls(bits) computes one ball per
// value at `bits` bits; precision rises until every value's decimal is decided.
template <class Balls>
std::vector<certified_value> settle(std::size_t count, int digits, const certified_limits& limits, Balls balls) {
    if (digits < 1 || digits > 10000) throw usage_error("certify: digits must be between 1 and 10000");
    std::vector<certified_value> out(count);
    std::vector<char> settled(count, 0);
    std::size_t open = count;
    std::vector<ball> last;
    std::string undecided;  // why the last precision could not evaluate at all
    for (long bits : precisions(limits)) {
        try {
            last = balls(bits);
        } catch (const uncertain& x) {
            undecided = x.what();
            last.clear();
            continue;
        }
        undecided.clear();
        for (std::size_t k = 0; k < count; ++k) {
            if (settled[k]) continue;
            if (auto text = certified_decimal(last[k], digits)) {
                out[k] = certified_value{last[k].exact(), std::move(*text), digits, last[k].exact() ? 0 : bits};
                settled[k] = 1;
                --open;
            }
        }
        if (open == 0) return out;
    }
    const std::string ceiling = std::to_string(ceiling_digits(limits)) + " digits of working precision";
    if (!undecided.empty()) throw uncertain("cannot be computed reliably at " + ceiling + ": " + undecided);
    // past the ceiling: the digits each ball does decide
    for (std::size_t k = 0; k < count; ++k) {
        if (settled[k]) continue;
        auto certain = certain_decimal(last[k], digits);
        if (!certain)
            throw uncertain("cannot be computed reliably: at " + ceiling + " not one digit is certain (the value "
                            "may be exactly 0, computed through cancellation, or divide by such a value)");
        out[k] = certified_value{std::nullopt, std::move(certain->first), certain->second, limits.max_bits};
    }
    return out;
}

// mean = (v_0 + ... + v_{n-1}) / n for each root, in balls of `bits` bits
std::vector<ball> mean_balls(const graph& g, std::span<const node_id> roots, std::size_t rows,
                             const std::function<point(std::size_t)>& row, long bits) {
    const arithmetic<ball> a(bits);
    std::vector<ball> sums(roots.size(), a.constant(rational(0)));
    for (std::size_t r = 0; r < rows; ++r) {
        std::vector<ball> values;
        try {
            values = evaluate(g, roots, row(r), a);
        } catch (const uncertain&) {
            throw;
        } catch (const undefined_value& x) {
            throw row_error(r, x.what(), x.node(), x.reason());
        } catch (const domain_error& x) {
            throw row_error(r, x.what());
        } catch (const usage_error& x) {
            throw row_error(r, x.what());
        }
        for (std::size_t k = 0; k < roots.size(); ++k) sums[k] += values[k];
    }
    const ball n = a.constant(rational(static_cast<long>(rows)));
    for (ball& s : sums) s = s / n;
    return sums;
}

}  // namespace

std::vector<certified_value> certify(const graph& g, std::span<const node_id> roots, const point& at, int digits,
                                     const certified_limits& limits) {
    return settle(roots.size(), digits, limits,
                  [&](long bits) { return evaluate(g, roots, at, arithmetic<ball>(bits)); });
}

std::vector<certified_value> certify_mean(const graph& g, std::span<const node_id> roots, std::size_t rows,
                                          const std::function<point(std::size_t)>& row, int digits,
                                          const certified_limits& limits) {
    if (rows == 0) throw usage_error("certify_mean: a mean over no rows");
    return settle(roots.size(), digits, limits, [&](long bits) { return mean_balls(g, roots, rows, row, bits); });
}

}  // namespace chainrule::numeric
