#pragma once
// The transposed-operand hint of a refuted claim: the claimed side with one operand transposed
// equals the truth. Three rewrites are tried, one at a time, in the order the side is written:
// transpose(A) read as A, a square matrix A read as transpose(A), outer(u, v) read as
// outer(v, u).

#include "chainrule/lang/ast.hpp"
#include "chainrule/lang/symbols.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace chainrule::lang {

// Whether the claimed side, rewritten, equals the truth (decided by the caller, e.g. at two
// random points); a rewrite that does not lower (a shape error) is not a match.
using rewrite_matches = std::function<bool(const expression& rewritten)>;

// The hint, "transposed operand: the claim holds with transpose(W) where W was written", for the
// first rewrite that matches; nothing when none does. `text` is the source the spans index.
std::optional<std::string> transposed_operand(const expression& claimed, std::string_view text,
                                              const symbol_table& symbols, const rewrite_matches& matches);

}  // namespace chainrule::lang
