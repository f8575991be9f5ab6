// Finding a claim's free index letters and their ranges, by an iterative walk of the syntax.
#include "index_letters.hpp"

#include <algorithm>
#include <optional>

namespace chainrule::lang {

namespace {

struct use {
    std::string letter;
    std::optional<std::size_t> range;  // empty when the indexed thing is not a named value
    source_span span;
    std::string indexed;  // the name indexed, for messages
};

class walker {
public:
    walker(const symbol_table& symbols) : symbols_(symbols) {}

    void walk(const expression* root) {
        std::vector<const expression*> stack{root};
        while (!stack.empty()) {
            const expression* e = stack.back();
            stack.pop_back();
            switch (e->kind()) {
            case expression_kind::number:
            case expression_kind::name:
            case expression_kind::whole: break;
            case expression_kind::unary: stack.push_back(e->as<unary_expr>().operand.get()); break;
            case expression_kind::binary:
                stack.push_back(e->as<binary_expr>().right.get());
                stack.push_back(e->as<binary_expr>().left.get());
                break;
            case expression_kind::call:
                for (const expression_ptr& a : e->as<call_expr>().arguments) stack.push_back(a.get());
                break;
            case expression_kind::index: {
                const index_expr& x = e->as<index_expr>();
                const symbol_entry* base = nullptr;
                std::string indexed;
                if (x.base->kind() == expression_kind::name) {
                    indexed = x.base->as<name_expr>().name;
                    base = symbols_.find(indexed);
                }
                indices(x.indices, base, indexed, stack);
                stack.push_back(x.base.get());
                break;
            }
            case expression_kind::vector:
                for (const expression_ptr& a : e->as<vector_expr>().elements) stack.push_back(a.get());
                break;
            case expression_kind::derivative: {
                const derivative_expr& d = e->as<derivative_expr>();
                indices(d.wrt.indices, symbols_.find(d.wrt.name), d.wrt.name, stack);
                stack.push_back(d.of.get());
                break;
            }
            }
        }
    }

    std::vector<use> uses;

private:
    void indices(const std::vector<expression_ptr>& list, const symbol_entry* base, const std::string& indexed,
                 std::vector<const expression*>& stack) {
        for (std::size_t k = 0; k < list.size(); ++k) {
            const expression& i = *list[k];
            if (i.kind() != expression_kind::name || symbols_.find(i.as<name_expr>().name)) {
                stack.push_back(&i);
                continue;
            }
            std::optional<std::size_t> range;
            if (base && k < base->value.dims.rank()) range = base->value.dims.dims[k];
            uses.push_back(use{i.as<name_expr>().name, range, i.span, indexed});
        }
    }

    const symbol_table& symbols_;
};

}  // namespace

std::vector<index_letter> free_index_letters(std::span<const expression* const> roots, const symbol_table& symbols,
                                             const std::string& file) {
    walker w(symbols);
    for (const expression* r : roots) w.walk(r);
    // the walk is depth-first; order uses by position in the source
    std::stable_sort(w.uses.begin(), w.uses.end(), [](const use& a, const use& b) { return a.span.begin < b.span.begin; });
    std::vector<index_letter> out;
    std::vector<const use*> first_ranged;
    for (const use& u : w.uses) {
        auto it = std::find_if(out.begin(), out.end(), [&](const index_letter& l) { return l.name == u.letter; });
        if (it == out.end()) {
            out.push_back(index_letter{u.letter, 0});
            first_ranged.push_back(nullptr);
            it = out.end() - 1;
        }
        const std::size_t k = static_cast<std::size_t>(it - out.begin());
        if (!u.range) continue;
        if (!first_ranged[k]) {
            it->range = *u.range;
            first_ranged[k] = &u;
        } else if (*u.range != it->range) {
            throw source_error(diagnostic{
                file, u.span,
                "index '" + u.letter + "' runs over " + std::to_string(it->range) + " values where it indexes '" +
                    first_ranged[k]->indexed + "', but '" + u.indexed + "' has " + std::to_string(*u.range) +
                    " along this axis (are two indices swapped?)"});
        }
    }
    for (std::size_t k = 0; k < out.size(); ++k)
        if (!first_ranged[k]) {
            const use& u = *std::find_if(w.uses.begin(), w.uses.end(), [&](const use& x) { return x.letter == out[k].name; });
            throw source_error(diagnostic{file, u.span,
                                          "cannot tell the range of index '" + u.letter +
                                              "': use it to index a named vector or matrix (h[" + u.letter + "])"});
        }
    return out;
}

}  // namespace chainrule::lang
