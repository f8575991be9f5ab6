// The evaluator as a training objective: the value and gradient over a batch of sample indices
// against the evaluator called on those samples' rows laid out by hand, for a batch read in place
// (consecutive samples) and for one gathered (shuffled).
#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/core/error.hpp"
#include "chainrule/optim/evaluator_objective.hpp"
#include "models.hpp"

#include <boost/test/unit_test.hpp>

#include <random>

using namespace chainrule;
using namespace chainrule::codegen;

BOOST_AUTO_TEST_SUITE(evaluator_objective_batches)

BOOST_AUTO_TEST_CASE(batches_agree_with_the_evaluator_on_their_rows) {
    graph g;
    const node_id x = g.variable("x", variable_kind::input), y = g.variable("y", variable_kind::input), w = g.variable("w", variable_kind::param),
                  b = g.variable("b", variable_kind::param);
    // (tanh(w x + b) - y)^2
    const node_id r = g.sub(g.apply(op::tanh, g.add(g.mul(w, x), b)), y);
    const node_id xs[] = {x, y}, ps[] = {w, b};
    const model_program m = make_model_program(g, g.mul(r, r), xs, ps);
    const auto e = make_evaluator(g, m, chainrule::testing::backend_options(backend::interpreter, chainrule::testing::test_cache()));
    std::mt19937_64 engine(3);
    std::uniform_real_distribution<double> d(-2, 2);
    const std::size_t samples = 9;
    std::vector<double> data(2 * samples);
    for (double& v : data) v = d(engine);
    optim::evaluator_objective objective(*e, data, samples);
    const std::vector<double> p = {0.7, -0.3};
    for (const std::vector<std::size_t>& batch :
         {std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8}, {3, 4, 5}, {8}, {5, 3, 4}, {2, 2, 7}, {8, 0}}) {
        std::vector<double> rows;
        for (std::size_t k : batch) rows.insert(rows.end(), data.begin() + 2 * k, data.begin() + 2 * k + 2);
        const evaluation want = e->value_and_gradient(rows, p, reduction::mean);
        std::vector<double> gradient(2);
        const double value = objective.value_and_gradient(p, batch, gradient);
        BOOST_TEST(value == want.value);
        BOOST_TEST(gradient == want.gradient, boost::test_tools::per_element());
    }
    // a batch running past the data is refused, consecutive or not
    std::vector<double> gradient(2);
    for (const std::vector<std::size_t>& bad : {std::vector<std::size_t>{8, 9}, {9}, {7, 8, 9}})
        BOOST_CHECK_THROW(objective.value_and_gradient(p, bad, gradient), usage_error);
}

BOOST_AUTO_TEST_SUITE_END()
