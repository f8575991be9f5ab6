// The logarithm split (see logs.hpp). Every rewrite is an identity where the log is defined.
#include "logs.hpp"

#include <map>
#include <vector>

namespace chainrule::verify {

namespace {

using namespace GiNaC;

bool is_function(const ex& e, const char* name) {
    return is_a<function>(e) && ex_to<function>(e).get_name() == name;
}

// Primes of an integer below this are split off by trial division; a larger cofactor is one atom.
const long trial_limit = 100000;

class log_splitter : public map_function {
public:
    explicit log_splitter(const exmap& exponents) : exponents_(exponents) {}

    ex operator()(const ex& e) override {
        const ex r = e.map(*this);  // inner logs first
        if (!is_function(r, "log")) return r;
        const ex a = r.op(0);
        if (a.has(I)) return r;
        for (const auto& [atom, exponent] : exponents_)
            if (a.has(atom) && exponent.has(I)) return r;
        try {
            const ex fraction = normal(a);
            const ex nd = numer_denom(fraction);
            return logs_of_product(factor(nd.op(0), factor_options::all)) -
                   logs_of_product(factor(nd.op(1), factor_options::all));
        } catch (const std::exception&) {
            return r;  // GiNaC could not factor it: the log stays one atom
        }
    }

private:
    // log |p| for a product of powers of factors
    ex logs_of_product(const ex& p) {
        if (is_a<mul>(p)) {
            ex sum = 0;
            for (std::size_t i = 0; i < p.nops(); ++i) sum += logs_of_product(p.op(i));
            return sum;
        }
        if (is_a<power>(p) && is_a<numeric>(p.op(1)) && ex_to<numeric>(p.op(1)).is_integer())
            return p.op(1) * log_of_factor(p.op(0));
        return log_of_factor(p);
    }

    // log |f| for one factor
    ex log_of_factor(const ex& f) {
        if (is_a<numeric>(f)) return log_of_number(ex_to<numeric>(f));
        if (is_function(f, "abs")) return logs_of_product(f.op(0));
        if (auto it = exponents_.find(f); it != exponents_.end()) return it->second;  // log E = m/d
        // one symbol for f and -f
        const ex key = ex_is_less()(f, -f) ? f : ex(-f);
        auto it = factors_.find(key);
        if (it == factors_.end()) it = factors_.emplace(key, symbol()).first;
        return it->second;
    }

    ex log_of_number(const numeric& q) {
        if (q.is_zero()) return log(q);  // undefined: left for GiNaC to report
        const numeric a = abs(q);
        if (!a.is_rational()) return log(a);
        return log_of_integer(a.numer()) - log_of_integer(a.denom());
    }

    ex log_of_integer(numeric n) {
        ex sum = 0;
        for (long p = 2; p < trial_limit && n > 1 && numeric(p) * p <= n; ++p) {
            while (irem(n, numeric(p)).is_zero()) {
                n = iquo(n, numeric(p));
                sum += prime_log(numeric(p));
            }
        }
        if (n > 1) sum += prime_log(n);
        return sum;
    }

    ex prime_log(const numeric& p) {
        auto it = primes_.find(p);
        if (it == primes_.end()) it = primes_.emplace(p, symbol()).first;
        return it->second;
    }

    const exmap& exponents_;
    std::map<ex, ex, ex_is_less> factors_;
    std::map<ex, ex, ex_is_less> primes_;
};

}  // namespace

GiNaC::ex split_logs(const GiNaC::ex& e, const GiNaC::exmap& exponents) {
    log_splitter split(exponents);
    return split(e);
}

}  // namespace chainrule::verify
