#pragma once
/// \file
/// What an optimizer minimises: a loss over a data set of N samples with P parameters, whose
/// mean value and mean gradient over any batch of samples can be computed. The training loop
/// and the optimizers see nothing else, so they run unchanged on a compiled evaluator, on an
/// interpreter, or on a plain C++ function such as Rosenbrock.

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace chainrule::optim {

/// A differentiable loss over a data set: L(p; batch) = (1/|batch|) sum_{i in batch} l(p; i).
class objective {
public:
    virtual ~objective() = default;

    /// The number P of parameters.
    virtual std::size_t parameters() const = 0;

    /// The number N of samples; 0 for an objective without data (a plain function of the
    /// parameters), which ignores the batch and is trained with one full step per epoch.
    virtual std::size_t samples() const = 0;

    /// The mean loss over `batch` (sample indices in [0, samples())) at `params` (size P), and
    /// its mean gradient written to `gradient` (size P, overwritten). Non-finite results are
    /// returned as they are: the caller decides what to do with them.
    virtual double value_and_gradient(std::span<const double> params, std::span<const std::size_t> batch,
                                      std::span<double> gradient) = 0;

    /// value_and_gradient with both results in one array `out` of P + 1 values: out[0] the
    /// mean loss, out[1..P] its mean gradient. It is the layout the compiled evaluators write,
    /// so an evaluator objective fills it without a copy (the training loop calls this one).
    /// The default calls value_and_gradient(params, batch, out.subspan(1)).
    virtual void value_then_gradient(std::span<const double> params, std::span<const std::size_t> batch,
                                     std::span<double> out);

    /// The mean loss over `batch` at `params`, without the gradient. The default computes the
    /// gradient into scratch space and drops it; evaluators that can skip it should override.
    virtual double value(std::span<const double> params, std::span<const std::size_t> batch);

private:
    std::vector<double> scratch_;
};

/// A loss with its gradient, written to the second argument: f(p, grad) -> f(p).
using function_with_gradient = std::function<double(std::span<const double>, std::span<double>)>;

/// An objective without samples: a plain function of the parameters (Rosenbrock, quadratics).
class function_objective final : public objective {
public:
    /// The function f of `parameters` parameters; usage_error when f is empty.
    function_objective(std::size_t parameters, function_with_gradient f);
    std::size_t parameters() const override { return parameters_; }
    std::size_t samples() const override { return 0; }
    /// f(params), its gradient to `gradient`; the batch is ignored.
    double value_and_gradient(std::span<const double> params, std::span<const std::size_t> batch,
                              std::span<double> gradient) override;

private:
    std::size_t parameters_;
    function_with_gradient f_;
};

/// The loss of one sample with its gradient: l(p, i, grad) -> l(p; i), grad overwritten.
using sample_loss = std::function<double(std::span<const double>, std::size_t, std::span<double>)>;

/// An objective given one sample at a time: averages the per-sample losses and gradients over
/// the batch. Meant for tests and small hand-written models; compiled evaluators implement
/// objective directly and batch over samples themselves.
class per_sample_objective final : public objective {
public:
    /// `samples` samples of loss l with `parameters` parameters; usage_error when l is empty.
    per_sample_objective(std::size_t parameters, std::size_t samples, sample_loss l);
    std::size_t parameters() const override { return parameters_; }
    std::size_t samples() const override { return samples_; }
    /// (1/|B|) sum_{i in B} l(p; i) and (1/|B|) sum_{i in B} grad l(p; i); usage_error for an
    /// empty batch or an index out of range.
    double value_and_gradient(std::span<const double> params, std::span<const std::size_t> batch,
                              std::span<double> gradient) override;

private:
    std::size_t parameters_;
    std::size_t samples_;
    sample_loss loss_;
    std::vector<double> sample_gradient_;
};

}  // namespace chainrule::optim
