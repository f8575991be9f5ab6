// The claim corpus: every claim of tests/claims/corpus/*.chain run through a session, its verdict
// class and hint checked against the expectation written on its line, every `proved`
// re-confirmed numerically, and the verdict mix counted.
//
// Re-confirmation: the claim's two sides are rebuilt from the session after the run (parsed
// again, lowered with the session's lowerer for every index combination and element) and
// re-decided with verify::decide with `symbolic = false`, another seed and the facts that were
// in force at the claim: exact rationals or 60-digit evaluation at 12 random points.
#include "corpus.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <map>

namespace claims = chainrule::claims_test;
namespace lang = chainrule::lang;
namespace verify = chainrule::verify;

namespace {

struct tally {
    int claims = 0, proved = 0, verified = 0, refuted = 0, other = 0;
    int expected_holds = 0, expected_refuted = 0, hints = 0;
    void add(verify::verdict v) {
        ++claims;
        switch (v) {
        case verify::verdict::proved: ++proved; break;
        case verify::verdict::verified: ++verified; break;
        case verify::verdict::refuted: ++refuted; break;
        case verify::verdict::unknown: ++other; break;
        }
    }
    void add(const tally& t) {
        claims += t.claims, proved += t.proved, verified += t.verified, refuted += t.refuted, other += t.other;
        expected_holds += t.expected_holds, expected_refuted += t.expected_refuted, hints += t.hints;
    }
};

std::string row(const std::string& name, const tally& t) {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "%-24s %6d %6d %8d %7d %5d   (expected: %d hold, %d refuted, %d hints)", name.c_str(),
                  t.claims, t.proved, t.verified, t.refuted, t.other, t.expected_holds, t.expected_refuted, t.hints);
    return buffer;
}

// Checks one claim against its expectation; returns whether the verdict class was right.
bool check_claim(lang::session& s, const claims::corpus_file& f, const claims::checked_claim& c, tally& t, int& reconfirmed) {
    const claims::expectation& e = *c.expected;
    const std::string where = f.name + ":" + std::to_string(e.line) + ": " + e.statement;
    (e.holds ? t.expected_holds : t.expected_refuted) += 1;
    if (e.hint) ++t.hints;
    if (!c.outcome) {
        BOOST_ERROR(where << ": no result for this line");
        return false;
    }
    if (c.outcome->kind() != lang::result_kind::claim) {
        if (c.outcome->kind() == lang::result_kind::error)
            BOOST_ERROR(where << ": error: " << c.outcome->as<lang::error_result>().error.headline());
        else
            BOOST_ERROR(where << ": not a claim result (" << lang::name(c.outcome->kind()) << ")");
        ++t.claims, ++t.other;
        return false;
    }
    const lang::claim_result& r = c.outcome->as<lang::claim_result>();
    t.add(r.verdict);
    const std::string got = claims::verdict_class(r.verdict);
    const std::string want = e.holds ? "holds" : "refuted";
    BOOST_TEST(got == want, where << ": expected " << want << ", got " << verify::name(r.verdict) << " ("
                                   << r.method << (r.hint.empty() ? "" : "; hint: " + r.hint)
                                   << (r.reason.empty() ? "" : "; reason: " + r.reason) << ")");
    if (e.hint && r.verdict == verify::verdict::refuted)
        BOOST_TEST(claims::hint_names(r.hint, *e.hint), where << ": the hint should name '" << *e.hint << "', got: " << r.hint);

    if (r.verdict == verify::verdict::proved) {
        verify::equivalence_options numeric;
        numeric.symbolic = false;
        numeric.seed = 7;  // other points than the session's
        try {
            const verify::equivalence_result again = claims::redecide(s, e.statement, c.facts, numeric);
            BOOST_TEST(verify::holds(again.outcome), where << ": proved (" << r.method << "), but numerically "
                                                           << verify::name(again.outcome) << " (" << again.method << ")");
            if (verify::holds(again.outcome)) ++reconfirmed;
        } catch (const chainrule::error& x) {
            BOOST_ERROR(where << ": proved, but its sides could not be rebuilt: " << x.what());
        }
    }
    return got == want;
}

}  // namespace

BOOST_AUTO_TEST_CASE(corpus) {
    const auto files = claims::load_corpus(claims::claims_dir() / "corpus");
    BOOST_TEST_REQUIRE(!files.empty(), "no corpus files under " << (claims::claims_dir() / "corpus").string());
    tally total;
    int wrong = 0, errors = 0, reconfirmed = 0;
    std::vector<std::string> rows;
    for (const claims::corpus_file& f : files) {
        BOOST_TEST_CONTEXT(f.name) {
            for (const std::string& p : f.problems) BOOST_ERROR(p);
            lang::session s;
            std::vector<lang::result> results;
            const auto checked = claims::run_file(s, f, results);
            for (const lang::result& r : results)
                if (r.kind() == lang::result_kind::error) {
                    ++errors;
                    BOOST_ERROR("error: " << r.as<lang::error_result>().error.headline());
                }
            tally t;
            for (const claims::checked_claim& c : checked)
                if (!check_claim(s, f, c, t, reconfirmed)) ++wrong;
            rows.push_back(row(f.name, t));
            total.add(t);
        }
    }
    BOOST_TEST(total.claims >= 150, "the corpus has " << total.claims << " claims, fewer than 150");
    BOOST_TEST(wrong == 0);
    BOOST_TEST(errors == 0);
    BOOST_TEST(reconfirmed == total.proved, reconfirmed << " of " << total.proved << " proved claims re-confirmed");

    BOOST_TEST_MESSAGE("claim corpus: " << files.size() << " files");
    BOOST_TEST_MESSAGE("file                     claims proved verified refuted other");
    for (const std::string& r : rows) BOOST_TEST_MESSAGE(r);
    BOOST_TEST_MESSAGE(row("total", total));
    const int held = total.proved + total.verified;
    BOOST_TEST_MESSAGE("wrong verdicts: " << wrong << ", errors: " << errors << ", proved re-confirmed numerically: "
                                          << reconfirmed << "/" << total.proved);
    if (held > 0)
        BOOST_TEST_MESSAGE("share of true claims proved (not only verified): " << total.proved << "/" << held << " = "
                                                                              << (100.0 * total.proved / held) << "%");
}

// Claims whose expectation is right but which chainrule gets wrong today: reported, never failed.
BOOST_AUTO_TEST_CASE(known_failures) {
    const auto path = claims::claims_dir() / "known_failures.chain";
    if (!std::filesystem::exists(path)) return;
    const claims::corpus_file f = claims::load_file(path);
    lang::session s;
    std::vector<lang::result> results;
    int still = 0, fixed = 0;
    for (const claims::checked_claim& c : claims::run_file(s, f, results)) {
        const std::string where = f.name + ":" + std::to_string(c.expected->line) + ": " + c.expected->statement;
        bool ok = c.outcome && c.outcome->kind() == lang::result_kind::claim;
        std::string got = "no claim result";
        if (ok) {
            const lang::claim_result& r = c.outcome->as<lang::claim_result>();
            got = std::string(verify::name(r.verdict)) + (r.hint.empty() ? "" : ", hint: " + r.hint);
            ok = claims::verdict_class(r.verdict) == (c.expected->holds ? "holds" : "refuted") &&
                 (!c.expected->hint || claims::hint_names(r.hint, *c.expected->hint));
        }
        (ok ? fixed : still) += 1;
        BOOST_TEST_MESSAGE((ok ? "now passes (move it to the corpus): " : "known failure: ") << where << " -> " << got);
    }
    BOOST_TEST_MESSAGE("known failures: " << still << " still failing, " << fixed << " now passing");
    BOOST_TEST(f.problems.empty());
}
