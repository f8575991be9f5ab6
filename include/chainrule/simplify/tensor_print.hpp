#pragma once
/// \file
/// Tensor nodes in matrix notation, as textbooks and MatrixCalculus.org write them: ⊙ for the
/// element-wise product, ⊘ for element-wise division, ᵀ, outer products as u vᵀ, diag(v),
/// A B for a matrix product, sum(X, 0), softmax(S). Text uses Unicode; LaTeX uses \odot,
/// \oslash, ^{\top}; a third form writes the formula in the chain language's own syntax.
///
/// Notation. U + (−1) ⊙ V prints as `U − V` and U ⊙ V^(−1) as `U ⊘ V`; a scalar times a tensor
/// is written `2 x` for a number and `s·W` for a scalar expression, a division by a scalar
/// `U/s` (`U/2`). Powers with small whole exponents use superscripts (`h²`), U^(1/2) is `√U`
/// (`\sqrt{U}`), a negative power is a division (`1 ⊘ V²`). A matrix product is juxtaposition in
/// the column-vector convention: a vector on the left of a product is a row, so `u @ v` prints
/// `uᵀ v` and `x @ W` prints `xᵀ W`; an outer product is `u vᵀ`. A broadcast prints as the
/// scalar or vector broadcast. sum(X)/n over the n > 2 elements of X prints as mean(X).
/// Parentheses follow precedence (sums < a leading minus < products < powers and ᵀ < atoms).
/// Element-wise and matrix products share one level: nested products of one kind are flattened,
/// and an operand that is a product of the other kind, or negative, is parenthesised:
/// `((h − y) ⊙ (1 − h²)) xᵀ`, `(Wᵀ δ) ⊙ (1 − h²)`, `W (−b)`; a lone minus goes in front, `−W x`.
///
/// Order. Operands print in the order they were built, except that the first positive term of a
/// sum moves to its front (`−y + h` prints `h − y`) and scalar factors of a product move before
/// tensor factors (`W ⊙ s` prints `s·W`). Nothing depends on addresses or hashing, so the same
/// construction prints the same in every run.
///
/// Names. With use_names, a named node prints as its label, and so does the expression it names
/// (the first named node, by id, naming a node wins; variables and constants are never replaced
/// by a label). The printed root itself is always shown through its definition.
///
/// No recursion: the formula is gathered with an explicit stack and rendered operands first.

#include "chainrule/tensor/graph.hpp"

#include <cstddef>
#include <string>

namespace chainrule {

/// How a tensor formula is printed.
struct tensor_print_options {
    /// Print named nodes by their labels (true), or look through them (false). The root is
    /// printed through its definition in either case.
    bool use_names = true;
    /// Longest formula printed, in bytes: a longer one (a DAG whose tree is huge) throws
    /// limit_error.
    std::size_t max_length = 100'000;
    /// Only named nodes with smaller ids give names (so a formula printed later reads as it did
    /// when it was made, before later definitions existed); no_tensor for every named node.
    tensor::tensor_id names_below = tensor::no_tensor;
};

/// `n` in matrix notation, Unicode text: "((h − y) ⊙ (1 − h²)) xᵀ". A named node prints as its
/// label; so does the expression it names (the body of `h = tanh(W x + b)` prints as `h`).
/// Throws limit_error past options.max_length.
std::string tensor_text(const tensor::tensor_graph& t, tensor::tensor_id n, const tensor_print_options& options = {});

/// `n` in matrix notation, LaTeX: "\left((h - y) \odot \left(1 - h^{2}\right)\right) x^{\top}".
/// Throws limit_error past options.max_length.
std::string tensor_latex(const tensor::tensor_graph& t, tensor::tensor_id n, const tensor_print_options& options = {});

/// `n` in the chain language's syntax, for JSON and for pasting into claims: `*` and `/`
/// element-wise, `@` for matrix products as built, `transpose(W) @ delta`, `outer(d, x)`,
/// `(a - b)^2`, `sqrt(v)`, `sum(X, 0)`, `mean(X, 1)`, `W[0,1]`, `X[1, :]`, `X[:, 2]`, `[a, b]`.
/// Names as in tensor_text. Throws limit_error past options.max_length.
std::string tensor_chain(const tensor::tensor_graph& t, tensor::tensor_id n, const tensor_print_options& options = {});

}  // namespace chainrule
