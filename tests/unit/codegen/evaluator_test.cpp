// Every backend against the exact value (GiNaC at 50 digits, in ulps) on random graphs and MLPs;
// the backends against each other bit for bit; batches against single samples; kinks, overflow
// and checked evaluation.
#include "chainrule/codegen/compile_error.hpp"
#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/codegen/tcc_toolchain.hpp"
#include "chainrule/codegen/validate.hpp"
#include "chainrule/core/error.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "models.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cln/real.h>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <random>

using namespace chainrule;
using namespace chainrule::codegen;
using chainrule::testing::backend_options;
using chainrule::testing::test_cache;
using chainrule::testing::test_model;
namespace bdata = boost::unit_test::data;

namespace {

const backend all_backends[] = {backend::interpreter, backend::tcc, backend::cc};

std::unique_ptr<evaluator> build(const test_model& m, backend b) {
    return make_evaluator(*m.g, m.program, backend_options(b, test_cache()));
}

std::vector<double> random_values(std::mt19937_64& engine, std::size_t n, double bound) {
    std::uniform_real_distribution<double> d(-bound, bound);
    std::vector<double> out(n);
    for (double& v : out) v = d(engine);
    return out;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Tolerances, in ulps of the exact value, or relative to max(1, |exact|) for values near 0
// (cancellation in a random expression can make any ulp count large near a zero of it).
constexpr double ulps_tolerance = 64;
constexpr double scaled_tolerance = 1e-13;

void check_report(const validation_report& r, const std::string& what) {
    BOOST_TEST_INFO(what << ": " << r.points << " points (" << r.skipped << " skipped), value " << r.max_value_ulps
                         << " ulps, gradient " << r.max_gradient_ulps << " ulps, scaled " << r.max_scaled_error);
    BOOST_TEST_MESSAGE(what << ": value " << r.max_value_ulps << " ulps, gradient " << r.max_gradient_ulps
                            << " ulps, scaled " << r.max_scaled_error << " (" << r.points << " points)");
    BOOST_TEST(r.points > 0u);
    const bool ulps_ok = r.max_value_ulps <= ulps_tolerance && r.max_gradient_ulps <= ulps_tolerance;
    BOOST_TEST((ulps_ok || r.max_scaled_error <= scaled_tolerance));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(evaluators)

BOOST_DATA_TEST_CASE(random_graphs_match_the_exact_value, bdata::xrange(1, 25) * bdata::xrange(3), seed, which) {
    const backend b = all_backends[which];
    const test_model m = chainrule::testing::random_model(static_cast<std::uint64_t>(seed), seed % 3 == 0);
    const auto e = build(m, b);
    BOOST_TEST((e->kind() == b));
    validation_options o;
    o.points = 8;
    o.seed = static_cast<std::uint64_t>(seed);
    check_report(validate(*m.g, m.program, *e, o), "seed " + std::to_string(seed) + " " + std::string(name(b)));
}

BOOST_DATA_TEST_CASE(mlps_match_the_exact_value, bdata::xrange(3), which) {
    const backend b = all_backends[which];
    const test_model mlp = chainrule::testing::mlp_model({2, 4, 1});
    validation_options o;
    o.points = 4;
    check_report(validate(*mlp.g, mlp.program, *build(mlp, b), o), "mlp 2-4-1");
    const test_model soft = chainrule::testing::softmax_model(3, 4, 3);
    check_report(validate(*soft.g, soft.program, *build(soft, b), o), "softmax 3-4-3");
}

BOOST_DATA_TEST_CASE(validation_catches_a_wrong_evaluator, bdata::xrange(3), which) {
    // the evaluator of L * (1 + 2^-30) checked against L: the error must show
    test_model m = chainrule::testing::mlp_model({2, 2, 1});
    graph& g = *m.g;
    const node_id perturbed = g.mul(m.program.loss, g.constant(1 + cln::expt(rational(2), -30)));
    const model_program wrong = make_model_program(g, perturbed, m.program.layout.inputs, m.program.layout.params);
    const auto e = make_evaluator(g, wrong, backend_options(all_backends[which], test_cache()));
    validation_options o;
    o.points = 4;
    const validation_report r = validate(g, m.program, *e, o);
    BOOST_TEST(r.max_value_ulps > 1e5);
    BOOST_TEST(r.max_scaled_error > 1e-11);
}

BOOST_DATA_TEST_CASE(backends_agree_bit_for_bit, bdata::xrange(1, 16), seed) {
    const test_model m = chainrule::testing::random_model(static_cast<std::uint64_t>(seed) + 100, seed % 2 == 0, 12);
    const auto interp = build(m, backend::interpreter), tcc = build(m, backend::tcc), cc = build(m, backend::cc);
    std::mt19937_64 engine(static_cast<std::uint64_t>(seed));
    for (int point = 0; point < 10; ++point) {
        const auto x = random_values(engine, interp->input_count(), 2), p = random_values(engine, interp->param_count(), 2);
        const evaluation a = interp->value_and_gradient(x, p), t = tcc->value_and_gradient(x, p),
                         c = cc->value_and_gradient(x, p);
        BOOST_TEST((same_bits(a.value, t.value) && same_bits(a.value, c.value)),
                   std::setprecision(17) << a.value << " " << t.value << " " << c.value);
        for (std::size_t k = 0; k < a.gradient.size(); ++k)
            BOOST_TEST((same_bits(a.gradient[k], t.gradient[k]) && same_bits(a.gradient[k], c.gradient[k])),
                       "gradient " << k << ": " << std::setprecision(17) << a.gradient[k] << " " << t.gradient[k] << " "
                                   << c.gradient[k]);
    }
}

BOOST_DATA_TEST_CASE(split_sources_compute_the_same_values, bdata::xrange(1, 9), seed) {
    // a program split into functions of 1, 2 and 3 statements (temporaries crossing through
    // the scratch array), and compiled by cc whole or as 2 or 5 units linked together, gives the
    // interpreter's values bit for bit
    const test_model m = chainrule::testing::random_model(static_cast<std::uint64_t>(seed) + 200, seed % 2 == 0, 12);
    const auto interp = build(m, backend::interpreter);
    std::mt19937_64 engine(static_cast<std::uint64_t>(seed));
    const auto x = random_values(engine, 3 * interp->input_count(), 2), p = random_values(engine, interp->param_count(), 2);
    const evaluation want = interp->value_and_gradient(x, p, reduction::mean);
    for (std::size_t per : {1u, 2u, 3u}) {
        for (const auto& [b, units] : {std::pair{backend::tcc, 0}, {backend::cc, 1}, {backend::cc, 2}, {backend::cc, 5}}) {
            evaluator_options o = backend_options(b, test_cache());
            o.emit.statements_per_function = per;
            o.cc.units = units;
            const evaluation got = make_evaluator(*m.g, m.program, o)->value_and_gradient(x, p, reduction::mean);
            BOOST_TEST(same_bits(got.value, want.value), name(b) << " per " << per << " units " << units);
            for (std::size_t k = 0; k < want.gradient.size(); ++k) BOOST_TEST(same_bits(got.gradient[k], want.gradient[k]));
        }
    }
}

BOOST_DATA_TEST_CASE(a_batch_is_the_sum_or_mean_of_its_samples, bdata::xrange(3), which) {
    const test_model m = chainrule::testing::mlp_model({2, 3, 1});
    const auto e = build(m, all_backends[which]);
    std::mt19937_64 engine(7);
    const std::size_t n = 5;
    const auto x = random_values(engine, n * e->input_count(), 1), p = random_values(engine, e->param_count(), 1);
    std::vector<double> sum(1 + e->param_count(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const evaluation one = e->value_and_gradient(std::span(x).subspan(i * e->input_count(), e->input_count()), p);
        sum[0] += one.value;
        for (std::size_t k = 0; k < one.gradient.size(); ++k) sum[1 + k] += one.gradient[k];
    }
    const evaluation s = e->value_and_gradient(x, p, reduction::sum), mean = e->value_and_gradient(x, p, reduction::mean);
    BOOST_TEST(s.value == sum[0]);  // the same additions in the same order
    BOOST_TEST(mean.value == sum[0] / static_cast<double>(n));
    for (std::size_t k = 0; k < s.gradient.size(); ++k) {
        BOOST_TEST(s.gradient[k] == sum[1 + k]);
        BOOST_TEST(mean.gradient[k] == sum[1 + k] / static_cast<double>(n));
    }
}

BOOST_AUTO_TEST_CASE(many_outputs_go_through_the_heap) {
    // 5000 params (past the 4096 outputs the batch function keeps on the stack):
    // L = x * sum_k k w_k^2, dL/dw_k = 2 k x w_k
    graph g;
    expr x = input(g, "x");
    std::vector<node_id> ps;
    expr L = constant(g, rational(0));
    for (int k = 0; k < 5000; ++k) {
        expr w = param(g, "w" + std::to_string(k));
        ps.push_back(w.id());
        L = L + constant(g, rational(k)) * w * w;
    }
    L = x * L;
    const node_id xs[] = {x.id()};
    const model_program m = make_model_program(g, L.id(), xs, ps);
    std::vector<double> p(ps.size());
    for (std::size_t k = 0; k < p.size(); ++k) p[k] = 1.0 / static_cast<double>(k + 1);
    const double batch[] = {0.5, 1.5};
    for (backend b : {backend::interpreter, backend::tcc}) {
        const auto e = make_evaluator(g, m, backend_options(b, test_cache()));
        const evaluation v = e->value_and_gradient(batch, p, reduction::sum);
        for (std::size_t k : {std::size_t{0}, std::size_t{1}, std::size_t{4095}, std::size_t{4999}})
            BOOST_TEST(v.gradient[k] == 2.0 * static_cast<double>(k) * 2.0 * p[k], name(b) << " " << k);
    }
}

BOOST_DATA_TEST_CASE(kinks_have_their_documented_values, bdata::xrange(3), which) {
    // L = relu(w) + |w| + step(w) + max(w, 0) + min(w, 0): at w = 0 the value is 0 and the
    // gradient relu'(0) + |.|'(0) + step'(0) + max'(tie -> first) + min'(tie -> first) = 0+0+0+1+1
    graph g;
    expr w = param(g, "w");
    const expr L = relu(w) + abs(w) + step(w) + max(w, 0) + min(w, 0);
    const node_id ps[] = {w.id()};
    const model_program m = make_model_program(g, L.id(), {}, ps);
    const auto e = make_evaluator(g, m, backend_options(all_backends[which], test_cache()));
    const double zero[] = {0.0};
    const evaluation at0 = e->value_and_gradient({}, zero);
    BOOST_TEST(at0.value == 0.0);
    BOOST_TEST(at0.gradient[0] == 2.0);
    const double positive[] = {0.5}, negative[] = {-0.5};
    BOOST_TEST(e->value_and_gradient({}, positive).value == 0.5 + 0.5 + 1 + 0.5 + 0);
    BOOST_TEST(e->value_and_gradient({}, positive).gradient[0] == 1 + 1 + 0 + 1 + 0);
    BOOST_TEST(e->value_and_gradient({}, negative).value == 0 + 0.5 + 0 + 0 - 0.5);
    BOOST_TEST(e->value_and_gradient({}, negative).gradient[0] == 0 - 1 + 0 + 0 + 1);
}

BOOST_DATA_TEST_CASE(sign_is_compiled_with_its_jump_and_abs_derivative, bdata::xrange(3), which) {
    // L = sign(w) x + |w| at x = 5: the value 5 sign(w) + |w|, the gradient dL/dw = sign'(w) x +
    // |.|'(w) = 0 + sign(w): -1, 0, 1 at w = -2, 0, 3 in every backend
    graph g;
    expr w = param(g, "w"), x = input(g, "x");
    const expr L = sign(w) * x + abs(w);
    const node_id xs[] = {x.id()}, ps[] = {w.id()};
    const model_program m = make_model_program(g, L.id(), xs, ps);
    const auto e = make_evaluator(g, m, backend_options(all_backends[which], test_cache()));
    const double input[] = {5.0};
    const double at[] = {-2.0, 0.0, 3.0};
    const double sign_at[] = {-1.0, 0.0, 1.0};
    for (std::size_t k = 0; k < 3; ++k) {
        const double p[] = {at[k]};
        const evaluation v = e->value_and_gradient(input, p);
        BOOST_TEST(v.value == sign_at[k] * 5.0 + std::fabs(at[k]), name(all_backends[which]) << " at w = " << at[k]);
        BOOST_TEST(v.gradient[0] == sign_at[k], name(all_backends[which]) << " at w = " << at[k]);
    }
    // -0 is a zero too: sign(-0) = 0, no -1 from the branch u < 0
    const double negative_zero[] = {-0.0};
    BOOST_TEST(e->value_and_gradient(input, negative_zero).gradient[0] == 0.0);
    // a NaN propagates
    const double nan[] = {std::nan("")};
    BOOST_TEST(std::isnan(e->value_and_gradient(input, nan).gradient[0]));
}

BOOST_DATA_TEST_CASE(sigmoid_and_softplus_do_not_overflow, bdata::xrange(3), which) {
    // L = softplus(w) + sigmoid(w): at w = +-800, exp(800) overflows a naive formula
    graph g;
    expr w = param(g, "w");
    const expr L = softplus(w) + sigmoid(w);
    const node_id ps[] = {w.id()};
    const model_program m = make_model_program(g, L.id(), {}, ps);
    const auto e = make_evaluator(g, m, backend_options(all_backends[which], test_cache()));
    const double big[] = {800.0}, small[] = {-800.0};
    const evaluation hi = e->value_and_gradient({}, big), lo = e->value_and_gradient({}, small);
    BOOST_TEST(hi.value == 801.0);
    BOOST_TEST(hi.gradient[0] == 1.0);  // sigmoid(800) + sigmoid'(800) = 1 + 0
    BOOST_TEST(lo.value == 0.0);
    BOOST_TEST(lo.gradient[0] == 0.0);
    BOOST_TEST(std::isfinite(hi.value));
}

BOOST_DATA_TEST_CASE(checked_evaluation_names_the_sample, bdata::xrange(3), which) {
    // L = log(x) * w: NaN for a negative x
    graph g;
    expr x = input(g, "x"), w = param(g, "w");
    const expr L = log(x) * w;
    const node_id xs[] = {x.id()}, ps[] = {w.id()};
    const model_program m = make_model_program(g, L.id(), xs, ps);
    const auto e = make_evaluator(g, m, backend_options(all_backends[which], test_cache()));
    const double batch[] = {1.0, 2.0, -3.0, 4.0}, p[] = {1.5};
    BOOST_TEST(std::isnan(e->value_and_gradient(batch, p, reduction::sum).value));  // unchecked: NaN
    try {
        e->checked_value_and_gradient(batch, p, reduction::sum);
        BOOST_FAIL("no domain_error");
    } catch (const domain_error& err) {
        const std::string what = err.what();
        BOOST_TEST(what.find("sample 2") != std::string::npos, what);
        BOOST_TEST(what.find("-3") != std::string::npos, what);
    }
    const double fine[] = {1.0, 2.0};
    BOOST_TEST(e->checked_value_and_gradient(fine, p, reduction::mean).value == 1.5 * std::log(2.0) / 2);
}

BOOST_AUTO_TEST_CASE(wrong_sizes_are_refused) {
    const test_model m = chainrule::testing::mlp_model({2, 2, 1});
    const auto e = build(m, backend::interpreter);
    const std::vector<double> x(3), p(e->param_count()), short_p(1);
    BOOST_CHECK_THROW(e->value_and_gradient(x, short_p), usage_error);
    const std::vector<double> odd(4);
    BOOST_CHECK_THROW(e->value_and_gradient(odd, p, reduction::sum), usage_error);
    BOOST_CHECK_NO_THROW(e->value_and_gradient(x, p));
}

BOOST_AUTO_TEST_CASE(gradient_matches_ginac_diff) {
    // an independent oracle for the whole path: GiNaC's own diff of the loss, at 50 digits
    const test_model m = chainrule::testing::mlp_model({2, 2, 1});
    const auto e = build(m, backend::cc);
    ginac_converter conv(*m.g);
    const GiNaC::ex loss = conv(m.program.loss);
    std::mt19937_64 engine(3);
    std::vector<double> x(e->input_count()), p(e->param_count());
    GiNaC::exmap at;
    auto fill = [&](std::vector<double>& v, const std::vector<node_id>& vars) {
        for (std::size_t k = 0; k < v.size(); ++k) {
            const long q = static_cast<long>(engine() % 257) - 128;
            v[k] = q / 64.0;
            at[conv.symbol(m.g->variable_of(vars[k]).name)] = GiNaC::numeric(q, 64);
        }
    };
    fill(x, m.program.layout.inputs);
    fill(p, m.program.layout.params);
    const evaluation got = e->value_and_gradient(x, p);
    GiNaC::Digits = 50;
    for (std::size_t k = 0; k < p.size(); ++k) {
        const GiNaC::ex d = loss.diff(conv.symbol(m.g->variable_of(m.program.layout.params[k]).name)).subs(at).evalf();
        const rational exact = cln::rational(cln::the<cln::cl_R>(GiNaC::ex_to<GiNaC::numeric>(d).to_cl_N()));
        // rounding in the double evaluation (cancellation in 1 - tanh^2 and in the sums) reaches
        // tens of ulps here; the bound is relative to max(1, |exact|)
        const double scaled = ulps(got.gradient[k], exact) * std::ldexp(1.0, std::ilogb(got.gradient[k]) - 52) /
                              std::max(1.0, std::fabs(got.gradient[k]));
        BOOST_TEST(scaled <= 1e-13,
                   "param " << k << ": " << std::setprecision(17) << got.gradient[k] << " vs " << d << ", "
                            << ulps(got.gradient[k], exact) << " ulps");
    }
}

BOOST_AUTO_TEST_CASE(auto_falls_back_to_the_interpreter_without_a_compiler) {
    const test_model m = chainrule::testing::mlp_model({2, 2, 1});
    evaluator_options o = backend_options(backend::automatic, test_cache());
    o.use_tcc = false;
    o.cc.compiler = "chainrule-no-such-compiler";
    const auto e = make_evaluator(*m.g, m.program, o);
    BOOST_TEST((e->kind() == backend::interpreter));
    BOOST_TEST(e->warnings().size() == 1u);
    BOOST_TEST(e->warnings()[0].find("interpreter") != std::string::npos);
    // an explicit cc request with no compiler is an error, not a fallback
    o.kind = backend::cc;
    BOOST_CHECK_THROW(make_evaluator(*m.g, m.program, o), compile_error);
}

BOOST_AUTO_TEST_CASE(auto_picks_tcc_for_short_jobs_and_cc_for_long_ones) {
    evaluator_options o;
    o.expected_evaluations = 10;
    BOOST_TEST((choose_backend(100, o) == (tcc_available() ? backend::tcc : backend::cc)));
    o.expected_evaluations = 1e9;
    BOOST_TEST((choose_backend(100, o) == backend::cc));
}

BOOST_AUTO_TEST_CASE(a_program_too_large_for_a_tier_is_refused_naming_another) {
    const test_model m = chainrule::testing::mlp_model({2, 2, 1});
    evaluator_options o = backend_options(backend::tcc, test_cache());
    o.tcc_max_statements = 3;
    try {
        make_evaluator(*m.g, m.program, o);
        BOOST_FAIL("no limit_error");
    } catch (const limit_error& e) {
        BOOST_TEST(std::string(e.what()).find("cc backend") != std::string::npos, e.what());
        BOOST_TEST(e.limit() == 3u);
    }
}

BOOST_AUTO_TEST_SUITE_END()
