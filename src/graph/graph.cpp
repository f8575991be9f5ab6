#include "chainrule/graph/graph.hpp"

#include "chainrule/core/assert.hpp"
#include "chainrule/core/error.hpp"

#include <algorithm>

namespace chainrule {

namespace {

bool is_identifier(const std::string& s) {
    if (s.empty()) return false;
    auto letter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; };
    auto digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
    if (!letter(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [&](char c) {
        const auto u = static_cast<unsigned char>(c);
        return letter(u) || digit(u) || c == '[' || c == ']' || c == ',';
    });
}

}  // namespace

namespace {

std::size_t content_hash(const node& n) noexcept {
    std::uint64_t h = static_cast<std::uint64_t>(n.kind);
    h = h * 0x9E3779B97F4A7C15ull ^ n.lhs;
    h = h * 0x9E3779B97F4A7C15ull ^ n.rhs;
    h = h * 0x9E3779B97F4A7C15ull ^ n.payload;
    h *= 0x9E3779B97F4A7C15ull;
    return static_cast<std::size_t>(h ^ (h >> 32));
}

bool same_content(const node& a, const node& b) noexcept {
    return a.kind == b.kind && a.lhs == b.lhs && a.rhs == b.rhs && a.payload == b.payload;
}

}  // namespace

graph::graph() : index_(64, no_node) { nodes_.reserve(32); }

void graph::grow_index() {
    std::vector<node_id> bigger(index_.size() * 2, no_node);
    const std::size_t mask = bigger.size() - 1;
    for (node_id id = 0; id < nodes_.size(); ++id) {
        std::size_t slot = content_hash(nodes_[id]) & mask;
        while (bigger[slot] != no_node) slot = (slot + 1) & mask;
        bigger[slot] = id;
    }
    index_.swap(bigger);
}

node_id graph::intern(const node& n) {
    const std::size_t mask = index_.size() - 1;
    std::size_t slot = content_hash(n) & mask;
    for (; index_[slot] != no_node; slot = (slot + 1) & mask)
        if (same_content(nodes_[index_[slot]], n)) return index_[slot];
    if (nodes_.size() >= no_node - 1) throw limit_error("graph is full", no_node - 1, nodes_.size() + 1);
    const auto id = static_cast<node_id>(nodes_.size());
    nodes_.push_back(n);
    index_[slot] = id;
    if (2 * nodes_.size() > index_.size()) grow_index();
    return id;
}

node_id graph::constant(const rational& q) {
    auto it = constant_index_.find(q);
    std::uint32_t slot;
    if (it == constant_index_.end()) {
        if (decimal_size(q) > max_rational_digits)
            throw limit_error("constant has more than " + std::to_string(max_rational_digits) + " digits",
                              max_rational_digits, decimal_size(q));
        slot = static_cast<std::uint32_t>(constants_.size());
        constants_.push_back(q);
        constant_index_.emplace(q, slot);
    } else {
        slot = it->second;
    }
    return intern(node{op::constant, no_node, no_node, slot});
}

node_id graph::variable(const std::string& name, variable_kind kind) {
    if (!is_identifier(name)) throw usage_error("'" + name + "' is not a valid variable name");
    if (auto it = variable_index_.find(name); it != variable_index_.end()) {
        const variable_info& v = variables_[it->second];
        if (v.kind != kind)
            throw usage_error("variable '" + name + "' already exists as " +
                              (v.kind == variable_kind::input ? "an input" : "a param"));
        return v.id;
    }
    const auto slot = static_cast<std::uint32_t>(variables_.size());
    const node_id id = intern(node{op::variable, no_node, no_node, slot});
    variables_.push_back(variable_info{name, kind, id});
    variable_index_.emplace(name, slot);
    return id;
}

node_id graph::make(op f, node_id u, node_id v) {
    const int n = arity(f);
    if (n == 0) throw usage_error("graph::make: leaves are made by constant() and variable()");
    if (f == op::named) throw usage_error("graph::make: named nodes are made by named()");
    if (u >= nodes_.size() || (n == 2 && v >= nodes_.size()) || (n == 1 && v != no_node))
        throw usage_error("graph::make: operand id out of range for '" + std::string(name(f)) + "'");
    return intern(node{f, u, n == 2 ? v : no_node, 0});
}

node_id graph::apply(op f, node_id u) {
    if (arity(f) != 1) throw usage_error("'" + std::string(name(f)) + "' does not take one operand");
    at(u);
    return fold_unary(f, u);
}

node_id graph::apply(op f, node_id u, node_id v) {
    if (arity(f) != 2) throw usage_error("'" + std::string(name(f)) + "' does not take two operands");
    at(u);
    at(v);
    return fold_binary(f, u, v);
}

node_id graph::named(node_id u, const std::string& label) {
    at(u);
    if (!is_identifier(label)) throw usage_error("'" + label + "' is not a valid name for a definition");
    if (is_constant(u)) return u;
    std::uint32_t slot;
    if (auto it = label_index_.find(label); it != label_index_.end()) {
        slot = it->second;
    } else {
        slot = static_cast<std::uint32_t>(labels_.size());
        labels_.push_back(label);
        label_index_.emplace(label, slot);
    }
    return intern(node{op::named, u, no_node, slot});
}

const std::string& graph::label_of(node_id n) const {
    const node& x = at(n);
    if (x.kind != op::named) throw usage_error("node " + std::to_string(n) + " is not a named node");
    return labels_[x.payload];
}

node_id graph::unnamed(node_id n) const {
    while (at(n).kind == op::named) n = nodes_[n].lhs;
    return n;
}

node_id graph::neg(node_id u) { return mul(constant(-1), u); }

node_id graph::sub(node_id u, node_id v) { return add(u, neg(v)); }

node_id graph::div(node_id u, node_id v) {
    if (is_constant(v, 0)) throw domain_error("division by the constant 0");
    return mul(u, pow(v, constant(-1)));
}

const node& graph::at(node_id n) const {
    if (n >= nodes_.size())
        throw usage_error("node id " + std::to_string(n) + " is not in this graph (it has " +
                          std::to_string(nodes_.size()) + " nodes)");
    return nodes_[n];
}

bool graph::is_constant(node_id n, const rational& q) const {
    const node& x = at(n);
    return x.kind == op::constant && constants_[x.payload] == q;
}

const rational& graph::value(node_id n) const {
    const node& x = at(n);
    if (x.kind != op::constant) throw usage_error("node " + std::to_string(n) + " is not a constant");
    return constants_[x.payload];
}

const variable_info& graph::variable_of(node_id n) const {
    const node& x = at(n);
    if (x.kind != op::variable) throw usage_error("node " + std::to_string(n) + " is not a variable");
    return variables_[x.payload];
}

std::optional<node_id> graph::find_variable(const std::string& name) const {
    if (auto it = variable_index_.find(name); it != variable_index_.end()) return variables_[it->second].id;
    return std::nullopt;
}

std::vector<node_id> graph::reachable(std::span<const node_id> roots) const {
    std::vector<char> seen(nodes_.size(), 0);
    std::vector<node_id> stack;
    for (node_id r : roots) {
        at(r);
        if (!seen[r]) {
            seen[r] = 1;
            stack.push_back(r);
        }
    }
    std::size_t count = stack.size();
    while (!stack.empty()) {
        const node& x = nodes_[stack.back()];
        stack.pop_back();
        for (node_id c : {x.lhs, x.rhs}) {
            if (c != no_node && !seen[c]) {
                seen[c] = 1;
                ++count;
                stack.push_back(c);
            }
        }
    }
    std::vector<node_id> out;
    out.reserve(count);
    for (node_id i = 0; i < nodes_.size(); ++i)
        if (seen[i]) out.push_back(i);
    return out;
}

bool graph::is_partial(node_id n) const {
    const node x = at(n);
    if (x.kind != op::pow) return is_partial_function(x.kind);
    // u^k is defined everywhere for a constant natural k; u^-1 needs u != 0, u^(1/2) u >= 0
    if (!is_constant(x.rhs)) return true;
    const rational& e = value(x.rhs);
    return !is_integer(e) || cln::minusp(e);
}

}  // namespace chainrule
