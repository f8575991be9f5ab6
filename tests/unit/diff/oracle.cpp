#include "oracle.hpp"

#include "chainrule/graph/ginac_functions.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace chainrule::testing {

namespace {

GiNaC::numeric exact(const rational& q) { return GiNaC::numeric(cln::cl_N(q)); }

// v as a real numeric, or nothing (complex, or not a number at all)
std::optional<GiNaC::numeric> real_value(const GiNaC::ex& v) {
    const GiNaC::ex e = GiNaC::evalf(v);
    if (!GiNaC::is_exactly_a<GiNaC::numeric>(e)) return std::nullopt;
    const GiNaC::numeric& x = GiNaC::ex_to<GiNaC::numeric>(e);
    if (!x.is_real()) return std::nullopt;
    return x;
}

double magnitude(const GiNaC::numeric& x) {
    const GiNaC::numeric a = GiNaC::abs(x);
    return a > GiNaC::numeric(1e300) ? 1e300 : a.to_double();
}

}  // namespace

std::optional<point_values> evaluate_at(const graph& g, const std::vector<node_id>& roots,
                                        const std::map<std::string, rational>& point) {
    GiNaC::Digits = oracle_digits;
    point_values out;
    const std::vector<node_id> order = g.reachable(roots);
    if (order.empty()) return out;
    out.value.resize(static_cast<std::size_t>(order.back()) + 1);
    out.known.resize(out.value.size(), 0);
    try {
        for (node_id n : order) {
            const node& x = g.at(n);
            const GiNaC::numeric u = x.lhs == no_node ? GiNaC::numeric(0) : out.value[x.lhs];
            const GiNaC::numeric v = x.rhs == no_node ? GiNaC::numeric(0) : out.value[x.rhs];
            std::optional<GiNaC::numeric> r;
            switch (x.kind) {
            case op::constant: r = exact(g.value(n)); break;
            case op::variable: {
                auto it = point.find(g.variable_of(n).name);
                if (it == point.end())
                    throw std::logic_error("no value for variable " + g.variable_of(n).name);
                r = exact(it->second);
                break;
            }
            case op::add: r = u + v; break;
            case op::mul: r = u * v; break;
            case op::pow:
                if (u.is_zero() && !v.is_positive()) return std::nullopt;
                r = real_value(GiNaC::pow(u, v));
                break;
            case op::exp: r = real_value(GiNaC::exp(u)); break;
            case op::log:
                if (!u.is_positive()) return std::nullopt;
                r = real_value(GiNaC::log(u));
                break;
            case op::sqrt:
                if (u.is_negative()) return std::nullopt;
                r = real_value(GiNaC::sqrt(u));
                break;
            case op::sin: r = real_value(GiNaC::sin(u)); break;
            case op::cos: r = real_value(GiNaC::cos(u)); break;
            case op::tan: r = real_value(GiNaC::tan(u)); break;
            case op::tanh: r = real_value(GiNaC::tanh(u)); break;
            case op::cosh: r = real_value(GiNaC::cosh(u)); break;
            case op::sigmoid: r = real_value(1 / (1 + GiNaC::exp(-u))); break;
            case op::softplus: r = real_value(GiNaC::log(1 + GiNaC::exp(u))); break;
            case op::relu:
                r = u.is_positive() ? u : GiNaC::numeric(0);
                out.kink_distance = std::min(out.kink_distance, magnitude(u));
                break;
            case op::abs:
                r = GiNaC::abs(u);
                out.kink_distance = std::min(out.kink_distance, magnitude(u));
                break;
            case op::step:
                r = GiNaC::numeric(u.is_positive() ? 1 : 0);
                out.kink_distance = std::min(out.kink_distance, magnitude(u));
                break;
            case op::sign:
                r = GiNaC::numeric(GiNaC::csgn(u));  // GiNaC's own sign: csgn(0) = 0
                out.kink_distance = std::min(out.kink_distance, magnitude(u));
                break;
            case op::max:
                r = u >= v ? u : v;
                out.kink_distance = std::min(out.kink_distance, magnitude(u - v));
                break;
            case op::min:
                r = u <= v ? u : v;
                out.kink_distance = std::min(out.kink_distance, magnitude(u - v));
                break;
            case op::named: r = u; break;
            }
            if (!r) return std::nullopt;
            out.value[n] = *r;
            out.known[n] = 1;
        }
    } catch (const std::logic_error&) {
        throw;
    } catch (const std::exception&) {  // a pole met by GiNaC's numerics: undefined here
        return std::nullopt;
    }
    return out;
}

GiNaC::ex materialise(const graph& g, node_id root, ginac_converter& symbols,
                      const std::map<node_id, GiNaC::ex>& frozen, const point_values* branches) {
    const std::vector<node_id> order = g.reachable(std::vector<node_id>{root});
    std::vector<GiNaC::ex> e(static_cast<std::size_t>(root) + 1);
    auto positive = [&](node_id c) { return branches->value.at(c).is_positive(); };
    for (node_id n : order) {
        if (auto it = frozen.find(n); it != frozen.end()) {
            e[n] = it->second;
            continue;
        }
        const node& x = g.at(n);
        const GiNaC::ex u = x.lhs == no_node ? GiNaC::ex() : e[x.lhs];
        const GiNaC::ex v = x.rhs == no_node ? GiNaC::ex() : e[x.rhs];
        switch (x.kind) {
        case op::constant: e[n] = exact(g.value(n)); break;
        case op::variable: e[n] = symbols.symbol(g.variable_of(n).name); break;
        case op::add: e[n] = u + v; break;
        case op::mul: e[n] = u * v; break;
        case op::pow: e[n] = GiNaC::pow(u, v); break;
        case op::exp: e[n] = GiNaC::exp(u); break;
        case op::log: e[n] = GiNaC::log(u); break;
        case op::sqrt: e[n] = GiNaC::sqrt(u); break;
        case op::sin: e[n] = GiNaC::sin(u); break;
        case op::cos: e[n] = GiNaC::cos(u); break;
        case op::tan: e[n] = GiNaC::tan(u); break;
        case op::tanh: e[n] = GiNaC::tanh(u); break;
        case op::cosh: e[n] = GiNaC::cosh(u); break;
        case op::sigmoid: e[n] = gfn::sigmoid(u); break;
        case op::softplus: e[n] = gfn::softplus(u); break;
        case op::relu: e[n] = branches ? (positive(x.lhs) ? u : GiNaC::ex(0)) : gfn::relu(u); break;
        case op::abs: e[n] = branches ? (positive(x.lhs) ? u : -u) : GiNaC::abs(u); break;
        case op::step: e[n] = branches ? GiNaC::ex(positive(x.lhs) ? 1 : 0) : gfn::unit_step(u); break;
        case op::sign: e[n] = branches ? GiNaC::ex(positive(x.lhs) ? 1 : -1) : gfn::sign(u); break;
        case op::max:
            e[n] = branches ? (branches->value.at(x.lhs) >= branches->value.at(x.rhs) ? u : v) : gfn::max(u, v);
            break;
        case op::min:
            e[n] = branches ? (branches->value.at(x.lhs) <= branches->value.at(x.rhs) ? u : v) : gfn::min(u, v);
            break;
        case op::named: e[n] = u; break;
        }
    }
    return e[root];
}

std::vector<double> evaluate_in_double(const graph& g, const std::map<std::string, double>& point) {
    std::vector<double> v(g.size(), 0.0);
    for (node_id n = 0; n < g.size(); ++n) {
        const node& x = g.at(n);
        const double u = x.lhs == no_node ? 0.0 : v[x.lhs];
        const double w = x.rhs == no_node ? 0.0 : v[x.rhs];
        switch (x.kind) {
        case op::constant: v[n] = cln::double_approx(g.value(n)); break;
        case op::variable: {
            auto it = point.find(g.variable_of(n).name);
            v[n] = it == point.end() ? 0.0 : it->second;
            break;
        }
        case op::add: v[n] = u + w; break;
        case op::mul: v[n] = u * w; break;
        case op::pow: v[n] = std::pow(u, w); break;
        case op::exp: v[n] = std::exp(u); break;
        case op::log: v[n] = std::log(u); break;
        case op::sqrt: v[n] = std::sqrt(u); break;
        case op::sin: v[n] = std::sin(u); break;
        case op::cos: v[n] = std::cos(u); break;
        case op::tan: v[n] = std::tan(u); break;
        case op::tanh: v[n] = std::tanh(u); break;
        case op::cosh: v[n] = std::cosh(u); break;
        case op::sigmoid: v[n] = 1 / (1 + std::exp(-u)); break;
        case op::softplus: v[n] = std::log1p(std::exp(u)); break;
        case op::relu: v[n] = u > 0 ? u : 0; break;
        case op::abs: v[n] = std::fabs(u); break;
        case op::step: v[n] = u > 0 ? 1 : 0; break;
        case op::sign: v[n] = u > 0 ? 1 : u < 0 ? -1 : 0; break;
        case op::max: v[n] = u >= w ? u : w; break;
        case op::min: v[n] = u <= w ? u : w; break;
        case op::named: v[n] = u; break;
        }
    }
    return v;
}

bool close(const GiNaC::numeric& a, const GiNaC::numeric& b) {
    const GiNaC::numeric tolerance = GiNaC::numeric(10).power(-(oracle_digits - 15));
    return GiNaC::abs(a - b) <= tolerance * (1 + GiNaC::abs(a));
}

std::optional<GiNaC::numeric> value_of(const GiNaC::ex& e, ginac_converter& symbols,
                                       const std::map<std::string, rational>& point) {
    GiNaC::Digits = oracle_digits;
    try {
        return real_value(e.subs(symbols.point(point)));
    } catch (const std::exception&) {  // a pole met by GiNaC: undefined here
        return std::nullopt;
    }
}

}  // namespace chainrule::testing
