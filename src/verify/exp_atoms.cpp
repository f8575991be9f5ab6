// exp(a) as products of powers of one fresh symbol per exponent atom (see exp_atoms.hpp).
#include "exp_atoms.hpp"

#include "chainrule/core/error.hpp"

#include <map>
#include <utility>
#include <vector>

namespace chainrule::verify {

namespace {

using namespace GiNaC;

// Largest |power| of an atom symbol: exp(x/1000) next to exp(x) would need E^1000. The constant
// atom's powers are monomials of one symbol, cheap for normal(): it may go higher.
const numeric max_atom_power(64);
const numeric max_constant_atom_power(1024);

bool is_function(const ex& e, const char* name) {
    return is_a<function>(e) && ex_to<function>(e).get_name() == name;
}

// Bottom-up: u^v -> exp(v log u) for non-numeric v; sin, cos -> complex exponentials.
struct to_exponentials : map_function {
    ex operator()(const ex& e) override {
        const ex r = e.map(*this);
        if (is_a<power>(r) && !is_a<numeric>(r.op(1))) return exp(r.op(1) * log(r.op(0)));
        if (is_function(r, "sin")) {  // sin(u) = (e^{iu} - e^{-iu}) / 2i
            const ex u = r.op(0);
            return (exp(I * u) - exp(-I * u)) / (2 * I);
        }
        if (is_function(r, "cos")) {  // cos(u) = (e^{iu} + e^{-iu}) / 2
            const ex u = r.op(0);
            return (exp(I * u) + exp(-I * u)) / 2;
        }
        return r;
    }
};

// a term c*m of an expanded exponent: its numeric factor and the rest
std::pair<numeric, ex> split_term(const ex& t) {
    if (is_a<numeric>(t)) return {ex_to<numeric>(t), 1};
    if (!is_a<mul>(t)) return {numeric(1), t};
    numeric c(1);
    ex m = 1;
    for (std::size_t i = 0; i < t.nops(); ++i) {
        if (is_a<numeric>(t.op(i)))
            c = c * ex_to<numeric>(t.op(i));
        else
            m = m * t.op(i);
    }
    return {c, m};
}

// the exponent's atoms with real rational coefficients (i moved into the atom)
std::vector<std::pair<numeric, ex>> atoms_of(const ex& exponent) {
    const ex a = expand(exponent);
    std::vector<ex> terms;
    if (is_a<add>(a))
        for (std::size_t i = 0; i < a.nops(); ++i) terms.push_back(a.op(i));
    else
        terms.push_back(a);
    std::vector<std::pair<numeric, ex>> out;
    for (const ex& t : terms) {
        auto [c, m] = split_term(t);
        const numeric re = c.real(), im = c.imag();
        if (!re.is_zero()) out.emplace_back(re, m);
        if (!im.is_zero()) out.emplace_back(im, ex(I * m));
    }
    return out;
}

struct atom_table {
    std::map<ex, numeric, ex_is_less> denominator;  // lcm of the coefficients' denominators
    std::map<ex, ex, ex_is_less> symbol;             // E for exp(m / d)

    void collect(const ex& e) {
        for (const_preorder_iterator it = e.preorder_begin(); it != e.preorder_end(); ++it)
            if (is_function(*it, "exp"))
                for (const auto& [c, m] : atoms_of(it->op(0))) {
                    auto [slot, fresh] = denominator.emplace(m, c.denom());
                    if (!fresh) slot->second = lcm(slot->second, c.denom());
                }
    }
    const ex& symbol_of(const ex& m) {
        auto it = symbol.find(m);
        if (it == symbol.end()) it = symbol.emplace(m, GiNaC::symbol()).first;
        return it->second;
    }
};

// Top-down: exp(a) -> prod E_m^(c d_m); everything else recursed into.
struct replace_exponentials : map_function {
    atom_table& atoms;
    explicit replace_exponentials(atom_table& t) : atoms(t) {}
    ex operator()(const ex& e) override {
        if (!is_function(e, "exp")) return e.map(*this);
        ex out = 1;
        for (const auto& [c, m] : atoms_of(e.op(0))) {
            if (is_function(m, "log")) {  // exp(c log w) = w^c
                out = out * pow((*this)(m.op(0)), c);
                continue;
            }
            const numeric power = c * atoms.denominator.at(m);
            // normal() would expand E^power: keep the degrees small
            const numeric& limit = m.is_equal(1) ? max_constant_atom_power : max_atom_power;
            if (abs(power) > limit) throw limit_error("an exponential needs too high a power of its atom", 64, 0);
            out = out * pow(atoms.symbol_of(m), power);
        }
        return out;
    }
};

}  // namespace

GiNaC::ex exp_atoms(const GiNaC::ex& e, GiNaC::exmap* exponents) {
    to_exponentials expo;
    const ex x = expo(e);
    atom_table atoms;
    atoms.collect(x);
    replace_exponentials replace(atoms);
    const ex out = replace(x);
    if (exponents)
        for (const auto& [m, s] : atoms.symbol) (*exponents)[s] = m / atoms.denominator.at(m);
    return out;
}

}  // namespace chainrule::verify
