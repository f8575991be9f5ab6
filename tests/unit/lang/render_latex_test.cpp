// `show ... as latex`: each element labelled when the expression is a name.
#include "chainrule/lang/render.hpp"
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

BOOST_AUTO_TEST_SUITE(render_latex)

BOOST_AUTO_TEST_CASE(vector_elements_are_labelled) {
    session s;
    s.run_program("input x[2]\nparam W[2,2]\nh = tanh(W @ x)\n", "t.chain");
    const result r = last(s, "show h as latex");
    BOOST_REQUIRE(r.kind() == result_kind::show);
    const std::string out = render_show(s, r.as<show_result>());
    BOOST_TEST(out == "h_{0} = \\tanh(W_{0,0} x_{0} + W_{0,1} x_{1})\nh_{1} = \\tanh(W_{1,0} x_{0} + W_{1,1} x_{1})\n");
}

BOOST_AUTO_TEST_CASE(an_expression_is_not_labelled) {
    session s;
    s.run_program("input x[2]\n", "t.chain");
    const result r = last(s, "show 2*x as latex");
    BOOST_REQUIRE(r.kind() == result_kind::show);
    BOOST_TEST(render_show(s, r.as<show_result>()) == "2 x_{0}\n2 x_{1}\n");
}

BOOST_AUTO_TEST_SUITE_END()
