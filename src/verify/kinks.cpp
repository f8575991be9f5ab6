// Kink surfaces and exact points on them. A surface k = 0 is reached by solving k for one
// variable t it is affine in: with a = dk/dt free of t, k(t) = k(t0) + a (t - t0), so
// t = t0 - k(t0)/a, exactly, wherever k and a are rational at the base point.
#include "kinks.hpp"

#include "chainrule/diff/reverse.hpp"
#include "chainrule/numeric/evaluate.hpp"
#include "chainrule/simplify/print.hpp"

#include <algorithm>

namespace chainrule::verify {

namespace {

std::string shown(const graph& g, node_id n) {
    try {
        return to_text(g, n);
    } catch (const chainrule::error&) {
        return "a large expression";
    }
}

}  // namespace

std::vector<kink_surface> kink_surfaces(graph& g, std::span<const node_id> roots, std::size_t limit) {
    std::vector<kink_surface> out;
    const std::vector<node_id> reached = g.reachable(roots);
    std::vector<node_id> seen;  // k and -k of every surface taken
    for (auto it = reached.rbegin(); it != reached.rend() && out.size() < limit; ++it) {
        const node x = g.at(*it);  // a copy: g grows below
        // the non-smooth ops (graph/op.hpp): relu, abs, step, sign switch at 0; max, min at a tie
        if (is_smooth(x.kind)) continue;
        const bool tie = arity(x.kind) == 2;
        node_id k = tie ? g.sub(x.lhs, x.rhs) : x.lhs;
        std::string what = tie ? "the tie of " + std::string(name(x.kind)) + "(" + shown(g, x.lhs) + ", " + shown(g, x.rhs) + ")"
                               : std::string(name(x.kind)) + " at 0 of " + shown(g, x.lhs);
        if (g.is_constant(k)) continue;
        k = g.unnamed(k);
        if (std::find(seen.begin(), seen.end(), k) != seen.end()) continue;
        seen.push_back(k);
        seen.push_back(g.neg(k));
        out.push_back(kink_surface{k, std::move(what)});
    }
    return out;
}

std::optional<affine_variable> affine_in(graph& g, node_id k, std::span<const node_id> variables) {
    const node_id root[] = {k};
    const std::vector<node_id> reached = g.reachable(root);
    for (node_id t : variables) {
        if (!std::binary_search(reached.begin(), reached.end(), t)) continue;
        const node_id wrt[] = {t};
        const node_id a = reverse_gradient(g, k, wrt)[0];
        if (g.is_constant(a, 0)) continue;
        const node_id slope[] = {a};
        const std::vector<node_id> inside = g.reachable(slope);
        if (!std::binary_search(inside.begin(), inside.end(), t)) return affine_variable{t, a};
    }
    return std::nullopt;
}

std::optional<point> onto_surface(const graph& g, node_id k, const affine_variable& t, const point& base) {
    const node_id roots[] = {k, t.coefficient};
    try {
        const std::vector<rational> v = numeric::evaluate(g, roots, base, numeric::arithmetic<rational>());
        if (cln::zerop(v[1])) return std::nullopt;
        point out = base;
        out[t.variable] = base.at(t.variable) - v[0] / v[1];
        return out;
    } catch (const chainrule::error&) {  // not rational there, undefined, or too large
        return std::nullopt;
    }
}

}  // namespace chainrule::verify
