// Comparing at a point, exactly or with certified balls: a difference whose ball excludes 0 is
// real (the ball certainly contains the true difference); a ball that keeps 0 inside up to the
// ceiling leaves the point equal to within its radius. Nothing is judged by a tolerance.
#include "compare.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/numeric/ball.hpp"
#include "chainrule/numeric/evaluate.hpp"
#include "chainrule/numeric/undefined.hpp"
#include "chainrule/simplify/print.hpp"

#include <arb.h>

namespace chainrule::verify {

namespace {

side_value exact_side(const rational& q, int digits) { return {q, to_decimal(q, digits)}; }

// a ball's value: exact where known, else its certified digits (fewer when the ball is wide)
side_value ball_side(const numeric::ball& x, int digits) {
    if (x.exact()) return exact_side(*x.exact(), digits);
    if (auto certain = numeric::certain_decimal(x, digits)) return {std::nullopt, std::move(certain->first)};
    return {std::nullopt, numeric::arithmetic<numeric::ball>(x.bits()).describe(x)};
}

// an outcome without values: equal exactly, or undefined or undecided and why
point_comparison outcome(point_verdict v, long digits, std::string why) {
    point_comparison out;
    out.outcome = v;
    out.digits = static_cast<int>(digits);
    out.why = std::move(why);
    return out;
}

// "log(x - 1) is undefined at x = 1/2: log(-1/2) of a number <= 0": the node's expression (cut
// at 80 characters) and the point's values of the variables it reads (the first 8), not its id
std::string undefined_text(const graph& g, const numeric::undefined_value& x, const point& p) {
    constexpr std::size_t max_text = 80, max_inputs = 8;
    std::string text = to_text(g, x.node());
    if (text.size() > max_text) text = text.substr(0, max_text - 3) + "...";
    const node_id root[] = {x.node()};
    std::string inputs;
    std::size_t reached = 0;
    for (node_id n : g.reachable(root)) {
        if (!g.is_variable(n)) continue;
        const auto value = p.find(n);
        if (value == p.end() || ++reached > max_inputs) continue;
        inputs += (inputs.empty() ? " at " : ", ") + g.variable_of(n).name + " = " + to_string(value->second);
    }
    if (reached > max_inputs) inputs += ", ... (" + std::to_string(reached) + " variables)";
    return text + " is undefined" + inputs + ": " + x.reason();
}

// bits of a precision given in decimal digits
long bits(long digits) { return static_cast<long>(digits * 3.33) + 1; }

}  // namespace

point_comparison compare_at(const graph& g, node_id lhs, node_id rhs, const point& p, int digits, int max_digits) {
    const node_id roots[] = {lhs, rhs};
    point_comparison out;
    try {
        const std::vector<rational> v = numeric::evaluate(g, roots, p, numeric::arithmetic<rational>());
        if (v[0] == v[1]) {
            out.outcome = point_verdict::equal;
        } else {
            out.outcome = point_verdict::differ;
            out.lhs = exact_side(v[0], digits);
            out.rhs = exact_side(v[1], digits);
            out.difference = exact_side(v[0] - v[1], digits);
        }
        return out;
    } catch (const numeric::not_rational&) {
    } catch (const numeric::undefined_value& x) {
        return outcome(point_verdict::undefined, 0, undefined_text(g, x, p));
    } catch (const chainrule::domain_error& x) {
        return outcome(point_verdict::undefined, 0, x.what());
    } catch (const chainrule::limit_error&) {
        // exact numbers too large: balls decide
    }
    std::string why;
    std::optional<numeric::ball> last;
    int last_digits = 0;
    for (long working = digits + 10;; working = std::min<long>(2 * working, max_digits)) {
        std::vector<numeric::ball> v;
        try {
            v = numeric::evaluate(g, roots, p, numeric::arithmetic<numeric::ball>(bits(working)));
        } catch (const numeric::uncertain& x) {
            why = x.what();  // a sign the balls cannot decide yet: more precision
            if (working >= max_digits) break;
            continue;
        } catch (const numeric::undefined_value& x) {
            return outcome(point_verdict::undefined, static_cast<int>(working), undefined_text(g, x, p));
        } catch (const chainrule::domain_error& x) {
            return outcome(point_verdict::undefined, static_cast<int>(working), x.what());
        } catch (const chainrule::error& x) {
            return outcome(point_verdict::undecided, static_cast<int>(working), x.what());
        }
        const numeric::ball d = v[0] - v[1];
        if (d.exact()) {
            if (cln::zerop(*d.exact())) return outcome(point_verdict::equal, 0, {});
        } else if (arb_contains_zero(d.get())) {
            last = d;
            last_digits = static_cast<int>(working);
            if (working >= max_digits) break;
            continue;
        }
        // certainly not 0
        out.outcome = point_verdict::differ;
        out.digits = d.exact() ? 0 : static_cast<int>(working);
        out.lhs = ball_side(v[0], digits);
        out.rhs = ball_side(v[1], digits);
        out.difference = ball_side(d, digits);
        if (!d.exact())
            out.certificate = std::string("left - right ") + (arb_is_positive(d.get()) ? "> " : "< -") +
                              numeric::lower_magnitude_bound(d);
        return out;
    }
    if (last) {
        out.outcome = point_verdict::equal;
        out.digits = last_digits;
        out.certificate = "|left - right| <= " + numeric::magnitude_bound(*last);
        out.bound_exponent = numeric::magnitude_exponent(*last);
        return out;
    }
    out.why = why.empty() ? "the difference could not be decided within " + std::to_string(max_digits) + " digits"
                          : why;
    return out;
}

}  // namespace chainrule::verify
