// Graph <-> GiNaC conversion. Every GiNaC call is wrapped so that a GiNaC or CLN exception
// reaches the caller as a chainrule error.
#include "chainrule/graph/ginac_bridge.hpp"

#include "chainrule/core/assert.hpp"
#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_functions.hpp"

#include <algorithm>
#include <sstream>

namespace chainrule {

namespace {

GiNaC::ex to_ex(const rational& q) { return GiNaC::numeric(cln::cl_N(q)); }

std::string describe(const GiNaC::ex& e) {
    std::ostringstream out;
    out << e;
    std::string s = out.str();
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

// GiNaC evaluates log(-1) to I*Pi, sqrt(-4) to 2*I and (-8)^(1/3) to 2*(-1)^(1/3) as they are
// built: complex numbers that chainrule's real functions do not have. An operand that GiNaC has
// reduced to such a number (x - x - 1 is -1) makes the operation a domain error here, before
// any proof can compute with the complex value (exp(log(x - x - 1)) = -1 "by normal form").
const char* const not_real = " is undefined on the real numbers (GiNaC would make it a complex number)";

void require_real_log(const GiNaC::ex& u) {
    if (GiNaC::is_exactly_a<GiNaC::numeric>(u) && !GiNaC::ex_to<GiNaC::numeric>(u).is_positive())
        throw domain_error("log(" + describe(u) + ")" + not_real);
}

void require_real_sqrt(const GiNaC::ex& u) {
    if (GiNaC::is_exactly_a<GiNaC::numeric>(u) && GiNaC::ex_to<GiNaC::numeric>(u).is_negative())
        throw domain_error("sqrt(" + describe(u) + ")" + not_real);
}

void require_real_power(const GiNaC::ex& base, const GiNaC::ex& exponent) {
    if (GiNaC::is_exactly_a<GiNaC::numeric>(base) && GiNaC::ex_to<GiNaC::numeric>(base).is_negative() &&
        GiNaC::is_exactly_a<GiNaC::numeric>(exponent) && !GiNaC::ex_to<GiNaC::numeric>(exponent).is_integer())
        throw domain_error("(" + describe(base) + ")^(" + describe(exponent) + ")" + not_real);
}

// Saturating sum for tree sizes.
std::size_t add_capped(std::size_t a, std::size_t b, std::size_t cap) { return std::min(a + b, cap); }

}  // namespace

ginac_converter::ginac_converter(const graph& g, ginac_limits limits) : graph_(g), limits_(limits) {}

const GiNaC::symbol& ginac_converter::symbol(const std::string& name) {
    auto it = symbols_.find(name);
    if (it == symbols_.end()) it = symbols_.emplace(name, GiNaC::realsymbol(name)).first;
    return it->second;
}

GiNaC::exmap ginac_converter::point(const std::map<std::string, rational>& values) {
    GiNaC::exmap m;
    for (const auto& [name, q] : values) m[symbol(name)] = to_ex(q);
    return m;
}

bool ginac_converter::exact_power_is_small(const node& x) const {
    // the digits of base^exponent are about |exponent numerator| * digits(base)
    const rational& base = graph_.value(x.lhs);
    const rational& exponent = graph_.value(x.rhs);
    const auto n = to_small_integer(cln::numerator(exponent));
    if (!n) return false;
    return static_cast<std::size_t>(std::labs(*n)) * decimal_size(base) <= max_rational_digits;
}

GiNaC::ex ginac_converter::operator()(node_id target) {
    graph_.at(target);
    if (memo_.size() < graph_.size()) {
        memo_.resize(graph_.size());
        done_.resize(graph_.size(), 0);
        queued_.resize(graph_.size(), 0);
        tree_size_.resize(graph_.size(), 1);
        depth_.resize(graph_.size(), 1);
    }
    if (done_[target]) return memo_[target];

    // measure: tree size and depth of every node not yet converted, children first (iterative).
    // The work and the scratch are those of the unconverted part only, never of the whole graph:
    // a caller converting many small nodes of a huge graph stays linear.
    const std::size_t cap = limits_.max_tree_size + 1;
    // the unconverted part reachable from target, in ascending ids: operands before users
    std::vector<node_id> order;
    {
        std::vector<node_id> stack{target};
        queued_[target] = 1;
        while (!stack.empty()) {
            const node_id n = stack.back();
            stack.pop_back();
            order.push_back(n);
            const node& x = graph_.at(n);
            for (node_id c : {x.lhs, x.rhs})
                if (c != no_node && !done_[c] && !queued_[c]) {
                    queued_[c] = 1;
                    stack.push_back(c);
                }
        }
        for (node_id n : order) queued_[n] = 0;  // all clear again for the next call
        std::sort(order.begin(), order.end());
    }
    // tree_size_ and depth_ of an unconverted node are computed here before any user reads them
    // (ascending ids); converted nodes were within the limits when converted
    for (node_id n : order) {
        const node& x = graph_.at(n);
        std::size_t s = 1, d = 1;
        for (node_id c : {x.lhs, x.rhs}) {
            if (c == no_node) continue;
            s = add_capped(s, tree_size_[c], cap);
            d = std::max(d, 1 + depth_[c]);
        }
        tree_size_[n] = s;
        depth_[n] = d;
    }
    if (tree_size_[target] > limits_.max_tree_size)
        throw limit_error("expression too large to hand to GiNaC: more than " +
                              std::to_string(limits_.max_tree_size) +
                              " nodes as a tree (use the CSE form instead)",
                          limits_.max_tree_size, tree_size_[target]);
    if (depth_[target] > limits_.max_depth)
        throw limit_error("expression too deeply nested to hand to GiNaC: depth " +
                              std::to_string(depth_[target]) + ", limit " + std::to_string(limits_.max_depth),
                          limits_.max_depth, depth_[target]);

    // convert, children first
    try {
        for (node_id n : order) {
            const node& x = graph_.at(n);
            auto arg = [&](node_id c) -> const GiNaC::ex& { return memo_[c]; };
            GiNaC::ex e;
            switch (x.kind) {
            case op::constant: e = to_ex(graph_.value(n)); break;
            case op::variable: e = symbol(graph_.variable_of(n).name); break;
            case op::add: e = arg(x.lhs) + arg(x.rhs); break;
            case op::mul: e = arg(x.lhs) * arg(x.rhs); break;
            case op::pow:
                // GiNaC computes numeric powers exactly when they are built: 3^(2^40) would not end
                if (graph_.is_constant(x.lhs) && graph_.is_constant(x.rhs) && !exact_power_is_small(x))
                    throw limit_error("the constant power " + to_string(graph_.value(x.lhs)) + "^" +
                                          to_string(graph_.value(x.rhs)) + " is too large to compute exactly",
                                      max_rational_digits, max_rational_digits + 1);
                require_real_power(arg(x.lhs), arg(x.rhs));
                e = GiNaC::pow(arg(x.lhs), arg(x.rhs));
                break;
            case op::exp: e = GiNaC::exp(arg(x.lhs)); break;
            case op::log:
                require_real_log(arg(x.lhs));
                e = GiNaC::log(arg(x.lhs));
                break;
            case op::sqrt:
                require_real_sqrt(arg(x.lhs));
                e = GiNaC::sqrt(arg(x.lhs));
                break;
            case op::sin: e = GiNaC::sin(arg(x.lhs)); break;
            case op::cos: e = GiNaC::cos(arg(x.lhs)); break;
            case op::tan: e = GiNaC::tan(arg(x.lhs)); break;
            case op::tanh: e = GiNaC::tanh(arg(x.lhs)); break;
            case op::cosh: e = GiNaC::cosh(arg(x.lhs)); break;
            case op::sigmoid: e = gfn::sigmoid(arg(x.lhs)); break;
            case op::softplus: e = gfn::softplus(arg(x.lhs)); break;
            case op::relu: e = gfn::relu(arg(x.lhs)); break;
            case op::abs: e = GiNaC::abs(arg(x.lhs)); break;
            case op::step: e = gfn::unit_step(arg(x.lhs)); break;
            case op::sign: e = gfn::sign(arg(x.lhs)); break;
            case op::max: e = gfn::max(arg(x.lhs), arg(x.rhs)); break;
            case op::min: e = gfn::min(arg(x.lhs), arg(x.rhs)); break;
            case op::named: e = arg(x.lhs); break;  // a name for its operand's value
            }
            if (GiNaC::is_exactly_a<GiNaC::numeric>(e) && !GiNaC::ex_to<GiNaC::numeric>(e).is_real())
                throw domain_error("the value " + describe(e) + " is not a real number");
            memo_[n] = e;
            done_[n] = 1;
        }
    } catch (const chainrule::error&) {
        throw;
    } catch (const std::exception& e) {
        throw domain_error(std::string("the expression is undefined: GiNaC reports '") + e.what() +
                           "' (for example a division by an expression that is identically 0)");
    }
    return memo_[target];
}

GiNaC::ex to_ginac(const graph& g, node_id n, ginac_limits limits) { return ginac_converter(g, limits)(n); }

namespace {

class from_ginac_builder {
public:
    from_ginac_builder(graph& g, ginac_limits limits) : g_(g), limits_(limits) {}

    node_id build(const GiNaC::ex& e, std::size_t depth) {
        using namespace GiNaC;
        if (depth > limits_.max_depth)
            throw limit_error("GiNaC expression nested deeper than " + std::to_string(limits_.max_depth),
                              limits_.max_depth, depth);
        if (is_exactly_a<numeric>(e)) {
            const numeric& x = ex_to<numeric>(e);
            if (!x.is_rational())
                throw algebra_error("the number " + describe(e) + " is not an exact rational");
            return g_.constant(cln::the<cln::cl_RA>(x.to_cl_N()));
        }
        if (is_a<GiNaC::symbol>(e)) {
            const std::string name = ex_to<GiNaC::symbol>(e).get_name();
            if (auto v = g_.find_variable(name)) return *v;
            return g_.input(name);
        }
        if (is_exactly_a<add>(e)) return fold(e, depth, [this](node_id a, node_id b) { return g_.add(a, b); });
        if (is_exactly_a<mul>(e)) return fold(e, depth, [this](node_id a, node_id b) { return g_.mul(a, b); });
        if (is_exactly_a<power>(e)) {
            const ex& exponent = e.op(1);
            const node_id base = build(e.op(0), depth + 1);
            if (exponent.is_equal(numeric(1, 2))) return g_.apply(op::sqrt, base);
            if (exponent.is_equal(numeric(-1, 2))) return g_.pow(g_.apply(op::sqrt, base), g_.constant(-1));
            return g_.pow(base, build(exponent, depth + 1));
        }
        if (is_a<function>(e)) return build_function(ex_to<function>(e), depth);
        if (is_a<constant>(e))
            throw algebra_error("the constant '" + describe(e) + "' has no exact chainrule value");
        throw algebra_error("'" + describe(e) + "' has no chainrule counterpart");
    }

private:
    template <class Combine>
    node_id fold(const GiNaC::ex& e, std::size_t depth, Combine combine) {
        node_id acc = build(e.op(0), depth + 1);
        for (std::size_t i = 1; i < e.nops(); ++i) acc = combine(acc, build(e.op(i), depth + 1));
        return acc;
    }

    node_id build_function(const GiNaC::function& f, std::size_t depth) {
        const std::string name = f.get_name();
        static const std::map<std::string, op> unary{
            {"exp", op::exp},   {"log", op::log},         {"sin", op::sin},   {"cos", op::cos},
            {"tan", op::tan},   {"tanh", op::tanh},       {"cosh", op::cosh}, {"abs", op::abs},
            {"sigmoid", op::sigmoid}, {"softplus", op::softplus}, {"relu", op::relu},
            {"unit_step", op::step}, {"sign", op::sign},
            {"csgn", op::sign}};  // GiNaC's csgn is sign on the reals (csgn(0) = 0)
        if (auto it = unary.find(name); it != unary.end() && f.nops() == 1)
            return g_.apply(it->second, build(f.op(0), depth + 1));
        if ((name == "max" || name == "min") && f.nops() == 2)
            return g_.apply(name == "max" ? op::max : op::min, build(f.op(0), depth + 1), build(f.op(1), depth + 1));
        if (name == "sinh" && f.nops() == 1) {  // sinh(u) = tanh(u) cosh(u)
            const node_id u = build(f.op(0), depth + 1);
            return g_.mul(g_.apply(op::tanh, u), g_.apply(op::cosh, u));
        }
        throw algebra_error("the GiNaC function '" + name + "' has no chainrule counterpart (in " +
                            describe(f) + ")");
    }

    graph& g_;
    ginac_limits limits_;
};

}  // namespace

node_id from_ginac(graph& g, const GiNaC::ex& e, ginac_limits limits) {
    try {
        return from_ginac_builder(g, limits).build(e, 0);
    } catch (const chainrule::error&) {
        throw;
    } catch (const std::exception& x) {
        throw algebra_error(std::string("converting a GiNaC expression failed: ") + x.what());
    }
}

namespace {

// Rewrites children first, then the head (sigmoid, softplus, tanh, cosh, sinh, tan).
struct to_exp_basis : GiNaC::map_function {
    GiNaC::ex operator()(const GiNaC::ex& e) override {
        using namespace GiNaC;
        const ex r = e.map(*this);
        if (!is_a<function>(r)) return r;
        const std::string name = ex_to<function>(r).get_name();
        if (r.nops() != 1) return r;
        const ex u = r.op(0);
        const ex t = exp(u);
        if (name == "sigmoid") return t / (1 + t);                   // sigmoid(u) = e^u / (1 + e^u)
        if (name == "softplus") return log(1 + t);                   // softplus(u) = log(1 + e^u)
        if (name == "tanh") return (t * t - 1) / (t * t + 1);        // tanh(u) = (e^2u - 1) / (e^2u + 1)
        if (name == "cosh") return (t * t + 1) / (2 * t);            // cosh(u) = (e^2u + 1) / (2 e^u)
        if (name == "sinh") return (t * t - 1) / (2 * t);            // sinh(u) = (e^2u - 1) / (2 e^u)
        if (name == "tan") return sin(u) / cos(u);                   // tan(u) = sin(u) / cos(u)
        return r;
    }
};

}  // namespace

GiNaC::ex rewrite_to_exp(const GiNaC::ex& e) {
    try {
        to_exp_basis rewrite;
        return rewrite(e);
    } catch (const std::exception& x) {
        throw algebra_error(std::string("rewriting through exp failed: ") + x.what());
    }
}

}  // namespace chainrule
