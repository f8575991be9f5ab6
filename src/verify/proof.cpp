// Symbolic proofs: zero by normal(), directly or after writing everything through exp atoms.
#include "proof.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "exp_atoms.hpp"

#include <ginac/ginac.h>

namespace chainrule::verify {

proof_attempt try_prove(const graph& g, node_id lhs, node_id rhs, std::span<const node_id> positive,
                        std::size_t max_size) {
    try {
        ginac_limits limits;
        limits.max_tree_size = max_size;
        ginac_converter convert(g, limits);
        GiNaC::ex difference = convert(lhs) - convert(rhs);
        if (!positive.empty()) {
            GiNaC::exmap to_positive;
            for (node_id v : positive) {
                const std::string& name = g.variable_of(v).name;
                to_positive[convert.symbol(name)] = GiNaC::possymbol(name);
            }
            difference = difference.subs(to_positive);
        }
        if (GiNaC::normal(difference).is_zero()) return {"normal form", {}};
        const GiNaC::ex through_exp = exp_atoms(rewrite_to_exp(difference));
        if (GiNaC::normal(through_exp).is_zero())
            return {"normal form after writing the functions through exp", {}};
        return {std::nullopt, {}};
    } catch (const limit_error&) {
        return {std::nullopt, "too large for a symbolic proof"};
    } catch (const std::exception& x) {
        return {std::nullopt, std::string("the symbolic step failed: ") + x.what()};
    }
}

}  // namespace chainrule::verify
