#pragma once
/// \file
/// A seeded generator of random scalar expressions for property tests: small DAGs over 2-4
/// variables that reuse earlier nodes (shared subexpressions), built through graph's public
/// construction API (so every construction rewrite applies). The same seed and options give
/// the same graph on every machine (std::mt19937_64 with integer-only draws).

#include "chainrule/graph/graph.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace chainrule::testing {

/// What the generator may build.
struct random_graph_options {
    int min_variables = 2;         ///< fewest variables (each named prefix + index)
    int max_variables = 4;         ///< most variables
    int operations = 8;            ///< operations applied (each adds at most a few nodes)
    bool non_smooth = false;       ///< also relu, abs, step, sign, max, min
    bool variable_exponents = true;  ///< also u^x with a positive base u and a variable x
    std::string prefix = "x";      ///< variable names: x0, x1, ...
    bool named = false;            ///< wrap one result in four in a named node (graph::named), as
                                   ///< the chain language does with definitions
};

/// One generated expression.
struct random_expression {
    node_id output = no_node;         ///< the expression
    std::vector<node_id> variables;   ///< its candidate variables (output may not use them all)
};

/// A seeded random expression generator. Smooth ops: +, -, *, /, pow with small integer and
/// rational exponents, exp, log and sqrt (of nodes that are positive wherever defined), sin,
/// cos, tan, tanh, cosh, sigmoid, softplus; optionally relu, abs, step, sign, max, min.
class random_graph_generator {
public:
    explicit random_graph_generator(std::uint64_t seed, random_graph_options options = {});

    /// A new random expression in g.
    random_expression operator()(graph& g);

    /// A random rational p/q with |p/q| <= bound, q in 1..max_denominator.
    rational random_rational(long bound, long max_denominator);

    /// A random integer in [lo, hi].
    long uniform(long lo, long hi);

    /// The underlying engine.
    std::mt19937_64& engine() noexcept { return engine_; }

private:
    struct entry {
        node_id id;
        bool positive;  // > 0 wherever defined
    };
    node_id pick(const std::vector<entry>& pool);
    node_id make_positive(graph& g, std::vector<entry>& pool);

    std::mt19937_64 engine_;
    random_graph_options options_;
};

}  // namespace chainrule::testing
