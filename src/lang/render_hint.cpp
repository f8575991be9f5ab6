// The hint of a refuted claim: a diagnosed mistake (verify/diagnosis.hpp) in the user's words.
#include "chainrule/lang/render.hpp"

#include "chainrule/simplify/print.hpp"

#include <algorithm>
#include <cctype>

namespace chainrule::lang {

const char* const no_pattern_hint =
    "no single common mistake (opposite sign, constant factor, missing path, missing or extra factor) explains "
    "the difference";

namespace {

std::string printed(const graph& g, node_id n, const node_names& names) {
    try {
        return to_text(g, n, names);
    } catch (const chainrule::error&) {
        return "(too large to print)";
    }
}

// The definition whose own expression uses n directly (not through another definition): the
// named node reaching n without crossing another named node, the innermost one.
std::optional<std::string> definition_using(const graph& g, node_id n, const node_names& names) {
    std::optional<std::pair<node_id, std::string>> best;
    for (const auto& [d, name] : names) {
        if (!g.is_named(d) || d == n || (best && d > best->first)) continue;
        std::vector<node_id> stack{g.at(d).lhs};
        std::vector<node_id> seen;
        bool found = false;
        while (!stack.empty() && !found) {
            const node_id k = stack.back();
            stack.pop_back();
            if (k == n) {
                found = true;
                break;
            }
            if (g.is_named(k) || std::find(seen.begin(), seen.end(), k) != seen.end()) continue;
            seen.push_back(k);
            const node x = g.at(k);
            if (x.lhs != no_node) stack.push_back(x.lhs);
            if (x.rhs != no_node) stack.push_back(x.rhs);
        }
        if (found) best = std::make_pair(d, name);
    }
    if (!best) return std::nullopt;
    return best->second;
}

}  // namespace

std::string hint_text(const graph& g, const verify::mistake& m, const node_names& names, const std::string& of_name,
                      const std::string& target_name) {
    const bool identity = of_name.empty();  // a claim A = B without a derivative: left against right
    const std::string claim = identity ? "the left side" : "the claim";
    const std::string truth = identity ? "the right side" : "∂" + of_name + "/∂" + target_name;
    auto label = [&](node_id n) {
        auto it = names.find(n);
        return it != names.end() ? it->second : printed(g, n, names);
    };
    // a node inside ∂ notation: ∂(w*x)/∂w
    auto operand_label = [&](node_id n) {
        const std::string text = label(n);
        const bool plain = std::all_of(text.begin(), text.end(), [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '[' || ch == ']' || ch == ',';
        });
        return plain ? text : "(" + text + ")";
    };
    switch (m.kind) {
    case verify::mistake_kind::none: return no_pattern_hint;
    case verify::mistake_kind::claimed_zero: return "the claim is 0, but " + of_name + " depends on " + target_name;
    case verify::mistake_kind::opposite_sign: return "opposite sign: " + claim + " is -" + (identity ? "(" + truth + ")" : truth);
    case verify::mistake_kind::constant_factor:
        return "off by a constant factor: " + claim + " is " + chainrule::to_string(*m.factor) + " times " + truth;
    case verify::mistake_kind::constant_offset: return claim + " differs from " + truth + " by the constant " + m.offset;
    case verify::mistake_kind::missing_path:
        return "the path through " + label(m.node) + " is missing (its contribution ∂" + of_name + "/∂" + label(m.node) +
               " · ∂" + label(m.node) + "/∂" + target_name + ")";
    case verify::mistake_kind::doubled_path: return "the path through " + label(m.node) + " is counted twice";
    case verify::mistake_kind::missing_direct_use: {
        // in the user's names: the definition whose expression uses the target
        if (names.count(m.node)) return "the path from " + target_name + " directly into " + label(m.node) + " is missing";
        if (auto d = definition_using(g, m.node, names))
            return "the path from " + target_name + " through " + *d + " (its use in " + *d + "'s expression, " +
                   label(m.node) + ") is missing";
        return "the path from " + target_name + " directly into " + label(m.node) + " is missing";
    }
    case verify::mistake_kind::missing_factor:
        return "the factor ∂" + operand_label(m.node) + "/∂" + operand_label(m.operand) + " = " + printed(g, m.part, names) +
               " is missing";
    case verify::mistake_kind::extra_factor:
        return "an extra factor ∂" + operand_label(m.node) + "/∂" + operand_label(m.operand) + " = " +
               printed(g, m.part, names);
    case verify::mistake_kind::missing_part_factor: return "a factor " + label(m.part) + " is missing";
    case verify::mistake_kind::extra_part_factor: return "an extra factor " + label(m.part);
    case verify::mistake_kind::missing_term: return "a term " + label(m.part) + " is missing (a path left out?)";
    }
    return no_pattern_hint;
}

}  // namespace chainrule::lang
