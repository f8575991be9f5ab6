#pragma once
/// \file
/// Claims over index combinations: one verdict from the decisions of every element pair of every
/// combination of a claim's free index letters, and the swapped-indices search for a refuted one.
/// The pairs come from the caller (the language lowers each combination); the verdict merging
/// lives here.

#include "chainrule/verify/equivalence.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chainrule::verify {

/// One pair of a claim: the two sides' element nodes, and where it sits ("i = 0, element [1]";
/// empty for a scalar claim without index letters).
struct claim_pair {
    node_id left = no_node;
    node_id right = no_node;
    std::string where;
    /// Defined wherever the sides' derivatives exist (lang::lowerer::domain), or no_node: only
    /// points where it is defined are in the claim's domain.
    node_id domain = no_node;
};

/// The pairs of the combination `at` of the index letters (one value per letter).
using pair_source = std::function<std::vector<claim_pair>(std::span<const long> at)>;

/// The merged outcome of a claim.
struct claim_decision {
    /// refuted at the first refuted pair; else unknown when any pair was, verified when any
    /// was, proved when all were.
    verdict outcome = verdict::unknown;
    /// The pair whose method, points and digits describe the outcome: the first pair, the first
    /// verified one, the first unknown one, or the refuted one.
    equivalence_result reported;
    std::optional<std::string> index;  ///< where the reported pair sits (not for proved claims)
    std::size_t decided = 0;           ///< pairs decided
    std::vector<long> at;              ///< refuted: the combination
    std::size_t element = 0;           ///< refuted: the element within it
    std::string reason;                ///< unknown: the first unknown pair's reason
    std::vector<std::string> notes;    ///< every pair's notes, once each
};

/// Decides every pair of every combination (the letters' values 0 .. ranges[k] - 1, the last
/// letter fastest) under `facts`, stopping at the first refuted pair. Throws limit_error past
/// max_pairs pairs.
claim_decision decide_all(graph& g, std::span<const std::size_t> ranges, const pair_source& pairs,
                          std::span<const fact> facts, const equivalence_options& options = {},
                          std::size_t max_pairs = 10000);

/// The claim's elements at `claimed_at` (left) against the truth's at `truth_at` (right), each
/// pair with the domain of both.
using swapped_source = std::function<std::vector<claim_pair>(std::span<const long> claimed_at, std::span<const long> truth_at)>;

/// Letters a < b of equal range such that the claim at every combination equals the truth with
/// a's and b's values exchanged (decided numerically, two points each, under `facts` and each
/// pair's domain), tried only when there are at most max_combinations combinations; the first
/// such pair, or nothing.
std::optional<std::pair<std::size_t, std::size_t>> swapped_indices(graph& g, std::span<const std::size_t> ranges,
                                                                   const swapped_source& pairs, std::span<const fact> facts,
                                                                   std::size_t max_combinations = 64);

}  // namespace chainrule::verify
