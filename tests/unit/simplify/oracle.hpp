#pragma once
// Independent oracles for the simplify tests: an exact evaluator over rationals written here
// (it shares nothing with chainrule's printer or CSE), a CSE program run or rebuilt line by
// line, and a GiNaC reading of printed text.

#include "chainrule/graph/graph.hpp"
#include "chainrule/simplify/cse.hpp"

#include "random_tree.hpp"

#include <ginac/ginac.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace simplify_test {

using chainrule::graph;
using chainrule::node_id;
using chainrule::op;
using chainrule::rational;
using point = std::map<std::string, rational>;

/// The exact value of every node of g at p, for the rational ops (constant, variable, add, mul,
/// pow with an integer exponent); nothing for other ops and where undefined (0^-1).
std::vector<std::optional<rational>> evaluate_all(const graph& g, const point& p);

/// The outputs of a CSE program, run as a program: each assignment's right-hand side is
/// evaluated by walking its node's operands down to leaves and already assigned temporaries.
/// Fails a test check when a line reads a temporary before it is assigned, or is deeper
/// than `max_depth` levels.
std::vector<std::optional<rational>> run_program(const graph& g, const chainrule::cse_result& program,
                                                 const point& p, std::size_t max_depth);

/// The GiNaC expression of a CSE output, built line by line from the program (with this file's
/// own op-to-GiNaC mapping), each temporary replaced by its line.
std::vector<GiNaC::ex> program_to_ginac(const graph& g, const chainrule::cse_result& program,
                                        std::map<std::string, GiNaC::ex>& symbols);

/// Parses printed text with GiNaC's parser: the variables are the given symbols, and the
/// chainrule functions (sigmoid, softplus, relu, step, max, min) are read as graph/ginac_functions.
GiNaC::ex parse(const std::string& text, const std::map<std::string, GiNaC::ex>& symbols);

/// Whether a and b are equal as rational functions (GiNaC normal of the difference is 0).
bool same(const GiNaC::ex& a, const GiNaC::ex& b);

}  // namespace simplify_test
