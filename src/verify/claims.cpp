// Claims over index combinations (see claims.hpp).
#include "chainrule/verify/claims.hpp"

#include "chainrule/core/error.hpp"

#include <algorithm>
#include <utility>

namespace chainrule::verify {

namespace {

// The next combination, the last letter fastest; false after the last.
bool advance(std::vector<long>& at, std::span<const std::size_t> ranges) {
    for (std::size_t k = at.size(); k-- > 0;) {
        if (++at[k] < static_cast<long>(ranges[k])) return true;
        at[k] = 0;
    }
    return false;
}

}  // namespace

claim_decision decide_all(graph& g, std::span<const std::size_t> ranges, const pair_source& pairs,
                          std::span<const fact> facts, const equivalence_options& options, std::size_t max_pairs) {
    claim_decision out;
    bool any_verified = false, any_unknown = false, first = true;
    std::vector<long> at(ranges.size(), 0);
    for (bool more = true; more; more = advance(at, ranges)) {
        const std::vector<claim_pair> combination = pairs(at);
        if (out.decided + combination.size() > max_pairs)
            throw limit_error("this claim has more than " + std::to_string(max_pairs) + " elements to decide (the limit)",
                              max_pairs, out.decided + combination.size());
        for (std::size_t k = 0; k < combination.size(); ++k) {
            const claim_pair& p = combination[k];
            equivalence_result r = decide(g, p.left, p.right, with_domain(facts, p.domain), options);
            ++out.decided;
            for (const std::string& n : r.notes)
                if (std::find(out.notes.begin(), out.notes.end(), n) == out.notes.end()) out.notes.push_back(n);
            const bool keep = first || (r.outcome == verdict::verified && !any_verified && !any_unknown) ||
                              (r.outcome == verdict::unknown && !any_unknown) || r.outcome == verdict::refuted;
            first = false;
            switch (r.outcome) {
            case verdict::proved: break;
            case verdict::verified: any_verified = true; break;
            case verdict::unknown:
                if (!any_unknown) out.reason = r.reason;
                any_unknown = true;
                break;
            case verdict::refuted: break;
            }
            if (keep) {
                if (r.outcome != verdict::proved && !p.where.empty()) out.index = p.where;
                out.reported = std::move(r);
            }
            if (out.reported.outcome == verdict::refuted && keep) {
                out.outcome = verdict::refuted;
                out.at = at;
                out.element = k;
                return out;
            }
        }
    }
    out.outcome = any_unknown ? verdict::unknown : any_verified ? verdict::verified : verdict::proved;
    if (out.outcome == verdict::proved) out.index.reset();
    return out;
}

std::optional<std::pair<std::size_t, std::size_t>> swapped_indices(graph& g, std::span<const std::size_t> ranges,
                                                                   const swapped_source& pairs, std::span<const fact> facts,
                                                                   std::size_t max_combinations) {
    std::size_t combinations = 1;
    for (std::size_t r : ranges) combinations *= r;
    if (combinations > max_combinations) return std::nullopt;
    equivalence_options quick;
    quick.symbolic = false;
    quick.points = 2;
    for (std::size_t a = 0; a < ranges.size(); ++a)
        for (std::size_t b = a + 1; b < ranges.size(); ++b) {
            if (ranges[a] != ranges[b]) continue;
            bool all = true;
            std::vector<long> at(ranges.size(), 0);
            for (bool more = true; more && all; more = advance(at, ranges)) {
                std::vector<long> swapped = at;
                std::swap(swapped[a], swapped[b]);
                for (const claim_pair& p : pairs(at, swapped))
                    if (!(all = holds(decide(g, p.left, p.right, with_domain(facts, p.domain), quick).outcome))) break;
            }
            if (all) return std::make_pair(a, b);
        }
    return std::nullopt;
}

}  // namespace chainrule::verify
