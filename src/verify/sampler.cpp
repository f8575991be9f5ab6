// Sampling inside the facts: simple bounds shape the box, every fact is then checked exactly
// (or with 60 digits where a side is not rational).
#include "sampler.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/numeric/ball.hpp"
#include "chainrule/numeric/evaluate.hpp"

#include <algorithm>

namespace chainrule::verify {

namespace {

// Width of the box on an open side: x > 2 samples in (2, 2 + span].
const rational open_span = 4;

bool is_variable_of(const graph& g, node_id n, node_id v) { return n == v && g.is_variable(n); }

// The sign of d = left - right at p: exact where rational, else certified by balls; nothing
// where a side is undefined or the balls cannot decide the sign (the caller rejects the point).
std::optional<int> sign_at(const graph& g, node_id left, node_id right, const point& p) {
    const node_id roots[] = {left, right};
    try {
        const std::vector<rational> v = numeric::evaluate(g, roots, p, numeric::arithmetic<rational>());
        return cln::compare(v[0], v[1]);
    } catch (const numeric::not_rational&) {
    } catch (const chainrule::domain_error&) {
        return std::nullopt;
    }
    try {
        const numeric::arithmetic<numeric::ball> a(256);
        const std::vector<numeric::ball> v = numeric::evaluate(g, roots, p, a);
        return a.sign(v[0] - v[1]);
    } catch (const chainrule::error&) {
        return std::nullopt;
    }
}

// Whether e evaluates at p: exactly, else in balls (a ball that cannot decide, log of a ball
// around 0, counts as not defined).
bool defined_at(const graph& g, node_id e, const point& p) {
    const node_id roots[] = {e};
    try {
        numeric::evaluate(g, roots, p, numeric::arithmetic<rational>());
        return true;
    } catch (const numeric::not_rational&) {
    } catch (const chainrule::domain_error&) {
        return false;
    }
    try {
        numeric::evaluate(g, roots, p, numeric::arithmetic<numeric::ball>(256));
        return true;
    } catch (const chainrule::error&) {
        return false;
    }
}

}  // namespace

std::vector<node_id> variables_of(const graph& g, std::span<const node_id> roots) {
    std::vector<node_id> out;
    for (node_id n : g.reachable(roots))
        if (g.is_variable(n)) out.push_back(n);
    return out;
}

sampler::sampler(const graph& g, std::vector<node_id> variables, std::vector<fact> constraints, std::uint64_t seed)
    : graph_(g), variables_(std::move(variables)), constraints_(std::move(constraints)), engine_(seed) {
    // the constraints' own variables are drawn too
    for (const fact& f : constraints_) {
        const node_id ends[] = {f.left, f.right};
        for (node_id n : variables_of(graph_, ends)) variables_.push_back(n);
    }
    std::sort(variables_.begin(), variables_.end());
    variables_.erase(std::unique(variables_.begin(), variables_.end()), variables_.end());
    ranges_.resize(variables_.size());
    for (std::size_t k = 0; k < variables_.size(); ++k) {
        const node_id v = variables_[k];
        std::optional<rational> low, high;
        for (const fact& f : constraints_) {
            // v op c or c op v, with c a constant
            node_id c = no_node;
            relation r = f.rel;
            if (is_variable_of(graph_, f.left, v) && graph_.is_constant(f.right)) {
                c = f.right;
            } else if (is_variable_of(graph_, f.right, v) && graph_.is_constant(f.left)) {
                c = f.left;
                switch (r) {  // c < v is v > c
                case relation::less: r = relation::greater; break;
                case relation::less_equal: r = relation::greater_equal; break;
                case relation::greater: r = relation::less; break;
                case relation::greater_equal: r = relation::less_equal; break;
                case relation::equal:
                case relation::not_equal: break;
                }
            }
            if (c == no_node) continue;
            const rational& q = graph_.value(c);
            if (r == relation::greater || r == relation::greater_equal) low = low ? std::max(*low, q) : q;
            if (r == relation::less || r == relation::less_equal) high = high ? std::min(*high, q) : q;
        }
        range& out = ranges_[k];
        if (low && high) {
            out = {*low, *high};
        } else if (low) {
            out = {*low, *low + open_span};
        } else if (high) {
            out = {*high - open_span, *high};
        }
    }
}

rational sampler::draw_in(const range& r) {
    // low + (p/q)(high - low) with q in 2..61 and p in 0..q; ends are rejected by admits() when strict
    std::uniform_int_distribution<long> denominator(2, 61);
    const long q = denominator(engine_);
    std::uniform_int_distribution<long> numerator(0, q);
    return r.low + rational(numerator(engine_)) / q * (r.high - r.low);
}

point sampler::draw() {
    point p;
    for (std::size_t k = 0; k < variables_.size(); ++k) p[variables_[k]] = draw_in(ranges_[k]);
    return p;
}

bool sampler::admits(const point& p) const {
    for (const fact& f : constraints_) {
        if (f.domain) {
            if (!defined_at(graph_, f.left, p)) return false;
            continue;
        }
        const std::optional<int> s = sign_at(graph_, f.left, f.right, p);
        if (!s || !holds(f.rel, *s)) return false;
    }
    return true;
}

}  // namespace chainrule::verify
