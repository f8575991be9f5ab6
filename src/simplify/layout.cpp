// Layout and plain text of one expression. Phases:
//   measure: refuse trees past the print limits (measure.cpp);
//   gather: find the parts shown, flattening sums and products (explicit stacks);
//   text: render the parts operands first (ascending node ids), merging and ordering
//         terms and factors by their text, so nothing depends on node ids.
#include "layout.hpp"

#include "measure.hpp"
#include "names.hpp"
#include "order.hpp"

#include "chainrule/core/assert.hpp"

#include <algorithm>
#include <cln/rational.h>

namespace chainrule::detail {

namespace {

std::string join(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k) out += separator;
        out += parts[k];
    }
    return out;
}

std::string parenthesised(const std::string& s) { return "(" + s + ")"; }

}  // namespace

layout::layout(const graph& g, node_id root, const temp_names& temps, const print_limits& limits,
               const std::string& what, bool root_as_name)
    : g_(g), temps_(temps) {
    // a named root is shown as the expression it names, a named node below it as its name
    if (!root_as_name) root = g.unnamed(root);
    // measure
    if (!root_as_name) {
        const std::function<bool(node_id)> stop = [&](node_id n) { return g.is_named(n) || temps.stops_at(n); };
        check_print_limits(g, root, stop, limits, what);
    }
    // gather
    gather(root, root_as_name);
    order_.resize(items_.size());
    for (std::uint32_t i = 0; i < items_.size(); ++i) order_[i] = i;
    std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) { return items_[a].node < items_[b].node; });
    // text, operands first
    for (std::uint32_t i : order_) render_text(items_[i]);
}

std::uint32_t layout::find(node_id n) const {
    if (index_.empty()) {  // few items: a scan beats hashing
        for (std::uint32_t i = 0; i < items_.size(); ++i)
            if (items_[i].node == n) return i;
        return absent;
    }
    const auto it = index_.find(n);
    return it == index_.end() ? absent : it->second;
}

void layout::remember(node_id n, std::uint32_t i) {
    constexpr std::size_t scan_limit = 24;
    if (index_.empty() && i < scan_limit) return;  // found by scanning items_
    if (index_.empty())
        for (std::uint32_t k = 0; k < i; ++k) index_.emplace(items_[k].node, k);
    index_.emplace(n, i);
}

void layout::gather(node_id root, bool root_as_name) {
    auto is_temp = [&](node_id n) {
        return (n != root || root_as_name) && (temps_.stops_at(n) || g_.is_named(n));
    };
    std::vector<node_id> stack{root};
    std::vector<node_id> inner;
    while (!stack.empty()) {
        const node_id n = stack.back();
        stack.pop_back();
        if (find(n) != absent) continue;
        remember(n, static_cast<std::uint32_t>(items_.size()));
        item it;
        it.node = n;
        const node& x = g_.at(n);
        if (is_temp(n)) {
            it.kind = form::name;
            const std::string* user_name = temps_.named(n);
            if (user_name != nullptr) it.name = *user_name;
            else if (temps_.of(n) != 0) it.name = temps_.prefix + std::to_string(temps_.of(n));
            else it.name = g_.label_of(n);
        } else {
            switch (x.kind) {
            case op::constant:
                it.kind = form::number;
                it.value = g_.value(n);
                break;
            case op::variable:
                it.kind = form::name;
                it.name = g_.variable_of(n).name;
                break;
            case op::add:  // flatten nested sums (not through temporaries)
                it.kind = form::sum;
                inner.assign({x.rhs, x.lhs});
                while (!inner.empty()) {
                    const node_id k = inner.back();
                    inner.pop_back();
                    if (g_.kind(k) == op::add && !is_temp(k)) {
                        inner.push_back(g_.at(k).rhs);
                        inner.push_back(g_.at(k).lhs);
                    } else {
                        it.raw_operands.push_back(k);
                    }
                }
                break;
            case op::mul:  // flatten nested products; numbers into the coefficient, u^c into factors
                it.kind = form::product;
                it.value = 1;
                inner.assign({x.rhs, x.lhs});
                while (!inner.empty()) {
                    const node_id k = inner.back();
                    inner.pop_back();
                    const node& y = g_.at(k);
                    if (is_temp(k)) {
                        it.raw_operands.push_back(k);
                        it.raw_exponents.emplace_back(1);
                    } else if (y.kind == op::mul) {
                        inner.push_back(y.rhs);
                        inner.push_back(y.lhs);
                    } else if (y.kind == op::constant) {
                        it.value = it.value * g_.value(k);
                    } else if (y.kind == op::pow && g_.is_constant(y.rhs)) {
                        it.raw_operands.push_back(y.lhs);
                        it.raw_exponents.push_back(g_.value(y.rhs));
                    } else {
                        it.raw_operands.push_back(k);
                        it.raw_exponents.emplace_back(1);
                    }
                }
                break;
            case op::pow:
                if (g_.is_constant(x.rhs)) {  // u^c is a product of one factor
                    it.kind = form::product;
                    it.value = 1;
                    it.raw_operands = {x.lhs};
                    it.raw_exponents = {g_.value(x.rhs)};
                } else {
                    it.kind = form::power;
                    it.raw_operands = {x.lhs, x.rhs};
                }
                break;
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
            case op::min:
                it.kind = form::call;
                it.function = x.kind;
                it.raw_operands.push_back(x.lhs);
                if (x.rhs != no_node) it.raw_operands.push_back(x.rhs);
                break;
            case op::named: CHAINRULE_ASSERT(false); break;  // shown as its name above
            }
        }
        for (node_id k : it.raw_operands) stack.push_back(k);
        items_.push_back(std::move(it));
    }
    root_ = find(root);
}

namespace {

bool is_one_half(const rational& e) { return cln::denominator(e) == 2 && cln::numerator(e) == 1; }

}  // namespace

prec append_factor(std::string& out, const item& b, const rational& e) {
    if (e == 1) {
        if (b.text_prec <= prec::product) {
            out += '(';
            out += b.text;
            out += ')';
            return prec::atom;
        }
        out += b.text;
        return b.text_prec;
    }
    if (is_one_half(e)) {
        out += "sqrt(";
        out += b.text;
        out += ')';
        return prec::atom;
    }
    if (b.text_prec < prec::atom) {
        out += '(';
        out += b.text;
        out += ')';
    } else {
        out += b.text;
    }
    out += '^';
    if (is_integer(e)) {
        out += to_string(e);
    } else {
        out += '(';
        out += to_string(e);
        out += ')';
    }
    return prec::power;
}

namespace {

// A printed product: sign and magnitude.
struct signed_text {
    bool negative = false;
    std::string magnitude;
    prec magnitude_prec = prec::atom;
};

// coefficient * factors (factors in print order) as sign and magnitude: 2*x/(3*y).
signed_text product_text(const std::vector<item>& items, const rational& coefficient, const std::vector<factor>& factors) {
    if (cln::zerop(coefficient)) return {false, "0", prec::atom};
    const rational magnitude = cln::abs(coefficient);
    const rational p = cln::numerator(magnitude), q = cln::denominator(magnitude);
    std::size_t above = 0, below = 0;
    for (const factor& f : factors) ++(cln::minusp(f.exponent) ? below : above);
    const bool show_p = p != 1 || above == 0, show_q = q != 1;
    const std::size_t numerator_parts = above + (show_p ? 1 : 0), denominator_parts = below + (show_q ? 1 : 0);
    signed_text out;
    out.negative = cln::minusp(coefficient);
    std::string& m = out.magnitude;
    prec single = prec::atom;
    bool first = true;
    if (show_p) {
        m += to_string(p);
        first = false;
    }
    for (const factor& f : factors) {
        if (cln::minusp(f.exponent)) continue;
        if (!first) m += '*';
        single = append_factor(m, items[f.base], f.exponent);
        first = false;
    }
    if (denominator_parts == 0) {
        out.magnitude_prec = numerator_parts > 1 ? prec::product : single;  // one number or one factor
        return out;
    }
    m += denominator_parts > 1 ? "/(" : "/";
    first = true;
    if (show_q) {
        m += to_string(q);
        first = false;
    }
    for (const factor& f : factors) {
        if (!cln::minusp(f.exponent)) continue;
        if (!first) m += '*';
        append_factor(m, items[f.base], -f.exponent);
        first = false;
    }
    if (denominator_parts > 1) m += ')';
    out.magnitude_prec = prec::product;
    return out;
}

std::string signed_string(const signed_text& s) { return s.negative ? "-" + s.magnitude : s.magnitude; }
prec signed_prec(const signed_text& s) { return s.negative ? prec::negative : s.magnitude_prec; }

}  // namespace

void layout::render_text(item& it) {
    auto resolve = [&](node_id n) { return find(n); };
    switch (it.kind) {
    case form::number:
        it.text = to_string(it.value);
        it.text_prec = cln::minusp(it.value) ? prec::negative : is_integer(it.value) ? prec::atom : prec::product;
        it.degree = 0;
        break;
    case form::name:
        it.text = it.name;
        it.text_prec = prec::atom;
        it.degree = 1;
        it.first_name = &it.name;
        break;
    case form::call: {
        std::vector<std::string> args;
        for (node_id n : it.raw_operands) {
            it.args.push_back(resolve(n));
            args.push_back(items_[it.args.back()].text);
            it.first_name = least_name(it.first_name, items_[it.args.back()].first_name);
        }
        it.text = std::string(name(it.function)) + "(" + join(args, ", ") + ")";
        it.text_prec = prec::atom;
        it.degree = it.first_name != nullptr ? 1 : 0;  // sqrt(2) is a number
        break;
    }
    case form::power: {
        for (node_id n : it.raw_operands) it.args.push_back(resolve(n));
        const item& b = items_[it.args[0]];
        const item& e = items_[it.args[1]];
        it.text = (b.text_prec < prec::atom ? parenthesised(b.text) : b.text) + "^" +
                  (e.text_prec < prec::atom ? parenthesised(e.text) : e.text);
        it.text_prec = prec::power;
        it.first_name = least_name(b.first_name, e.first_name);
        it.degree = it.first_name != nullptr ? 1 : 0;
        break;
    }
    case form::product: {
        for (std::size_t k = 0; k < it.raw_operands.size(); ++k) {
            const std::uint32_t b = resolve(it.raw_operands[k]);
            const item& base = items_[b];
            if (it.raw_exponents[k] == -1 && base.kind == form::product && !cln::zerop(base.value)) {
                // (c*u*v^2)^(-1) = (1/c) * u^(-1) * v^(-2): a denominator shown as one
                it.value = it.value / base.value;
                for (const factor& f : base.factors) it.factors.push_back(factor{f.base, -f.exponent});
            } else {
                it.factors.push_back(factor{b, it.raw_exponents[k]});
            }
        }
        order_factors(items_, it.factors);
        const signed_text s = product_text(items_, it.value, it.factors);
        it.text = signed_string(s);
        it.text_prec = signed_prec(s);
        it.degree = degree_of(items_, it.factors);
        it.first_name = least_name_of(items_, it.factors);
        break;
    }
    case form::sum: {
        // terms as coefficient * body
        std::vector<term> terms;
        for (node_id n : it.raw_operands) {
            const std::uint32_t k = resolve(n);
            const item& t = items_[k];
            term x;
            if (t.kind == form::number) {
                x.coefficient = t.value;
            } else if (t.kind == form::product) {
                x.coefficient = t.value;
                x.factors = t.factors;
            } else {
                x.coefficient = 1;
                x.factors = {factor{k, 1}};
            }
            x.body = x.factors.empty() ? std::string() : product_text(items_, 1, x.factors).magnitude;
            terms.push_back(std::move(x));
        }
        it.terms = order_terms(items_, std::move(terms));
        // text
        it.degree = 0;
        for (std::size_t k = 0; k < it.terms.size(); ++k) {
            const term& t = it.terms[k];
            const signed_text s = product_text(items_, t.coefficient, t.factors);
            if (k == 0) {
                it.text = signed_string(s);
                it.text_prec = it.terms.size() == 1 ? signed_prec(s) : prec::sum;
                it.degree = t.degree;
            } else {
                it.text += (s.negative ? " - " : " + ") + s.magnitude;
                if (t.degree > it.degree) it.degree = t.degree;
            }
            it.first_name = least_name(it.first_name, least_name_of(items_, t.factors));
        }
        if (it.terms.empty()) {
            it.text = "0";
            it.text_prec = prec::atom;
        }
        break;
    }
    }
}

}  // namespace chainrule::detail
