// Hints for planted mistakes: each mutant of a correct derivative is built by hand (not by the
// diagnosis's own construction) and must be refuted with the hint that names the mutation.
#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/verify/diagnosis.hpp"
#include "chainrule/verify/equivalence.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::verify;

BOOST_AUTO_TEST_SUITE(diagnosis)

namespace {

// The sigmoid neuron and a two-path model, with their hand-derived correct gradients.
struct models {
    graph g;
    expr x = input(g, "x"), y = input(g, "y"), w = param(g, "w"), b = param(g, "b");
    expr z = w * x + b, a = sigmoid(z), L = pow(a - y, 2) / 2;
    // two paths from v: p = v^2, q = sin(v), M = p*q
    expr v = param(g, "v"), p = pow(v, 2), q = sin(v), M = p * q;
    std::unordered_map<node_id, std::string> names{{z.id(), "z"}, {a.id(), "a"}, {L.id(), "L"},
                                                   {p.id(), "p"}, {q.id(), "q"}, {M.id(), "M"}};

    // The hint for claim `claimed` of d of / d target, after checking it is refuted.
    std::string hint(const expr& of, const expr& target, const expr& claimed, const char* of_name, const char* t_name) {
        const node_id wrt[] = {target.id()};
        const node_id truth = reverse_gradient(g, of.id(), wrt)[0];
        const equivalence_result r = decide(g, truth, claimed.id(), {});
        BOOST_REQUIRE((r.outcome == verdict::refuted));
        return diagnose(g, derivative_claim{of.id(), target.id(), claimed.id(), truth, t_name, of_name}, names,
                        r.refutation->at, {});
    }
};

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(neuron_mistakes) {
    models m;
    const expr right = (m.a - m.y) * m.a * (1 - m.a) * m.x;  // the correct dL/dw
    BOOST_TEST(holds(decide(m.g, reverse_gradient(m.g, m.L.id(), {m.w.id()})[0], right.id(), {}).outcome));

    std::string h = m.hint(m.L, m.w, (m.y - m.a) * m.a * (1 - m.a) * m.x, "L", "w");
    BOOST_TEST(contains(h, "opposite sign"), h);
    h = m.hint(m.L, m.w, 2 * (m.a - m.y) * m.a * (1 - m.a) * m.x, "L", "w");
    BOOST_TEST((contains(h, "constant factor") && contains(h, "2")), h);
    h = m.hint(m.L, m.w, (m.a - m.y) * m.a * (1 - m.a) * m.x / 3, "L", "w");
    BOOST_TEST((contains(h, "constant factor") && contains(h, "1/3")), h);
    h = m.hint(m.L, m.w, (m.a - m.y) * m.x, "L", "w");
    BOOST_TEST((contains(h, "missing") && contains(h, "∂a/∂z")), h);
    h = m.hint(m.L, m.b, (m.a - m.y) * m.a * (1 - m.a) * m.x, "L", "b");
    BOOST_TEST(contains(h, "extra factor"), h);
    h = m.hint(m.L, m.w, (m.a - m.y) * m.a * m.x, "L", "w");  // a*(1 - a) half-written
    BOOST_TEST(contains(h, "factor 1 - a is missing"), h);
    h = m.hint(m.L, m.w, (m.a - m.y) * m.a * (1 - m.a), "L", "w");  // the last local factor
    BOOST_TEST(contains(h, "∂(w*x)/∂w = x is missing"), h);
    h = m.hint(m.L, m.w, (m.a - m.y) * m.a * (1 - m.a) * m.x + m.a * m.x * m.x, "L", "w");  // no pattern
    BOOST_TEST(contains(h, "no single common mistake"), h);
}

BOOST_AUTO_TEST_CASE(a_missing_path_is_named) {
    models m;
    // dM/dv = 2v sin v + v^2 cos v; each term alone misses the other path
    std::string h = m.hint(m.M, m.v, 2 * m.v * sin(m.v), "M", "v");
    BOOST_TEST((contains(h, "path through") && contains(h, "q")), h);
    h = m.hint(m.M, m.v, pow(m.v, 2) * cos(m.v), "M", "v");
    BOOST_TEST((contains(h, "path through") && contains(h, "p")), h);
    h = m.hint(m.M, m.v, 2 * m.v * sin(m.v) + 2 * pow(m.v, 2) * cos(m.v), "M", "v");
    BOOST_TEST(contains(h, "counted twice"), h);
}

BOOST_AUTO_TEST_SUITE_END()
