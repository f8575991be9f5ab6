#pragma once
/// \file
/// The GiNaC oracle of the tests: nodes of several graphs as GiNaC expressions over one set of
/// symbols (matched by name), compared by normal(a - b) after rewriting through exp.

#include "chainrule/graph/ginac_bridge.hpp"

#include <ginac/ginac.h>

#include <map>
#include <string>

namespace chainrule::testing {

/// GiNaC expressions of nodes of any graph, with symbols shared by variable name.
class ginac_oracle {
public:
    /// Node n of g as a GiNaC expression over this oracle's symbols.
    GiNaC::ex operator()(const graph& g, node_id n) {
        ginac_converter convert(g);
        const GiNaC::ex e = convert(n);
        GiNaC::exmap rename;
        for (const variable_info& v : g.variables()) rename[convert.symbol(v.name)] = symbol(v.name);
        return e.subs(rename);
    }
    /// The symbol of variable `name`.
    const GiNaC::realsymbol& symbol(const std::string& name) {
        auto it = symbols_.find(name);
        if (it == symbols_.end()) it = symbols_.emplace(name, GiNaC::realsymbol(name)).first;
        return it->second;
    }

private:
    std::map<std::string, GiNaC::realsymbol> symbols_;
};

/// Whether a and b are the same function (sigmoid, softplus, tanh, cosh written through exp).
inline bool same_through_exp(const GiNaC::ex& a, const GiNaC::ex& b) {
    return GiNaC::normal(rewrite_to_exp(a - b)).is_zero();
}

}  // namespace chainrule::testing
