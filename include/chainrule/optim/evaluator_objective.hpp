#pragma once
/// \file
/// A compiled model as an objective: the mean loss and gradient over a batch of a data set,
/// computed by a codegen evaluator (interpreter, libtcc or cc) in one batched call.

#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/optim/objective.hpp"

#include <vector>

namespace chainrule::optim {

/// The loss of an evaluator's model program over a data set held in memory.
class evaluator_objective final : public objective {
public:
    /// The data set `inputs`: `samples` rows of e.input_count() values, sample-major. usage_error
    /// when the sizes disagree or the model reads no inputs. The evaluator must outlive the
    /// objective.
    evaluator_objective(const codegen::evaluator& e, std::vector<double> inputs, std::size_t samples);

    std::size_t parameters() const override { return evaluator_.param_count(); }
    std::size_t samples() const override { return samples_; }
    /// The batch's rows gathered into one block, evaluated with the mean reduction.
    double value_and_gradient(std::span<const double> params, std::span<const std::size_t> batch,
                              std::span<double> gradient) override;
    /// The same, written by the evaluator straight into `out` (no copy).
    void value_then_gradient(std::span<const double> params, std::span<const std::size_t> batch,
                             std::span<double> out) override;

private:
    const codegen::evaluator& evaluator_;
    std::vector<double> inputs_;
    std::size_t samples_;
    std::vector<double> rows_;  // the current batch, gathered
    std::vector<double> out_;   // loss, then the gradient
};

}  // namespace chainrule::optim
