#include "oracle.hpp"

#include <cln/real.h>

#include <map>
#include <string>

namespace chainrule::testing {

oracle_precision::oracle_precision() : saved_(GiNaC::Digits) { GiNaC::Digits = oracle_digits; }

oracle_precision::~oracle_precision() { GiNaC::Digits = saved_; }

namespace {

std::optional<cln::cl_R> real_value(const GiNaC::ex& e, const GiNaC::exmap& at) {
    GiNaC::ex v;
    try {
        v = e.subs(at).evalf();
    } catch (const std::exception&) {  // GiNaC reports a pole or 0^-1 by throwing
        return std::nullopt;
    }
    if (!GiNaC::is_a<GiNaC::numeric>(v)) return std::nullopt;
    const GiNaC::numeric n = GiNaC::ex_to<GiNaC::numeric>(v);
    if (!n.is_real()) return std::nullopt;
    return cln::realpart(n.to_cl_N());
}

}  // namespace

std::optional<ginac_gradient> ginac_gradient_at(const graph& g, node_id output, const std::vector<node_id>& wrt,
                                                const numeric::point& at) {
    ginac_converter convert(g);
    const GiNaC::ex f = convert(output);
    std::map<std::string, rational> named;
    for (const auto& [node, q] : at) named[g.variable_of(node).name] = q;
    const GiNaC::exmap subs = convert.point(named);
    ginac_gradient out;
    const auto value = real_value(f, subs);
    if (!value) return std::nullopt;
    out.value = *value;
    for (node_id x : wrt) {
        const auto d = real_value(f.diff(convert.symbol(g.variable_of(x).name)), subs);
        if (!d) return std::nullopt;
        out.gradient.push_back(*d);
    }
    return out;
}

double gap(const cln::cl_R& a, const cln::cl_R& b, const cln::cl_R& scale) {
    return cln::double_approx(cln::abs(a - b) / scale);
}

cln::cl_R unit_scale(const cln::cl_R& x) { return cln::max(cln::cl_R(1), cln::abs(x)); }

}  // namespace chainrule::testing
