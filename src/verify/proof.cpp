// Symbolic proofs: zero by normal(), after rewrites that are identities on the claim's domain.
#include "proof.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "exp_atoms.hpp"
#include "isolated.hpp"
#include "logs.hpp"
#include "piecewise.hpp"
#include "powers.hpp"

#include <ginac/ginac.h>

namespace chainrule::verify {

namespace {

// How d = 0 is seen, trying one rewrite after another; nothing when none shows it.
std::optional<std::string> zero_by_algebra(const GiNaC::ex& d) {
    if (GiNaC::normal(d).is_zero()) return "normal form";
    const GiNaC::ex roots = split_roots(d);
    if (GiNaC::normal(roots).is_zero()) return "normal form, with roots of squares as absolute values";
    GiNaC::exmap exponents;
    const GiNaC::ex through_exp = exp_atoms(rewrite_to_exp(roots), &exponents);
    if (GiNaC::normal(through_exp).is_zero()) return "normal form after writing the functions through exp";
    if (through_exp.has(GiNaC::log(GiNaC::wild()))) {
        if (GiNaC::normal(split_logs(through_exp, exponents)).is_zero())
            return "normal form after writing the functions through exp and splitting the logarithms into factors";
    }
    return std::nullopt;
}

}  // namespace

proof_attempt try_prove(const graph& g, node_id lhs, node_id rhs, std::span<const variable_bound> bounds,
                        std::size_t max_size) {
    try {
        ginac_limits limits;
        limits.max_tree_size = max_size;
        ginac_converter convert(g, limits);
        GiNaC::ex difference = convert(lhs) - convert(rhs);
        // v > c is c + p and v < c is c - p, with p a positive symbol: the same domain
        if (!bounds.empty()) {
            GiNaC::exmap within;
            for (const variable_bound& b : bounds) {
                const std::string& name = g.variable_of(b.variable).name;
                const GiNaC::ex p = GiNaC::possymbol(name);
                const GiNaC::ex c = GiNaC::numeric(cln::cl_N(b.bound));
                within[convert.symbol(name)] = b.above ? c + p : c - p;
            }
            difference = difference.subs(within);
        }
        if (auto method = zero_by_algebra(difference)) return {*method, {}};
        const auto is_zero = [](const GiNaC::ex& d) { return zero_by_algebra(d).has_value(); };
        if (auto method = zero_by_cases(difference, is_zero)) return {*method, {}};
        return {std::nullopt, {}};
    } catch (const limit_error&) {
        return {std::nullopt, "too large for a symbolic proof"};
    } catch (const std::exception& x) {
        return {std::nullopt, std::string("the symbolic step failed: ") + x.what()};
    }
}

proof_attempt try_prove_within(const graph& g, node_id lhs, node_id rhs, std::span<const variable_bound> bounds,
                               std::size_t max_size, std::chrono::milliseconds budget) {
    // the attempt as text: "M" + method when proved, "N" + note otherwise
    const isolated_result r = run_isolated(
        [&] {
            const proof_attempt a = try_prove(g, lhs, rhs, bounds, max_size);
            return a.method ? "M" + *a.method : "N" + a.note;
        },
        budget);
    if (r.timed_out)
        return {std::nullopt, "the symbolic proof ran past its budget of " + std::to_string(budget.count()) + " ms"};
    if (!r.text || r.text->empty()) return {std::nullopt, "the symbolic step failed"};
    if ((*r.text)[0] == 'M') return {r.text->substr(1), {}};
    return {std::nullopt, r.text->substr(1)};
}

}  // namespace chainrule::verify
