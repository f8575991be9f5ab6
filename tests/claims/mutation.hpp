#pragma once
/// \file
/// Mutants of a correct derivative claim `claim d(...)/d(...) = F`: the mistakes of diagnosis
/// (issue 4, item 4) applied to the text of F, the derivative side kept as written:
/// - sign:        -(F)
/// - scale:       2*(F)
/// - drop_factor: F = f1*f2*...*fn (/ d1 ...) without one fi or dj, for n + divisors >= 2
///                (under a leading unary minus, the minus is kept)
/// - drop_term:   F = t1 ± t2 ± ... without one term (a "path"), F's top-level sum only (a sum
///                inside a factor, like o - y in (o - y)*(p1 + p2), is rarely a path)
/// - swap:        two free index letters of F exchanged: h[i]*x[j] -> h[j]*x[i]

#include "chainrule/lang/session.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace chainrule::claims_test {

/// The kinds of mutation.
enum class mutation { sign, scale, drop_factor, drop_term, swap };

/// Every kind, in order.
inline constexpr mutation all_mutations[] = {mutation::sign, mutation::scale, mutation::drop_factor,
                                             mutation::drop_term, mutation::swap};

/// "sign", "scale", "drop factor", "drop term", "swap".
std::string_view name(mutation m);

/// The phrase a hint must contain to name the mutation: "opposite sign", "constant factor",
/// "factor", "path", "swapped".
std::string_view hint_phrase(mutation m);

/// One mutant.
struct mutant {
    mutation kind = mutation::sign;
    std::string claim;    ///< the whole mutated claim statement
    std::string formula;  ///< the mutated F
    std::string original; ///< F as written
};

/// Whether `claim_text` (one claim statement) has a derivative on one side.
bool is_derivative_claim(lang::session& s, std::string_view claim_text);

/// The mutants of `claim_text`, whose names are read from `s` (to tell index letters from
/// symbols); empty when neither side is a derivative.
std::vector<mutant> mutants(lang::session& s, std::string_view claim_text);

}  // namespace chainrule::claims_test
