// The forward evaluator: lower the roots' subgraph to a program, run its forward sweep.
#include "chainrule/numeric/evaluate.hpp"

#include "chainrule/numeric/ball.hpp"
#include "chainrule/numeric/running_error.hpp"
#include "forward.hpp"

namespace chainrule::numeric {

template <class T>
std::vector<T> evaluate(const graph& g, std::span<const node_id> roots, const point& at, const arithmetic<T>& a) {
    const program p(g, roots);
    std::vector<T> value = detail::forward(p, at, a, "evaluate");
    std::vector<T> out;
    out.reserve(p.roots().size());
    for (slot r : p.roots()) out.push_back(value[r]);
    return out;
}

template std::vector<double> evaluate(const graph&, std::span<const node_id>, const point&, const arithmetic<double>&);
template std::vector<cln::cl_F> evaluate(const graph&, std::span<const node_id>, const point&,
                                         const arithmetic<cln::cl_F>&);
template std::vector<rational> evaluate(const graph&, std::span<const node_id>, const point&, const arithmetic<rational>&);
template std::vector<ball> evaluate(const graph&, std::span<const node_id>, const point&, const arithmetic<ball>&);
template std::vector<running_error> evaluate(const graph&, std::span<const node_id>, const point&,
                                             const arithmetic<running_error>&);

}  // namespace chainrule::numeric
