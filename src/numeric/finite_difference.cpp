// Central differences over one lowered program, two forward sweeps per wrt variable.
#include "chainrule/numeric/finite_difference.hpp"

#include "chainrule/numeric/running_error.hpp"
#include "forward.hpp"

#include <cln/integer.h>
#include <cln/rational.h>
#include <cln/real.h>

namespace chainrule::numeric {

namespace {

// the least power of two >= max(1, |x|)
rational scale_of(const rational& x) {
    const cln::cl_I m = cln::ceiling1(cln::abs(x));
    if (m <= 1) return 1;
    return rational(cln::ash(cln::cl_I(1), cln::integer_length(m - 1)));
}

// 2^-17 ~ cbrt(2^-52) = 2^-17.3: the double step before scaling
rational base_step(const arithmetic<double>&) { return rational(1) / rational(cln::ash(cln::cl_I(1), 17)); }
rational base_step(const arithmetic<running_error>&) { return base_step(arithmetic<double>()); }
// 10^-ceil(D/3) for D digits
rational base_step(const arithmetic<cln::cl_F>& a) {
    return rational(1) / rational(cln::expt_pos(cln::cl_I(10), (a.digits() + 2) / 3));
}

}  // namespace

template <class T>
rational difference_step(const rational& x, const arithmetic<T>& a) {
    return base_step(a) * scale_of(x);
}

template <class T>
std::vector<T> central_differences(const graph& g, node_id output, std::span<const node_id> wrt, const point& at,
                                   const arithmetic<T>& a, std::span<const rational> steps) {
    if (steps.size() != wrt.size())
        throw usage_error("central_differences: " + std::to_string(steps.size()) + " steps for " +
                          std::to_string(wrt.size()) + " variables");
    const program p(g, std::span<const node_id>(&output, 1));
    std::vector<T> out;
    out.reserve(wrt.size());
    for (std::size_t k = 0; k < wrt.size(); ++k) {
        const node_id x = wrt[k];
        if (!g.is_variable(x))
            throw usage_error("central_differences: node " + std::to_string(x) + " ('" +
                              std::string(name(g.kind(x))) + "') is not a variable");
        if (!cln::plusp(steps[k]))
            throw usage_error("central_differences: the step " + to_string(steps[k]) + " is not positive");
        if (!p.slot_of(x)) {  // the output does not depend on x
            out.push_back(a.constant(0));
            continue;
        }
        const auto it = at.find(x);
        if (it == at.end())
            throw usage_error("central_differences: variable '" + g.variable_of(x).name + "' (node " +
                              std::to_string(x) + ") has no value at the point");
        point shifted = at;
        shifted[x] = it->second + steps[k];
        const T plus = detail::forward(p, shifted, a, "central_differences")[p.roots().front()];
        shifted[x] = it->second - steps[k];
        const T minus = detail::forward(p, shifted, a, "central_differences")[p.roots().front()];
        // D(h) = (f(x + h) - f(x - h)) / (2h)
        out.push_back((plus - minus) / a.constant(2 * steps[k]));
    }
    return out;
}

template <class T>
std::vector<T> central_differences(const graph& g, node_id output, std::span<const node_id> wrt, const point& at,
                                   const arithmetic<T>& a) {
    std::vector<rational> steps;
    steps.reserve(wrt.size());
    for (node_id x : wrt) {
        const auto it = at.find(x);
        steps.push_back(difference_step(it == at.end() ? rational(0) : it->second, a));
    }
    return central_differences(g, output, wrt, at, a, steps);
}

#define CHAINRULE_NUMERIC_INSTANTIATE(T)                                                                     \
    template rational difference_step(const rational&, const arithmetic<T>&);                               \
    template std::vector<T> central_differences(const graph&, node_id, std::span<const node_id>, const point&, \
                                                const arithmetic<T>&);                                      \
    template std::vector<T> central_differences(const graph&, node_id, std::span<const node_id>, const point&, \
                                                const arithmetic<T>&, std::span<const rational>);
CHAINRULE_NUMERIC_INSTANTIATE(double)
CHAINRULE_NUMERIC_INSTANTIATE(cln::cl_F)
CHAINRULE_NUMERIC_INSTANTIATE(running_error)
#undef CHAINRULE_NUMERIC_INSTANTIATE

}  // namespace chainrule::numeric
