#pragma once
// Helpers of the verify tests: GiNaC's own numerics as the oracle for values at a point.

#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/verify/equivalence.hpp"

#include <ginac/ginac.h>

#include <map>
#include <string>

namespace chainrule::verify_testing {

/// lhs - rhs at the point, by GiNaC: exact substitution, then evalf at 80 digits.
inline GiNaC::ex difference_at(const graph& g, node_id lhs, node_id rhs, const verify::named_point& at) {
    ginac_converter convert(g);
    std::map<std::string, rational> values(at.begin(), at.end());
    const GiNaC::exmap point = convert.point(values);
    const long saved = GiNaC::Digits;
    GiNaC::Digits = 80;
    const GiNaC::ex d = GiNaC::evalf((convert(lhs) - convert(rhs)).subs(point));
    GiNaC::Digits = saved;
    return d;
}

/// |x| of a real GiNaC number as a double.
inline double magnitude(const GiNaC::ex& x) {
    return GiNaC::ex_to<GiNaC::numeric>(GiNaC::abs(x)).to_double();
}

}  // namespace chainrule::verify_testing
