#include "oracle.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_functions.hpp"

#include <boost/test/unit_test.hpp>

#include <cln/integer.h>
#include <cln/rational.h>

namespace simplify_test {

using namespace chainrule;

namespace {

std::optional<rational> integer_power(const rational& base, const rational& exponent) {
    if (cln::denominator(exponent) != 1) return std::nullopt;
    const cln::cl_I n = cln::numerator(exponent);
    if (cln::abs(n) > 64) return std::nullopt;
    if (cln::zerop(base) && cln::minusp(n)) return std::nullopt;
    const long k = cln::cl_I_to_long(n);
    rational r = 1;
    for (long i = 0; i < (k < 0 ? -k : k); ++i) r = r * base;
    return k < 0 ? rational(1) / r : r;
}

std::optional<rational> apply(op f, const std::optional<rational>& a, const std::optional<rational>& b) {
    switch (f) {
    case op::add: return a && b ? std::optional<rational>(*a + *b) : std::nullopt;
    case op::mul: return a && b ? std::optional<rational>(*a * *b) : std::nullopt;
    case op::pow: return a && b ? integer_power(*a, *b) : std::nullopt;
    case op::constant:
    case op::variable:
    case op::exp:
    case op::log:
    case op::sqrt:
    case op::sin:
    case op::cos:
    case op::tan:
    case op::tanh:
    case op::cosh:
    case op::sigmoid:
    case op::softplus:
    case op::relu:
    case op::abs:
    case op::step:
    case op::sign:
    case op::max:
    case op::min: return std::nullopt;
    case op::named: return a;
    }
    return std::nullopt;
}

GiNaC::ex apply_ginac(op f, const GiNaC::ex& a, const GiNaC::ex& b) {
    switch (f) {
    case op::add: return a + b;
    case op::mul: return a * b;
    case op::pow: return GiNaC::pow(a, b);
    case op::exp: return GiNaC::exp(a);
    case op::log: return GiNaC::log(a);
    case op::sqrt: return GiNaC::sqrt(a);
    case op::sin: return GiNaC::sin(a);
    case op::cos: return GiNaC::cos(a);
    case op::tan: return GiNaC::tan(a);
    case op::tanh: return GiNaC::tanh(a);
    case op::cosh: return GiNaC::cosh(a);
    case op::sigmoid: return gfn::sigmoid(a);
    case op::softplus: return gfn::softplus(a);
    case op::relu: return gfn::relu(a);
    case op::abs: return GiNaC::abs(a);
    case op::step: return gfn::unit_step(a);
    case op::sign: return gfn::sign(a);
    case op::max: return gfn::max(a, b);
    case op::min: return gfn::min(a, b);
    case op::named: return a;
    case op::constant:
    case op::variable: break;
    }
    throw std::logic_error("apply_ginac: not an operation");
}

// Walks one line of a program: the tree below `root`, stopping at leaves and temporaries.
template <class Value, class Leaf, class Combine>
Value walk_line(const graph& g, const cse_result& program, node_id root, std::size_t depth, std::size_t max_depth,
                Leaf leaf, Combine combine) {
    if (depth > max_depth) BOOST_FAIL("a CSE line is deeper than " << max_depth);
    const node& x = g.at(root);
    if ((depth > 0 && program.temp_of(root) != 0) || x.kind == op::constant || x.kind == op::variable)
        return leaf(root);
    const Value a = walk_line<Value>(g, program, x.lhs, depth + 1, max_depth, leaf, combine);
    const Value b = x.rhs == no_node ? Value{} : walk_line<Value>(g, program, x.rhs, depth + 1, max_depth, leaf, combine);
    return combine(x.kind, a, b);
}

}  // namespace

std::vector<std::optional<rational>> evaluate_all(const graph& g, const point& p) {
    std::vector<std::optional<rational>> v(g.size());
    for (node_id n = 0; n < g.size(); ++n) {
        const node& x = g.at(n);
        if (x.kind == op::constant) v[n] = g.value(n);
        else if (x.kind == op::variable) v[n] = p.at(g.variable_of(n).name);
        else v[n] = apply(x.kind, v[x.lhs], x.rhs == no_node ? std::nullopt : v[x.rhs]);
    }
    return v;
}

std::vector<std::optional<rational>> run_program(const graph& g, const cse_result& program, const point& p,
                                                 std::size_t max_depth) {
    std::map<std::size_t, std::optional<rational>> temps;
    auto leaf = [&](node_id n) -> std::optional<rational> {
        if (const std::size_t t = program.temp_of(n); t != 0) {
            const auto it = temps.find(t);
            if (it == temps.end()) BOOST_FAIL("temporary t" << t << " is read before it is assigned");
            return it->second;
        }
        if (g.is_constant(n)) return g.value(n);
        return p.at(g.variable_of(n).name);
    };
    for (const cse_assignment& a : program.assignments)
        temps[a.temp] = walk_line<std::optional<rational>>(g, program, a.value, 0, max_depth, leaf, apply);
    std::vector<std::optional<rational>> out;
    for (const cse_output& o : program.outputs) {
        if (o.temp != 0) out.push_back(leaf(o.value));
        else out.push_back(walk_line<std::optional<rational>>(g, program, o.value, 0, max_depth, leaf, apply));
    }
    return out;
}

std::vector<GiNaC::ex> program_to_ginac(const graph& g, const cse_result& program,
                                        std::map<std::string, GiNaC::ex>& symbols) {
    std::map<std::size_t, GiNaC::ex> temps;
    auto leaf = [&](node_id n) -> GiNaC::ex {
        if (const std::size_t t = program.temp_of(n); t != 0) return temps.at(t);
        if (g.is_constant(n)) return GiNaC::numeric(cln::cl_N(g.value(n)));
        return symbols.at(g.variable_of(n).name);
    };
    const std::size_t unbounded = 1u << 20;
    for (const cse_assignment& a : program.assignments)
        temps[a.temp] = walk_line<GiNaC::ex>(g, program, a.value, 0, unbounded, leaf, apply_ginac);
    std::vector<GiNaC::ex> out;
    for (const cse_output& o : program.outputs)
        out.push_back(o.temp != 0 ? leaf(o.value) : walk_line<GiNaC::ex>(g, program, o.value, 0, unbounded, leaf, apply_ginac));
    return out;
}

namespace {

GiNaC::ex read_sigmoid(const GiNaC::exvector& a) { return gfn::sigmoid(a.at(0)); }
GiNaC::ex read_softplus(const GiNaC::exvector& a) { return gfn::softplus(a.at(0)); }
GiNaC::ex read_relu(const GiNaC::exvector& a) { return gfn::relu(a.at(0)); }
GiNaC::ex read_step(const GiNaC::exvector& a) { return gfn::unit_step(a.at(0)); }
GiNaC::ex read_sign(const GiNaC::exvector& a) { return gfn::sign(a.at(0)); }
GiNaC::ex read_max(const GiNaC::exvector& a) { return gfn::max(a.at(0), a.at(1)); }
GiNaC::ex read_min(const GiNaC::exvector& a) { return gfn::min(a.at(0), a.at(1)); }

}  // namespace

GiNaC::ex parse(const std::string& text, const std::map<std::string, GiNaC::ex>& symbols) {
    GiNaC::prototype_table functions = GiNaC::get_default_reader();
    functions[GiNaC::prototype("sigmoid", 1)] = read_sigmoid;
    functions[GiNaC::prototype("softplus", 1)] = read_softplus;
    functions[GiNaC::prototype("relu", 1)] = read_relu;
    functions[GiNaC::prototype("step", 1)] = read_step;  // GiNaC's own step(0) is 1/2
    functions[GiNaC::prototype("sign", 1)] = read_sign;
    functions[GiNaC::prototype("max", 2)] = read_max;
    functions[GiNaC::prototype("min", 2)] = read_min;
    GiNaC::symtab table(symbols.begin(), symbols.end());
    GiNaC::parser reader(table, true, functions);  // strict: every name must be known
    return reader(text);
}

bool same(const GiNaC::ex& a, const GiNaC::ex& b) { return GiNaC::normal(a - b).is_zero(); }

}  // namespace simplify_test
