#pragma once
// Helpers the session's files share.

#include "chainrule/lang/source.hpp"

#include <string>
#include <string_view>

namespace chainrule::lang {

// The source text of `span`, its runs of white space (line breaks included) made single spaces.
std::string label(std::string_view text, const source_span& span);

}  // namespace chainrule::lang
