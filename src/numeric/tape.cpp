// The tape: recording (activity analysis over the program) and running (forward sweep, then the
// reverse sweep over the hand-written rules of rules.hpp).
#include "chainrule/numeric/tape.hpp"

#include "chainrule/numeric/running_error.hpp"
#include "forward.hpp"
#include "rules.hpp"


namespace chainrule::numeric {

namespace {

// g, after checking that every wrt node is a variable
const graph& checked(const graph& g, std::span<const node_id> wrt) {
    for (node_id w : wrt)
        if (!g.is_variable(w))  // throws usage_error for an unknown id
            throw usage_error("tape: node " + std::to_string(w) + " ('" + std::string(name(g.kind(w))) +
                              "') is not a variable: gradients are taken with respect to variables");
    return g;
}

}  // namespace

template <class T>
tape<T>::tape(const graph& g, node_id output, std::span<const node_id> wrt)
    : program_(checked(g, wrt), std::span<const node_id>(&output, 1)) {
    const std::vector<instruction>& code = program_.instructions();
    active_.assign(code.size(), 0);
    swept_.assign(code.size(), 0);
    for (node_id w : wrt) {
        const auto s = program_.slot_of(w);
        wrt_.push_back(s ? *s : no_slot);
        if (s) active_[*s] = 1;
    }
    // activity: a slot is active when an operand is
    for (slot i = 0; i < code.size(); ++i) {
        const instruction& in = code[i];
        if ((in.lhs != no_slot && active_[in.lhs]) || (in.rhs != no_slot && active_[in.rhs])) active_[i] = 1;
    }
    // reach: from the output down through active operands, not through a step or a sign
    // (derivative 0)
    const slot out = program_.roots().front();
    swept_[out] = active_[out];
    for (slot i = out + 1; i-- > 0;) {
        const instruction& in = code[i];
        if (!swept_[i] || in.kind == op::step || in.kind == op::sign) continue;
        if (in.lhs != no_slot && active_[in.lhs]) swept_[in.lhs] = 1;
        if (in.rhs != no_slot && active_[in.rhs]) swept_[in.rhs] = 1;
    }
}

template <class T>
tape_gradient<T> tape<T>::run(const point& at, const arithmetic<T>& a) const {
    // forward sweep
    const std::vector<T> value = detail::forward(program_, at, a, "tape");
    const slot out = program_.roots().front();
    // reverse sweep
    std::vector<T> adjoint(value.size(), a.constant(0));
    adjoint[out] = a.constant(1);
    detail::context where{"tape: derivative", no_node};
    try {
        for (slot i = out + 1; i-- > 0;) {
            if (!swept_[i]) continue;
            where.node = program_.instructions()[i].node;
            detail::propagate(program_, i, value, adjoint, active_, a, where);
        }
    } catch (const cln::runtime_exception& e) {
        detail::translate_cln(e, where);
    }
    tape_gradient<T> result{value[out], {}};
    result.gradient.reserve(wrt_.size());
    for (slot s : wrt_) {
        result.gradient.push_back(s == no_slot || !swept_[s] ? a.constant(0) : adjoint[s]);
        if (!a.finite(result.gradient.back()))
            throw domain_error("tape: a derivative with respect to '" + program_.variables()[program_.instructions()[s].payload].name +
                               "' is " + a.describe(result.gradient.back()) + " (overflow or not a number)");
    }
    return result;
}

template <class T>
tape_gradient<T> gradient(const graph& g, node_id output, std::span<const node_id> wrt, const point& at,
                          const arithmetic<T>& a) {
    return tape<T>(g, output, wrt).run(at, a);
}

template class tape<double>;
template class tape<cln::cl_F>;
template class tape<rational>;
template class tape<running_error>;
template tape_gradient<double> gradient(const graph&, node_id, std::span<const node_id>, const point&,
                                        const arithmetic<double>&);
template tape_gradient<cln::cl_F> gradient(const graph&, node_id, std::span<const node_id>, const point&,
                                           const arithmetic<cln::cl_F>&);
template tape_gradient<rational> gradient(const graph&, node_id, std::span<const node_id>, const point&,
                                          const arithmetic<rational>&);
template tape_gradient<running_error> gradient(const graph&, node_id, std::span<const node_id>, const point&,
                                               const arithmetic<running_error>&);

}  // namespace chainrule::numeric
