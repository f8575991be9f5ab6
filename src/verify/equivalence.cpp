// The equivalence engine: equalities substituted, then a symbolic proof, then random points
// (see equivalence.hpp).
#include "chainrule/verify/equivalence.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/substitute.hpp"
#include "chainrule/numeric/evaluate.hpp"
#include "compare.hpp"
#include "equalities.hpp"
#include "kinks.hpp"
#include "proof.hpp"
#include "proof_cost.hpp"
#include "sampler.hpp"

#include <algorithm>
#include <unordered_map>
#include <limits>
#include <optional>
#include <string>

namespace chainrule::verify {

namespace {

// Fewest equal points for `verified` when the domain is hard to hit.
constexpr int min_verified_points = 3;

// Why no point decided, after `attempts` draws of which `rejected` failed the constraints: none
// satisfied them (the assumptions, or where the derivatives exist: domain_fact), or none that did
// could be evaluated (`why`, the last failure).
std::string no_point_reason(std::span<const fact> constraints, int attempts, int rejected, const std::string& why) {
    const std::string tried = " (" + std::to_string(attempts) + " tried)";
    if (rejected < attempts) return "no point of the domain could be evaluated" + tried + (why.empty() ? "" : ": " + why);
    bool assumed = false, domain = false;
    for (const fact& f : constraints) (f.domain ? domain : assumed) = true;
    const std::string failed = domain && !assumed ? "lay where the claim's derivatives exist"
                               : domain           ? "satisfied the assumptions and lay where the claim's derivatives exist"
                                                  : "satisfied the assumptions";
    return "no point drawn " + failed + tried;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
    return out;
}

// The bound a fact puts on a variable: v > c, v < c, and v >= c > 0 (so v > 0), v <= c < 0; or
// mirrored (c < v).
std::optional<variable_bound> bound_of(const graph& g, const fact& f) {
    auto bound = [&](node_id v, relation r, node_id c) -> std::optional<variable_bound> {
        if (!g.is_variable(v) || !g.is_constant(c)) return std::nullopt;
        const rational& q = g.value(c);
        switch (r) {
        case relation::greater: return variable_bound{v, q, true};
        case relation::less: return variable_bound{v, q, false};
        case relation::greater_equal:
            if (q > 0) return variable_bound{v, 0, true};
            break;
        case relation::less_equal:
            if (q < 0) return variable_bound{v, 0, false};
            break;
        case relation::equal:
        case relation::not_equal: break;
        }
        return std::nullopt;
    };
    if (auto b = bound(f.left, f.rel, f.right)) return b;
    switch (f.rel) {  // c op v is v op' c
    case relation::less: return bound(f.right, relation::greater, f.left);
    case relation::less_equal: return bound(f.right, relation::greater_equal, f.left);
    case relation::greater: return bound(f.right, relation::less, f.left);
    case relation::greater_equal: return bound(f.right, relation::less_equal, f.left);
    case relation::equal:
    case relation::not_equal: break;
    }
    return std::nullopt;
}

named_point name_point(const graph& g, const point& p) {
    named_point out;
    for (const auto& [v, q] : p) out.emplace_back(g.variable_of(v).name, q);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
}

// Points tried on each kink surface.
constexpr int kink_points = 2;

// The refutation at p, where c says the sides differ: `where` tells how the point was found.
equivalence_result& refute(const graph& g, const point& p, const point_comparison& c, int points, const std::string& where,
                           const std::vector<std::string>& used,
                           const std::vector<std::pair<node_id, node_id>>& solved_for, equivalence_result& out) {
    out.outcome = verdict::refuted;
    out.points = points;
    out.digits = c.digits;
    out.method = (c.digits == 0 ? "exact rational evaluation" : "certified balls at " + std::to_string(c.digits) + " digits") +
                 where;
    if (!used.empty()) out.method += ", " + join(used, ", ");
    // the substituted variables' values complete the point (where they are rational)
    point full = p;
    for (const auto& [v, value] : solved_for) {
        try {
            const node_id root[] = {value};
            full[v] = numeric::evaluate(g, root, p, numeric::arithmetic<rational>())[0];
        } catch (const chainrule::error&) {
        }
    }
    out.refutation = counterexample{name_point(g, full), c.lhs, c.rhs, c.difference, c.certificate};
    return out;
}

}  // namespace

std::string_view name(verdict v) {
    switch (v) {
    case verdict::proved: return "proved";
    case verdict::verified: return "verified";
    case verdict::refuted: return "refuted";
    case verdict::unknown: return "unknown";
    }
    return "unknown";
}

namespace {

// The proof's check (see decide): nothing when a point of the domain evaluates both sides equal;
// otherwise the verdict, unknown (no point evaluates) or refuted (a point where they differ).
std::optional<equivalence_result> check_proof_at_a_point(const graph& g, node_id lhs, node_id rhs, sampler& draw,
                                                         std::span<const fact> constraints, const equivalence_options& options, const std::string& method,
                                                         const std::vector<std::string>& used,
                                                         const std::vector<std::pair<node_id, node_id>>& solved_for,
                                                         equivalence_result out) {
    std::string why;
    int attempts = 0, rejected = 0;
    while (attempts < options.max_attempts) {
        ++attempts;
        const point p = draw.draw();
        if (!draw.admits(p)) {
            ++rejected;
            continue;
        }
        const point_comparison c = compare_at(g, lhs, rhs, p, options.digits, options.max_digits);
        switch (c.outcome) {
        case point_verdict::equal: return std::nullopt;
        case point_verdict::differ:
            out.notes.push_back("a symbolic step (" + method + ") had reduced the difference to 0, "
                                "which this point contradicts: the claim is false where it is defined");
            return refute(g, p, c, 1, "", used, solved_for, out);
        case point_verdict::undefined:
        case point_verdict::undecided: why = c.why; break;
        }
    }
    out.outcome = verdict::unknown;
    out.reason = no_point_reason(constraints, attempts, rejected, why) + "; a symbolic step (" + method +
                 ") reduced the difference to 0, which says nothing where the sides are defined nowhere on the reals";
    return out;
}

}  // namespace

equivalence_result decide(graph& g, node_id lhs, node_id rhs, std::span<const fact> facts,
                          const equivalence_options& options) {
    equivalence_result out;

    // 1. equalities, substituted into the sides and the inequality facts
    std::vector<fact> constraints;
    for (const fact& f : facts)
        if (f.rel != relation::equal) constraints.push_back(f);
    std::vector<std::string> used;
    std::vector<std::pair<node_id, node_id>> solved_for;  // variable -> its value, substituted
    // equalities that share a variable with the sides (or with an equality that does)
    std::vector<fact> equalities;
    {
        const node_id sides[] = {lhs, rhs};
        std::vector<node_id> reached = variables_of(g, sides);
        std::vector<char> taken(facts.size(), 0);
        for (bool grew = true; grew;) {
            grew = false;
            for (std::size_t k = 0; k < facts.size(); ++k) {
                if (facts[k].rel != relation::equal || taken[k]) continue;
                const node_id ends[] = {facts[k].left, facts[k].right};
                const std::vector<node_id> vs = variables_of(g, ends);
                if (std::none_of(vs.begin(), vs.end(), [&](node_id v) { return std::binary_search(reached.begin(), reached.end(), v); }))
                    continue;
                taken[k] = 1, grew = true;
                reached.insert(reached.end(), vs.begin(), vs.end());
                std::sort(reached.begin(), reached.end());
                reached.erase(std::unique(reached.begin(), reached.end()), reached.end());
            }
        }
        for (std::size_t k = 0; k < facts.size(); ++k)
            if (taken[k]) equalities.push_back(facts[k]);
    }
    if (!equalities.empty()) {
        const solved_equalities solved = solve_equalities(g, equalities);
        out.notes = solved.notes;
        if (!solved.replacements.empty()) {
            replacement_map replace(solved.replacements.begin(), solved.replacements.end());
            std::vector<node_id> roots{lhs, rhs};
            for (const fact& f : constraints) roots.insert(roots.end(), {f.left, f.right});
            const std::vector<node_id> after = substitute(g, roots, replace);
            lhs = after[0], rhs = after[1];
            for (std::size_t k = 0; k < constraints.size(); ++k)
                constraints[k].left = after[2 + 2 * k], constraints[k].right = after[3 + 2 * k];
            for (const std::string& u : solved.used) used.push_back("after substituting " + u);
            solved_for = solved.replacements;
        }
    }
    const node_id sides[] = {lhs, rhs};
    const std::vector<node_id> side_variables = variables_of(g, sides);
    // facts about other variables only do not bear on this claim
    std::erase_if(constraints, [&](const fact& f) {
        if (f.domain) return false;
        const node_id ends[] = {f.left, f.right};
        for (node_id v : variables_of(g, ends))
            if (std::binary_search(side_variables.begin(), side_variables.end(), v)) return false;
        return true;
    });

    std::vector<node_id> roots{lhs, rhs};
    for (const fact& f : constraints) roots.insert(roots.end(), {f.left, f.right});
    const std::vector<node_id> variables = variables_of(g, roots);
    sampler draw(g, variables, constraints, options.seed);

    // 2. symbolic
    if (options.symbolic) {
        // one bound per variable (a second would substitute the variable twice)
        std::vector<variable_bound> bounds;
        std::vector<std::string> assumed;
        for (const fact& f : constraints) {
            const std::optional<variable_bound> b = bound_of(g, f);
            if (!b || !std::binary_search(side_variables.begin(), side_variables.end(), b->variable)) continue;
            if (std::any_of(bounds.begin(), bounds.end(), [&](const variable_bound& o) { return o.variable == b->variable; }))
                continue;
            bounds.push_back(*b);
            assumed.push_back(f.text);
        }
        // normal() can run away (a tower x^x^...^x, 25 nested sines, (a+b+c+d+e)^24 multiplied
        // out, 160 fractions over one denominator): a proof runs in a child process with a time
        // budget, unless it is certainly small (the cases of an indexed claim, nearly always),
        // since a fork costs about a millisecond
        const node_id both[] = {lhs, rhs};
        const bool risky = proof_may_run_away(g, both);
        const proof_attempt attempt =
            options.symbolic_budget_ms > 0 && risky
                ? try_prove_within(g, lhs, rhs, bounds, options.max_symbolic_size,
                                   std::chrono::milliseconds(options.symbolic_budget_ms))
                : try_prove(g, lhs, rhs, bounds, options.max_symbolic_size);
        if (attempt.method) {
            // A proof shows the sides agree wherever both are defined on the reals. That set can
            // be empty while GiNaC's complex values make the difference 0: exp(log(-1 - x^2)) =
            // -1 - x^2 "by normal form", though log(-1 - x^2) is defined at no real x. So a
            // proof stands only with a point of the domain where the sides evaluate equal; a
            // point where they differ refutes the claim, whatever the proof said.
            const std::optional<equivalence_result> checked = check_proof_at_a_point(g, lhs, rhs, draw, constraints, options, *attempt.method, used, solved_for, out);
            if (checked) return *checked;
            out.outcome = verdict::proved;
            std::vector<std::string> how{*attempt.method};
            if (!assumed.empty()) how.push_back("with " + join(assumed, ", "));
            how.insert(how.end(), used.begin(), used.end());
            out.method = join(how, ", ");
            return out;
        }
        if (!attempt.note.empty()) out.notes.push_back(attempt.note);
    }

    // 3. random points of the domain
    const int wanted = variables.empty() ? 1 : options.points;
    int equal = 0, digits = 0, attempts = 0, rejected = 0, in_balls = 0;
    bool floats = false;
    std::string why, first_bound, weakest_bound;
    long weakest = std::numeric_limits<long>::min();
    while (equal < wanted && attempts < options.max_attempts) {
        ++attempts;
        const point p = draw.draw();
        if (!draw.admits(p)) {
            ++rejected;
            continue;
        }
        // the first point in balls goes to the high ceiling: a claim a hair from the truth everywhere
        // shows there
        const int ceiling = in_balls == 0 ? std::max(options.certify_digits, options.max_digits) : options.max_digits;
        const point_comparison c = compare_at(g, lhs, rhs, p, options.digits, ceiling);
        switch (c.outcome) {
        case point_verdict::equal:
            ++equal;
            if (c.digits > 0) {
                floats = true, digits = std::max(digits, c.digits);
                if (in_balls++ == 0) first_bound = c.certificate;
                if (c.bound_exponent > weakest) weakest = c.bound_exponent, weakest_bound = c.certificate;
            }
            break;
        case point_verdict::differ: return refute(g, p, c, equal + 1, "", used, solved_for, out);
        case point_verdict::undefined:
        case point_verdict::undecided: why = c.why; break;
        }
    }
    out.points = equal;
    out.digits = floats ? digits : 0;
    if (equal >= std::min(wanted, min_verified_points)) {
        // 4. points on the kink and tie surfaces, which random points never meet
        int on_kinks = 0, surfaces = 0;
        for (const kink_surface& s : kink_surfaces(g, sides)) {
            int reached = 0;
            if (const std::optional<affine_variable> t = affine_in(g, s.function, variables)) {
                for (int attempt = 0; attempt < 20 && reached < kink_points; ++attempt) {
                    const std::optional<point> p = onto_surface(g, s.function, *t, draw.draw());
                    if (!p || !draw.admits(*p)) continue;
                    const point_comparison c = compare_at(g, lhs, rhs, *p, options.digits, options.max_digits);
                    if (c.outcome == point_verdict::differ)
                        return refute(g, *p, c, equal + on_kinks + 1, " on a kink: " + s.description, used, solved_for, out);
                    if (c.outcome == point_verdict::equal) ++reached, ++on_kinks;
                }
            }
            if (reached > 0) ++surfaces;
            else out.notes.push_back("no exact point of " + s.description + " was reached (no variable enters it linearly, "
                                     "or none of its points satisfies the assumptions): it was not checked");
        }
        out.outcome = verdict::verified;
        // in balls: the bound at the first point (from the high ceiling) and the weakest of all
        std::string bounds;
        if (floats) {
            const auto shown = [](const std::string& b) { return b.substr(b.find("<=") + 3); };
            bounds = ": |left - right| <= " + shown(first_bound) + " at the first";
            if (in_balls > 1 && weakest_bound != first_bound) bounds += ", <= " + shown(weakest_bound) + " at every one";
            if (in_balls < equal) bounds += " (exactly 0 at " + std::to_string(equal - in_balls) + ")";
        }
        out.method = floats ? "certified balls at " + std::to_string(equal) + " random points" + bounds
                            : "exact rational evaluation at " + std::to_string(equal) + " random points";
        if (on_kinks > 0)
            out.method += ", and at " + std::to_string(on_kinks) + " exact points on " + std::to_string(surfaces) +
                          (surfaces == 1 ? " kink" : " kinks");
        std::vector<std::string> texts;
        for (const fact& f : constraints)
            if (!f.domain) texts.push_back(f.text);
        if (!texts.empty()) out.method += " with " + join(texts, ", ");
        if (!used.empty()) out.method += ", " + join(used, ", ");
        if (equal < wanted)
            out.notes.push_back("only " + std::to_string(equal) + " of " + std::to_string(attempts) +
                                " points drawn could be evaluated");
        return out;
    }
    out.outcome = verdict::unknown;
    out.reason = no_point_reason(constraints, attempts, rejected, why);
    return out;
}

}  // namespace chainrule::verify
