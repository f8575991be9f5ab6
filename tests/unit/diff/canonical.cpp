// The comparison of the diff tests: is a - b identically 0? See the comment below.
#include "canonical.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace chainrule::testing {

namespace {

// GiNaC's normal() decides identities of rational functions; it treats every other
// subexpression (exp(..), a^(1/2), a^v) as an opaque atom, so it cannot see that
// u^(v-1) = u^v u^-1, cosh(u)^(2/3) = cosh(u) cosh(u)^(-1/3) or exp(w)^(1/2) = exp(w/2).
// The canonicaliser below rewrites an expression (after rewrite_to_exp) so that such atoms
// become independent symbols with integer powers. Every step is an identity where the bases
// are positive:
//   a^v           -> exp(v log a)                           (v not a number)
//   exp(c1 t1 + c2 t2 + ...) -> e_t1^c1 e_t2^c2 ...        (argument expanded; e_t = exp(t))
//   exp(c log a)  -> a^c
//   log(a)        -> sum k log(f) over the factors f^k of a (log(e_t) = t, log(b^c) = c log b)
//   a^(p/q)       -> prod over the factors f^k of a of f^floor(e) s_{f,d}^(d (e - floor(e))),
//                    e = k p / q with denominator d, s_{f,d} = f^(1/d)
// with the factors from GiNaC's factor() of the numerator and denominator of normal(a) and the
// numeric content split into primes. Each factor f is used as f or -f, whichever is positive
// at a fixed reference point (every atom given a value), so that s_{f,d} is a real positive
// root near that point and the canonical form is a true identity there (analytic identities
// then hold on the whole connected domain); a base negative at that point keeps a formal root
// (-1)^(p/q). Roots of one base with several degrees are then written through one symbol
// f^(1/lcm), function arguments are normalised, and the zero test reduces s_{f,d}^n with
// n >= d by s_{f,d}^d = f. (GiNaC itself turns exp(t)^c back into exp(c t), hence the e_t.)
class canonicaliser {
public:
    /// Whether e is identically 0: the numerator of normal(canonical(e)), with the root
    /// symbols reduced, expands to 0.
    bool is_zero(const GiNaC::ex& e) {
        using namespace GiNaC;
        return normal(reduced(numer(normal((*this)(e))))).is_zero();
    }

    GiNaC::ex operator()(const GiNaC::ex& e) {
        exponentials split{*this};
        radicals roots{*this};
        arguments args{*this};
        return args(unify_degrees(roots(split(rewrite_to_exp(e)))));
    }

private:
    struct root_symbol {
        GiNaC::ex base;
        GiNaC::numeric degree;
        GiNaC::symbol s;  // base^(1/degree)
    };

    const GiNaC::symbol& exp_symbol(const GiNaC::ex& t) {
        for (const auto& [k, s] : exps_)
            if (k.is_equal(t)) return s;
        exps_.emplace_back(t, GiNaC::symbol("e" + std::to_string(exps_.size())));
        return exps_.back().second;
    }

    // log(a) = sum k log(f) over the factors f^k of normal(a), the numeric content's primes
    // included, with log(e_t) = t, log(exp(k)) = k and log(b^c) = c log(b)
    GiNaC::ex logarithm(const GiNaC::ex& arg) {
        using namespace GiNaC;
        const ex fraction = numer_denom(normal(arg));
        ex sum = 0;
        for (int side = 0; side < 2; ++side) {
            const numeric sign = side == 0 ? 1 : -1;
            for (const auto& [f, k] : factors(fraction.op(side))) {
                if (is_exactly_a<numeric>(f)) {
                    for (const auto& [p, m] : primes(abs(ex_to<numeric>(f)))) sum += sign * k * m * log(ex(p));  // log(ex): log(numeric) would evaluate
                } else if (is_exactly_a<power>(f) && is_exactly_a<numeric>(f.op(1))) {
                    sum += sign * k * f.op(1) * logarithm(f.op(0));
                } else if (const ex* t = exponent_of(f)) {
                    sum += sign * k * *t;
                } else if (is_a<function>(f) && ex_to<function>(f).get_name() == "exp" && is_exactly_a<numeric>(f.op(0))) {
                    sum += sign * k * f.op(0);
                } else {
                    sum += sign * k * log(representative(f));
                }
            }
        }
        return sum;
    }

    // f or -f, whichever is positive at the reference point (the first met where that is
    // undecided); the same one every time
    GiNaC::ex representative(const GiNaC::ex& f) {
        const GiNaC::ex plus = GiNaC::expand(f), minus = GiNaC::expand(-f);
        for (const GiNaC::ex& seen : representatives_) {
            if (seen.is_equal(plus)) return plus;
            if (seen.is_equal(minus)) return minus;
        }
        const std::optional<GiNaC::numeric> v = reference_value(plus);
        const GiNaC::ex chosen = v && v->is_negative() ? minus : plus;
        representatives_.push_back(chosen);
        return chosen;
    }

    // e at the reference point: e_t = exp(t) and s = f^(1/q) put back, every other symbol set
    // to a value fixed by its name; nothing where that is not a real number
    std::optional<GiNaC::numeric> reference_value(const GiNaC::ex& e) const {
        using namespace GiNaC;
        exmap back;
        for (const auto& [t, s] : exps_) back[s] = exp(t);
        for (const root_symbol& root : roots_) back[root.s] = pow(root.base, numeric(1) / root.degree);
        ex v = e;
        for (int depth = 0; depth < 32; ++depth) {
            const ex next = v.subs(back);
            if (next.is_equal(v)) break;
            v = next;
        }
        exmap point;
        for (const_preorder_iterator it = v.preorder_begin(); it != v.preorder_end(); ++it)
            if (is_a<GiNaC::symbol>(*it)) {
                const std::string name = ex_to<GiNaC::symbol>(*it).get_name();
                std::size_t h = 0;
                for (char c : name) h = h * 131 + static_cast<unsigned char>(c);
                point[*it] = numeric(static_cast<long>(h % 997) + 101, 701);  // in (1/7, 3/2)
            }
        try {
            const ex value = evalf(v.subs(point));
            if (!is_exactly_a<numeric>(value) || !ex_to<numeric>(value).is_real()) return std::nullopt;
            return ex_to<numeric>(value);
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }

    // the prime factors of a positive integer's numerator and denominator (trial division up to
    // 1000, a larger rest kept whole), with multiplicities; the denominator's negative
    static std::vector<std::pair<GiNaC::numeric, GiNaC::numeric>> primes(const GiNaC::numeric& q) {
        using namespace GiNaC;
        std::vector<std::pair<numeric, numeric>> out;
        for (int side = 0; side < 2; ++side) {
            numeric rest = side == 0 ? q.numer() : q.denom();
            const numeric sign = side == 0 ? 1 : -1;
            for (numeric p = 2; p * p <= rest && p < 1000; p += 1) {
                numeric k = 0;
                while (irem(rest, p).is_zero()) {
                    rest = iquo(rest, p);
                    k += 1;
                }
                if (!k.is_zero()) out.emplace_back(p, k * sign);
            }
            if (!rest.is_equal(1)) out.emplace_back(rest, sign);
        }
        return out;
    }

    // t for the symbol e_t
    const GiNaC::ex* exponent_of(const GiNaC::ex& e) const {
        for (const auto& [t, s] : exps_)
            if (e.is_equal(s)) return &t;
        return nullptr;
    }

    struct exponentials : GiNaC::map_function {
        explicit exponentials(canonicaliser& c) : owner(c) {}
        canonicaliser& owner;
        GiNaC::ex operator()(const GiNaC::ex& e) override {
            using namespace GiNaC;
            const ex r = e.map(*this);
            if (is_exactly_a<power>(r) && !is_exactly_a<numeric>(r.op(1)))
                return (*this)(exp(r.op(1) * log(r.op(0))));
            if (!is_a<function>(r)) return r;
            const std::string name = ex_to<function>(r).get_name();
            if (name == "log") return owner.logarithm(r.op(0));
            if (name != "exp") return r;
            const ex u = expand(r.op(0));  // (v - 1) log a must split into v log a - log a
            ex product = 1;
            for (std::size_t i = 0; i < (is_exactly_a<add>(u) ? u.nops() : 1); ++i) {
                const ex t = is_exactly_a<add>(u) ? u.op(i) : u;
                if (is_exactly_a<numeric>(t)) {
                    product *= exp(t);
                    continue;
                }
                ex c = 1, m = t;
                if (is_exactly_a<mul>(t) && is_exactly_a<numeric>(t.op(t.nops() - 1))) {
                    c = t.op(t.nops() - 1);  // GiNaC keeps a product's coefficient last
                    m = t / c;
                }
                if (is_a<function>(m) && ex_to<function>(m).get_name() == "log")
                    product *= pow(m.op(0), c);  // exp(c log a) = a^c
                else
                    product *= pow(owner.exp_symbol(m), c);
            }
            return product;
        }
    };

    struct radicals : GiNaC::map_function {
        explicit radicals(canonicaliser& c) : owner(c) {}
        canonicaliser& owner;
        GiNaC::ex operator()(const GiNaC::ex& e) override {
            using namespace GiNaC;
            const ex r = e.map(*this);
            if (!is_exactly_a<power>(r) || !is_exactly_a<numeric>(r.op(1))) return r;
            const numeric& q = ex_to<numeric>(r.op(1));
            if (!q.is_rational() || q.is_integer()) return r;
            const ex fraction = numer_denom(normal(r.op(0)));
            // the base as content * prod f^k, up to sign (see above)
            numeric content = 1;
            std::vector<std::pair<ex, numeric>> parts;
            for (int side = 0; side < 2; ++side) {
                const numeric sign = side == 0 ? 1 : -1;
                for (const auto& [f, k] : owner.factors(fraction.op(side))) {
                    if (is_exactly_a<numeric>(f)) {
                        content *= ex_to<numeric>(f).power(k * sign);
                        continue;
                    }
                    const ex rep = owner.representative(f);
                    if (!rep.is_equal(expand(f))) content *= numeric(-1).power(k);  // f = -rep
                    parts.emplace_back(rep, k * sign);
                }
            }
            ex result = 1;
            for (const auto& [f, k] : parts) result *= owner.symbol_power(f, k * q);
            // the content's primes, so that sqrt(2) sqrt(1/2) = 1 is seen; with the factors
            // positive at the reference point, a negative content is a negative base there:
            // the formal root (-1)^q
            if (content.is_negative()) result *= owner.symbol_power(numeric(-1), q);
            for (const auto& [p, m] : primes(abs(content))) result *= owner.symbol_power(p, m * q);
            return result;
        }
    };

    // function arguments in one form: normal(), then the root symbols reduced (normal() of the
    // whole only sees sin(u) as an atom, so u must already be canonical)
    struct arguments : GiNaC::map_function {
        explicit arguments(canonicaliser& c) : owner(c) {}
        canonicaliser& owner;
        GiNaC::ex operator()(const GiNaC::ex& e) override {
            using namespace GiNaC;
            const ex r = e.map(*this);
            if (!is_a<function>(r)) return r;
            exvector args;
            for (std::size_t i = 0; i < r.nops(); ++i) {
                const ex fraction = numer_denom(normal(r.op(i)));
                args.push_back(owner.reduced(fraction.op(0)) / owner.reduced(fraction.op(1)));
            }
            return ex_to<function>(r).thiscontainer(args);
        }
    };

    // p expanded with s_{f,q}^n reduced by s_{f,q}^q = f until nothing changes
    GiNaC::ex reduced(GiNaC::ex p) {
        for (int pass = 0; pass < 16; ++pass) {
            p = GiNaC::expand(p);
            reduce_roots reduce{*this};
            const GiNaC::ex next = reduce(p);
            if (next.is_equal(p)) break;
            p = next;
        }
        return p;
    }

    // s_{f,q}^n = f^(n div q) s_{f,q}^(n mod q)
    struct reduce_roots : GiNaC::map_function {
        explicit reduce_roots(canonicaliser& c) : owner(c) {}
        canonicaliser& owner;
        GiNaC::ex operator()(const GiNaC::ex& e) override {
            using namespace GiNaC;
            const ex r = e.map(*this);
            if (!is_exactly_a<power>(r) || !is_exactly_a<numeric>(r.op(1))) return r;
            const numeric& n = ex_to<numeric>(r.op(1));
            for (const root_symbol& root : owner.roots_)
                if (r.op(0).is_equal(root.s) && n.is_integer() && n >= root.degree) {
                    const numeric whole = iquo(n, root.degree);
                    return pow(root.base, whole) * pow(root.s, n - whole * root.degree);
                }
            return r;
        }
    };

    // Roots of one base f with several degrees q1, q2, ...: s_{f,qi} = t^(L/qi) with
    // t = f^(1/L), L = lcm(qi), so that normal() sees s_{f,2} = s_{f,4}^2.
    GiNaC::ex unify_degrees(const GiNaC::ex& e) {
        using namespace GiNaC;
        exmap replace;
        std::vector<root_symbol> added;
        for (std::size_t i = 0; i < roots_.size(); ++i) {
            if (replace.count(roots_[i].s)) continue;
            numeric degree = roots_[i].degree;
            std::vector<std::size_t> same{i};
            for (std::size_t j = i + 1; j < roots_.size(); ++j)
                if (roots_[j].base.is_equal(roots_[i].base)) {
                    same.push_back(j);
                    degree = GiNaC::lcm(degree, roots_[j].degree);
                }
            if (same.size() == 1) continue;
            const GiNaC::symbol t("t" + std::to_string(added.size()));
            for (std::size_t j : same) replace[roots_[j].s] = pow(t, degree / roots_[j].degree);
            added.push_back(root_symbol{roots_[i].base, degree, t});
        }
        if (replace.empty()) return e;
        std::deque<root_symbol> kept;
        for (const root_symbol& root : roots_)
            if (!replace.count(root.s)) kept.push_back(root);
        for (const root_symbol& root : added) kept.push_back(root);
        for (root_symbol& root : kept) root.base = root.base.subs(replace);
        roots_ = std::move(kept);
        return e.subs(replace);
    }

    // p as (factor, multiplicity) pairs, numeric content included; memoised
    const std::vector<std::pair<GiNaC::ex, GiNaC::numeric>>& factors(const GiNaC::ex& p) {
        using namespace GiNaC;
        for (const auto& [key, list] : factored_)
            if (key.is_equal(p)) return list;
        exmap atoms;
        const ex poly = p.to_polynomial(atoms);
        const ex product = factor(poly).subs(atoms);
        std::vector<std::pair<ex, numeric>> list;
        for (std::size_t i = 0; i < (is_exactly_a<mul>(product) ? product.nops() : 1); ++i) {
            const ex f = is_exactly_a<mul>(product) ? product.op(i) : product;
            if (is_exactly_a<power>(f) && is_exactly_a<numeric>(f.op(1)) && ex_to<numeric>(f.op(1)).is_integer())
                list.emplace_back(f.op(0), ex_to<numeric>(f.op(1)));
            else
                list.emplace_back(f, numeric(1));
        }
        factored_.emplace_back(p, std::move(list));
        return factored_.back().second;
    }

    const root_symbol* find_root(const GiNaC::ex& base, const GiNaC::numeric& degree) const {
        for (const root_symbol& root : roots_)
            if (root.base.is_equal(base) && (degree.is_zero() || root.degree == degree)) return &root;
        return nullptr;
    }

    // base^e for a rational e with denominator q: base^floor(e) s_{base,q}^(q (e - floor(e)))
    GiNaC::ex symbol_power(const GiNaC::ex& base, const GiNaC::numeric& e) {
        using namespace GiNaC;
        if (e.is_integer()) return pow(base, e);
        for (const root_symbol& root : roots_)  // a root of a root: s_{f,d}^e = f^(e/d)
            if (base.is_equal(root.s)) return symbol_power(root.base, e / root.degree);
        // base^e = base^floor(e) s^p with 0 < p < q: one form for 2^(-1/2) = 2^-1 2^(1/2)
        const numeric q = e.denom();
        numeric whole_floor = iquo(e.numer(), q);  // rounds toward 0
        if (e < whole_floor) whole_floor -= 1;
        const root_symbol* root = find_root(base, q);
        if (!root) {
            roots_.push_back(root_symbol{base, q, GiNaC::symbol("r" + std::to_string(roots_.size()))});
            root = &roots_.back();
        }
        return pow(base, whole_floor) * pow(root->s, (e - whole_floor) * q);
    }

    std::vector<std::pair<GiNaC::ex, GiNaC::symbol>> exps_;  // t -> e_t = exp(t)
    std::vector<GiNaC::ex> representatives_;                  // one sign for each factor f met
    std::deque<root_symbol> roots_;                           // stable addresses
    std::deque<std::pair<GiNaC::ex, std::vector<std::pair<GiNaC::ex, GiNaC::numeric>>>> factored_;
};

}  // namespace

GiNaC::ex canonical(const GiNaC::ex& e) { return canonicaliser{}(e); }

bool same_function(const GiNaC::ex& a, const GiNaC::ex& b) { return canonicaliser{}.is_zero(a - b); }

}  // namespace chainrule::testing
