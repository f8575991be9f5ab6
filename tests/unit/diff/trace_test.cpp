// The chain-rule trace: the same adjoints as reverse mode, every edge with its local partial and
// rule, every adjoint the sum of its incoming contributions.
#include "chainrule/core/error.hpp"
#include "chainrule/diff/partials.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/diff/trace.hpp"
#include "chainrule/graph/expr.hpp"
#include "oracle.hpp"
#include "random_graph.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace chainrule;
using chainrule::testing::materialise;
using chainrule::testing::same_function;
namespace bdata = boost::unit_test::data;

namespace {

// The invariants every trace must satisfy, checked against reverse_adjoints and local_partial.
void check_consistency(graph& g, node_id output, const chain_trace& trace) {
    const adjoint_table adjoints = reverse_adjoints(g, output);
    const node_id zero = g.constant(0);
    BOOST_TEST(trace.output == output);
    BOOST_REQUIRE(!trace.nodes.empty());
    BOOST_TEST(trace.nodes.front().id == output);
    BOOST_TEST(g.is_constant(trace.nodes.front().adjoint, 1));
    BOOST_TEST(trace.nodes.front().incoming.empty());
    BOOST_TEST(trace.nodes.size() == adjoints.nodes().size());
    std::vector<std::size_t> slot(static_cast<std::size_t>(output) + 1, trace.nodes.size());
    for (std::size_t i = 0; i < trace.nodes.size(); ++i) {
        const trace_node& t = trace.nodes[i];
        if (i > 0) BOOST_TEST(trace.nodes[i - 1].id > t.id);  // reverse topological
        BOOST_TEST(t.adjoint == adjoints[t.id]);
        slot[t.id] = i;
    }
    for (std::size_t e = 0; e < trace.edges.size(); ++e) {
        const trace_edge& edge = trace.edges[e];
        if (e > 0) BOOST_TEST(trace.edges[e - 1].user >= edge.user);
        const node user = g.at(edge.user);
        BOOST_TEST(edge.input == (edge.operand == 0 ? user.lhs : user.rhs));
        BOOST_TEST(edge.partial == local_partial(g, edge.user, edge.operand));
        BOOST_TEST(edge.rule == rule_text(user.kind, edge.operand));
        const node_id seed = adjoints[edge.user];
        BOOST_TEST(edge.contribution == (seed == zero ? zero : g.mul(seed, edge.partial)));
        BOOST_REQUIRE(slot[edge.input] < trace.nodes.size());
        const auto& incoming = trace.nodes[slot[edge.input]].incoming;
        BOOST_TEST((std::find(incoming.begin(), incoming.end(), e) != incoming.end()));
    }
    // every edge out of a reached node into a non-constant operand is in the trace
    std::size_t expected_edges = 0;
    for (const trace_node& t : trace.nodes) {
        const node x = g.at(t.id);
        for (int i = 0; i < arity(x.kind); ++i) expected_edges += !g.is_constant(i == 0 ? x.lhs : x.rhs);
    }
    BOOST_TEST(trace.edges.size() == expected_edges);
    // adjoint = sum of the incoming contributions, in order (hash-consing: no new nodes)
    const std::size_t size = g.size();
    for (std::size_t i = 1; i < trace.nodes.size(); ++i) {
        const trace_node& t = trace.nodes[i];
        BOOST_REQUIRE(!t.incoming.empty());
        node_id sum = trace.edges[t.incoming[0]].contribution;
        for (std::size_t k = 1; k < t.incoming.size(); ++k) sum = g.add(sum, trace.edges[t.incoming[k]].contribution);
        BOOST_TEST(sum == t.adjoint, "node " << t.id);
    }
    BOOST_TEST(g.size() == size);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(chain_rule_trace)

BOOST_AUTO_TEST_CASE(x_times_x_plus_sin_x) {
    graph g;
    auto x = input(g, "x");
    auto xx = x * x;
    auto s = sin(x);
    const node_id f = (xx + s).id();
    const chain_trace trace = trace_chain_rule(g, f);
    check_consistency(g, f, trace);
    BOOST_TEST(trace.nodes.size() == 4u);
    BOOST_TEST(trace.edges.size() == 5u);
    BOOST_TEST(trace.nodes.back().id == x.id());
    BOOST_TEST(trace.nodes.back().incoming.size() == 3u);  // through sin, and twice through x*x
    for (const trace_edge& e : trace.edges) {
        if (e.user == s.id()) {
            BOOST_TEST(e.rule == "d sin(u)/du = cos(u)");
            BOOST_TEST(e.partial == cos(x).id());
        }
        if (e.user == f) BOOST_TEST(g.is_constant(e.partial, 1));
        if (e.user == xx.id()) BOOST_TEST(e.partial == x.id());
    }
    ginac_converter conv(g);
    const GiNaC::ex X = conv.symbol("x");
    BOOST_TEST(same_function(conv(trace.nodes.back().adjoint), 2 * X + GiNaC::cos(X)));
}

BOOST_AUTO_TEST_CASE(constant_leaves_are_left_out) {
    graph g;
    auto x = input(g, "x");
    const node_id f = (3 * pow(x, 2)).id();
    const chain_trace trace = trace_chain_rule(g, f);
    check_consistency(g, f, trace);
    for (const trace_edge& e : trace.edges) BOOST_TEST(!g.is_constant(e.input));
    for (const trace_node& n : trace.nodes) BOOST_TEST(!g.is_constant(n.id));
    // a constant output: its own node, nothing else
    const chain_trace flat = trace_chain_rule(g, g.constant(5));
    BOOST_TEST(flat.nodes.size() == 1u);
    BOOST_TEST(flat.edges.empty());
}

// Random graphs, smooth and not: the structural invariants, and each partial of a smooth op
// against GiNaC (the user with its operands frozen to symbols, differentiated, put back).
BOOST_DATA_TEST_CASE(random_traces_are_consistent, bdata::xrange(60), seed) {
    graph g;
    chainrule::testing::random_graph_options options;
    options.non_smooth = seed % 2 == 1;
    chainrule::testing::random_graph_generator generate(40000 + static_cast<std::uint64_t>(seed), options);
    const auto r = generate(g);
    const chain_trace trace = trace_chain_rule(g, r.output);
    check_consistency(g, r.output, trace);
    ginac_converter conv(g);
    const GiNaC::realsymbol T("T"), S("S");
    for (const trace_edge& e : trace.edges) {
        const node user = g.at(e.user);
        if (!is_smooth(user.kind) || user.lhs == user.rhs) continue;
        // both operands frozen: the local partial holds the other operand fixed. A constant
        // operand is fixed already and stays: frozen to S, u^2 would be differentiated as
        // S T^S / T, and abs(s)^2 put back for T^S becomes s conjugate(s), which GiNaC cannot
        // cancel against abs(s) when s is not known to be real (a sigmoid, say)
        std::map<node_id, GiNaC::ex> freeze{{e.input, T}};
        GiNaC::exmap back{{T, conv(e.input)}};
        const node_id other = arity(user.kind) == 2 ? (e.operand == 0 ? user.rhs : user.lhs) : no_node;
        if (other != no_node && !g.is_constant(other)) {
            freeze[other] = S;
            back[S] = conv(other);
        }
        const GiNaC::ex frozen = materialise(g, e.user, conv, freeze);
        const GiNaC::ex oracle = frozen.diff(T).subs(back);
        BOOST_TEST(same_function(conv(e.partial), oracle), "seed " << seed << ": " << e.rule);
    }
}

BOOST_AUTO_TEST_CASE(unknown_output_is_a_usage_error) {
    graph g;
    BOOST_CHECK_THROW(trace_chain_rule(g, 7), usage_error);
}

BOOST_AUTO_TEST_SUITE_END()
