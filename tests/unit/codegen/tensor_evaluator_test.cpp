// The tensor evaluator against the scalar one: the same model expanded to scalars (tensor/expand)
// and run by the scalar interpreter, the independent element-level oracle. Values and gradients
// over batches agree to rounding (matrix products sum in another order) on MLPs with softmax
// cross-entropy, across block boundaries, with cc and libtcc, and on 300 seeded random tensor
// programs using every tensor op.
#include "chainrule/codegen/compile_error.hpp"
#include "chainrule/codegen/emit_tensor_c.hpp"
#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/codegen/tcc_toolchain.hpp"
#include "chainrule/codegen/tensor_evaluator.hpp"
#include "chainrule/core/error.hpp"
#include "chainrule/tensor/expand.hpp"
#include "models.hpp"
#include "../diff/tensor_programs.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>

using namespace chainrule;
using namespace chainrule::codegen;
using namespace chainrule::tensor;
namespace bdata = boost::unit_test::data;

namespace {

// A model of the tensor graph and its scalar twin.
struct twin_models {
    tensor_model_program tensor_program;
    graph g;
    model_program scalar_program;
};

// The tensor program over t, and the same loss expanded to scalars with the same layout.
std::unique_ptr<twin_models> twins(tensor_graph& t, tensor_id loss, const std::vector<tensor_id>& inputs,
                                   const std::vector<tensor_id>& params) {
    auto out = std::make_unique<twin_models>();
    out->tensor_program = make_tensor_model_program(t, loss, inputs, params);
    expander ex(t, out->g);
    const node_id scalar_loss = ex.expand(loss)[0];
    std::vector<node_id> xs, ps;
    for (tensor_id v : inputs)
        for (node_id e : ex.expand(v)) xs.push_back(e);
    for (tensor_id v : params)
        for (node_id e : ex.expand(v)) ps.push_back(e);
    out->scalar_program = make_model_program(out->g, scalar_loss, xs, ps);
    return out;
}

tensor_evaluator_options tensor_options(backend b, tensor_c_options emit = {}) {
    tensor_evaluator_options o;
    o.kind = b;
    o.cc.cache_directory = chainrule::testing::test_cache();
    o.emit = emit;
    return o;
}

std::vector<double> uniform(std::mt19937_64& engine, std::size_t n, double lo, double hi) {
    std::uniform_real_distribution<double> d(lo, hi);
    std::vector<double> out(n);
    for (double& v : out) v = d(engine);
    return out;
}

// |a - b| within rounding of the scale of b (and both non-finite alike).
bool close(double a, double b, double tolerance) {
    if (!std::isfinite(a) || !std::isfinite(b)) return std::isfinite(a) == std::isfinite(b);
    return std::abs(a - b) <= tolerance * (1 + std::abs(b));
}

// The first disagreement of the two evaluations, or "".
std::string compare(const evaluation& got, const evaluation& want, double tolerance) {
    std::ostringstream out;
    out.precision(17);
    if (!close(got.value, want.value, tolerance)) out << "value " << got.value << " against " << want.value;
    else if (got.gradient.size() != want.gradient.size()) out << "gradient sizes differ";
    else
        for (std::size_t k = 0; k < got.gradient.size(); ++k)
            if (!close(got.gradient[k], want.gradient[k], tolerance)) {
                out << "gradient " << k << ": " << got.gradient[k] << " against " << want.gradient[k];
                break;
            }
    return out.str();
}

// An MLP widths[0]-...-widths.back() with tanh hidden layers and softmax cross-entropy,
// logsumexp(z) - y·z, on a one-hot target; its inputs x, y and params W1, b1, ...
struct mlp {
    tensor_id loss = no_tensor;
    std::vector<tensor_id> inputs, params;
};
mlp make_mlp(tensor_graph& t, const std::vector<std::size_t>& widths) {
    mlp m;
    const tensor_id x = t.variable("x", shape::vector(widths.front()), variable_kind::input);
    const tensor_id y = t.variable("y", shape::vector(widths.back()), variable_kind::input);
    m.inputs = {x, y};
    tensor_id h = x;
    for (std::size_t l = 1; l < widths.size(); ++l) {
        const tensor_id W = t.variable("W" + std::to_string(l), shape::matrix(widths[l], widths[l - 1]), variable_kind::param);
        const tensor_id b = t.variable("b" + std::to_string(l), shape::vector(widths[l]), variable_kind::param);
        m.params.push_back(W);
        m.params.push_back(b);
        const tensor_id z = t.add(t.matmul(W, h), b);
        h = l + 1 < widths.size() ? t.named(t.map(op::tanh, z), "h" + std::to_string(l)) : z;
    }
    m.loss = t.sub(t.logsumexp(h), t.matmul(y, h));
    return m;
}

// Samples of the MLP: x in (-1, 1), y one-hot.
std::vector<double> mlp_samples(std::mt19937_64& engine, std::size_t n, std::size_t in, std::size_t classes) {
    std::vector<double> out;
    for (std::size_t s = 0; s < n; ++s) {
        const std::vector<double> x = uniform(engine, in, -1, 1);
        out.insert(out.end(), x.begin(), x.end());
        const std::size_t c = std::uniform_int_distribution<std::size_t>(0, classes - 1)(engine);
        for (std::size_t k = 0; k < classes; ++k) out.push_back(k == c ? 1.0 : 0.0);
    }
    return out;
}

std::vector<backend> compiled_backends() {
    std::vector<backend> out;
    if (cc_available()) out.push_back(backend::cc);
    if (tcc_available()) out.push_back(backend::tcc);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tensor_evaluator)

BOOST_AUTO_TEST_CASE(a_compiler_is_present) {
    // the tests below run on every compiled backend found: at least one must be
    BOOST_TEST(!compiled_backends().empty());
}

BOOST_AUTO_TEST_CASE(an_mlp_agrees_with_the_scalar_evaluator_over_batches) {
    tensor_graph t;
    const mlp net = make_mlp(t, {5, 4, 3});
    auto m = twins(t, net.loss, net.inputs, net.params);
    const auto scalar = make_evaluator(m->g, m->scalar_program, chainrule::testing::backend_options(backend::interpreter, chainrule::testing::test_cache()));
    std::mt19937_64 engine(7);
    const std::vector<double> p = uniform(engine, m->tensor_program.param_count, -1, 1);
    for (backend b : compiled_backends()) {
        const auto tensor = make_tensor_evaluator(t, m->tensor_program, tensor_options(b));
        BOOST_TEST((tensor->kind() == b));
        BOOST_TEST(tensor->input_count() == scalar->input_count());
        BOOST_TEST(tensor->param_count() == scalar->param_count());
        for (std::size_t n : {1u, 3u, 256u, 300u, 513u}) {  // within, at and across blocks of 256
            const std::vector<double> x = mlp_samples(engine, n, 5, 3);
            for (reduction r : {reduction::sum, reduction::mean}) {
                const std::string diff =
                    compare(tensor->value_and_gradient(x, p, r), scalar->value_and_gradient(x, p, r), 1e-12);
                BOOST_TEST(diff.empty(), name(b) << ", batch " << n << ": " << diff);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_value_only_program_computes_the_loss_alone) {
    tensor_graph t;
    const mlp net = make_mlp(t, {5, 4, 3});
    auto m = twins(t, net.loss, net.inputs, net.params);
    const auto scalar = make_evaluator(m->g, m->scalar_program, chainrule::testing::backend_options(backend::interpreter, chainrule::testing::test_cache()));
    const tensor_model_program value_only = make_tensor_value_program(t, net.loss, net.inputs, net.params);
    BOOST_TEST(value_only.gradient.empty());
    BOOST_TEST(value_only.outputs() == 1u);
    std::mt19937_64 engine(11);
    const std::vector<double> p = uniform(engine, value_only.param_count, -1, 1);
    for (backend b : compiled_backends()) {
        const auto tensor = make_tensor_evaluator(t, value_only, tensor_options(b));
        BOOST_TEST(tensor->output_count() == 1u);
        for (std::size_t n : {1u, 300u, 513u}) {
            const std::vector<double> x = mlp_samples(engine, n, 5, 3);
            const evaluation got = tensor->value_and_gradient(x, p, reduction::mean);
            BOOST_TEST(got.gradient.empty());
            const double want = scalar->value_and_gradient(x, p, reduction::mean).value;
            BOOST_TEST(close(got.value, want, 1e-12), name(b) << ", batch " << n << ": " << got.value << " against " << want);
        }
        // the code computes no gradient: it holds no matrix product of the backward sweep
        const std::string source = emit_tensor_c(t, value_only, {}).text;
        BOOST_TEST(source.find("cr_dgemm(101, 112") == std::string::npos);
        BOOST_TEST(emit_tensor_c(t, m->tensor_program, {}).text.find("cr_dgemm(101, 112") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(tanh_in_the_loops_is_within_two_ulps_of_libm) {
    // the emitted code's own tanh (cr_tanh, branch-free so that it vectorises) against glibc's,
    // over both of its formulas, the switch between them at |x| = 0.625, tiny and huge arguments
    tensor_graph t;
    const tensor_id x = t.variable("x", shape::scalar(), variable_kind::input);
    const tensor_id ins[] = {x};
    const tensor_model_program m = make_tensor_value_program(t, t.map(op::tanh, x), ins, {});
    std::vector<double> points = {0.0, -0.0, 0.625, -0.625, std::nextafter(0.625, 0.0), 22.0, 23.0, 1e300,
                                  5e-324, -5e-324, 1e-310, std::numeric_limits<double>::infinity(),
                                  -std::numeric_limits<double>::infinity()};
    std::mt19937_64 engine(5);
    for (double scale : {0.7, 3.0, 25.0})
        for (double v : uniform(engine, 20000, -scale, scale)) points.push_back(v);
    for (int e = -1070; e < 10; e += 3) points.push_back(std::ldexp(1.5, e));
    // the doubles between a and b; +0 and -0 count as one (a sum over the batch starts at +0,
    // so the sign of a zero result is not seen through the evaluator)
    const auto ulps = [](double a, double b) -> std::int64_t {
        std::uint64_t i, j;
        std::memcpy(&i, &a, 8);
        std::memcpy(&j, &b, 8);
        const std::uint64_t sign = std::uint64_t{1} << 63, mi = i & ~sign, mj = j & ~sign;
        const std::uint64_t d = (i & sign) == (j & sign) ? (mi > mj ? mi - mj : mj - mi) : mi + mj;
        return static_cast<std::int64_t>(std::min<std::uint64_t>(d, std::uint64_t{1} << 62));
    };
    for (backend b : compiled_backends()) {
        const auto e = make_tensor_evaluator(t, m, tensor_options(b));
        std::int64_t worst = 0;
        double at = 0, out = 0;
        for (double v : points) {
            e->evaluate_into(std::span<const double>(&v, 1), {}, reduction::sum, std::span<double>(&out, 1));
            const std::int64_t d = ulps(out, std::tanh(v));
            if (d > worst) {
                worst = d;
                at = v;
            }
        }
        BOOST_TEST(worst <= 2, name(b) << ": " << worst << " ulps at " << at);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        e->evaluate_into(std::span<const double>(&nan, 1), {}, reduction::sum, std::span<double>(&out, 1));
        BOOST_TEST(std::isnan(out));
    }
}

BOOST_AUTO_TEST_CASE(cc_and_libtcc_compute_the_same_bits) {
    // the same operations in the same order (no contraction, scalar libm calls, no reassociated
    // sums): the automatic choice between them never changes a result
    BOOST_REQUIRE_MESSAGE(cc_available() && tcc_available(), "the set-up installs both cc and libtcc");
    tensor_graph t;
    const mlp net = make_mlp(t, {7, 6, 4});
    auto m = twins(t, net.loss, net.inputs, net.params);
    std::mt19937_64 engine(13);
    const std::vector<double> p = uniform(engine, m->tensor_program.param_count, -1, 1);
    const std::vector<double> x = mlp_samples(engine, 300, 7, 4);
    const evaluation a = make_tensor_evaluator(t, m->tensor_program, tensor_options(backend::cc))->value_and_gradient(x, p, reduction::mean);
    const evaluation b = make_tensor_evaluator(t, m->tensor_program, tensor_options(backend::tcc))->value_and_gradient(x, p, reduction::mean);
    BOOST_TEST(a.value == b.value);
    BOOST_TEST(a.gradient == b.gradient, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(blocks_of_one_sample_give_the_same_sums) {
    // a workspace too small for two samples: blocks of one, and the same results
    tensor_graph t;
    const mlp net = make_mlp(t, {3, 4, 2});
    auto m = twins(t, net.loss, net.inputs, net.params);
    std::mt19937_64 engine(11);
    const std::vector<double> p = uniform(engine, m->tensor_program.param_count, -1, 1);
    const std::vector<double> x = mlp_samples(engine, 7, 3, 2);
    const auto whole = make_tensor_evaluator(t, m->tensor_program, tensor_options(backend::automatic));
    // the smallest workspace that holds one sample
    tensor_c_options small;
    for (small.workspace_doubles = 1;; ++small.workspace_doubles) {
        try {
            emit_tensor_c(t, m->tensor_program, small);
            break;
        } catch (const limit_error&) {
        }
    }
    BOOST_TEST(emit_tensor_c(t, m->tensor_program, small).text.find("in blocks of 1 samples") != std::string::npos);
    const auto ones = make_tensor_evaluator(t, m->tensor_program, tensor_options(backend::automatic, small));
    const std::string diff = compare(ones->value_and_gradient(x, p, reduction::sum),
                                     whole->value_and_gradient(x, p, reduction::sum), 1e-13);
    BOOST_TEST(diff.empty(), diff);
    small.workspace_doubles -= 1;  // not even one sample
    BOOST_CHECK_THROW(emit_tensor_c(t, m->tensor_program, small), limit_error);
}

BOOST_AUTO_TEST_CASE(the_thread_count_does_not_change_a_bit) {
    // 700 samples: chunks of 256, 256 and 188, shared by 1, 2 or 3 threads; and in blocks of 64
    tensor_graph t;
    const mlp net = make_mlp(t, {6, 5, 3});
    auto m = twins(t, net.loss, net.inputs, net.params);
    std::mt19937_64 engine(5);
    const std::vector<double> p = uniform(engine, m->tensor_program.param_count, -1, 1);
    const std::vector<double> x = mlp_samples(engine, 700, 6, 3);
    for (std::size_t rows : {256u, 64u}) {
        std::vector<evaluation> results;
        for (std::size_t threads : {1u, 2u, 3u}) {
            tensor_c_options emit;
            emit.block_rows = rows;
            tensor_evaluator_options o = tensor_options(backend::automatic, emit);
            o.threads = threads;
            results.push_back(make_tensor_evaluator(t, m->tensor_program, o)->value_and_gradient(x, p, reduction::mean));
        }
        for (const evaluation& r : results) {
            BOOST_TEST(r.value == results[0].value);
            BOOST_TEST(r.gradient == results[0].gradient, boost::test_tools::per_element());
        }
        // and the same as the scalar evaluator to rounding
        const auto scalar = make_evaluator(m->g, m->scalar_program,
                                           chainrule::testing::backend_options(backend::interpreter, chainrule::testing::test_cache()));
        const std::string diff = compare(results[0], scalar->value_and_gradient(x, p, reduction::mean), 1e-12);
        BOOST_TEST(diff.empty(), diff);
    }
}

BOOST_AUTO_TEST_CASE(products_run_as_matrix_products_over_the_block) {
    // W @ x, Wᵀ δ and Σ outer(δ, x) over the block are dgemm calls, not loops
    tensor_graph t;
    const mlp net = make_mlp(t, {4, 3, 2});
    const tensor_model_program m = make_tensor_model_program(t, net.loss, net.inputs, net.params);
    const std::string c = emit_tensor_c(t, m).text;
    std::size_t calls = 0;
    for (std::size_t at = c.find("cr_dgemm(101"); at != std::string::npos; at = c.find("cr_dgemm(101", at + 1)) ++calls;
    BOOST_TEST(calls >= 5u, c);  // two forward products, one backward through W2, two weight gradients
    BOOST_TEST(c.find("W1") == std::string::npos);  // no user text
    BOOST_TEST(c.find("\"") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_programs_are_refused) {
    tensor_graph t;
    const tensor_id x = t.variable("x", shape::vector(2), variable_kind::input);
    const tensor_id w = t.variable("w", shape::vector(2), variable_kind::param);
    const tensor_id v = t.variable("v", shape::vector(2), variable_kind::param);
    const tensor_id L = t.matmul(w, x);
    const std::vector<tensor_id> xs{x}, ws{w}, none{};
    BOOST_CHECK_THROW(make_tensor_model_program(t, t.mul(w, x), xs, ws), usage_error);  // not a scalar
    BOOST_CHECK_THROW(make_tensor_model_program(t, L, none, ws), usage_error);          // x not listed
    BOOST_CHECK_THROW(make_tensor_model_program(t, L, ws, xs), usage_error);            // kinds swapped
    const std::vector<tensor_id> twice{w, w};
    BOOST_CHECK_THROW(make_tensor_model_program(t, L, xs, twice), usage_error);
    // a param the loss does not read has a zero gradient
    const std::vector<tensor_id> both{w, v};
    const tensor_model_program m = make_tensor_model_program(t, L, xs, both);
    const auto e = make_tensor_evaluator(t, m, tensor_options(backend::automatic));
    const std::vector<double> in{1, 2, 3, 4}, p{1, -1, 5, 6};
    const evaluation r = e->value_and_gradient(in, p, reduction::sum);
    BOOST_TEST(r.value == (1 - 2) + (3 - 4));
    BOOST_TEST(r.gradient == (std::vector<double>{4, 6, 0, 0}), boost::test_tools::per_element());
    BOOST_CHECK_THROW(make_tensor_evaluator(t, m, tensor_options(backend::interpreter)), usage_error);
}

constexpr int random_programs = 300;

BOOST_DATA_TEST_CASE(random_programs_agree_with_the_scalar_evaluator, bdata::xrange(random_programs), index) {
    chainrule::testing::tensor_program_generator generate(90000 + static_cast<std::uint64_t>(index));
    chainrule::testing::tensor_program p = generate();
    std::vector<tensor_id> inputs, params;
    for (tensor_id v : p.variables)
        (p.t.variable_of(v).kind == variable_kind::input ? inputs : params).push_back(v);
    auto m = twins(p.t, p.output, inputs, params);
    const auto scalar = make_evaluator(m->g, m->scalar_program, chainrule::testing::backend_options(backend::interpreter, chainrule::testing::test_cache()));
    // libtcc for most (it compiles in a millisecond), cc for every tenth
    const auto tensor = make_tensor_evaluator(p.t, m->tensor_program, tensor_options(index % 10 == 0 || !tcc_available() ? backend::cc : backend::tcc));
    std::mt19937_64 engine(static_cast<std::uint64_t>(index));
    const std::vector<double> params_at = uniform(engine, m->tensor_program.param_count, 0.25, 1.25);
    const std::vector<double> x = uniform(engine, 3 * m->tensor_program.input_count, 0.25, 1.25);
    const std::string diff = compare(tensor->value_and_gradient(x.empty() ? std::vector<double>{} : x, params_at, reduction::sum),
                                     scalar->value_and_gradient(x, params_at, reduction::sum), 1e-9);
    BOOST_TEST(diff.empty(), "seed " << 90000 + index << ": " << diff << "\n"
                                     << chainrule::testing::dump(p.t, std::span<const tensor_id>(&p.output, 1)));
}

BOOST_AUTO_TEST_SUITE_END()
