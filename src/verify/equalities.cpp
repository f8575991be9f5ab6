// Solving `assume left = right` for one variable: left - right = c1 v + c0 with c1, c0 free of v
// gives v = -c0 / c1.
#include "equalities.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/simplify/print.hpp"

#include <ginac/ginac.h>

#include <algorithm>
#include <map>

namespace chainrule::verify {

namespace {

// The variables of node n, latest declared first.
std::vector<node_id> variables_latest_first(const graph& g, node_id n) {
    std::vector<node_id> out;
    for (node_id m : g.reachable(std::span<const node_id>(&n, 1)))
        if (g.is_variable(m)) out.push_back(m);
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace

solved_equalities solve_equalities(graph& g, std::span<const fact> facts) {
    solved_equalities out;
    ginac_converter convert(g);
    GiNaC::exmap solutions;  // symbol -> value, in terms of unsolved symbols
    std::vector<std::pair<node_id, std::string>> solved;  // variable, source fact text
    for (const fact& f : facts) {
        if (f.rel != relation::equal) continue;
        try {
            const GiNaC::ex e = GiNaC::expand((convert(f.left) - convert(f.right)).subs(solutions));
            const node_id d = g.sub(f.left, f.right);
            bool used = false;
            for (node_id v : variables_latest_first(g, d)) {
                const GiNaC::ex s = convert.symbol(g.variable_of(v).name);
                if (solutions.count(s) || !e.has(s) || e.degree(s) != 1) continue;
                const GiNaC::ex c1 = e.coeff(s, 1), c0 = e.coeff(s, 0);
                if (c1.has(s) || c0.has(s) || c1.is_zero()) continue;
                const GiNaC::ex value = GiNaC::normal(-c0 / c1);
                for (auto& [symbol, earlier] : solutions) earlier = earlier.subs(GiNaC::exmap{{s, value}});
                solutions[s] = value;
                solved.emplace_back(v, f.text);
                used = true;
                break;
            }
            if (!used) out.notes.push_back("'" + f.text + "' was not used: no variable in it appears to the first degree");
        } catch (const std::exception& x) {
            out.notes.push_back("'" + f.text + "' was not used: " + x.what());
        }
    }
    for (const auto& [v, text] : solved) {
        const std::string& name = g.variable_of(v).name;
        try {
            const node_id value = from_ginac(g, solutions.at(convert.symbol(name)));
            out.replacements.emplace_back(v, value);
            out.used.push_back(name + " = " + to_text(g, value) + " (from " + text + ")");
        } catch (const chainrule::error& x) {
            out.notes.push_back("'" + text + "' was not used: " + x.what());
        }
    }
    return out;
}

}  // namespace chainrule::verify
