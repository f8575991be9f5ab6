#pragma once
/// \file
/// Everything chainrule offers to C++ users, layer by layer (see DESIGN.md): reading this file
/// top to bottom walks the architecture.

// layer 0: errors and exact numbers
#include "chainrule/core/error.hpp"
#include "chainrule/core/rational.hpp"

// layer 1: the graph of scalar nodes, expression handles, GiNaC conversion
#include "chainrule/graph/expr.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/graph/graph.hpp"
#include "chainrule/graph/op.hpp"
#include "chainrule/graph/substitute.hpp"

// layer 1: the tensor graph of whole scalars, vectors and matrices, expanded to scalar nodes
#include "chainrule/tensor/expand.hpp"
#include "chainrule/tensor/graph.hpp"
#include "chainrule/tensor/op.hpp"
#include "chainrule/tensor/shape.hpp"

// layer 2: CSE and deterministic printing; display-only algebra through GiNaC
#include "chainrule/simplify/algebra.hpp"
#include "chainrule/simplify/cse.hpp"
#include "chainrule/simplify/print.hpp"

// layer 2: the independent numeric oracle: evaluation, reverse-mode tape, finite differences
#include "chainrule/numeric/evaluate.hpp"
#include "chainrule/numeric/finite_difference.hpp"
#include "chainrule/numeric/running_error.hpp"
#include "chainrule/numeric/scalar.hpp"
#include "chainrule/numeric/tape.hpp"

// layer 3: symbolic differentiation
#include "chainrule/diff/forward.hpp"
#include "chainrule/diff/hessian.hpp"
#include "chainrule/diff/partials.hpp"
#include "chainrule/diff/reverse.hpp"
#include "chainrule/diff/tensor_reverse.hpp"
#include "chainrule/diff/trace.hpp"

// layer 4: verdicts on claims, mistake diagnosis, gradient cross-checks
#include "chainrule/verify/cross_check.hpp"
#include "chainrule/verify/diagnosis.hpp"
#include "chainrule/verify/equivalence.hpp"
#include "chainrule/verify/facts.hpp"

// layer 4: compiled evaluators: the C emitter, libtcc and cc toolchains, evaluators
#include "chainrule/codegen/emit_c.hpp"
#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/codegen/validate.hpp"

// layer 5: training: initialisers, optimizers, schedules, the training loop, CSV data
#include "chainrule/optim/csv.hpp"
#include "chainrule/optim/evaluator_objective.hpp"
#include "chainrule/optim/initialise.hpp"
#include "chainrule/optim/objective.hpp"
#include "chainrule/optim/optimizers.hpp"
#include "chainrule/optim/training.hpp"

// layer 6: the chain language: parser, lowering to the graph, the session that runs statements
#include "chainrule/lang/parser.hpp"
#include "chainrule/lang/result.hpp"
#include "chainrule/lang/session.hpp"
