// Display algebra through GiNaC: convert (with limits), transform, check the result's size,
// convert back. Every GiNaC call is inside one try block that translates GiNaC and CLN
// exceptions; chainrule's own errors pass through unchanged.
#include "chainrule/simplify/algebra.hpp"

#include "signs.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_bridge.hpp"

#include <algorithm>
#include <functional>
#include <string>

namespace chainrule {

namespace {

ginac_limits input_limits(const algebra_limits& limits) {
    return ginac_limits{limits.max_input_tree_size, limits.max_input_depth};
}

// Size of e as a tree, counting at most limit + 1 (iterative, stops early).
std::size_t result_size(const GiNaC::ex& e, std::size_t limit) {
    std::size_t count = 0;
    for (auto it = e.preorder_begin(); it != e.preorder_end(); ++it)
        if (++count > limit) break;
    return count;
}

// An upper bound on the number of terms of expand(e), saturating past cap: a sum adds its
// terms' bounds, a product multiplies them, a power with a positive integer exponent k raises
// its base's to k, and anything else is one term (if what is inside it stays under the cap).
std::size_t expanded_terms(const GiNaC::ex& e, std::size_t cap) {
    const auto saturated = cap + 1;
    const auto inside = [&](const GiNaC::ex& x) {
        for (std::size_t i = 0; i < x.nops(); ++i)
            if (expanded_terms(x.op(i), cap) > cap) return saturated;
        return std::size_t{1};
    };
    if (GiNaC::is_a<GiNaC::add>(e)) {
        std::size_t total = 0;
        for (std::size_t i = 0; i < e.nops() && total <= cap; ++i) total += expanded_terms(e.op(i), cap);
        return std::min(total, saturated);
    }
    if (GiNaC::is_a<GiNaC::mul>(e)) {
        std::size_t total = 1;
        for (std::size_t i = 0; i < e.nops() && total <= cap; ++i)
            total = std::min(total * expanded_terms(e.op(i), cap), saturated);
        return total;
    }
    if (GiNaC::is_a<GiNaC::power>(e) && GiNaC::is_a<GiNaC::numeric>(e.op(1))) {
        const GiNaC::numeric k = GiNaC::ex_to<GiNaC::numeric>(e.op(1));
        if (k.is_pos_integer()) {
            const std::size_t base = expanded_terms(e.op(0), cap);
            if (base == 1) return 1;
            if (k > 64) return saturated;
            std::size_t total = 1;
            for (long j = 0; j < k.to_long() && total <= cap; ++j) total = std::min(total * base, saturated);
            return total;
        }
    }
    return inside(e);
}

// Runs `transform` on the GiNaC form of n and brings the result back into g.
node_id through_ginac(graph& g, node_id n, const algebra_limits& limits, const char* what,
                      const std::function<GiNaC::ex(ginac_converter&, const GiNaC::ex&)>& transform) {
    ginac_converter convert(g, input_limits(limits));
    const GiNaC::ex input = convert(n);
    GiNaC::ex result;
    try {
        result = transform(convert, input);
    } catch (const chainrule::error&) {
        throw;
    } catch (const std::exception& e) {
        throw algebra_error(std::string(what) + " failed in GiNaC: " + e.what());
    }
    if (const std::size_t size = result_size(result, limits.max_result_size); size > limits.max_result_size)
        throw limit_error(std::string(what) + " gives a result of more than " +
                              std::to_string(limits.max_result_size) + " nodes; it is not shown",
                          limits.max_result_size, size);
    // GiNaC's choice between p and -p for a factor varies between runs: fix it our way
    return detail::canonical_signs(g, from_ginac(g, result));
}

}  // namespace

node_id normalize(graph& g, node_id n, algebra_limits limits) {
    return through_ginac(g, n, limits, "normal form",
                         [](ginac_converter&, const GiNaC::ex& e) { return GiNaC::normal(e); });
}

node_id factorize(graph& g, node_id n, algebra_limits limits) {
    return through_ginac(g, n, limits, "factorisation", [](ginac_converter&, const GiNaC::ex& e) {
        return GiNaC::factor(GiNaC::normal(e), GiNaC::factor_options::all);
    });
}

node_id expand_out(graph& g, node_id n, algebra_limits limits) {
    return through_ginac(g, n, limits, "expansion",
                         [](ginac_converter&, const GiNaC::ex& e) { return GiNaC::expand(e); });
}

node_id collect_terms(graph& g, node_id n, std::span<const node_id> objects, algebra_limits limits) {
    for (node_id o : objects)
        if (g.is_constant(o)) throw usage_error("collect_terms: cannot collect in the constant " + to_string(g.value(o)));
    return through_ginac(g, n, limits, "collection", [&](ginac_converter& convert, const GiNaC::ex& e) {
        GiNaC::lst in;
        for (node_id o : objects) in.append(convert(o));
        return GiNaC::collect(GiNaC::expand(e), in);
    });
}

namespace {

// Whether e holds a power whose numeric exponent is past a machine int: GiNaC's algebraic
// substitution (tryfactsubs) divides such exponents as ints and dies with SIGFPE (x^(2^64)).
bool has_wide_exponent(const GiNaC::ex& e) {
    static const GiNaC::numeric widest(2147483647);
    for (GiNaC::const_preorder_iterator it = e.preorder_begin(); it != e.preorder_end(); ++it) {
        if (!GiNaC::is_a<GiNaC::power>(*it) || !GiNaC::is_a<GiNaC::numeric>(it->op(1))) continue;
        const GiNaC::numeric q = GiNaC::ex_to<GiNaC::numeric>(it->op(1));
        if (!q.is_rational() || abs(q.numer()) > widest || q.denom() > widest) return true;
    }
    return false;
}

}  // namespace

node_id in_terms_of(const graph& source, node_id n, std::span<const std::pair<node_id, std::string>> definitions,
                    graph& target, algebra_limits limits) {
    ginac_converter convert(source, input_limits(limits));
    GiNaC::ex result;
    try {
        GiNaC::exmap names;
        for (const auto& [d, name] : definitions) {
            if (source.find_variable(name)) throw usage_error("in_terms_of: '" + name + "' is a variable of the graph");
            const GiNaC::ex pattern = convert(d);
            if (result_size(pattern, limits.max_pattern_size) <= limits.max_pattern_size && !has_wide_exponent(pattern))
                names[pattern] = convert.symbol(name);
        }
        // Algebraic substitution replaces one occurrence per product: e^a e^b / S^2 with
        // p = e^a / S and q = e^b / S becomes p e^b / S, then p q. So repeat it while it
        // changes something (a few rounds).
        const auto named = [&](GiNaC::ex x) {
            for (int round = 0; round < 4; ++round) {
                GiNaC::ex next = x.subs(names, GiNaC::subs_options::algebraic);
                if (next.is_equal(x)) break;
                x = next;
            }
            return x;
        };
        // multiplied out as it is, and as one fraction first: the smaller of the two (neither
        // is tried when multiplying out alone would pass the result limit: the substitution's
        // cost grows with the number of terms times the number of definitions)
        const GiNaC::ex e = convert(n);
        if (has_wide_exponent(e))
            throw limit_error("writing in the definitions' names: an exponent is past 2^31, which GiNaC's "
                                  "substitution cannot take",
                              2147483647, 2147483648u);
        if (expanded_terms(e, limits.max_result_size) > limits.max_result_size)
            throw limit_error("writing in the definitions' names would multiply out to more than " +
                                  std::to_string(limits.max_result_size) + " terms",
                              limits.max_result_size, limits.max_result_size + 1);
        const std::size_t cap = limits.max_result_size + 1;
        const auto named_if_small = [&](const GiNaC::ex& x) {
            const std::size_t size = result_size(x, limits.max_substitution_size);
            return size > limits.max_substitution_size ? x : named(x);
        };
        const GiNaC::ex direct = named_if_small(GiNaC::expand(e));
        const GiNaC::ex fraction = named_if_small(GiNaC::expand(GiNaC::normal(e)));
        result = result_size(fraction, cap) < result_size(direct, cap) ? fraction : direct;
    } catch (const chainrule::error&) {
        throw;
    } catch (const std::exception& e) {
        throw algebra_error(std::string("writing in the definitions' names failed in GiNaC: ") + e.what());
    }
    if (const std::size_t size = result_size(result, limits.max_result_size); size > limits.max_result_size)
        throw limit_error("writing in the definitions' names gives a result of more than " +
                              std::to_string(limits.max_result_size) + " nodes",
                          limits.max_result_size, size);
    return detail::canonical_signs(target, from_ginac(target, result));
}

}  // namespace chainrule
