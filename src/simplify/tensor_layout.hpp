#pragma once
// The layout of one printed tensor formula: the parts it shows, with sums, element-wise
// products and matrix products flattened, numeric factors gathered into one coefficient,
// broadcasts looked through, and named expressions cut off at their labels. The three printers
// of tensor_print.cpp render the same layout; only matrix products are laid out differently for
// the chain language (`A @ B`, `outer(u, v)`) than for matrix notation (`A B`, `u vᵀ`).

#include "chainrule/simplify/tensor_print.hpp"
#include "chainrule/tensor/graph.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace chainrule::detail {

/// The notation a tensor formula is printed in.
enum class notation : std::uint8_t {
    text,   ///< Unicode matrix notation
    latex,  ///< LaTeX matrix notation
    chain,  ///< the chain language
};

/// What a shown part of a tensor formula is.
enum class tensor_form : std::uint8_t {
    name,       ///< a variable, or a label
    number,     ///< a scalar constant
    same,       ///< shown as operands[0]: a broadcast, a named node looked through
    sum,        ///< operands are the terms
    product,    ///< coefficient and factors: ⊙, ·, ⊘, /
    power,      ///< operands[0] ^ operands[1], the exponent not a constant
    matrix,     ///< matrix notation: juxtaposed links; chain language: operands joined by @
    call,       ///< f(operands): maps, max, min, diag, sum, softmax, logsumexp, outer (chain language)
    transpose,  ///< operands[0]ᵀ
    index,      ///< element, row or column of operands[0]
    stack,      ///< [operands...]
};

/// base^exponent inside a product (a negative exponent divides), or mean(base, over).
struct tensor_factor {
    tensor::tensor_id base = tensor::no_tensor;
    rational exponent;
    bool scalar = false;        ///< base is a scalar (a broadcast one): written with ·, or /
    bool mean = false;          ///< mean(base, over), from (1/n) ⊙ sum(base, over)
    tensor::axis over = tensor::axis::all;
};

/// One operand of a matrix product in matrix notation, transposed (a row) or not.
struct tensor_link {
    tensor::tensor_id node = tensor::no_tensor;
    bool transposed = false;
};

/// One shown part.
struct tensor_item {
    tensor::tensor_id node = tensor::no_tensor;
    tensor_form kind = tensor_form::name;
    std::string name;                      ///< name: the variable's name or the label
    rational value;                        ///< number: the value; product: the coefficient
    std::vector<tensor::tensor_id> operands;
    std::vector<tensor_factor> factors;    ///< product: scalar factors first, else as built
    std::vector<tensor_link> links;        ///< matrix (matrix notation)
    tensor::tensor_op op = tensor::tensor_op::constant;  ///< call, index: the tensor op
    chainrule::op function = chainrule::op::constant;   ///< call of a map: the scalar op
    tensor::axis over = tensor::axis::all;  ///< call of sum or logsumexp
    std::size_t i = 0, j = 0;              ///< index
};

/// Throws the limit_error of a tensor formula longer than `limit` bytes (`reached` at least).
[[noreturn]] void tensor_formula_too_long(std::size_t limit, std::size_t reached);

/// The layout of node `root` of t for notation `how`. Gathered with an explicit stack.
class tensor_layout {
public:
    tensor_layout(const tensor::tensor_graph& t, tensor::tensor_id root, const tensor_print_options& options,
                  notation how);

    /// Every shown part, operands before their users (ascending node id).
    const std::vector<tensor_item>& items() const { return items_; }
    /// The index in items() of the part showing node n (which must be shown).
    std::uint32_t find(tensor::tensor_id n) const;
    /// The index in items() of the root.
    std::uint32_t root() const { return find(root_); }

private:
    static constexpr std::uint32_t absent = 0xFFFFFFFFu;
    /// Whether node n is shown by a label.
    bool stops(tensor::tensor_id n) const;
    /// n, or what it names when named nodes are looked through.
    tensor::tensor_id look(tensor::tensor_id n) const;
    /// Throws limit_error when one part has more operands than the formula may have bytes.
    void check_count(std::size_t count) const;
    void gather();
    void gather_sum(tensor_item& it);
    void gather_product(tensor_item& it);
    void gather_matrix(tensor_item& it);

    const tensor::tensor_graph& t_;
    tensor::tensor_id root_;
    tensor_print_options options_;
    notation how_;
    std::vector<const std::string*> alias_;  // by node id: the label shown for it, or null
    std::vector<tensor_item> items_;
    std::vector<std::uint32_t> item_of_;     // by node id
};

}  // namespace chainrule::detail
