// Proofs by cases over the kink regions (see piecewise.hpp).
#include "piecewise.hpp"

#include <sstream>
#include <stdexcept>
#include <vector>

namespace chainrule::verify {

namespace {

using namespace GiNaC;

bool is_kink(const ex& e) {
    if (!is_a<function>(e)) return false;
    const std::string name = ex_to<function>(e).get_name();
    return name == "relu" || name == "abs" || name == "unit_step" || name == "sign" || name == "max" ||
           name == "min";
}

// the kink function of an atom: its argument, or u - v
ex kink_function(const ex& atom) { return atom.nops() == 2 ? atom.op(0) - atom.op(1) : atom.op(0); }

bool has_kink(const ex& e) {
    for (const_preorder_iterator it = e.preorder_begin(); it != e.preorder_end(); ++it)
        if (is_kink(*it)) return true;
    return false;
}

struct kink_atom {
    ex atom;
    std::size_t function;  // index into the distinct kink functions
    int orientation;       // the atom's own function is orientation * that one
};

// the branch of an atom where its own kink function has sign s
ex branch(const ex& atom, int s) {
    const std::string name = ex_to<function>(atom).get_name();
    if (name == "relu") return s > 0 ? atom.op(0) : ex(0);
    if (name == "abs") return s > 0 ? atom.op(0) : s < 0 ? ex(-atom.op(0)) : ex(0);
    if (name == "unit_step") return s > 0 ? 1 : 0;
    if (name == "sign") return s;
    if (name == "max") return s < 0 ? atom.op(1) : atom.op(0);  // a tie goes to the first
    return s > 0 ? atom.op(1) : atom.op(0);                      // min
}

int sign_of(const numeric& q) { return q.is_positive() ? 1 : q.is_negative() ? -1 : 0; }

// a variable k has a nonzero constant coefficient in, and k solved for it
std::optional<std::pair<ex, ex>> solve_linear(const ex& k) {
    const ex e = expand(k);
    exset symbols;
    for (const_preorder_iterator it = e.preorder_begin(); it != e.preorder_end(); ++it)
        if (is_a<symbol>(*it)) symbols.insert(*it);
    for (const ex& t : symbols) {
        if (!e.is_polynomial(t) || e.degree(t) != 1) continue;
        const ex a = e.coeff(t, 1), b = e.coeff(t, 0);
        if (!is_a<numeric>(a) || a.is_zero() || b.has(t)) continue;
        return std::make_pair(t, -b / a);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> zero_by_cases(const ex& e, const std::function<bool(const ex&)>& is_zero, std::size_t max_kinks) {
    // the atoms and their distinct functions (up to sign)
    exset atoms;
    for (const_preorder_iterator it = e.preorder_begin(); it != e.preorder_end(); ++it)
        if (is_kink(*it)) atoms.insert(*it);
    if (atoms.empty()) return std::nullopt;
    std::vector<ex> functions;
    std::vector<kink_atom> kinks;
    for (const ex& a : atoms) {
        for (std::size_t i = 0; i < a.nops(); ++i)
            if (has_kink(a.op(i))) return std::nullopt;  // nested kinks: not split
        const ex k = kink_function(a);
        std::optional<kink_atom> found;
        for (std::size_t f = 0; f < functions.size() && !found; ++f) {
            if (normal(k - functions[f]).is_zero()) found = kink_atom{a, f, 1};
            else if (normal(k + functions[f]).is_zero()) found = kink_atom{a, f, -1};
        }
        if (!found) {
            if (is_a<numeric>(normal(k))) return std::nullopt;  // a constant kink: GiNaC should have folded it
            functions.push_back(k);
            found = kink_atom{a, functions.size() - 1, 1};
        }
        kinks.push_back(*found);
    }
    const std::size_t n = functions.size();
    if (n > max_kinks) return std::nullopt;

    // every sign region: sigma[i] in {-1, 0, 1}
    std::vector<int> sigma(n, -1);
    std::size_t regions = 0, empty = 0;
    for (;;) {
        bool feasible = true;
        // the surfaces k_i = 0, entered one after the other (those linear in a variable first)
        exmap on;
        std::vector<std::size_t> unsolved;
        for (std::size_t i = 0; i < n && feasible; ++i) {
            if (sigma[i] != 0) continue;
            const ex k = normal(functions[i].subs(on));
            if (k.is_zero()) continue;
            if (is_a<numeric>(k)) {
                feasible = false;
                break;
            }
            const auto solved = solve_linear(k);
            if (!solved) {
                unsolved.push_back(i);
                continue;
            }
            for (auto& [t, value] : on) value = value.subs(ex_to<symbol>(solved->first) == solved->second);
            on[solved->first] = solved->second;
        }
        // a surface not entered must be 0 already, or impossible: a constant times one or two
        // kink functions of nonzero sign (x y = 0 where x > 0 and y > 0)
        for (std::size_t i : unsolved) {
            if (!feasible) break;
            const ex k = normal(functions[i].subs(on));
            if (k.is_zero()) continue;
            bool impossible = false;
            for (std::size_t j = 0; j < n && !impossible; ++j) {
                if (sigma[j] == 0) continue;
                const ex kj = functions[j].subs(on);
                if (is_a<numeric>(normal(k / kj))) impossible = true;
                for (std::size_t l = j + 1; l < n && !impossible; ++l)
                    if (sigma[l] != 0 && is_a<numeric>(normal(k / (kj * functions[l].subs(on))))) impossible = true;
            }
            if (!impossible) return std::nullopt;  // a surface this method cannot enter
            feasible = false;
        }
        // the other signs: numbers and ratios that contradict them
        std::vector<ex> k(n);
        for (std::size_t i = 0; i < n && feasible; ++i) {
            k[i] = normal(functions[i].subs(on));
            if (sigma[i] == 0) continue;
            if (is_a<numeric>(k[i]) && sign_of(ex_to<numeric>(k[i])) != sigma[i]) feasible = false;
        }
        for (std::size_t i = 0; i < n && feasible; ++i)
            for (std::size_t j = 0; j < n && feasible; ++j) {
                if (i == j || sigma[i] == 0 || sigma[j] == 0) continue;
                const ex r = normal(k[i] / k[j]);
                if (is_a<numeric>(r) && sign_of(ex_to<numeric>(r)) * sigma[j] != sigma[i]) feasible = false;
                for (std::size_t l = j + 1; l < n && feasible; ++l) {  // a product of two (abs(x y))
                    if (l == i || sigma[l] == 0) continue;
                    const ex r2 = normal(k[i] / (k[j] * k[l]));
                    if (is_a<numeric>(r2) && sign_of(ex_to<numeric>(r2)) * sigma[j] * sigma[l] != sigma[i]) feasible = false;
                }
            }
        if (feasible) {
            exmap branches;
            for (const kink_atom& a : kinks) branches[a.atom] = branch(a.atom, a.orientation * sigma[a.function]);
            bool zero = true;
            try {
                zero = is_zero(e.subs(branches).subs(on));
            } catch (const pole_error&) {
                // undefined on the whole region: nothing to prove there
            } catch (const std::overflow_error& x) {
                if (std::string(x.what()).find("division by zero") == std::string::npos) throw;
            }
            if (!zero) return std::nullopt;
            ++regions;
        } else {
            ++empty;
        }
        // the next region
        std::size_t i = 0;
        for (; i < n && sigma[i] == 1; ++i) sigma[i] = -1;
        if (i == n) break;
        ++sigma[i];
    }
    std::ostringstream out;
    out << "by cases over the sign regions of " << n << (n == 1 ? " kink" : " kinks") << " (" << regions
        << (regions == 1 ? " region" : " regions");
    if (empty) out << "; " << empty << " impossible";
    out << ")";
    return out.str();
}

}  // namespace chainrule::verify
