#include "random_tree.hpp"

#include <algorithm>

namespace simplify_test {

using namespace chainrule;

// --- random trees

tree_generator::tree_generator(std::uint64_t seed, bool functions, std::vector<std::string> names)
    : engine_(seed), functions_(functions), names_(std::move(names)) {}

long tree_generator::uniform(long lo, long hi) {
    return lo + static_cast<long>(engine_() % static_cast<std::uint64_t>(hi - lo + 1));
}

tree_ptr tree_generator::leaf() {
    auto t = std::make_shared<tree>();
    if (uniform(0, 3) == 0) {
        t->kind = op::constant;
        t->value = rational(uniform(-5, 5)) / rational(uniform(1, 3));
    } else {
        t->kind = op::variable;
        t->name = names_[static_cast<std::size_t>(uniform(0, static_cast<long>(names_.size()) - 1))];
    }
    return t;
}

tree_ptr tree_generator::make(int size) {
    if (size <= 0) return leaf();
    auto t = std::make_shared<tree>();
    const long choices = functions_ ? 14 : 7;
    const long c = uniform(0, choices - 1);
    const int left = static_cast<int>(uniform(0, size - 1));
    switch (c) {
    case 0: t->kind = op::add; break;
    case 1: t->kind = op::add; t->how = tree::sugar::sub; break;
    case 2: t->kind = op::mul; break;
    case 3: t->kind = op::mul; t->how = tree::sugar::div; break;
    case 4: t->kind = op::mul; t->how = tree::sugar::neg; t->lhs = make(size - 1); return t;
    case 5:
    case 6: {  // integer power
        t->kind = op::pow;
        t->lhs = make(size - 1);
        auto e = std::make_shared<tree>();
        e->kind = op::constant;
        e->value = uniform(-2, 3);
        t->rhs = e;
        return t;
    }
    case 7: {  // rational or variable power
        t->kind = op::pow;
        t->lhs = make(size - 1);
        auto e = std::make_shared<tree>();
        e->kind = op::constant;
        static const int num[] = {1, 3, -1, 1};
        const long k = uniform(0, 3);
        e->value = rational(num[k]) / 2;
        if (k == 3) {
            e->kind = op::variable;
            e->name = names_[0];
        }
        t->rhs = e;
        return t;
    }
    case 12: t->kind = uniform(0, 1) ? op::max : op::min; break;
    default: {
        static const op unary[] = {op::exp, op::log, op::sin,  op::tanh, op::sigmoid, op::softplus, op::sqrt,
                                   op::cos, op::tan, op::cosh, op::relu, op::abs,     op::step,     op::sign};
        t->kind = unary[static_cast<std::size_t>(uniform(0, static_cast<long>(std::size(unary)) - 1))];
        t->lhs = make(size - 1);
        return t;
    }
    }
    t->lhs = make(left);
    t->rhs = make(size - 1 - left);
    return t;
}

// --- building

namespace {

node_id build_in(graph& g, const tree_ptr& t, const build_style& style);

// lhs + rhs or lhs * rhs, regrouped to lhs.lhs (op) (lhs.rhs (op) rhs) when asked.
node_id combine(graph& g, op f, const tree_ptr& l, const tree_ptr& r, const build_style& style) {
    if (style.reassociate && l->kind == f && l->how == tree::sugar::none && l->rhs) {
        const node_id inner = combine(g, f, l->rhs, r, style);
        const node_id a = build_in(g, l->lhs, style);
        return style.swap_commutative ? g.apply(f, inner, a) : g.apply(f, a, inner);
    }
    const node_id a = build_in(g, l, style), b = build_in(g, r, style);
    return style.swap_commutative ? g.apply(f, b, a) : g.apply(f, a, b);
}

node_id build_in(graph& g, const tree_ptr& t, const build_style& style) {
    if (t->kind == op::constant) return g.constant(t->value);
    if (t->kind == op::variable) return g.input(t->name);
    if (t->how == tree::sugar::neg) return g.neg(build_in(g, t->lhs, style));
    if (t->how == tree::sugar::sub) {
        const node_id b = build_in(g, t->rhs, style), a = build_in(g, t->lhs, style);
        return style.swap_commutative ? g.add(g.neg(b), a) : g.sub(a, b);
    }
    if (t->how == tree::sugar::div) {
        const node_id b = build_in(g, t->rhs, style), a = build_in(g, t->lhs, style);
        return style.swap_commutative ? g.mul(g.pow(b, g.constant(-1)), a) : g.div(a, b);
    }
    if (t->kind == op::add || t->kind == op::mul) return combine(g, t->kind, t->lhs, t->rhs, style);
    const node_id a = build_in(g, t->lhs, style);
    if (!t->rhs) return g.apply(t->kind, a);
    return g.apply(t->kind, a, build_in(g, t->rhs, style));
}

}  // namespace

node_id build(graph& g, const tree_ptr& t, const build_style& style) {
    if (style.noise) {
        for (const char* name : {"z9", "x3", "x2", "x1", "x0", "w", "b", "y"}) g.input(name);
        g.apply(op::sin, g.add(g.input("z9"), g.constant(7)));
    }
    return build_in(g, t, style);
}

}  // namespace simplify_test
