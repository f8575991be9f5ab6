#include "chainrule/lang/ast.hpp"

#include <algorithm>
#include <array>

namespace chainrule::lang {

namespace {

constexpr int builtin_count = static_cast<int>(builtin::delta) + 1;

constexpr std::array<builtin_info, builtin_count> builtins = {{
    {"exp", 1},       {"log", 1},       {"sqrt", 1},      {"sin", 1},       {"cos", 1},
    {"tan", 1},       {"tanh", 1},      {"cosh", 1},      {"sigmoid", 1},   {"relu", 1},
    {"softplus", 1},  {"abs", 1},       {"step", 1},      {"sign", 1},      {"max", 2},
    {"min", 2},       {"sum", 1, 1},    {"mean", 1, 1},   {"dot", 2},       {"softmax", 1},
    {"logsumexp", 1, 1}, {"transpose", 1}, {"outer", 2}, {"diag", 1},      {"argmax", 1},
    {"delta", 2},
}};

constexpr std::array<std::string_view, builtin_count> names = [] {
    std::array<std::string_view, builtin_count> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = builtins[i].name;
    return out;
}();

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

void move_all(std::vector<expression_ptr>& from, std::vector<expression_ptr>& to) {
    for (auto& e : from)
        if (e) to.push_back(std::move(e));
    from.clear();
}

void move_one(expression_ptr& from, std::vector<expression_ptr>& to) {
    if (from) to.push_back(std::move(from));
}

// moves e's operands into `to`, leaving e a leaf
void take_operands(expression& e, std::vector<expression_ptr>& to) {
    std::visit(overloaded{
                   [](number_expr&) {},
                   [](name_expr&) {},
                   [&](unary_expr& u) { move_one(u.operand, to); },
                   [&](binary_expr& b) { move_one(b.left, to), move_one(b.right, to); },
                   [&](call_expr& c) { move_all(c.arguments, to); },
                   [&](index_expr& i) { move_one(i.base, to), move_all(i.indices, to); },
                   [&](vector_expr& v) { move_all(v.elements, to); },
                   [&](derivative_expr& d) { move_one(d.of, to), move_all(d.wrt.indices, to); },
                   [](whole_expr&) {},
               },
               e.node);
}

std::vector<expression_ptr> clone_all(const std::vector<expression_ptr>& from) {
    std::vector<expression_ptr> out;
    out.reserve(from.size());
    for (const auto& e : from) out.push_back(clone(*e));
    return out;
}

}  // namespace

const builtin_info& info(builtin f) { return builtins[static_cast<std::size_t>(f)]; }

std::optional<builtin> find_builtin(std::string_view name) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return std::nullopt;
    return static_cast<builtin>(it - names.begin());
}

std::span<const std::string_view> builtin_names() { return names; }

std::string_view symbol(unary_op o) {
    switch (o) {
    case unary_op::negate: return "-";
    }
    return "?";
}

std::string_view symbol(binary_op o) {
    switch (o) {
    case binary_op::add: return "+";
    case binary_op::subtract: return "-";
    case binary_op::multiply: return "*";
    case binary_op::divide: return "/";
    case binary_op::power: return "^";
    case binary_op::matmul: return "@";
    }
    return "?";
}

expression::expression(expression_node n, source_span s) : node(std::move(n)), span(s) {}

expression::~expression() {
    // Flatten instead of recursing: every subtree popped here has its operands moved out
    // before it is destroyed, so each destructor below sees a leaf.
    std::vector<expression_ptr> pending;
    take_operands(*this, pending);
    while (!pending.empty()) {
        expression_ptr e = std::move(pending.back());
        pending.pop_back();
        take_operands(*e, pending);
    }
}

expression_ptr make_expression(expression_node node, source_span span) {
    return std::make_unique<expression>(std::move(node), span);
}

variable_ref clone(const variable_ref& v) {
    return variable_ref{v.name, v.name_span, clone_all(v.indices), v.span};
}

expression_ptr clone(const expression& e) {
    expression_node copy = std::visit(
        overloaded{
            [](const number_expr& n) -> expression_node { return n; },
            [](const name_expr& n) -> expression_node { return n; },
            [](const unary_expr& u) -> expression_node { return unary_expr{u.op, clone(*u.operand)}; },
            [](const binary_expr& b) -> expression_node {
                return binary_expr{b.op, clone(*b.left), clone(*b.right), b.op_span};
            },
            [](const call_expr& c) -> expression_node {
                return call_expr{c.function, c.name_span, clone_all(c.arguments)};
            },
            [](const index_expr& i) -> expression_node {
                return index_expr{clone(*i.base), clone_all(i.indices)};
            },
            [](const vector_expr& v) -> expression_node { return vector_expr{clone_all(v.elements)}; },
            [](const derivative_expr& d) -> expression_node {
                return derivative_expr{clone(*d.of), clone(d.wrt), d.notation};
            },
            [](const whole_expr& w) -> expression_node { return w; },
        },
        e.node);
    return make_expression(std::move(copy), e.span);
}

std::string_view name(expression_kind k) {
    switch (k) {
    case expression_kind::number: return "number";
    case expression_kind::name: return "name";
    case expression_kind::unary: return "unary";
    case expression_kind::binary: return "binary";
    case expression_kind::call: return "call";
    case expression_kind::index: return "index";
    case expression_kind::vector: return "vector";
    case expression_kind::derivative: return "derivative";
    case expression_kind::whole: return "whole";
    }
    return "?";
}

static_assert(std::variant_size_v<expression_node> == static_cast<std::size_t>(expression_kind::whole) + 1);

}  // namespace chainrule::lang
