#include "tensor_oracle.hpp"

#include "chainrule/diff/reverse.hpp"
#include "chainrule/diff/tensor_reverse.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/tensor/expand.hpp"
#include "chainrule/numeric/evaluate.hpp"

#include <cmath>

#include <sstream>
#include <stdexcept>

namespace chainrule::testing {

using tensor::tensor_graph;
using tensor::tensor_id;
using tensor::tensor_op;

namespace {

// Whether test() holds; a GiNaC failure (heur_gcd refuses some polynomials) or a limit_error
// counts as no.
template <class test_function>
bool holds(test_function test) {
    try {
        return test();
    } catch (const std::exception&) {
        return false;
    }
}

// Largest tree (nodes counted with repetition) of the whole-expression proofs.
constexpr std::size_t whole_tree_limit = 3000;

bool is_integer_constant(const graph& g, node_id n) { return g.is_constant(n) && is_integer(g.value(n)); }

// w when n is (-1)*w, else no_node.
node_id negated(const graph& g, node_id n) {
    const node& x = g.at(n);
    return x.kind == op::mul && g.is_constant(x.lhs, -1) ? x.rhs : no_node;
}

// Node n as GiNaC prints it, cut to a readable length.
std::string shown(const graph& g, node_id n) {
    constexpr std::size_t longest = 1500;
    std::ostringstream text;
    if (!holds([&] {
            text << ginac_converter(g)(n);
            return true;
        }))
        return "(node " + std::to_string(n) + ", too large for GiNaC)";
    const std::string s = text.str();
    return s.size() <= longest ? s : s.substr(0, longest) + " ...";
}

}  // namespace

GiNaC::ex atom_converter::operator()(node_id target) {
    if (target < done_.size() && done_[target]) return memo_[target];
    if (done_.size() < graph_.size()) {
        memo_.resize(graph_.size());
        done_.resize(graph_.size(), 0);
        value_of_.resize(graph_.size(), 0);
    }
    for (node_id n : graph_.reachable(std::span<const node_id>(&target, 1))) {
        if (done_[n]) continue;
        const node x = graph_.at(n);
        const auto arg = [&](node_id c) -> const GiNaC::ex& { return memo_[c]; };
        if (x.kind == op::named) {  // a name for its operand's value
            memo_[n] = arg(x.lhs);
            value_of_[n] = value_of_[x.lhs];
            done_[n] = 1;
            continue;
        }
        // the value's key: the node with named operands looked through
        const std::size_t key =
            values_.try_emplace(value_key{x.kind, x.lhs == no_node ? no_value : value_of_[x.lhs],
                                          x.rhs == no_node ? no_value : value_of_[x.rhs], x.payload},
                                values_.size())
                .first->second;
        value_of_[n] = key;
        const auto atom = [&](std::size_t k) {
            return GiNaC::ex(atoms_.try_emplace(k, "atom" + std::to_string(k)).first->second);
        };
        GiNaC::ex e;
        switch (x.kind) {
        case op::constant: e = GiNaC::numeric(cln::cl_N(graph_.value(n))); break;
        case op::variable: {
            const std::string& name = graph_.variable_of(n).name;
            e = variables_.try_emplace(name, name).first->second;
            break;
        }
        case op::add: e = n < sums_below_ ? atom(key) : arg(x.lhs) + arg(x.rhs); break;
        case op::mul: e = arg(x.lhs) * arg(x.rhs); break;
        case op::pow:
            e = is_integer_constant(graph_, x.rhs) ? GiNaC::pow(arg(x.lhs), arg(x.rhs))
                                                   : function_atom(op::pow, 0, arg(x.lhs), arg(x.rhs));
            break;
        case op::sigmoid:
            // sigmoid(-w) = (1 + exp(w))^-1, with exp(w)'s own atom: the scalar graph builds
            // (1 + exp(w))^-1 as sigmoid(-w)
            if (const node_id w = negated(graph_, x.lhs); w != no_node) {
                e = GiNaC::pow(1 + function_atom(op::exp, 0, arg(w), 0), -1);
                break;
            }
            e = function_atom(op::sigmoid, 0, arg(x.lhs), 0);
            break;
        case op::exp:
        case op::log:
        case op::sqrt:
        case op::sin:
        case op::cos:
        case op::tan:
        case op::tanh:
        case op::cosh:
        case op::softplus:
        case op::relu:
        case op::abs:
        case op::step:
        case op::sign: e = function_atom(x.kind, x.payload, arg(x.lhs), 0); break;
        case op::max:
        case op::min: e = function_atom(x.kind, x.payload, arg(x.lhs), arg(x.rhs)); break;
        case op::named: break;  // looked through above
        }
        memo_[n] = e;
        done_[n] = 1;
    }
    return memo_[target];
}

GiNaC::ex atom_converter::function_atom(op f, std::uint32_t payload, const GiNaC::ex& a, const GiNaC::ex& b) {
    // the operands in GiNaC's canonical form (sums and products sorted, numbers collected), or
    // in normal form, so that f(u) and f(v) are one atom when u - v is provably 0
    const auto canonical = [this](const GiNaC::ex& u) {
        if (!normal_operands_) return u;
        try {
            return GiNaC::normal(u);
        } catch (const std::exception&) {
            return u;
        }
    };
    const function_key key{f, payload, canonical(a), canonical(b)};
    auto it = functions_.find(key);
    if (it == functions_.end())
        it = functions_.emplace(key, GiNaC::symbol("f" + std::to_string(functions_.size()))).first;
    return it->second;
}

bool proved_equal(const graph& g, node_id a, node_id b, node_id primal) {
    for (const node_id sums_below : {primal, node_id{0}}) {
        atom_converter atoms(g, sums_below);
        if (holds([&] { return GiNaC::normal(atoms(a) - atoms(b)).is_zero(); })) return true;
    }
    // operands of functions in normal form: slower, sees f(u) = f(v) where u - v is 0 only after
    // normal() (cos(h) - h built as a sum in one order and a difference of products in another)
    atom_converter normalising(g, 0, true);
    if (holds([&] { return GiNaC::normal(normalising(a) - normalising(b)).is_zero(); })) return true;
    // the whole expressions, where GiNaC's own evaluation may see more (a + a = 2 a), only when
    // small: normal() crawls on large trees
    ginac_converter whole(g, ginac_limits{whole_tree_limit, ginac_limits{}.max_depth});
    return holds([&] { return GiNaC::normal(whole(a) - whole(b)).is_zero(); });
}

// The two nodes' double values at a fixed pseudo-random point in (1/4, 5/4), or "undefined": a
// failure report says whether the mismatch is in value or only beyond GiNaC's proof.
std::string values_at_a_point(const graph& g, node_id a, node_id b) {
    numeric::point at;
    for (node_id n = 0; n < g.size(); ++n)
        if (g.is_variable(n)) at[n] = rational(static_cast<long>(n * 37 % 97) + 25) / 100;
    try {
        const node_id roots[] = {a, b};
        const std::vector<double> v = numeric::evaluate(g, std::span<const node_id>(roots), at, numeric::arithmetic<double>());
        std::ostringstream out;
        out.precision(17);
        out << "values " << v[0] << " and " << v[1] << (std::abs(v[0] - v[1]) <= 1e-9 * (1 + std::abs(v[1])) ? " (equal to 1e-9: a proof GiNaC missed?)" : " (different)");
        return out.str();
    } catch (const std::exception& e) {
        return std::string("values undefined at the test point: ") + e.what();
    }
}

tensor_comparison against_scalar_reverse(tensor_graph& t, tensor_id output, std::span<const tensor_id> wrt) {
    const std::vector<tensor_id> grads = tensor_gradient(t, output, wrt);
    tensor_comparison out;
    graph g;
    tensor::expander ex(t, g);
    const node_id scalar_output = ex.expand(output)[0];
    const adjoint_table adjoints = reverse_adjoints(g, scalar_output);
    for (std::size_t k = 0; k < wrt.size(); ++k) {
        const std::vector<node_id> elements = ex.expand(wrt[k]);  // copies: expand() grows its table
        const std::vector<node_id> got = ex.expand(grads[k]);
        const bool named = t.kind(wrt[k]) == tensor_op::named;
        for (std::size_t e = 0; e < elements.size(); ++e) {
            if (named && !g.is_named(elements[e])) {
                ++out.skipped;
                continue;
            }
            const node_id want = adjoints[elements[e]];
            if (got[e] == want) {
                ++out.identical;
            } else if (proved_equal(g, got[e], want, scalar_output + 1)) {
                ++out.proved;
            } else {
                const std::string label = named ? t.label_of(wrt[k]) : t.variable_of(wrt[k]).name;
                out.failure = "d/d " + tensor::element_name(label, t.shape_of(wrt[k]), e) + ":\n  tensor " +
                              shown(g, got[e]) + "\n  scalar " + shown(g, want) + "\n  " + values_at_a_point(g, got[e], want);
                return out;
            }
        }
    }
    return out;
}

std::vector<tensor_id> reached_leaves(const tensor_graph& t, tensor_id output) {
    std::vector<tensor_id> out;
    for (tensor_id n : t.reachable(std::span<const tensor_id>(&output, 1)))
        if (t.kind(n) == tensor_op::variable || t.kind(n) == tensor_op::named) out.push_back(n);
    return out;
}

}  // namespace chainrule::testing
