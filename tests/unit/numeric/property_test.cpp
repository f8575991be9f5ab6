// The property test of issue 4: on 5,000 random graphs (tests/support/random_graph, seeded;
// half of them with relu, abs, step, sign, max, min), the symbolic gradient (chainrule's reverse
// mode, its nodes evaluated by numeric::evaluate), the numeric tape in double and with 50
// digits, and central finite differences agree:
//   - 50-digit tape vs 50-digit symbolic: within 1e-40 of the larger of their magnitudes and
//     the evaluation's error scale;
//   - double (tape and symbolic) vs the 50-digit tape: within the running error bound of the
//     same double computation (running_error.hpp), not a flat tolerance;
//   - finite differences vs the 50-digit tape: within their documented accuracy (rounding bound
//     plus the Richardson estimate of the truncation, finite_difference.hpp), at steps where no
//     kink of a non-smooth op lies within 2h.
// Points where an evaluation is undefined are skipped and counted; a shard fails when too many
// are skipped, so the test can never pass by comparing nothing.
#include "chainrule/diff/reverse.hpp"
#include "chainrule/numeric/evaluate.hpp"
#include "chainrule/numeric/finite_difference.hpp"
#include "chainrule/numeric/running_error.hpp"
#include "chainrule/numeric/tape.hpp"
#include "random_graph.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cln/float_io.h>
#include <cln/real.h>

#include <algorithm>
#include <sstream>

using namespace chainrule;
using namespace chainrule::numeric;
namespace bdata = boost::unit_test::data;

namespace {

constexpr int shards = 10;
constexpr int graphs_per_shard = 500;  // 5,000 graphs per run
constexpr int tries_per_graph = 3;     // points tried until one is defined everywhere
constexpr int digits = 50;

/// Counts of one shard.
struct tally {
    int graphs = 0;
    int points = 0;              ///< points where every 50-digit evaluation was defined
    int undefined = 0;           ///< points skipped: a 50-digit evaluation threw domain_error
    int one_sided = 0;           ///< of those, points where tape and symbolic disagreed on definedness
    int double_overflow = 0;     ///< points whose double evaluation threw (overflow)
    int components = 0;          ///< gradient components compared
    int uncertain = 0;           ///< double comparisons skipped: a branch within rounding of its kink
    int fd_compared = 0;         ///< finite-difference components compared
    int fd_near_kink = 0;        ///< finite-difference components skipped: a kink within 4h
    int fd_unresolved = 0;       ///< skipped: h not in the asymptotic regime (Richardson ratio), or no error scale
    double worst50 = 0;          ///< largest |tape50 - symbolic50| / scale
    double worst_double = 0;     ///< largest |double - ref| / tolerance
    double worst_fd = 0;         ///< largest |fd - ref| / accuracy (double and 50 digits)
};

cln::cl_R magnitude(const cln::cl_F& x) { return cln::abs(x); }

// The operand nodes whose sign decides a branch: u of relu/abs/step/sign, u and v of max/min.
std::vector<node_id> kink_operands(const graph& g, node_id output) {
    std::vector<node_id> out;
    for (node_id n : g.reachable(std::span<const node_id>(&output, 1))) {
        const node x = g.at(n);
        if (is_smooth(x.kind)) continue;
        // (u, u) for relu/abs/step/sign, (u, v) for max/min
        out.push_back(x.lhs);
        out.push_back(arity(x.kind) == 2 ? x.rhs : x.lhs);
    }
    return out;
}

// Signs of each branch decision (u for one-operand kinks, u - v for max/min) at `at`.
std::vector<int> branch_signs(const graph& g, const std::vector<node_id>& kinks, const point& at,
                              const arithmetic<cln::cl_F>& a, const std::vector<char>& pair) {
    const std::vector<cln::cl_F> v = evaluate(g, kinks, at, a);
    std::vector<int> out;
    for (std::size_t i = 0; i < v.size(); i += 2) out.push_back(a.sign(pair[i / 2] ? v[i] - v[i + 1] : v[i]));
    return out;
}

/// 50-digit unit roundoff used for the rounding term (CLN's float_format(50) carries more).
constexpr double rounding50 = 16e-50;

/// Central differences at steps h, 2h and 4h (50 digits), for Richardson's error estimate:
/// D(2h) - D(h) = 3 h^2 f'''/6 + O(h^4), so |D(h) - f'| ~ |D(2h) - D(h)| / 3 while the ratio
/// (D(4h) - D(2h)) / (D(2h) - D(h)) is close to 4 (the asymptotic regime).
struct richardson {
    std::vector<cln::cl_F> d[3];  // at h, 2h, 4h

    /// The accuracy of d[0][k]: twice the truncation estimate plus the rounding `noise` of one
    /// quotient; nothing when the ratio shows h is not small enough for the estimate to hold.
    std::optional<cln::cl_R> accuracy(std::size_t k, const cln::cl_R& noise) const {
        const cln::cl_R near = cln::abs(d[1][k] - d[0][k]), far = cln::abs(d[2][k] - d[1][k]);
        if (near <= 8 * noise && far <= 32 * noise) return 4 * noise;  // rounding dominates
        if (far < 2 * near || far > 6 * near) return std::nullopt;     // not asymptotic
        return 2 * near / 3 + 2 * noise;
    }
};

richardson differences(const graph& g, node_id f, const std::vector<node_id>& wrt, const point& at,
                       const arithmetic<cln::cl_F>& a, std::vector<rational> h) {
    richardson r;
    for (auto& d : r.d) {
        d = central_differences(g, f, wrt, at, a, h);
        for (rational& step : h) step = 2 * step;
    }
    return r;
}

std::string describe(const graph& g, const point& at) {
    std::ostringstream out;
    for (const auto& [n, q] : at) out << g.variable_of(n).name << " = " << q << "  ";
    return out.str();
}

// One graph: tries points until the 50-digit evaluations are defined, then compares.
void check_graph(std::uint64_t seed, bool non_smooth, tally& t) {
    graph g;
    testing::random_graph_options options;
    options.non_smooth = non_smooth;
    options.named = seed % 2 == 1;  // named definitions, as the language makes them, in half the graphs
    testing::random_graph_generator generate(seed, options);
    const testing::random_expression e = generate(g);
    const node_id f = e.output;
    const std::vector<node_id>& wrt = e.variables;
    const std::vector<node_id> symbolic = reverse_gradient(g, f, wrt);
    const arithmetic<cln::cl_F> a50(digits);
    const arithmetic<double> a64;
    const arithmetic<running_error> aerr;
    const tape<cln::cl_F> tape50(g, f, wrt);
    const tape<double> tape64(g, f, wrt);
    const tape<running_error> tape_err(g, f, wrt);
    ++t.graphs;
    const std::string where = "seed " + std::to_string(seed) + (non_smooth ? " (non-smooth)" : "");

    for (int attempt = 0; attempt < tries_per_graph; ++attempt) {
        point at;
        for (node_id x : wrt) at[x] = generate.random_rational(2, 16);
        const std::string context = where + " at " + describe(g, at);

        // the 50-digit reference: tape and symbolic gradient
        std::optional<tape_gradient<cln::cl_F>> ref;
        std::optional<std::vector<cln::cl_F>> sym;
        try { ref = tape50.run(at, a50); } catch (const domain_error&) {}
        try { sym = evaluate(g, symbolic, at, a50); } catch (const domain_error&) {}
        if (!ref || !sym) {
            ++t.undefined;
            if (ref.has_value() != sym.has_value()) {
                ++t.one_sided;
                BOOST_TEST_MESSAGE("definedness differs (tape " << ref.has_value() << ", symbolic "
                                                                << sym.has_value() << "): " << context);
            }
            continue;
        }
        ++t.points;

        // double: tape and symbolic, each with its running error bound
        std::optional<tape_gradient<running_error>> ref_err;
        std::optional<std::vector<running_error>> sym_err;
        try {
            ref_err = tape_err.run(at, aerr);
            sym_err = evaluate(g, symbolic, at, aerr);
            const tape_gradient<double> ref64 = tape64.run(at, a64);
            const std::vector<double> sym64 = evaluate(g, symbolic, at, a64);
            for (std::size_t k = 0; k < wrt.size(); ++k) {
                BOOST_TEST(ref64.gradient[k] == ref_err->gradient[k].value, context);
                BOOST_TEST(sym64[k] == (*sym_err)[k].value, context);
            }
        } catch (const domain_error&) {
            ++t.double_overflow;
            ref_err.reset();
            sym_err.reset();
        }

        for (std::size_t k = 0; k < wrt.size(); ++k) {
            ++t.components;
            const cln::cl_F& want = ref->gradient[k];
            const std::string component = context + " d/d" + g.variable_of(wrt[k]).name;
            // 50 digits: tape vs symbolic
            cln::cl_R scale = cln::max(cln::max(magnitude(want), magnitude((*sym)[k])), cln::cl_R(cln::cl_RA(1) / cln::expt_pos(cln::cl_I(10), 300)));
            if (ref_err && sym_err)
                scale = cln::max(scale, cln::cl_R(cln::cl_float(std::max(ref_err->gradient[k].bound, (*sym_err)[k].bound), a50.format())));
            const double gap50 = cln::double_approx(cln::abs(want - (*sym)[k]) / scale) / 1e-40;
            t.worst50 = std::max(t.worst50, gap50);
            BOOST_TEST(gap50 <= 1, component << ": tape " << want << " symbolic " << (*sym)[k]);
            // double vs the 50-digit reference, within the running error bound
            if (ref_err && sym_err) {
                const double reference = cln::double_approx(want);
                for (const running_error* d : {&ref_err->gradient[k], &(*sym_err)[k]}) {
                    if (d->uncertain) {
                        ++t.uncertain;
                        continue;
                    }
                    const double tol = tolerance(*d);
                    const double ratio = std::fabs(d->value - reference) / std::max(tol, 1e-300);
                    t.worst_double = std::max(t.worst_double, ratio);
                    BOOST_TEST(agrees(d->value, reference, *d),
                               component << (d == &ref_err->gradient[k] ? ": tape" : ": symbolic") << " double "
                                         << d->value << " reference " << reference << " tolerance " << tol);
                }
            }
        }

        // finite differences, per variable, where no branch decision changes within 2h
        std::vector<node_id> kinks = kink_operands(g, f);
        std::vector<char> pair;
        for (node_id n : g.reachable(std::span<const node_id>(&f, 1)))
            if (!is_smooth(g.kind(n))) pair.push_back(arity(g.kind(n)) == 2 ? 1 : 0);  // as kink_operands
        try {
            const std::vector<int> signs = branch_signs(g, kinks, at, a50, pair);
            std::vector<rational> h64, h50;
            for (node_id x : wrt) {
                h64.push_back(difference_step(at.at(x), a64));
                h50.push_back(difference_step(at.at(x), a50));
            }
            std::optional<std::vector<running_error>> fd_err;
            try {
                fd_err = central_differences(g, f, wrt, at, aerr);
                const auto fd64 = central_differences(g, f, wrt, at, a64);
                for (std::size_t k = 0; k < wrt.size(); ++k) BOOST_TEST(fd64[k] == (*fd_err)[k].value);
            } catch (const domain_error&) {
            }
            if (!fd_err) {  // no rounding scale: nothing to judge the differences by
                t.fd_unresolved += static_cast<int>(wrt.size());
                return;
            }
            const richardson r50 = differences(g, f, wrt, at, a50, h50);
            const richardson r64 = differences(g, f, wrt, at, a50, h64);
            for (std::size_t k = 0; k < wrt.size(); ++k) {
                const std::string component = context + " d/d" + g.variable_of(wrt[k]).name;
                bool stable = std::find(signs.begin(), signs.end(), 0) == signs.end();
                for (int side : {-4, 4}) {
                    if (!stable) break;
                    point shifted = at;
                    shifted[wrt[k]] += side * h64[k];
                    stable = branch_signs(g, kinks, shifted, a50, pair) == signs;
                }
                if (!stable) {
                    ++t.fd_near_kink;
                    continue;
                }
                const running_error& d = (*fd_err)[k];
                if (d.uncertain || !std::isfinite(d.bound)) {
                    ++t.fd_unresolved;
                    continue;
                }
                // rounding of one difference quotient at the double step, in 50 digits; at the
                // 50-digit step it is larger by h64 / h50
                const cln::cl_R noise64 = cln::cl_float(d.bound * rounding50, a50.format());
                // plus the rounding of x +- h itself, exact in double (h64 is a power of two) but
                // not with 50 digits (h50 has a factor 10^-17): |f'| u50 max(1, |x|) / h50
                const cln::cl_R noise50 = noise64 * (h64[k] / h50[k]) +
                                          cln::cl_float(rounding50, a50.format()) * magnitude(ref->gradient[k]) *
                                              cln::max(cln::cl_R(1), cln::abs(at.at(wrt[k]))) / h50[k];
                const auto acc50 = r50.accuracy(k, noise50);
                const auto acc64 = r64.accuracy(k, noise64);
                if (!acc50 || !acc64) {
                    ++t.fd_unresolved;
                    continue;
                }
                ++t.fd_compared;
                const cln::cl_F& want = ref->gradient[k];
                const cln::cl_R floor = cln::cl_float(1e-45, a50.format()) * cln::max(cln::cl_R(1), magnitude(want));
                // 50 digits at its own step, within the documented accuracy
                const double q50 = cln::double_approx(cln::abs(r50.d[0][k] - want) / (*acc50 + floor));
                t.worst_fd = std::max(t.worst_fd, q50);
                BOOST_TEST(q50 <= 1, component << ": fd50 " << r50.d[0][k] << " tape " << want);
                // 50 digits at the double step: the truncation alone, within its estimate
                const double qt = cln::double_approx(cln::abs(r64.d[0][k] - want) / (*acc64 + floor));
                t.worst_fd = std::max(t.worst_fd, qt);
                BOOST_TEST(qt <= 1, component << ": fd50 at the double step " << r64.d[0][k] << " tape " << want);
                // double: its rounding bound plus the truncation estimate
                const double acc = tolerance(d) + cln::double_approx(*acc64 + floor);
                const double q64 = std::fabs(d.value - cln::double_approx(want)) / acc;
                t.worst_fd = std::max(t.worst_fd, q64);
                BOOST_TEST(q64 <= 1, component << ": fd64 " << d.value << " tape " << cln::double_approx(want)
                                               << " accuracy " << acc);
            }
        } catch (const domain_error&) {
            t.fd_unresolved += static_cast<int>(wrt.size());  // x +- 4h leaves the domain
        }
        return;  // one defined point per graph
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(property)

BOOST_DATA_TEST_CASE(symbolic_tape_and_finite_differences_agree, bdata::xrange(shards), shard) {
    tally t;
    for (int i = 0; i < graphs_per_shard; ++i) {
        const auto seed = static_cast<std::uint64_t>(shard * graphs_per_shard + i + 1);
        check_graph(seed, i % 2 == 1, t);
    }
    BOOST_TEST_MESSAGE("shard " << shard << ": " << t.graphs << " graphs, " << t.points << " points, "
                                << t.undefined << " undefined (" << t.one_sided << " one-sided), "
                                << t.double_overflow << " double overflows, " << t.components << " components, "
                                << t.uncertain << " uncertain, fd " << t.fd_compared << " compared / "
                                << t.fd_near_kink << " near a kink / " << t.fd_unresolved << " unresolved; worst: 50 digits " << t.worst50
                                << ", double " << t.worst_double << ", fd " << t.worst_fd);
    BOOST_TEST(t.graphs == graphs_per_shard);
    // no silently empty test: nearly every graph gets a defined point and is compared
    BOOST_TEST(t.points >= graphs_per_shard * 95 / 100);
    BOOST_TEST(t.undefined <= t.graphs / 10);
    BOOST_TEST(t.double_overflow <= t.points / 20);
    BOOST_TEST(t.uncertain <= t.components / 20);
    BOOST_TEST(t.fd_compared >= t.components * 8 / 10);
    BOOST_TEST(t.fd_unresolved <= t.components / 20);
}

BOOST_AUTO_TEST_SUITE_END()
