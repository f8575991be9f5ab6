#pragma once
// The free index letters of a claim (`claim d(L)/d(W[i,j]) = h[i]*x[j]`): names used as indices
// that are not symbols, each with the range of the axis it indexes.

#include "chainrule/lang/ast.hpp"
#include "chainrule/lang/diagnostic.hpp"
#include "chainrule/lang/symbols.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace chainrule::lang {

// One free index letter: it runs over 0 .. range - 1.
struct index_letter {
    std::string name;
    std::size_t range = 0;
};

// The free index letters of the expressions, in order of first use. A letter must index an axis
// of a named vector or matrix somewhere (that gives its range), and every axis it indexes must
// have the same length: otherwise source_error at the offending use, naming both lengths.
std::vector<index_letter> free_index_letters(std::span<const expression* const> roots, const symbol_table& symbols,
                                             const std::string& file);

}  // namespace chainrule::lang
