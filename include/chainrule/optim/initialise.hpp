#pragma once
/// \file
/// Initial parameter values: plain normal and uniform draws, and the fan-scaled draws of
/// Glorot & Bengio (2010) and He et al. (2015), with PyTorch's formulas. For a weight matrix
/// W[m,n] that maps n inputs to m outputs, fan_in = n and fan_out = m.
/// Every draw comes from a random_stream, so a seed gives the same values on every machine.

#include "chainrule/optim/random.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

namespace chainrule::optim {

/// N(mean, sd^2).
struct normal_init {
    double mean = 0;
    double sd = 1;
};

/// U(low, high).
struct uniform_init {
    double low = 0;
    double high = 1;
};

/// Glorot normal (torch.nn.init.xavier_normal_): N(0, sd^2), sd = gain sqrt(2 / (fan_in + fan_out)).
struct xavier_normal_init {
    std::size_t fan_in = 1;
    std::size_t fan_out = 1;
    double gain = 1;
};

/// Glorot uniform (xavier_uniform_): U(-a, a), a = gain sqrt(6 / (fan_in + fan_out)).
struct xavier_uniform_init {
    std::size_t fan_in = 1;
    std::size_t fan_out = 1;
    double gain = 1;
};

/// He normal (kaiming_normal_, mode fan_in, ReLU gain sqrt 2): N(0, sd^2), sd = sqrt(2 / fan_in).
struct he_normal_init {
    std::size_t fan_in = 1;
};

/// One way of drawing initial values (a closed set).
using initialiser = std::variant<normal_init, uniform_init, xavier_normal_init, xavier_uniform_init, he_normal_init>;

/// Fills `values` with independent draws of `init`, in order, from `stream`. usage_error for
/// sd < 0, high < low, a zero fan, a negative gain or a non-finite parameter.
void initialise(std::span<double> values, const initialiser& init, random_stream& stream);

/// `count` draws of `init` from a fresh stream seeded with `seed`.
std::vector<double> initial_values(const initialiser& init, std::size_t count, std::uint64_t seed);

}  // namespace chainrule::optim
