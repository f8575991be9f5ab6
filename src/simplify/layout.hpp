#pragma once
// The layout of one printed expression: the nodes it shows, with sums and products flattened,
// numbers combined, repeated terms and factors merged, and everything put in the stable human
// order; plus the plain text of each part. The LaTeX printer (latex.cpp) renders the same
// layout, so both outputs show the same terms in the same order.
//
// Ordering compares printed text and structure only, never node ids, which is what makes the
// output independent of how and in which order the graph was built.

#include "chainrule/graph/graph.hpp"
#include "chainrule/simplify/cse.hpp"
#include "chainrule/simplify/print.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace chainrule::detail {

/// Binding strength of a printed form, loosest first.
enum class prec : std::uint8_t {
    sum,       ///< a + b
    negative,  ///< -a, -2*x, -1/2
    product,   ///< a*b, a/b, 1/2
    power,     ///< a^b
    atom,      ///< x, 3, f(x), (a + b)
};

/// What a shown part is.
enum class form : std::uint8_t {
    number,   ///< a rational constant
    name,     ///< a variable or a temporary
    call,     ///< f(args): the functions, max and min
    power,    ///< base^exponent with a non-constant exponent
    product,  ///< coefficient * factors (also u^c for a constant c)
    sum,      ///< terms
};

/// base^exponent inside a product; base indexes layout::items.
struct factor {
    std::uint32_t base = 0;
    rational exponent;
};

/// coefficient * factors inside a sum.
struct term {
    rational coefficient;
    std::vector<factor> factors;  ///< in print order; empty for a numeric term
    std::string body;             ///< text of the factors alone ("" for a numeric term)
    rational degree;
};

/// One shown part of the expression.
struct item {
    node_id node = no_node;
    form kind = form::number;
    std::string name;                   ///< name: its text
    rational value;                     ///< number: the value; product: the coefficient
    op function = op::constant;         ///< call: the op
    std::vector<std::uint32_t> args;    ///< call: arguments; power: {base, exponent}
    std::vector<factor> factors;        ///< product: merged, in print order
    std::vector<term> terms;            ///< sum: merged, in print order (may be 0 or 1 term)

    std::string text;                   ///< plain text of the whole part
    prec text_prec = prec::atom;
    rational degree;                    ///< total degree, for ordering terms
    const std::string* first_name = nullptr;  ///< least variable name inside, for ordering factors

    std::string latex;                  ///< LaTeX, filled by render_latex
    prec latex_prec = prec::atom;

    // raw structure gathered before rendering
    std::vector<node_id> raw_operands;  ///< sum: terms; call, power: operands; product: factor bases
    std::vector<rational> raw_exponents;  ///< product: exponent of each raw factor base
};

/// Names for the temporaries of a CSE line.
struct temp_names {
    /// By node id: the number of the node's temporary, 0 for none (empty: no temporaries).
    std::vector<std::size_t> number;
    std::string prefix = "t";
    /// Nodes shown by a name of the caller's (the user's intermediates), or null.
    const node_names* names = nullptr;
    /// The temporary of node n, 0 for none.
    std::size_t of(node_id n) const { return n < number.size() ? number[n] : 0; }
    /// The caller's name for node n, or null.
    const std::string* named(node_id n) const {
        if (names == nullptr) return nullptr;
        auto it = names->find(n);
        return it == names->end() ? nullptr : &it->second;
    }
    /// Whether node n is shown as a name (a temporary or a named node).
    bool stops_at(node_id n) const { return of(n) != 0 || named(n) != nullptr; }
};

/// The layout of node `root` of g. With temporaries in `temps`, nodes below the root that have a
/// temporary are shown as its name, and so is the root when `root_as_name` is set. Throws
/// limit_error past the limits; `what` names the expression in the message. `g` and `temps`
/// must outlive the layout.
class layout {
public:
    layout(const graph& g, node_id root, const temp_names& temps, const print_limits& limits,
           const std::string& what, bool root_as_name = false);

    /// Plain text of the expression.
    const std::string& text() const { return items_[root_].text; }
    /// LaTeX of the expression.
    std::string latex();

private:
    static constexpr std::uint32_t absent = 0xFFFFFFFFu;
    /// The item of node n, or absent.
    std::uint32_t find(node_id n) const;
    /// Records that node n is item i (items_[i] is created right after).
    void remember(node_id n, std::uint32_t i);
    void gather(node_id root, bool root_as_name);
    void render_text(item& it);
    void render_latex(item& it);

    const graph& g_;
    const temp_names& temps_;
    std::vector<item> items_;
    std::unordered_map<node_id, std::uint32_t> index_;
    std::vector<std::uint32_t> order_;  // item indices by ascending node id: operands first
    std::uint32_t root_ = 0;
    bool latex_done_ = false;
};

/// Appends base^e (e >= 0) as a factor of a product to `out` (x, (a + b), x^2, sqrt(x));
/// returns how the appended text binds.
prec append_factor(std::string& out, const item& base, const rational& e);

}  // namespace chainrule::detail
