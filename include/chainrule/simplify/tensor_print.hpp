#pragma once
/// \file
/// Tensor nodes in matrix notation, as textbooks and MatrixCalculus.org write them: ⊙ for the
/// element-wise product, ⊘ for element-wise division, ᵀ, outer products as u vᵀ, diag(v),
/// A B for a matrix product, sum(X, 0), softmax(S). Text uses Unicode; LaTeX uses \odot,
/// \oslash, ^{\top}. Deterministic: the same graph prints the same way in every run.

#include "chainrule/tensor/graph.hpp"

#include <string>

namespace chainrule {

/// How a tensor formula is printed.
struct tensor_print_options {
    /// Print named nodes by their labels (true), or look through them (false). The root is
    /// printed through its definition in either case.
    bool use_names = true;
};

/// `n` in matrix notation, Unicode text: "((h − y) ⊙ (1 − h²)) xᵀ". A named node prints as its
/// label; so does the expression it names (the body of `h = tanh(W x + b)` prints as `h`).
std::string tensor_text(const tensor::tensor_graph& t, tensor::tensor_id n, const tensor_print_options& options = {});

/// `n` in matrix notation, LaTeX: "\left(\left(h - y\right) \odot \left(1 - h^{2}\right)\right) x^{\top}".
std::string tensor_latex(const tensor::tensor_graph& t, tensor::tensor_id n, const tensor_print_options& options = {});

}  // namespace chainrule
