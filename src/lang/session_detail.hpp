#pragma once
// Helpers the session's files share.

#include "chainrule/lang/diagnostic.hpp"
#include "chainrule/lang/source.hpp"

#include <string>
#include <string_view>

namespace chainrule::lang {

// The source text of `span`, its runs of white space (line breaks included) made single spaces.
std::string label(std::string_view text, const source_span& span);

// Throws source_error(file, where, message): a statement's located failure.
[[noreturn]] void fail(const std::string& file, const source_span& where, std::string message);

}  // namespace chainrule::lang

#include "chainrule/core/rational.hpp"

namespace chainrule::lang {

// A trained double as an exact rational: its 17-significant-digit decimal, which reads back as
// the same double.
rational trained_rational(double x);

}  // namespace chainrule::lang

#include "chainrule/tensor/graph.hpp"

#include <span>
#include <string>
#include <vector>

namespace chainrule::lang {

// The variables the tensor nodes `of` read, by kind, in creation (declaration) order.
void variables_of(const tensor::tensor_graph& t, std::span<const tensor::tensor_id> of,
                  std::vector<tensor::tensor_id>& inputs, std::vector<tensor::tensor_id>& params);

// The data columns the variables `vars` read: every element's name ("x[0]", "x[1]", ...), in order.
std::vector<std::string> element_names(const tensor::tensor_graph& t, std::span<const tensor::tensor_id> vars);

}  // namespace chainrule::lang
