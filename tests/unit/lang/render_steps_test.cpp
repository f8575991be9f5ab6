// `show ... as steps` when the output uses a node directly as well as through a named one: the
// direct use contributes its local partial alone, never under the adjoint's own name.
#include "chainrule/lang/render.hpp"
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

BOOST_AUTO_TEST_SUITE(render_steps_direct)

BOOST_AUTO_TEST_CASE(a_direct_use_and_a_path_through_a_name) {
    session s;
    s.run_program("input x\nh = x^2\nL = x*h\n", "t.chain");
    const result r = last(s, "show L as steps");
    BOOST_REQUIRE(r.kind() == result_kind::show);
    // L = x h, h = x^2: dL/dh = x; dL/dx = h (the direct use) + dL/dh dh/dx = x^2 + 2 x^2
    BOOST_TEST(render_show(s, r.as<show_result>()) == "∂L/∂L = 1\n"
                                                       "∂L/∂h = x\n"
                                                       "∂L/∂x = h + ∂L/∂h · ∂h/∂x = h + ∂L/∂h · 2*x = 2*x^2 + h\n");
}

BOOST_AUTO_TEST_SUITE_END()
