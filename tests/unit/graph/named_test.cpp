// Named nodes: a definition's own node, which hash-consing keeps apart by label, the
// construction rewrites never look through, substitution keeps (and without_names removes,
// letting the rewrites fold again), and the GiNaC bridge reads as its operand.
#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/graph/graph.hpp"
#include "chainrule/graph/substitute.hpp"

#include <boost/test/unit_test.hpp>

#include <ginac/ginac.h>

using namespace chainrule;

BOOST_AUTO_TEST_SUITE(named_nodes)

BOOST_AUTO_TEST_CASE(a_name_is_a_node_of_its_own) {
    graph g;
    const node_id a = g.input("a"), b = g.input("b");
    const node_id ab = g.mul(a, b);
    const node_id m = g.named(ab, "m");
    BOOST_TEST(g.is_named(m));
    BOOST_TEST(g.label_of(m) == "m");
    BOOST_TEST(g.at(m).lhs == ab);
    BOOST_TEST(g.unnamed(m) == ab);
    BOOST_TEST(g.named(ab, "m") == m);                  // hash-consed
    BOOST_TEST(g.named(ab, "n") != m);                  // another name, another node
    BOOST_TEST(g.unnamed(g.named(m, "n")) == ab);       // a name for a name
    BOOST_TEST(g.named(g.constant(3), "k") == g.constant(3));  // nothing depends on a constant
    BOOST_TEST(g.is_named(g.named(a, "alias")));        // a variable may be named
}

BOOST_AUTO_TEST_CASE(rewrites_do_not_fold_through_a_name) {
    graph g;
    const node_id a = g.input("a"), b = g.input("b");
    const node_id half_ab = g.mul(g.constant(rational(1) / 2), g.mul(a, b));
    const node_id m = g.named(half_ab, "m");
    // 3*m stays a product with m (without the name: (3/2)*(a*b))
    const node_id d = g.mul(g.constant(3), m);
    BOOST_TEST(g.kind(d) == op::mul);
    BOOST_TEST(g.at(d).rhs == m);
    const node_id neg = g.neg(m);
    BOOST_TEST(g.at(neg).rhs == m);
    BOOST_TEST(g.kind(g.mul(g.constant(3), half_ab)) == op::mul);
    BOOST_TEST(g.at(g.mul(g.constant(3), half_ab)).rhs == g.mul(a, b));
}

BOOST_AUTO_TEST_CASE(substitution_keeps_names_and_without_names_drops_them) {
    graph g;
    const node_id a = g.input("a"), b = g.input("b");
    const node_id m = g.named(g.mul(g.constant(rational(1) / 2), g.mul(a, b)), "m");
    const node_id d = g.mul(g.constant(3), m);
    // a into b: the name stays, over the new expression
    const node_id roots[] = {d};
    const node_id moved = substitute(g, roots, {{a, b}})[0];
    BOOST_TEST(g.is_named(g.at(moved).rhs));
    BOOST_TEST(g.label_of(g.at(moved).rhs) == "m");
    // constants: the name folds away with the value
    const node_id point = substitute(g, roots, {{a, g.constant(2)}, {b, g.constant(5)}})[0];
    BOOST_TEST(g.is_constant(point, 15));
    // without names: the rewrites run across the former name
    const node_id plain = without_names(g, roots)[0];
    BOOST_TEST(g.is_constant(g.at(plain).lhs, rational(3) / 2));
    BOOST_TEST(g.at(plain).rhs == g.mul(a, b));
    // into another graph
    graph other;
    const node_id copied = substitute(g, other, roots, {})[0];
    BOOST_TEST(other.label_of(other.at(copied).rhs) == "m");
}

BOOST_AUTO_TEST_CASE(the_bridge_reads_a_name_as_its_operand) {
    graph g;
    const node_id a = g.input("a"), b = g.input("b");
    const node_id ab = g.mul(a, b);
    const node_id e = g.add(g.named(ab, "m"), a);
    ginac_converter convert(g);
    BOOST_TEST(GiNaC::normal(convert(e) - convert(g.add(ab, a))).is_zero());
}

BOOST_AUTO_TEST_CASE(named_nodes_are_made_by_named_only) {
    graph g;
    const node_id a = g.input("a");
    BOOST_CHECK_THROW(g.apply(op::named, a), usage_error);
    BOOST_CHECK_THROW(g.make(op::named, a), usage_error);
    BOOST_CHECK_THROW(g.named(a, "not a name"), usage_error);
    BOOST_CHECK_THROW(g.label_of(a), usage_error);
}

BOOST_AUTO_TEST_SUITE_END()
