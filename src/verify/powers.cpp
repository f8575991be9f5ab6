// Roots of even powers and of products with positive factors (see powers.hpp).
#include "powers.hpp"

namespace chainrule::verify {

namespace {

using namespace GiNaC;

struct root_splitter : map_function {
    ex operator()(const ex& e) override {
        const ex r = e.map(*this);
        if (!is_a<power>(r) || !is_a<numeric>(r.op(1))) return r;
        const numeric c = ex_to<numeric>(r.op(1));
        if (c.is_integer() || !c.is_rational()) return r;
        const ex base = r.op(0);
        // (b^n)^c = |b|^(n c) for an even n and a real b
        if (is_a<power>(base) && is_a<numeric>(base.op(1))) {
            const numeric n = ex_to<numeric>(base.op(1));
            if (n.is_even() && base.op(0).info(info_flags::real)) return pow(abs(base.op(0)), n * c);
        }
        // (f g)^c = f^c g^c for a positive f
        if (is_a<mul>(base)) {
            ex split = 1, rest = 1;
            bool any = false;
            for (std::size_t i = 0; i < base.nops(); ++i) {
                if (base.op(i).info(info_flags::positive)) {
                    split *= (*this)(pow(base.op(i), c));
                    any = true;
                } else {
                    rest *= base.op(i);
                }
            }
            if (any) return split * (rest.is_equal(1) ? ex(1) : (*this)(pow(rest, c)));
        }
        return r;
    }
};

}  // namespace

GiNaC::ex split_roots(const GiNaC::ex& e) {
    root_splitter split;
    return split(e);
}

}  // namespace chainrule::verify
