#pragma once
// Test objectives with known minima, written out by hand (no symbolic code).
#include <chainrule/optim/objective.hpp>

#include <cstddef>
#include <span>
#include <vector>

namespace optim_test {

/// f(p) = 1/2 sum_i a_i (p_i - c_i)^2, minimum 0 at p = c; grad_i = a_i (p_i - c_i).
chainrule::optim::function_objective quadratic(std::vector<double> a, std::vector<double> c);

/// Rosenbrock f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, minimum 0 at (1, 1);
/// df/dx = -2 (1 - x) - 400 x (y - x^2), df/dy = 200 (y - x^2).
chainrule::optim::function_objective rosenbrock();

/// Linear regression on the line y = w x + b sampled at x_i = i/n - 1/2, y_i = 2 x_i + 1 (so the
/// minimum is w = 2, b = 1 with loss 0): l_i = (w x_i + b - y_i)^2 / 2 per sample.
chainrule::optim::per_sample_objective line_fit(std::size_t samples);

/// The Euclidean distance between a and b.
double distance(std::span<const double> a, std::span<const double> b);

}  // namespace optim_test
