// Depth and size (issue 15, item 6): a chain of definitions, a nested expression and a sum, each
// as deep or as long as 10^5 and 10^6, go through build, reverse sweep, CSE, printing, eval,
// check, C emission, the interpreter and destruction on a thread whose stack is 1 MiB, so any
// recursion on those paths fails here (a SIGSEGV) rather than only under `ulimit -s 1024`.
// Values are compared with double recurrences written here (the oracle), never with the
// library's own output.
#include "deep_testing.hpp"

#include "chainrule/codegen/emit_c.hpp"
#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/core/error.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/graph/substitute.hpp"
#include "chainrule/lang/evaluate.hpp"
#include "chainrule/simplify/cse.hpp"
#include "chainrule/simplify/print.hpp"
#include "chainrule/verify/cross_check.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ginac/ginac.h>

#include <functional>
#include <memory>
#include <sstream>
#include <string>

using namespace chainrule;
using namespace chainrule::deep_testing;
namespace data = boost::unit_test::data;

namespace {

constexpr double x0 = 0.3;

// The graph of `s` with n levels or terms over the param x.
struct built {
    std::unique_ptr<graph> g = std::make_unique<graph>();
    node_id x = no_node;
    node_id output = no_node;
};

built build(shape s, int n) {
    built b;
    graph& g = *b.g;
    b.x = g.param("x");
    node_id f = b.x;
    switch (s) {
    case shape::chain:  // f1 = sin(x), f(k) = sin(f(k-1)), each a definition
        for (int k = 1; k <= n; ++k) f = g.named(g.apply(op::sin, f), "f" + std::to_string(k));
        break;
    case shape::nested:  // sin(sin(...sin(x)...)), n deep, no names
        for (int k = 1; k <= n; ++k) f = g.apply(op::sin, f);
        break;
    case shape::sum:  // sin(x + 1) + sin(x + 2) + ... + sin(x + n), summed left to right
        f = g.apply(op::sin, g.add(b.x, g.constant(1)));
        for (int k = 2; k <= n; ++k) f = g.add(f, g.apply(op::sin, g.add(b.x, g.constant(k))));
        break;
    }
    b.output = f;
    return b;
}

// Every path on one graph; `full` adds the certified eval and the cross-check, which cost
// about 10 us and 100 us a node.
void every_path(shape s, int n, bool full) {
    const oracle expected = recurrence(s, n, x0);
    built b = build(s, n);
    graph& g = *b.g;
    const std::size_t primal = g.size();

    // reverse sweep
    const node_id d = reverse_gradient(g, b.output, {b.x}).at(0);
    BOOST_TEST(g.size() - primal <= 3 * primal);

    // printing: one formula is refused past the print limits (the CSE form is printed instead)
    BOOST_CHECK_THROW(to_text(g, d), limit_error);
    if (s == shape::chain)  // a definition prints in terms of the one before
        BOOST_TEST(to_latex(g, b.output).size() < 40u);
    else
        BOOST_CHECK_THROW(to_latex(g, b.output), limit_error);
    // GiNaC is not handed a tree past ginac_limits
    BOOST_CHECK_THROW(to_ginac(g, d), limit_error);

    // CSE, its text, and C
    const std::vector<node_id> plain = without_names(g, std::vector<node_id>{b.output, d});
    const cse_result program = cse(g, plain);
    BOOST_TEST(program.outputs.size() == 2u);
    BOOST_TEST(program.assignments.size() > static_cast<std::size_t>(n) / 16);
    const std::string names[] = {"f", "df"};
    const std::string text = to_text(g, program, names);
    BOOST_TEST(text.size() > program.assignments.size());
    codegen::argument_layout layout;
    layout.params.push_back(b.x);
    const codegen::c_source c = codegen::emit_c(g, program, layout);
    BOOST_TEST(c.statements >= program.assignments.size());

    // the interpreter tier: the loss and its gradient in double
    const codegen::model_program m = codegen::make_model_program(g, b.output, {}, std::vector<node_id>{b.x});
    codegen::evaluator_options options;
    options.kind = codegen::backend::interpreter;
    const auto run = codegen::make_evaluator(g, m, options);
    const double p[] = {x0};
    const codegen::evaluation e = run->value_and_gradient({}, p);
    BOOST_TEST(e.value == expected.value, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(e.gradient.at(0) == expected.derivative, boost::test_tools::tolerance(1e-9));

    if (full) {
        // eval: certified decimals of the value and the derivative at x = 3/10
        replacement_map at;
        at.emplace(b.x, g.constant(rational(3) / 10));
        const std::vector<node_id> closed = without_names(g, std::vector<node_id>{b.output, d}, at);
        const std::vector<lang::exact_value> v = lang::evaluate(g, closed, 15);
        BOOST_TEST(std::stod(v.at(0).decimal) == expected.value, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(std::stod(v.at(1).decimal) == expected.derivative, boost::test_tools::tolerance(1e-9));

        // check: the symbolic gradient against the numeric tape and finite differences
        const node_id wrt[] = {b.x};
        const verify::cross_check_result r = verify::cross_check(g, b.output, wrt, {}, 2);
        BOOST_TEST(r.points == 2);
        BOOST_TEST(r.tape_digits.relative < 1e-30);
        BOOST_TEST(r.tape_double.relative < 1e-6);
    }
    b.g.reset();  // destruction
}

// The deepest node of g that ginac_limits lets through, growing u by `level` from x: the last
// one converted before the converter refused (the one-shot converter is memoised, so each level
// costs one conversion).
GiNaC::ex deepest_convertible(graph& g, ginac_converter& convert, const std::function<node_id(graph&, node_id)>& level) {
    node_id u = g.input("x");
    GiNaC::ex last = convert(u);
    for (int k = 0; k < 100000; ++k) {
        u = level(g, u);
        try {
            last = convert(u);
        } catch (const limit_error&) {
            return last;
        }
    }
    BOOST_FAIL("the converter took 100000 levels");
    return last;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(deep_graphs)

// GiNaC recurses: the expressions the bridge hands it (ginac_limits::max_depth) must leave its
// diff, expand, normal, subs, evalf and printing room in a 1 MiB stack
BOOST_AUTO_TEST_CASE(ginac_at_the_bridge_depth_limit_fits_in_a_small_stack) {
    const std::function<node_id(graph&, node_id)> levels[] = {
        [](graph& g, node_id u) { return g.apply(op::sin, u); },                                  // sin(u)
        [](graph& g, node_id u) { return g.add(g.mul(u, g.input("y")), g.constant(1)); },        // u*y + 1
        [](graph& g, node_id u) { return g.div(g.constant(1), g.add(u, g.constant(1))); },       // 1/(u + 1)
        [](graph& g, node_id u) { return g.apply(op::sqrt, g.add(u, g.input("x"))); },           // sqrt(u + x)
        [](graph& g, node_id u) { return g.apply(op::tanh, g.mul(g.apply(op::sin, u), g.input("y"))); },  // tanh(sin(u)*y)
    };
    on_small_stack([&] {
        for (const auto& level : levels) {
            graph g;
            ginac_converter convert(g);
            const GiNaC::ex e = deepest_convertible(g, convert, level);
            const GiNaC::symbol& x = convert.symbol("x");
            std::ostringstream printed;
            printed << e;
            BOOST_TEST(printed.str().size() > 500u);
            BOOST_TEST(!e.diff(x).is_zero());
            (void)GiNaC::expand(e);
            (void)GiNaC::normal(e);
            const GiNaC::ex at = e.subs(GiNaC::lst{x == GiNaC::numeric(3, 10), convert.symbol("y") == 2});
            (void)GiNaC::evalf(at);
            BOOST_TEST((e - e).is_zero());
            graph back;
            BOOST_TEST(from_ginac(back, e) != no_node);
        }
    });
}

// 10^5 levels or terms through every path, eval and check included
BOOST_DATA_TEST_CASE(every_path_at_a_hundred_thousand, data::make({shape::chain, shape::nested, shape::sum}), s) {
    on_small_stack([&] { every_path(s, 100000, s != shape::chain); });
}

// eval and check of the chain of definitions, at 2 * 10^4 (check costs about 100 us a node)
BOOST_AUTO_TEST_CASE(eval_and_check_of_a_chain_of_definitions) {
    on_small_stack([] { every_path(shape::chain, 20000, true); });
}

// the million-deep chain of definitions through every path but the certified eval and the
// cross-check (about 10 s and 200 s at this size: bench/run_deep measures them)
BOOST_AUTO_TEST_CASE(a_million_definitions_deep) {
    on_small_stack([] { every_path(shape::chain, million, false); });
}

BOOST_AUTO_TEST_SUITE_END()
