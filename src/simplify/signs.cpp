#include "signs.hpp"

#include "names.hpp"

#include "chainrule/simplify/print.hpp"

#include <cln/integer.h>
#include <cln/rational.h>
#include <limits>
#include <unordered_map>

namespace chainrule::detail {

namespace {

// The terms of sum s (flattened).
std::vector<node_id> terms_of(const graph& g, node_id s) {
    std::vector<node_id> out, stack{s};
    while (!stack.empty()) {
        const node_id n = stack.back();
        stack.pop_back();
        if (g.kind(n) == op::add) {
            stack.push_back(g.at(n).rhs);
            stack.push_back(g.at(n).lhs);
        } else {
            out.push_back(n);
        }
    }
    return out;
}

// Whether term t has a negative numeric coefficient (constants anywhere in its product).
bool is_negative_term(const graph& g, node_id t) {
    bool negative = false;
    std::vector<node_id> stack{t};
    while (!stack.empty()) {
        const node_id n = stack.back();
        stack.pop_back();
        const node& x = g.at(n);
        if (x.kind == op::mul) {
            stack.push_back(x.lhs);
            stack.push_back(x.rhs);
        } else if (x.kind == op::constant && cln::minusp(g.value(n))) {
            negative = !negative;
        }
    }
    return negative;
}

// Sum s or its negation, whichever is canonical; `flipped` says which.
node_id canonical_sum(graph& g, node_id s, bool& flipped) {
    const std::vector<node_id> terms = terms_of(g, s);
    std::size_t negative = 0;
    for (node_id t : terms) negative += is_negative_term(g, t) ? 1 : 0;
    node_id minus = g.neg(terms[0]);
    for (std::size_t k = 1; k < terms.size(); ++k) minus = g.add(minus, g.neg(terms[k]));
    const std::size_t positive = terms.size() - negative;
    if (negative != positive) {
        flipped = negative > positive;
    } else {  // a tie: the text that comes first
        const print_limits unlimited{std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max()};
        flipped = natural_compare(to_text(g, minus, unlimited), to_text(g, s, unlimited)) < 0;
    }
    return flipped ? minus : s;
}

}  // namespace

node_id canonical_signs(graph& g, node_id n) {
    std::unordered_map<node_id, node_id> rebuilt;
    const auto fresh = [&](node_id k) { return rebuilt.at(k); };
    for (node_id k : g.reachable(std::span<const node_id>(&n, 1))) {
        const node x = g.at(k);  // a copy: g grows below
        node_id r = k;
        switch (x.kind) {
        case op::constant:
        case op::variable: break;
        case op::mul: {  // the whole product below k: factors in canonical sign, signs into the coefficient
            rational sign = 1;
            node_id product = g.constant(1);
            std::vector<node_id> stack{x.rhs, x.lhs};
            while (!stack.empty()) {
                const node_id f = stack.back();
                stack.pop_back();
                const node y = g.at(f);  // a copy: g grows below
                node_id factor = fresh(f);
                bool flipped = false;
                if (y.kind == op::mul) {
                    stack.push_back(y.rhs);
                    stack.push_back(y.lhs);
                    continue;
                }
                if (y.kind == op::add) {
                    factor = canonical_sum(g, factor, flipped);
                    if (flipped) sign = -sign;
                } else if (y.kind == op::pow && g.kind(y.lhs) == op::add && g.is_constant(y.rhs) &&
                           is_integer(g.value(y.rhs))) {
                    const node_id base = canonical_sum(g, fresh(y.lhs), flipped);
                    factor = g.pow(base, g.constant(g.value(y.rhs)));
                    if (flipped && cln::oddp(cln::the<cln::cl_I>(cln::numerator(g.value(y.rhs))))) sign = -sign;
                }
                product = g.mul(product, factor);
            }
            r = g.mul(g.constant(sign), product);
            break;
        }
        case op::add:
        case op::pow:
        case op::max:
        case op::min: r = g.apply(x.kind, fresh(x.lhs), fresh(x.rhs)); break;
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
        case op::sign: r = g.apply(x.kind, fresh(x.lhs)); break;
        case op::named: r = g.named(fresh(x.lhs), g.label_of(k)); break;
        }
        rebuilt[k] = r;
    }
    return rebuilt.at(n);
}

}  // namespace chainrule::detail
