// Hints for planted mistakes: each mutant of a correct derivative is built by hand (not by the
// diagnosis's own construction) and must be refuted with the hint that names the mutation.
#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/verify/diagnosis.hpp"
#include "chainrule/verify/equivalence.hpp"
#include "chainrule/simplify/print.hpp"

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

    // The mistake diagnosed for claim `claimed` of d of / d target, after checking it is refuted.
    mistake hint(const expr& of, const expr& target, const expr& claimed, const char* of_name, const char* t_name) {
        const node_id wrt[] = {target.id()};
        const node_id truth = reverse_gradient(g, of.id(), wrt)[0];
        const equivalence_result r = decide(g, truth, claimed.id(), {});
        BOOST_REQUIRE((r.outcome == verdict::refuted));
        return diagnose(g, derivative_claim{of.id(), target.id(), claimed.id(), truth, t_name, of_name}, names,
                        r.refutation->at, {});
    }
    std::string text(node_id n) { return to_text(g, n, names); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(neuron_mistakes) {
    models m;
    const expr right = (m.a - m.y) * m.a * (1 - m.a) * m.x;  // the correct dL/dw
    BOOST_TEST(holds(decide(m.g, reverse_gradient(m.g, m.L.id(), {m.w.id()})[0], right.id(), {}).outcome));

    mistake h = m.hint(m.L, m.w, (m.y - m.a) * m.a * (1 - m.a) * m.x, "L", "w");
    BOOST_TEST((h.kind == mistake_kind::opposite_sign));
    h = m.hint(m.L, m.w, 2 * (m.a - m.y) * m.a * (1 - m.a) * m.x, "L", "w");
    BOOST_TEST((h.kind == mistake_kind::constant_factor && h.factor == rational(2)));
    h = m.hint(m.L, m.w, (m.a - m.y) * m.a * (1 - m.a) * m.x / 3, "L", "w");
    BOOST_TEST((h.kind == mistake_kind::constant_factor && h.factor == rational(1) / 3));
    h = m.hint(m.L, m.w, (m.a - m.y) * m.x, "L", "w");  // the factor da/dz
    BOOST_TEST((h.kind == mistake_kind::missing_factor && h.node == m.a.id() && h.operand == m.z.id()));
    h = m.hint(m.L, m.b, (m.a - m.y) * m.a * (1 - m.a) * m.x, "L", "b");
    BOOST_TEST((h.kind == mistake_kind::extra_factor || h.kind == mistake_kind::extra_part_factor));
    h = m.hint(m.L, m.w, (m.a - m.y) * m.a * m.x, "L", "w");  // a*(1 - a) half-written
    BOOST_TEST((h.kind == mistake_kind::missing_part_factor && m.text(h.part) == "1 - a"), m.text(h.part));
    h = m.hint(m.L, m.w, (m.a - m.y) * m.a * (1 - m.a), "L", "w");  // the last local factor
    BOOST_TEST((h.kind == mistake_kind::missing_factor && h.operand == m.w.id() && m.text(h.part) == "x"));
    h = m.hint(m.L, m.w, (m.a - m.y) * m.a * (1 - m.a) * m.x + m.a * m.x * m.x, "L", "w");  // no pattern
    BOOST_TEST((h.kind == mistake_kind::none));
}

BOOST_AUTO_TEST_CASE(a_missing_path_is_named) {
    models m;
    // dM/dv = 2v sin v + v^2 cos v; each term alone misses the other path
    mistake h = m.hint(m.M, m.v, 2 * m.v * sin(m.v), "M", "v");
    BOOST_TEST((h.kind == mistake_kind::missing_path && h.node == m.q.id()));
    h = m.hint(m.M, m.v, pow(m.v, 2) * cos(m.v), "M", "v");
    BOOST_TEST((h.kind == mistake_kind::missing_path && h.node == m.p.id()));
    h = m.hint(m.M, m.v, 2 * m.v * sin(m.v) + 2 * pow(m.v, 2) * cos(m.v), "M", "v");
    BOOST_TEST((h.kind == mistake_kind::doubled_path && h.node == m.q.id()));
}

// A pattern that fits at the sample points but is false elsewhere is not named: the hint is
// confirmed by the equivalence engine. d|z w|/dz = w (step(zw) - step(-zw)); the claim
// w (2 step(z w) - 1) differs only where z w = 0, and "a factor step(-w z) is missing" would
// fit at that counterexample alone.
BOOST_AUTO_TEST_CASE(a_hint_is_never_false) {
    graph g;
    const expr z = input(g, "z"), w = input(g, "w");
    const expr f = abs(z * w);
    const node_id wrt[] = {z.id()};
    const node_id truth = reverse_gradient(g, f.id(), wrt)[0];
    const expr claimed = w * (2 * step(z * w) - 1);
    const equivalence_result r = decide(g, truth, claimed.id(), {});
    BOOST_REQUIRE((r.outcome == verdict::refuted));
    const mistake h = diagnose(g, derivative_claim{f.id(), z.id(), claimed.id(), truth, "z", "f"}, {}, r.refutation->at, {});
    // whatever it names must hold: claim against the formula the mistake describes
    if (h.kind == mistake_kind::missing_part_factor)
        BOOST_TEST(holds(decide(g, g.mul(claimed.id(), h.part), truth, {}).outcome));
    BOOST_TEST((h.kind == mistake_kind::none || h.kind == mistake_kind::missing_part_factor));
}

BOOST_AUTO_TEST_SUITE_END()
