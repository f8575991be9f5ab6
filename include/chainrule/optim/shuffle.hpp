#pragma once
/// \file
/// The order in which the training loop visits samples: a Fisher-Yates shuffle driven by a
/// random_stream, so a seed gives the same order on every machine.

#include "chainrule/optim/random.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chainrule::optim {

/// Shuffles `items` in place: for i = n-1 down to 1, swap items[i] with items[j],
/// j = stream.below(i + 1) (Durstenfeld's form of Fisher-Yates; n - 1 draws).
void shuffle(std::span<std::size_t> items, random_stream& stream);

/// The validation and training samples of a seeded random split of `samples` samples:
/// the order 0..n-1 shuffled with a stream seeded by `seed`, the first `validation_count`
/// of it (sorted) held out for validation, the rest (sorted) for training.
struct split {
    std::vector<std::size_t> training = {};    ///< sorted sample indices
    std::vector<std::size_t> validation = {};  ///< sorted sample indices
};

/// A seeded random split (see split); usage_error when validation_count > samples.
split random_split(std::size_t samples, std::size_t validation_count, std::uint64_t seed);

/// The split that holds out exactly `validation` (indices < samples, no repeats; usage_error
/// otherwise) and trains on every other sample.
split explicit_split(std::size_t samples, std::span<const std::size_t> validation);

}  // namespace chainrule::optim
