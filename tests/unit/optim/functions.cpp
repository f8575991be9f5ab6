#include "functions.hpp"

#include <cmath>
#include <utility>

namespace optim_test {

using namespace chainrule::optim;

function_objective quadratic(std::vector<double> a, std::vector<double> c) {
    const std::size_t n = a.size();
    return function_objective(n, [a = std::move(a), c = std::move(c)](std::span<const double> p, std::span<double> g) {
        double f = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            f += a[i] * (p[i] - c[i]) * (p[i] - c[i]) / 2;
            g[i] = a[i] * (p[i] - c[i]);
        }
        return f;
    });
}

function_objective rosenbrock() {
    return function_objective(2, [](std::span<const double> p, std::span<double> g) {
        const double x = p[0], y = p[1];
        g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
        g[1] = 200 * (y - x * x);
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
    });
}

per_sample_objective line_fit(std::size_t samples) {
    return per_sample_objective(2, samples, [samples](std::span<const double> p, std::size_t i, std::span<double> g) {
        const double x = static_cast<double>(i) / static_cast<double>(samples) - 0.5;
        const double y = 2 * x + 1;
        const double r = p[0] * x + p[1] - y;
        g[0] = r * x;
        g[1] = r;
        return r * r / 2;
    });
}

double distance(std::span<const double> a, std::span<const double> b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(s);
}

}  // namespace optim_test
