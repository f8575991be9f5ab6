// Mistake diagnosis: the claim against variations of the truth (see diagnosis.hpp).
#include "chainrule/verify/diagnosis.hpp"

#include "chainrule/diff/partials.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/numeric/evaluate.hpp"
#include "chainrule/graph/substitute.hpp"
#include "equalities.hpp"
#include "sampler.hpp"

#include <cstdlib>
#include <cln/cln.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <unordered_set>

namespace chainrule::verify {

namespace {

constexpr int working_digits = 50;
constexpr int agreement_digits = 40;
constexpr int sample_points = 3;
constexpr std::size_t max_intermediates = 64;
constexpr std::size_t max_parts = 200;
// Candidates that fit at the sample points but are refuted by the engine, before giving up.
constexpr int max_confirmations = 4;

// Whether p and q agree to about 40 significant digits (both 0 counts).
bool close(const cln::cl_F& p, const cln::cl_F& q) {
    const cln::cl_F d = p - q;
    if (cln::zerop(d)) return true;
    const cln::cl_F scale = cln::max(cln::abs(p), cln::abs(q));
    return cln::float_exponent(d) < cln::float_exponent(scale) - agreement_digits * 10 / 3;
}

// The values of chosen nodes at each sample point, evaluated in one pass per point (after the
// equality substitutions); points where any of them is undefined are dropped.
class table {
public:
    table(graph& g, const std::vector<point>& points, const replacement_map& replace)
        : g_(g), points_(points), replace_(replace) {}
    // Adds node n; its column.
    std::size_t add(node_id n) {
        nodes_.push_back(n);
        return nodes_.size() - 1;
    }
    void evaluate() {
        const std::vector<node_id> roots = replace_.empty() ? nodes_ : substitute(g_, nodes_, replace_);
        const numeric::arithmetic<cln::cl_F> a(working_digits);
        for (const point& p : points_) {
            try {
                rows_.push_back(numeric::evaluate(g_, roots, p, a));
            } catch (const chainrule::error&) {
            }
        }
    }
    const cln::cl_F& operator()(std::size_t point, std::size_t column) const { return rows_[point][column]; }
    // Whether f(point) holds at every usable point (false when there is none).
    template <class F>
    bool all(F f) const {
        if (rows_.empty()) return false;
        for (std::size_t k = 0; k < rows_.size(); ++k)
            if (!f(k)) return false;
        return true;
    }

private:
    graph& g_;
    const std::vector<point>& points_;
    const replacement_map& replace_;
    std::vector<node_id> nodes_;
    std::vector<std::vector<cln::cl_F>> rows_;
};

// The values of the claim, the truth and each candidate at the sample points.
class evaluator {
public:
    // Evaluates at `points` after the equality facts' substitutions `replace`.
    evaluator(graph& g, std::vector<point> points, replacement_map replace)
        : g_(g), points_(std::move(points)), replace_(std::move(replace)) {}

    const std::vector<point>& points() const noexcept { return points_; }
    const replacement_map& replacements() const noexcept { return replace_; }

    // Whether `candidate` agrees with `claimed` to agreement_digits at every point.
    bool same(node_id candidate, node_id claimed) const {
        if (points_.empty()) return false;
        const numeric::arithmetic<cln::cl_F> a(working_digits);
        const std::vector<node_id> roots = substituted({candidate, claimed});
        for (const point& p : points_) {
            try {
                const std::vector<cln::cl_F> v = numeric::evaluate(g_, roots, p, a);
                const cln::cl_F d = cln::abs(v[0] - v[1]);
                const cln::cl_F scale = cln::max(cln::abs(v[0]), cln::abs(v[1]));
                if (cln::zerop(d)) continue;
                if (cln::zerop(scale) || cln::float_exponent(d) > cln::float_exponent(scale) - agreement_digits * 10 / 3)
                    return false;
            } catch (const chainrule::error&) {
                return false;
            }
        }
        return true;
    }

    // claimed / truth when it is the same small rational k at every point.
    std::optional<rational> ratio(node_id claimed, node_id truth) const {
        std::optional<rational> k;
        const numeric::arithmetic<cln::cl_F> a(working_digits);
        const std::vector<node_id> roots = substituted({claimed, truth});
        for (const point& p : points_) {
            try {
                const std::vector<cln::cl_F> v = numeric::evaluate(g_, roots, p, a);
                if (cln::zerop(v[1])) {
                    if (!cln::zerop(v[0])) return std::nullopt;
                    continue;  // 0 = k·0 says nothing about k
                }
                // a ratio far from 1 is no small k (and its exact value may have millions of digits)
                const cln::cl_F q = v[0] / v[1];
                if (cln::zerop(q) || std::abs(cln::float_exponent(q)) > 64) return std::nullopt;
                const rational r = simplest_near(q);
                if (k && *k != r) return std::nullopt;
                k = r;
            } catch (const chainrule::error&) {
                return std::nullopt;
            }
        }
        if (!k || cln::denominator(*k) > 100 || cln::abs(cln::numerator(*k)) > 1000) return std::nullopt;
        // and it must hold to the agreement digits, not just round to k
        const node_id scaled = g_.mul(g_.constant(*k), truth);
        return same(scaled, claimed) ? k : std::nullopt;
    }

    // claimed - truth when it is the same nonzero constant at every point (as text)
    std::optional<std::string> offset(node_id claimed, node_id truth) const {
        const numeric::arithmetic<cln::cl_F> a(working_digits);
        const std::vector<node_id> roots = substituted({claimed, truth});
        std::optional<cln::cl_F> first;
        for (const point& p : points_) {
            try {
                const std::vector<cln::cl_F> v = numeric::evaluate(g_, roots, p, a);
                const cln::cl_F d = v[0] - v[1];
                if (cln::zerop(d)) return std::nullopt;
                if (first && !cln::zerop(d - *first) &&
                    cln::float_exponent(d - *first) > cln::float_exponent(cln::max(cln::abs(v[0]), cln::abs(v[1]))) - agreement_digits * 10 / 3)
                    return std::nullopt;
                if (!first) first = d;
            } catch (const chainrule::error&) {
                return std::nullopt;
            }
        }
        if (!first || points_.size() < 2) return std::nullopt;
        // an offset of magnitude past 2^±4000 is not shown as a number (its exact digits alone
        // would take longer than the whole claim)
        if (std::abs(cln::float_exponent(*first)) > 4000) return std::nullopt;
        const rational r = simplest_near(*first, 20);
        if (cln::denominator(r) <= 1000) return chainrule::to_string(r);
        return to_decimal(cln::rational(*first), 6);
    }

private:
    std::vector<node_id> substituted(std::initializer_list<node_id> nodes) const {
        const std::vector<node_id> roots(nodes);
        return replace_.empty() ? roots : substitute(g_, roots, replace_);
    }

    // the first continued-fraction convergent of x within 10^-digits |x| (denominators up to
    // 10^6; beyond that the exact value of x, which the caller's size check rejects)
    static rational simplest_near(const cln::cl_F& x, int digits = 30) {
        const rational exact = cln::rational(x);
        const rational tolerance = cln::abs(exact) / cln::expt(rational(10), digits);
        rational rest = exact;
        // convergents h/k: h(n) = a h(n-1) + h(n-2), k(n) = a k(n-1) + k(n-2)
        cln::cl_I h1 = 1, h2 = 0, k1 = 0, k2 = 1;
        for (int step = 0; step < 64; ++step) {
            const cln::cl_I a = cln::floor1(rest);
            const cln::cl_I h = a * h1 + h2, k = a * k1 + k2;
            h2 = h1, h1 = h, k2 = k1, k1 = k;
            const rational convergent = rational(h) / k;
            if (cln::abs(convergent - exact) <= tolerance) return convergent;
            if (k > 1000000) break;
            const rational fraction = rest - a;
            if (cln::zerop(fraction)) return convergent;
            rest = 1 / fraction;
        }
        return exact;
    }

    graph& g_;
    std::vector<point> points_;
    replacement_map replace_;
};

// The sample points: the counterexample, then others inside the facts.
std::vector<point> sample(const graph& g, const derivative_claim& c, const named_point& at,
                          std::span<const fact> facts, std::uint64_t seed, const solved_equalities& solved) {
    std::vector<point> out;
    point first;
    for (const auto& [name, q] : at)
        if (auto v = g.find_variable(name)) first[*v] = q;
    out.push_back(first);
    const node_id roots[] = {c.claimed, c.truth};
    std::vector<node_id> variables = variables_of(g, roots);
    std::erase_if(variables, [&](node_id n) {
        return std::any_of(solved.replacements.begin(), solved.replacements.end(),
                           [&](const auto& r) { return r.first == n; });
    });
    std::vector<fact> constraints;
    for (const fact& f : facts)
        if (f.rel != relation::equal) constraints.push_back(f);
    sampler draw(g, variables, constraints, seed ^ 0x9e3779b97f4a7c15ULL);
    for (int attempt = 0; attempt < 50 && static_cast<int>(out.size()) < sample_points; ++attempt) {
        point p = draw.draw();
        for (const auto& [v, q] : first) p.emplace(v, q);  // variables only the facts had
        if (draw.admits(p)) out.push_back(std::move(p));
    }
    return out;
}

mistake of_kind(mistake_kind k) {
    mistake m;
    m.kind = k;
    return m;
}

// d a / d target: the partial for a variable target, the adjoint for a definition target.
node_id inner_derivative(graph& g, node_id a, node_id target) {
    if (g.is_variable(target)) return reverse_gradient(g, a, {target})[0];
    return reverse_adjoints(g, a)[target];
}

}  // namespace

mistake diagnose(graph& g, const derivative_claim& c, const std::unordered_map<node_id, std::string>& names,
                 const named_point& at, std::span<const fact> facts, std::uint64_t seed) {
    try {
        const solved_equalities solved = solve_equalities(g, facts);
        const evaluator check(g, sample(g, c, at, facts, seed, solved),
                              replacement_map(solved.replacements.begin(), solved.replacements.end()));
        // a candidate fits when its formula agrees with the claim at the sample points; it is
        // the hint only once the equivalence engine confirms claim = formula (never a hint that
        // the claim's own verdict machinery would refute)
        equivalence_options confirm;
        confirm.points = 6;
        confirm.certify_digits = confirm.max_digits;
        const auto confirmed = [&](node_id left, node_id right) {
            return holds(decide(g, left, right, facts, confirm).outcome);
        };

        const bool derivative = c.of != no_node;
        if (derivative && g.is_constant(c.claimed, 0)) return of_kind(mistake_kind::claimed_zero);
        // opposite sign
        if (const node_id negated = g.neg(c.truth); check.same(negated, c.claimed) && confirmed(c.claimed, negated))
            return of_kind(mistake_kind::opposite_sign);
        // constant factor
        if (auto k = check.ratio(c.claimed, c.truth); k && *k != 1) {
            const node_id scaled = g.mul(g.constant(*k), c.truth);
            if (confirmed(c.claimed, scaled)) {
                mistake m = of_kind(mistake_kind::constant_factor);
                m.factor = *k;
                return m;
            }
        }
        // a constant offset: claim - truth has no derivative with respect to any variable
        if (auto c0 = check.offset(c.claimed, c.truth)) {
            const node_id difference = g.sub(c.claimed, c.truth);
            const node_id roots[] = {difference};
            const std::vector<node_id> variables = variables_of(g, roots);
            const std::vector<node_id> slopes = reverse_gradient(g, difference, variables);
            const bool constant = std::all_of(slopes.begin(), slopes.end(), [&](node_id s) { return confirmed(s, g.constant(0)); });
            if (constant) {
                mistake m = of_kind(mistake_kind::constant_offset);
                m.offset = *c0;
                return m;
            }
        }

        if (!derivative) return of_kind(mistake_kind::none);  // the chain-rule patterns need one

        // the chain-rule candidates, compared through the values of their parts at the points
        table values(g, check.points(), check.replacements());
        const std::size_t claimed = values.add(c.claimed), truth = values.add(c.truth);
        const adjoint_table adjoints = reverse_adjoints(g, c.of);
        // each: whether it fits, the two sides that must then be equal, and the mistake it names
        struct candidate {
            std::function<bool()> fits;
            node_id left, right;
            mistake named;
        };
        std::vector<candidate> candidates;
        const auto with = [](mistake_kind k, node_id node, node_id operand = no_node, node_id part = no_node) {
            mistake m = of_kind(k);
            m.node = node, m.operand = operand, m.part = part;
            return m;
        };

        // nodes that depend on the target, among those the output reaches
        const node_id root[] = {c.of};
        const std::vector<node_id> reached = g.reachable(root);
        std::unordered_set<node_id> depends{c.target};
        for (node_id n : reached) {
            const node x = g.at(n);
            if ((x.lhs != no_node && depends.count(x.lhs)) || (x.rhs != no_node && depends.count(x.rhs))) depends.insert(n);
        }
        // a path through a named intermediate, missing or counted twice
        std::size_t considered = 0;
        for (auto it = reached.rbegin(); it != reached.rend() && considered < max_intermediates; ++it) {
            const node_id a = *it;
            if (a == c.of || a == c.target || !names.count(a) || !depends.count(a)) continue;
            ++considered;
            const node_id inner = inner_derivative(g, a, c.target);
            const std::size_t adj = values.add(adjoints[a]), in = values.add(inner);
            const auto through = [&values, adj, in](std::size_t k) { return values(k, adj) * values(k, in); };
            // (not when every path goes through a: then the claim is just 0)
            const auto only_path = [&values, truth, through] {
                return values.all([&](std::size_t k) { return close(through(k), values(k, truth)); });
            };
            const node_id path = g.mul(adjoints[a], inner);
            candidates.push_back({[&values, claimed, truth, through, only_path] {
                                      return !only_path() && values.all([&](std::size_t k) {
                                                 return close(values(k, claimed), values(k, truth) - through(k));
                                             });
                                  },
                                  c.claimed, g.sub(c.truth, path), with(mistake_kind::missing_path, a)});
            candidates.push_back({[&values, claimed, truth, through] {
                                      return values.all([&](std::size_t k) {
                                          return close(values(k, claimed), values(k, truth) + through(k));
                                      });
                                  },
                                  c.claimed, g.add(c.truth, path), with(mistake_kind::doubled_path, a)});
        }
        // a direct use of the target, missing
        for (node_id n : reached) {
            const node x = g.at(n);
            for (int operand = 0; operand < arity(x.kind); ++operand) {
                if ((operand == 0 ? x.lhs : x.rhs) != c.target) continue;
                const node_id local_node = local_partial(g, n, operand);
                const std::size_t adj = values.add(adjoints[n]), local = values.add(local_node);
                const auto edge = [&values, adj, local](std::size_t k) { return values(k, adj) * values(k, local); };
                candidates.push_back({[&values, claimed, truth, edge] {
                                          return !values.all([&](std::size_t k) { return close(edge(k), values(k, truth)); }) &&
                                                 values.all([&](std::size_t k) {
                                                     return close(values(k, claimed), values(k, truth) - edge(k));
                                                 });
                                      },
                                      c.claimed, g.sub(c.truth, g.mul(adjoints[n], local_node)),
                                      with(mistake_kind::missing_direct_use, n)});
            }
        }
        // claimed·f = truth (the factor f missing) and claimed = truth·f (f extra)
        // (f indexes the factor's values)
        const auto factor_pair = [&](std::size_t f, node_id factor, const mistake& missing, const mistake& extra) {
            candidates.push_back({[&values, claimed, truth, f] {
                                      return values.all([&](std::size_t k) {
                                          return close(values(k, claimed) * values(k, f), values(k, truth));
                                      });
                                  },
                                  g.mul(c.claimed, factor), c.truth, missing});
            candidates.push_back({[&values, claimed, truth, f] {
                                      return values.all([&](std::size_t k) {
                                          return close(values(k, claimed), values(k, truth) * values(k, f));
                                      });
                                  },
                                  c.claimed, g.mul(c.truth, factor), extra});
        };
        // a local factor dn/du missing or extra, named definitions first
        std::vector<node_id> owners;
        for (auto it = reached.rbegin(); it != reached.rend(); ++it)
            if (names.count(*it) && depends.count(*it)) owners.push_back(*it);
        for (auto it = reached.rbegin(); it != reached.rend() && owners.size() < 2 * max_intermediates; ++it)
            if (!names.count(*it) && depends.count(*it)) owners.push_back(*it);
        for (node_id n : owners) {
            const node x = g.at(n);
            for (int operand = 0; operand < arity(x.kind); ++operand) {
                const node_id u = operand == 0 ? x.lhs : x.rhs;
                if (!depends.count(u)) continue;
                const node_id local = local_partial(g, n, operand);
                if (g.is_constant(local)) continue;
                factor_pair(values.add(local), local, with(mistake_kind::missing_factor, n, u, local),
                            with(mistake_kind::extra_factor, n, u, local));
            }
        }
        // any part of the truth as a missing or extra factor or term
        const node_id truth_root[] = {c.truth};
        const std::vector<node_id> parts = g.reachable(truth_root);
        std::size_t taken = 0;
        for (auto it = parts.rbegin(); it != parts.rend() && taken < max_parts; ++it) {
            if (*it == c.truth || g.is_constant(*it)) continue;
            ++taken;
            const node_id part = *it;
            const std::size_t x = values.add(part);
            factor_pair(x, part, with(mistake_kind::missing_part_factor, no_node, no_node, part),
                        with(mistake_kind::extra_part_factor, no_node, no_node, part));
            candidates.push_back({[&values, claimed, truth, x] {
                                      return values.all([&](std::size_t k) {
                                          return close(values(k, claimed) + values(k, x), values(k, truth));
                                      });
                                  },
                                  g.add(c.claimed, part), c.truth, with(mistake_kind::missing_term, no_node, no_node, part)});
        }
        values.evaluate();
        // the first that fits and is confirmed (a few confirmations at most)
        int confirmations = 0;
        for (const candidate& k : candidates) {
            if (!k.fits()) continue;
            if (confirmed(k.left, k.right)) return k.named;
            if (++confirmations >= max_confirmations) break;
        }
        return mistake{};
    } catch (const chainrule::error&) {
        return mistake{};
    }
}

}  // namespace chainrule::verify
