// grad shows the shorter of the chain through the user's names and the normal form written in
// the definitions' names; either way it is the partial.
#include "chainrule/graph/substitute.hpp"
#include "chainrule/lang/render.hpp"
#include "chainrule/verify/equivalence.hpp"
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

BOOST_AUTO_TEST_SUITE(readable_partials)

BOOST_AUTO_TEST_CASE(softmax_cross_entropy_reads_in_the_softmax_outputs) {
    session s;
    s.run_program("input t[3]\nparam u[3]\np = softmax(u)\nL = -sum(t*log(p))\n", "t.chain");
    const result r = last(s, "grad L wrt u[0]");
    BOOST_REQUIRE(r.kind() == result_kind::grad);
    const partial_entry& e = r.as<grad_result>().partials[0];
    // dL/du0 = p0 (t1 + t2) - t0 (p1 + p2), derived by hand
    BOOST_TEST(to_text(s.display(), e.named) == "p[0]*t[1] + p[0]*t[2] - p[1]*t[0] - p[2]*t[0]");
    // the shown form, with the names replaced by their definitions, is the partial
    replacement_map back;
    for (const node_name& n : s.definition_names().entries())
        if (auto v = s.display().find_variable(n.name)) back.emplace(*v, n.node);
    const node_id shown = substitute(s.display(), s.model(), std::span(&e.named, 1), back)[0];
    BOOST_TEST(verify::holds(verify::decide(s.model(), shown, e.partial, {}).outcome));
}

BOOST_AUTO_TEST_CASE(a_short_chain_stays_as_it_is) {
    session s;
    s.run_program(neuron, "t.chain");
    const result r = last(s, "grad L wrt w");
    BOOST_TEST(to_text(s.display(), r.as<grad_result>().partials[0].named) == "a*(1 - a)*(a - y)*x");
}

BOOST_AUTO_TEST_SUITE_END()
