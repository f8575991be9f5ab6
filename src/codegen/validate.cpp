// Validation against GiNaC at high precision, node by node (so shared nodes are evaluated once
// and the cost is linear in the graph, where a whole-expression evalf would walk trees).
#include "chainrule/codegen/validate.hpp"

#include "lowering.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_functions.hpp"

#include <ginac/ginac.h>

#include <cfloat>
#include <cln/float.h>
#include <cln/real.h>
#include <cmath>
#include <limits>
#include <random>

namespace chainrule::codegen {

namespace {

// GiNaC's Digits for one scope.
class digits_scope {
public:
    explicit digits_scope(int digits) : saved_(GiNaC::Digits) { GiNaC::Digits = static_cast<long>(digits); }
    ~digits_scope() { GiNaC::Digits = saved_; }
    digits_scope(const digits_scope&) = delete;
    digits_scope& operator=(const digits_scope&) = delete;

private:
    long saved_;
};

GiNaC::ex to_ex(const rational& q) { return GiNaC::numeric(cln::cl_N(q)); }

// A real GiNaC number as an exact rational, or nothing.
std::optional<rational> as_rational(const GiNaC::ex& e) {
    if (!GiNaC::is_a<GiNaC::numeric>(e)) return std::nullopt;
    const GiNaC::numeric& n = GiNaC::ex_to<GiNaC::numeric>(e);
    if (!n.is_real()) return std::nullopt;
    return cln::rational(cln::the<cln::cl_R>(n.to_cl_N()));
}

GiNaC::ex apply(const graph& g, const node& x, const GiNaC::ex& u, const GiNaC::ex& v) {
    switch (x.kind) {
    case op::constant:
    case op::variable: break;
    case op::add: return u + v;
    case op::mul: return u * v;
    case op::pow: return GiNaC::pow(u, v);
    case op::exp: return GiNaC::exp(u);
    case op::log: return GiNaC::log(u);
    case op::sqrt: return GiNaC::sqrt(u);
    case op::sin: return GiNaC::sin(u);
    case op::cos: return GiNaC::cos(u);
    case op::tan: return GiNaC::tan(u);
    case op::tanh: return GiNaC::tanh(u);
    case op::cosh: return GiNaC::cosh(u);
    case op::sigmoid: return gfn::sigmoid(u);
    case op::softplus: return gfn::softplus(u);
    case op::relu: return gfn::relu(u);
    case op::abs: return GiNaC::abs(u);
    case op::step: return gfn::unit_step(u);
    case op::sign: return gfn::sign(u);
    case op::max: return gfn::max(u, v);
    case op::min: return gfn::min(u, v);
    case op::named: return u;
    }
    (void)g;
    throw usage_error("validate: unknown op");
}

const rational& exact_max() {
    static const rational m = detail::exact_rational(DBL_MAX);
    return m;
}

}  // namespace

double ulps(double computed, const rational& exact) {
    if (!std::isfinite(computed) || cln::abs(exact) > exact_max()) return std::numeric_limits<double>::infinity();
    const rational diff = cln::abs(detail::exact_rational(computed) - exact);
    if (cln::zerop(diff)) return 0;
    double ulp = DBL_TRUE_MIN;
    if (!cln::zerop(exact)) {
        const double approx = std::fabs(detail::to_double(exact));
        if (approx >= DBL_MIN) ulp = std::ldexp(1.0, std::ilogb(approx) - 52);
    }
    const double d = cln::abs(diff) > exact_max() ? std::numeric_limits<double>::infinity() : detail::to_double(diff);
    return d / ulp;
}

std::optional<std::vector<rational>> reference_values(const graph& g, std::span<const node_id> outputs,
                                                      const std::unordered_map<node_id, rational>& point, int digits) {
    const digits_scope scope(digits);
    const std::vector<node_id> order = g.reachable(outputs);
    std::unordered_map<node_id, GiNaC::ex> value;
    value.reserve(order.size());
    try {
        for (node_id n : order) {
            const node x = g.at(n);
            GiNaC::ex r;
            if (x.kind == op::constant) r = to_ex(g.value(n));
            else if (x.kind == op::variable) {
                const auto it = point.find(n);
                if (it == point.end())
                    throw usage_error("reference_values: no value for variable '" + g.variable_of(n).name + "'");
                r = to_ex(it->second);
            } else {
                const GiNaC::ex u = value.at(x.lhs);
                const GiNaC::ex v = x.rhs == no_node ? GiNaC::ex(0) : value.at(x.rhs);
                r = apply(g, x, u, v).evalf();
            }
            if (!as_rational(r)) return std::nullopt;
            value.emplace(n, r);
        }
    } catch (const chainrule::error&) {
        throw;
    } catch (const std::exception&) {  // GiNaC's pole_error and friends: undefined here
        return std::nullopt;
    }
    std::vector<rational> out;
    for (node_id o : outputs) out.push_back(*as_rational(value.at(o)));
    return out;
}

validation_report validate(const graph& g, const model_program& m, const evaluator& e, const validation_options& options) {
    validation_report report;
    std::mt19937_64 engine(options.seed);
    const long scale = 1L << options.binary_digits;
    const long range = static_cast<long>(options.bound * static_cast<double>(scale));
    std::uniform_int_distribution<long> draw(-range, range);
    std::vector<node_id> outputs{m.loss};
    outputs.insert(outputs.end(), m.gradient.begin(), m.gradient.end());
    for (std::size_t i = 0; i < options.points; ++i) {
        std::unordered_map<node_id, rational> point;
        auto sample = [&](const std::vector<node_id>& vars) {
            std::vector<double> values;
            for (node_id n : vars) {
                const long k = draw(engine);
                values.push_back(std::ldexp(static_cast<double>(k), -options.binary_digits));
                point.emplace(n, rational(k) / scale);
            }
            return values;
        };
        const std::vector<double> x = sample(m.layout.inputs), p = sample(m.layout.params);
        const std::optional<std::vector<rational>> exact = reference_values(g, outputs, point, options.digits);
        if (!exact) {
            ++report.skipped;
            continue;
        }
        const evaluation got = e.value_and_gradient(x, p);
        ++report.points;
        auto scaled = [](double c, const rational& r) {
            if (!std::isfinite(c)) return std::numeric_limits<double>::infinity();
            const rational diff = cln::abs(detail::exact_rational(c) - r);
            const double d = diff > exact_max() ? std::numeric_limits<double>::infinity() : detail::to_double(diff);
            return d / std::max(1.0, std::fabs(cln::abs(r) > exact_max() ? std::numeric_limits<double>::infinity() : detail::to_double(r)));
        };
        report.max_value_ulps = std::max(report.max_value_ulps, ulps(got.value, (*exact)[0]));
        report.max_scaled_error = std::max(report.max_scaled_error, scaled(got.value, (*exact)[0]));
        for (std::size_t k = 0; k < got.gradient.size(); ++k) {
            report.max_gradient_ulps = std::max(report.max_gradient_ulps, ulps(got.gradient[k], (*exact)[1 + k]));
            report.max_scaled_error = std::max(report.max_scaled_error, scaled(got.gradient[k], (*exact)[1 + k]));
        }
    }
    return report;
}

}  // namespace chainrule::codegen
