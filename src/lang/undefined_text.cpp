// An undefined value said with its expression and inputs (undefined_text.hpp).
#include "undefined_text.hpp"

#include "chainrule/core/rational.hpp"
#include "chainrule/lang/evaluate.hpp"
#include "chainrule/simplify/print.hpp"

#include <cln/real.h>

namespace chainrule::lang {

namespace {

constexpr std::size_t max_text = 80;
constexpr std::size_t max_inputs = 8;

// integers exactly; other values as the shortest decimal that reads back as their double
std::string shown(const rational& q) {
    if (is_integer(q) && decimal_size(q) <= 20) return chainrule::to_string(q);
    return round_trip_text(cln::double_approx(q));
}

}  // namespace

std::string describe_undefined(session& s, node_id node, const std::string& reason, const numeric::point& at,
                               numeric::value_failure failure) {
    const node_id one[] = {node};
    const std::vector<node_id> display = s.named(one, false);
    std::string text = to_text(s.display(), display.front());
    if (text.size() > max_text) text = text.substr(0, max_text - 3) + "...";
    std::string inputs;
    const std::vector<node_id> reached = free_variables(s.model(), one);
    for (std::size_t k = 0; k < reached.size() && k < max_inputs; ++k) {
        const auto value = at.find(reached[k]);
        if (value == at.end()) continue;
        inputs += (inputs.empty() ? " at " : ", ") + s.model().variable_of(reached[k]).name + " = " + shown(value->second);
    }
    if (reached.size() > max_inputs) inputs += ", ... (" + std::to_string(reached.size()) + " variables)";
    switch (failure) {
    case numeric::value_failure::undefined: return text + " is undefined" + inputs + ": " + reason;
    case numeric::value_failure::overflow: return text + " overflows in double" + inputs + ": " + reason;
    }
    return text + ": " + reason;
}

}  // namespace chainrule::lang
