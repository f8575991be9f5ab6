#pragma once
/// \file
/// The claim corpus (tests/claims/corpus/*.chain) as data: each file's text and, for each claim
/// line, what its trailing comment expects:
///
///     claim d(L)/d(w) = (a - y)*x  # expect: refuted, hint: a*(1 - a)
///
/// `holds` accepts proved or verified; `refuted` accepts refuted, and with `hint: TEXT` the
/// hint must contain TEXT and must name a mistake (lang::no_pattern_hint lists every mistake
/// by name, so it never counts). Also the helpers the corpus, mutation and benchmark code share:
/// the free index letters of a claim and the re-decision of a claim's sides.

#include "chainrule/lang/result.hpp"
#include "chainrule/lang/session.hpp"
#include "chainrule/verify/equivalence.hpp"
#include "chainrule/verify/facts.hpp"

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::claims_test {

/// What a claim line's comment expects.
struct expectation {
    int line = 0;                     ///< 1-based source line
    bool holds = true;                ///< holds (proved or verified), else refuted
    std::optional<std::string> hint;  ///< refuted: a substring the hint must contain
    std::string statement;            ///< the line without its comment, trimmed
};

/// One corpus file.
struct corpus_file {
    std::string name;                   ///< file name: "dense.chain"
    std::string text;                   ///< the whole file
    std::vector<std::string> lines;     ///< text split at newlines (line n is lines[n - 1])
    std::vector<expectation> expected;  ///< one per claim line, in order
    std::vector<std::string> problems;  ///< claim lines without an expectation, malformed comments
};

/// The directory of the corpus: $CHAINRULE_CLAIMS_DIR when set, else the one meson configured.
std::filesystem::path claims_dir();

/// Reads one file. Throws std::runtime_error when it cannot be read.
corpus_file load_file(const std::filesystem::path& path);

/// Every `*.chain` file of `dir`, sorted by name.
std::vector<corpus_file> load_corpus(const std::filesystem::path& dir);

/// Whether `hint` names a mistake and contains `expected`.
bool hint_names(const std::string& hint, std::string_view expected);

/// One free index letter of a claim, with its range.
struct letter {
    std::string name;
    long range = 0;
};

/// The free index letters of claim statement `c` (names used as indices that are not symbols),
/// in order of first use, their ranges found by lowering with growing values.
std::vector<letter> free_letters(lang::session& s, const lang::claim_statement& c);

/// The claim at `text` (one statement) re-decided with `options` against the first
/// `fact_count` facts of `s`, every index combination and element: the first result that is
/// not proved-or-verified, else the last result. Throws source_error if it does not lower.
verify::equivalence_result redecide(lang::session& s, std::string_view text, std::size_t fact_count,
                                    const verify::equivalence_options& options);

/// The outcome of running a file, paired with its expectations.
struct checked_claim {
    const expectation* expected = nullptr;
    const lang::result* outcome = nullptr;  ///< null when no result has the claim's line
    std::size_t facts = 0;                  ///< facts in force at the claim
};

/// Runs `file` in `s` with run_program; `results` receives every result. Pairs each claim
/// expectation with its result by line.
std::vector<checked_claim> run_file(lang::session& s, const corpus_file& file, std::vector<lang::result>& results);

/// "holds" / "refuted" / the verdict name of a claim result.
std::string verdict_class(verify::verdict v);

}  // namespace chainrule::claims_test
