// A derivative with respect to a named step was silently wrong when a construction rewrite
// folded a constant through the step (3*(a*b/2) became (3/2)*(a*b), so nothing passed through
// m): grad e wrt m printed 0 for 3*b, batch normalisation's ∂l/∂μ came out 0 and the
// Ioffe–Szegedy formula for it was refuted, and show ... as steps dropped the step. Each case
// is checked against GiNaC's diff with the step replaced by a fresh symbol.
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/lang/render.hpp"
#include "chainrule/lang/session.hpp"

#include <boost/test/unit_test.hpp>

#include <ginac/ginac.h>

#include <optional>
#include <string>
#include <vector>

using namespace chainrule;
using namespace chainrule::lang;

namespace {

struct program {
    session s;
    std::vector<result> results;

    explicit program(const std::string& text) {
        results = s.run_program(text, "t.chain");
        for (const result& r : results)
            if (r.kind() == result_kind::error) BOOST_FAIL(r.as<error_result>().error.headline());
    }
    /// The derivative grad's last statement gives for `wrt`, over the graph's own symbols.
    GiNaC::ex partial(const std::string& wrt) {
        for (auto it = results.rbegin(); it != results.rend(); ++it) {
            if (it->kind() != result_kind::grad) continue;
            for (const partial_entry& p : it->as<grad_result>().partials)
                if (p.wrt == wrt) return convert()(p.partial);
        }
        BOOST_FAIL("no partial with respect to " + wrt);
        return 0;
    }
    GiNaC::ex symbol(const std::string& name) { return convert().symbol(name); }
    ginac_converter& convert() {
        if (!convert_) convert_.emplace(s.model());
        return *convert_;
    }
    std::optional<ginac_converter> convert_;
};

bool same(const GiNaC::ex& a, const GiNaC::ex& b) { return GiNaC::normal(a - b).is_zero(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(named_steps)

// d = 3*m folded into (3/2)*(a*b): ∂e/∂m came out 0
BOOST_AUTO_TEST_CASE(a_constant_multiple_of_a_step_keeps_the_step) {
    program p("input a, b\nm = a*b/2\nd = 3*m\ne = d*b\ngrad e wrt m, d\n");
    const GiNaC::ex b = p.symbol("b");
    BOOST_TEST(same(p.partial("m"), 3 * b));
    BOOST_TEST(same(p.partial("d"), b));
}

BOOST_AUTO_TEST_CASE(negation_and_division_of_a_step_keep_the_step) {
    program p("input a, b\nm = a*b/2\nn = -m\nq = m/2\nr = m + 5\ne = n*b + q*a + r^2\ngrad e wrt m\n");
    const GiNaC::ex a = p.symbol("a"), b = p.symbol("b");
    const GiNaC::ex m = a * b / 2;
    BOOST_TEST(same(p.partial("m"), -b + a / 2 + 2 * (m + 5)));
}

// a step that is only a name for another (n = m) is a step of its own
BOOST_AUTO_TEST_CASE(an_alias_is_a_step_of_its_own) {
    program p("input a, b\nm = a*b\nn = m\ne = n*b + m\ngrad e wrt m, n\n");
    BOOST_TEST(same(p.partial("m"), p.symbol("b") + 1));
    BOOST_TEST(same(p.partial("n"), p.symbol("b")));
}

// mu = sum(x)/N folded into each x[i] - mu: ∂l/∂mu came out 0 and the paper's formula refuted
BOOST_AUTO_TEST_CASE(batch_normalisation_gives_the_mean_its_adjoint) {
    program p(R"(input x[3], g[3]
param gamma, beta
const eps = 1/100
mu = sum(x)/3
var = sum((x - mu)^2)/3
xhat = (x - mu)/sqrt(var + eps)
y = gamma*xhat + beta
l = sum(y*g)
claim d(l)/d(var) = sum(g*gamma*(x - mu))*(-1/2)*(var + eps)^(-3/2)
claim d(l)/d(mu) = sum(g*gamma*(-1/sqrt(var + eps))) + d(l)/d(var)*sum(-2*(x - mu))/3
claim d(l)/d(x[0]) = g[0]*gamma/sqrt(var + eps) + d(l)/d(var)*2*(x[0] - mu)/3 + d(l)/d(mu)/3
grad l wrt mu
)");
    for (std::size_t k = 8; k <= 10; ++k) {
        const claim_result& c = p.results[k].as<claim_result>();
        BOOST_TEST((c.verdict == verify::verdict::proved || c.verdict == verify::verdict::verified),
                   "claim " << k);
    }
    // the oracle: l with mu a fresh symbol M where it is used, GiNaC's diff, mu put back
    const GiNaC::realsymbol M("M");
    std::vector<GiNaC::ex> x, g;
    for (int i = 0; i < 3; ++i) {
        x.push_back(p.symbol("x[" + std::to_string(i) + "]"));
        g.push_back(p.symbol("g[" + std::to_string(i) + "]"));
    }
    const GiNaC::ex gamma = p.symbol("gamma"), beta = p.symbol("beta"), eps = GiNaC::numeric(1, 100);
    const GiNaC::ex mu = (x[0] + x[1] + x[2]) / 3;
    GiNaC::ex var = 0, l = 0;
    for (int i = 0; i < 3; ++i) var += GiNaC::pow(x[i] - M, 2) / 3;
    for (int i = 0; i < 3; ++i) l += (gamma * (x[i] - M) / GiNaC::sqrt(var + eps) + beta) * g[i];
    const GiNaC::ex truth = GiNaC::diff(l, M).subs(M == mu);
    BOOST_TEST(same(p.partial("mu"), truth));
    BOOST_TEST(!same(p.partial("mu"), 0));
}

BOOST_AUTO_TEST_CASE(the_steps_show_every_named_step_on_a_path) {
    program p("input a, b\nm = a*b/2\nd = 3*m\ne = d*b\nshow e as steps\n");
    const std::string steps = render_show(p.s, p.results.back().as<show_result>());
    BOOST_TEST(steps.find("∂e/∂d = ") != std::string::npos, steps);
    BOOST_TEST(steps.find("∂e/∂m = ∂e/∂d · ∂d/∂m") != std::string::npos, steps);
}

BOOST_AUTO_TEST_SUITE_END()
