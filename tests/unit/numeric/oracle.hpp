#pragma once
// Independent oracles for the numeric tests: GiNaC's own diff of a node converted by the bridge,
// evaluated exactly at a rational point and then with evalf at oracle_digits. Nothing here
// calls a chainrule derivative rule (symbolic or numeric).

#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/numeric/scalar.hpp"

#include <ginac/ginac.h>

#include <optional>
#include <vector>

namespace chainrule::testing {

/// Digits of GiNaC's evalf in the oracle.
inline constexpr int oracle_digits = 70;

/// Sets GiNaC::Digits to oracle_digits for the lifetime of the object.
class oracle_precision {
public:
    oracle_precision();
    ~oracle_precision();
    oracle_precision(const oracle_precision&) = delete;
    oracle_precision& operator=(const oracle_precision&) = delete;

private:
    long saved_;
};

/// The value and gradient of `output` with respect to `wrt` at `at`, by GiNaC: diff of the
/// converted expression, exact substitution, evalf. Nothing where some value is not a real
/// number (a pole, log of a negative, a kink GiNaC cannot differentiate).
struct ginac_gradient {
    cln::cl_R value;
    std::vector<cln::cl_R> gradient;
};
std::optional<ginac_gradient> ginac_gradient_at(const graph& g, node_id output, const std::vector<node_id>& wrt,
                                                const numeric::point& at);

/// |a - b| / scale as a double (scale > 0).
double gap(const cln::cl_R& a, const cln::cl_R& b, const cln::cl_R& scale);

/// max(1, |x|).
cln::cl_R unit_scale(const cln::cl_R& x);

}  // namespace chainrule::testing
