#include "chainrule/verify/facts.hpp"

namespace chainrule::verify {

std::string_view symbol(relation r) {
    switch (r) {
    case relation::less: return "<";
    case relation::less_equal: return "<=";
    case relation::greater: return ">";
    case relation::greater_equal: return ">=";
    case relation::equal: return "=";
    case relation::not_equal: return "!=";
    }
    return "=";
}

}  // namespace chainrule::verify
