// The transposed-operand hint: one transpose too many, one missing, or an outer product's
// operands swapped.
#include "transposed_hint.hpp"

#include "session_detail.hpp"

#include <variant>
#include <vector>

namespace chainrule::lang {

namespace {

// Most rewrites tried for one claim (each lowers the side and compares it with the truth).
constexpr std::size_t max_rewrites = 16;

// The subexpressions of e (operands, arguments, indices), in the order written.
std::vector<expression*> children(expression& e) {
    std::vector<expression*> out;
    auto all = [&](std::vector<expression_ptr>& list) {
        for (expression_ptr& x : list) out.push_back(x.get());
    };
    std::visit([&](auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, unary_expr>) out.push_back(n.operand.get());
        else if constexpr (std::is_same_v<T, binary_expr>) out.push_back(n.left.get()), out.push_back(n.right.get());
        else if constexpr (std::is_same_v<T, call_expr>) all(n.arguments);
        else if constexpr (std::is_same_v<T, index_expr>) out.push_back(n.base.get()), all(n.indices);
        else if constexpr (std::is_same_v<T, vector_expr>) all(n.elements);
        else if constexpr (std::is_same_v<T, derivative_expr>) out.push_back(n.of.get());
    },
               e.node);
    return out;
}

// Every node of e, in the order written (preorder), without recursion.
std::vector<expression*> preorder(expression& e) {
    std::vector<expression*> out, stack{&e};
    while (!stack.empty()) {
        expression* x = stack.back();
        stack.pop_back();
        out.push_back(x);
        std::vector<expression*> below = children(*x);
        for (auto it = below.rbegin(); it != below.rend(); ++it) stack.push_back(*it);
    }
    return out;
}

bool is_call(const expression& e, builtin f) {
    return e.kind() == expression_kind::call && e.as<call_expr>().function == f;
}

// Whether e names a square matrix: a symbol, not an index letter.
bool square_matrix(const expression& e, const symbol_table& symbols) {
    if (e.kind() != expression_kind::name) return false;
    const symbol_entry* s = symbols.find(e.as<name_expr>().name);
    return s && s->value.dims.rank() == 2 && s->value.dims.dims[0] == s->value.dims.dims[1];
}

}  // namespace

std::optional<std::string> transposed_operand(const expression& claimed, std::string_view text,
                                              const symbol_table& symbols, const rewrite_matches& matches) {
    expression_ptr original = clone(claimed);
    const std::vector<expression*> nodes = preorder(*original);
    std::size_t tried = 0;
    for (std::size_t k = 0; k < nodes.size() && tried < max_rewrites; ++k) {
        const expression& at = *nodes[k];
        const bool drop = is_call(at, builtin::transpose);
        const bool swap = is_call(at, builtin::outer);
        // a square matrix not already under a transpose
        const bool add = square_matrix(at, symbols) && !(k > 0 && is_call(*nodes[k - 1], builtin::transpose));
        if (!drop && !swap && !add) continue;
        ++tried;
        // the rewrite, made on a fresh copy at the same position
        expression_ptr copy = clone(claimed);
        expression& target = *preorder(*copy)[k];
        std::string read_as;
        const std::string written = label(text, at.span);
        if (drop) {
            call_expr& c = target.as<call_expr>();
            read_as = label(text, c.arguments[0]->span);
            expression_ptr inner = std::move(c.arguments[0]);
            target.node = std::move(inner->node);
        } else if (swap) {
            call_expr& c = target.as<call_expr>();
            std::swap(c.arguments[0], c.arguments[1]);
            read_as = "outer(" + label(text, c.arguments[0]->span) + ", " + label(text, c.arguments[1]->span) + ")";
        } else {
            std::vector<expression_ptr> argument;
            argument.push_back(make_expression(target.as<name_expr>(), target.span));
            read_as = "transpose(" + written + ")";
            target.node = call_expr{builtin::transpose, target.span, std::move(argument)};
        }
        if (matches(*copy))
            return "transposed operand: the claim holds with " + read_as + " where " + written + " was written";
    }
    return std::nullopt;
}

}  // namespace chainrule::lang
