#pragma once
// The oracle of the tensor reverse tests: tensor adjoints expanded element by element against
// the scalar reverse mode on the expanded output, compared exactly (the same scalar node, or a
// difference GiNaC proves 0).

#include "chainrule/graph/graph.hpp"
#include "chainrule/tensor/graph.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <tuple>
#include <vector>

namespace chainrule::testing {

/// Scalar nodes as GiNaC expressions in which every function application (exp, tanh, step,
/// max, ...) and every power whose exponent is not an integer is an atom, one symbol per
/// function and operands in canonical or normal form (so step(cos(h) - h) is one atom however the difference
/// was built, and log(h) and log(tanh(z)) are one atom for h = tanh(z): named nodes stand for
/// their operand), sigmoid(-w) is (1 + exp(w))^-1 over the atom of exp(w) (the scalar graph
/// builds (1 + exp(w))^-1 as sigmoid(-w)), and every sum with an id below `sums_below` is an
/// atom of its own per value.
/// A difference that normal() proves 0 in these atoms is 0 whatever the atoms stand for, so
/// also for the expressions themselves; it is cheap, since normal() never looks inside an atom.
/// (Adjoints differ from one another in how they distribute products over the sums of paths,
/// hardly ever in the sums of the primal values they multiply: those can be atoms.)
class atom_converter {
public:
    /// With normal_operands, the operands of a function are brought to normal form before its
    /// atom is looked up (slower; otherwise they are compared in GiNaC's canonical form).
    explicit atom_converter(const graph& g, node_id sums_below = 0, bool normal_operands = false)
        : graph_(g), sums_below_(sums_below), normal_operands_(normal_operands) {}
    /// Node n as a rational function of atoms and variables (iterative: no recursion).
    GiNaC::ex operator()(node_id n);

private:
    /// The atom of f(a, b) (b = 0 for one operand).
    GiNaC::ex function_atom(op f, std::uint32_t payload, const GiNaC::ex& a, const GiNaC::ex& b);

    struct function_key {
        op f;
        std::uint32_t payload;
        GiNaC::ex a, b;
    };
    struct function_order {
        bool operator()(const function_key& x, const function_key& y) const {
            if (x.f != y.f) return x.f < y.f;
            if (x.payload != y.payload) return x.payload < y.payload;
            if (const int c = x.a.compare(y.a); c != 0) return c < 0;
            return x.b.compare(y.b) < 0;
        }
    };

    // a node's op and payload with the value keys of its operands
    using value_key = std::tuple<op, std::size_t, std::size_t, std::uint32_t>;
    static constexpr std::size_t no_value = static_cast<std::size_t>(-1);

    const graph& graph_;
    node_id sums_below_;
    bool normal_operands_;
    std::vector<GiNaC::ex> memo_;
    std::vector<char> done_;
    std::vector<std::size_t> value_of_;  // by node id: its value key's index
    std::map<value_key, std::size_t> values_;
    std::map<std::size_t, GiNaC::symbol> atoms_;           // of sums, by value
    std::map<function_key, GiNaC::symbol, function_order> functions_;
    std::map<std::string, GiNaC::symbol> variables_;
};

/// Whether GiNaC proves that nodes a and b of g are equal: normal() of the difference in
/// atoms (atom_converter, with the sums below `primal` as atoms, then without, then with the
/// operands of functions in normal form), else of the
/// whole expressions (ginac_converter) when they are small. A GiNaC failure counts as no proof.
bool proved_equal(const graph& g, node_id a, node_id b, node_id primal = 0);

/// What one comparison of tensor adjoints with scalar adjoints found.
struct tensor_comparison {
    std::size_t identical = 0;  ///< elements that are the same scalar node
    std::size_t proved = 0;     ///< elements GiNaC proved equal
    std::size_t skipped = 0;    ///< elements of named nodes expanding to constants (no scalar node)
    std::string failure;        ///< the first mismatch, empty if none
};

/// tensor_gradient(t, output, wrt) expanded against reverse_adjoints of the expanded output:
/// each element of a variable against the adjoint of its scalar variable, each element of a
/// named node against the adjoint of its scalar named node.
tensor_comparison against_scalar_reverse(tensor::tensor_graph& t, tensor::tensor_id output,
                                         std::span<const tensor::tensor_id> wrt);

/// Every variable and named node that output reaches, ascending.
std::vector<tensor::tensor_id> reached_leaves(const tensor::tensor_graph& t, tensor::tensor_id output);

}  // namespace chainrule::testing
