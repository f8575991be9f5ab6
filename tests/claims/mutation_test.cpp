// The mutation test: every correct derivative claim of the corpus (`d(...)/d(...) = F`, expected
// to hold) is mutated (mutation.hpp: sign, scale by 2, drop a factor, drop a term, swap two
// index letters), and each mutant is run as a claim in a fresh session after the same
// preceding lines (claims left out: they change nothing).
//
// A mutant that is still true is told apart by another route: the claim `MUTANT = F` (the
// user's two formulas compared with each other, no derivative involved) holds. Such mutants are
// excluded and counted. Every other mutant must be refuted (zero accepted), and the hint must
// name its mutation (mutation.hpp: hint_phrase) in at least 80% of the refuted mutants.
#include "corpus.hpp"
#include "mutation.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <map>

namespace claims = chainrule::claims_test;
namespace lang = chainrule::lang;
namespace verify = chainrule::verify;

namespace {

struct rates {
    int mutants = 0, equivalent = 0, refuted = 0, named = 0, accepted = 0, not_applicable = 0, undecided = 0;
};

// The statements before line `line` of f that are not claims.
std::string preceding(const claims::corpus_file& f, int line) {
    std::string out;
    for (int n = 1; n < line; ++n) {
        const std::string& l = f.lines[static_cast<std::size_t>(n - 1)];
        const auto first = l.find_first_not_of(" \t");
        const bool claim = first != std::string::npos && l.compare(first, 6, "claim ") == 0;
        out += (claim ? "" : l) + "\n";
    }
    return out;
}

// The claim result of running `text` as the next statement of s; nullopt for anything else.
std::optional<lang::claim_result> run_claim(lang::session& s, const std::string& text, std::string& error) {
    const std::optional<lang::result> r = s.run_line(text, "mutant");
    if (!r) return std::nullopt;
    if (r->kind() == lang::result_kind::error) {
        error = r->as<lang::error_result>().error.headline();
        return std::nullopt;
    }
    if (r->kind() != lang::result_kind::claim) return std::nullopt;
    return r->as<lang::claim_result>();
}

}  // namespace

BOOST_AUTO_TEST_CASE(mutants) {
    const auto files = claims::load_corpus(claims::claims_dir() / "corpus");
    std::map<claims::mutation, rates> by_kind;
    int sources = 0;
    std::vector<std::string> unnamed, equivalent;
    for (const claims::corpus_file& f : files) {
        for (const claims::expectation& e : f.expected) {
            if (!e.holds) continue;
            const std::string before = preceding(f, e.line);
            lang::session probe;
            probe.run_program(before, f.name);
            if (!claims::is_derivative_claim(probe, e.statement)) continue;
            ++sources;
            for (const claims::mutant& m : claims::mutants(probe, e.statement)) {
                const std::string where = f.name + ":" + std::to_string(e.line) + " [" + std::string(name(m.kind)) + "] " + m.claim;
                rates& r = by_kind[m.kind];
                ++r.mutants;
                lang::session s;
                s.run_program(before, f.name);
                std::string error;
                // another route: is the mutated formula still equal to the original one?
                const auto same = run_claim(s, "claim " + m.formula + " = " + m.original, error);
                const auto claim = run_claim(s, m.claim, error);
                if (!claim || !same) {
                    // only a swap may leave the index ranges (W[2,3]: h[j]*x[i])
                    if (m.kind == claims::mutation::swap) ++r.not_applicable;
                    else BOOST_ERROR(where << ": did not run: " << error);
                    continue;
                }
                if (verify::holds(same->verdict)) {
                    ++r.equivalent;
                    equivalent.push_back(where);
                    BOOST_TEST(verify::holds(claim->verdict), where << ": equal to the original formula, yet "
                                                                     << verify::name(claim->verdict));
                    continue;
                }
                if (same->verdict != verify::verdict::refuted || claim->verdict == verify::verdict::unknown) {
                    ++r.undecided;
                    BOOST_ERROR(where << ": undecided (" << same->reason << claim->reason << ")");
                    continue;
                }
                if (verify::holds(claim->verdict)) {
                    ++r.accepted;
                    BOOST_ERROR(where << ": mutant accepted (" << verify::name(claim->verdict) << ", " << claim->method << ")");
                    continue;
                }
                ++r.refuted;
                if (claims::hint_names(claim->hint, hint_phrase(m.kind))) ++r.named;
                else unnamed.push_back(where + "\n      hint: " + claim->hint);
            }
        }
    }

    rates total;
    BOOST_TEST_MESSAGE("mutation test: " << sources << " correct derivative claims mutated");
    BOOST_TEST_MESSAGE("mutation      mutants equivalent refuted accepted n/a  hint names it");
    for (claims::mutation k : claims::all_mutations) {
        const rates& r = by_kind[k];
        char buffer[200];
        std::snprintf(buffer, sizeof buffer, "%-12s %8d %10d %7d %8d %4d  %d/%d = %.1f%% (\"%s\")", std::string(name(k)).c_str(),
                      r.mutants, r.equivalent, r.refuted, r.accepted, r.not_applicable, r.named, r.refuted,
                      r.refuted ? 100.0 * r.named / r.refuted : 0.0, std::string(hint_phrase(k)).c_str());
        BOOST_TEST_MESSAGE(buffer);
        total.mutants += r.mutants, total.equivalent += r.equivalent, total.refuted += r.refuted, total.named += r.named;
        total.accepted += r.accepted, total.not_applicable += r.not_applicable, total.undecided += r.undecided;
    }
    const double share = total.refuted ? static_cast<double>(total.named) / total.refuted : 0.0;
    char buffer[200];
    std::snprintf(buffer, sizeof buffer, "%-12s %8d %10d %7d %8d %4d  %d/%d = %.1f%%", "all", total.mutants, total.equivalent,
                  total.refuted, total.accepted, total.not_applicable, total.named, total.refuted, 100.0 * share);
    BOOST_TEST_MESSAGE(buffer);
    BOOST_TEST_MESSAGE("mutants equal to the original formula (excluded):");
    for (const std::string& e : equivalent) BOOST_TEST_MESSAGE("  " << e);
    BOOST_TEST_MESSAGE("refuted mutants whose hint does not name the mutation:");
    for (const std::string& u : unnamed) BOOST_TEST_MESSAGE("  " << u);

    BOOST_TEST(sources > 0);
    BOOST_TEST(total.accepted == 0);
    BOOST_TEST(total.undecided == 0);
    BOOST_TEST(share >= 0.8, "the hint names the mutation in " << 100.0 * share << "% of refuted mutants (needs 80%)");
}
