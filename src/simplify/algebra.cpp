// Display algebra through GiNaC: convert (with limits), transform, check the result's size,
// convert back. Every GiNaC call is inside one try block that translates GiNaC and CLN
// exceptions; chainrule's own errors pass through unchanged.
#include "chainrule/simplify/algebra.hpp"

#include "signs.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_bridge.hpp"

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

node_id in_terms_of(const graph& source, node_id n, std::span<const std::pair<node_id, std::string>> definitions,
                    graph& target, algebra_limits limits) {
    ginac_converter convert(source, input_limits(limits));
    GiNaC::ex result;
    try {
        GiNaC::exmap names;
        for (const auto& [d, name] : definitions) {
            if (source.find_variable(name)) throw usage_error("in_terms_of: '" + name + "' is a variable of the graph");
            names[convert(d)] = convert.symbol(name);
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
        // multiplied out as it is, and as one fraction first: the smaller of the two
        const GiNaC::ex e = convert(n);
        const GiNaC::ex direct = named(GiNaC::expand(e));
        const GiNaC::ex fraction = named(GiNaC::expand(GiNaC::normal(e)));
        const std::size_t cap = limits.max_result_size + 1;
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
