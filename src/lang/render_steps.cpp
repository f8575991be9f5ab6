// `show ... as steps`: the chain-rule trace in the user's names.
#include "chainrule/lang/render.hpp"

#include "render_detail.hpp"

#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>
#include <vector>

namespace chainrule::lang {

namespace {

/// adjoint(node) = sum over (user, coefficient) of adjoint(user) * coefficient, `user` named.
using via_named = std::vector<std::pair<node_id, node_id>>;

void accumulate(graph& g, via_named& terms, node_id user, node_id coefficient) {
    for (auto& [u, c] : terms)
        if (u == user) {
            c = g.add(c, coefficient);
            return;
        }
    terms.emplace_back(user, coefficient);
}

/// Whether a printed factor needs parentheses after "·": a sum or difference at its top
/// level, or a leading minus.
bool needs_parentheses(std::string_view text) {
    if (!text.empty() && text.front() == '-') return true;
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '(' || c == '[') ++depth;
        else if (c == ')' || c == ']') --depth;
        else if (depth == 0 && (c == '+' || c == '-') && i > 0 && text[i - 1] == ' ') return true;
    }
    return false;
}

}  // namespace

std::string render_steps(graph& g, const chain_trace& trace, const name_table& names,
                         std::string_view output_label) {
    const node_names printer = printer_names(names);
    auto label = [&](node_id n) -> std::optional<std::string> {
        if (n == trace.output) return std::string(output_label);
        // the steps are the definitions' own nodes; what they name is contracted into them
        if (g.is_named(n)) return g.label_of(n);
        if (g.is_variable(n)) return g.variable_of(n).name;
        return std::nullopt;
    };
    auto d = [&](const std::string& wrt) { return detail::partial_label(output_label, wrt); };

    std::unordered_map<node_id, via_named> via;
    std::ostringstream out;
    for (const trace_node& tn : trace.nodes) {
        // The adjoint through the named users only: unnamed users pass their terms on,
        // multiplied by the local partial of the edge (the chain rule over the named nodes).
        via_named terms;
        if (tn.id != trace.output) {
            for (std::size_t i : tn.incoming) {
                const trace_edge& e = trace.edges[i];
                if (label(e.user)) {
                    accumulate(g, terms, e.user, e.partial);
                } else {
                    const via_named inner = via[e.user];
                    for (const auto& [u, c] : inner) accumulate(g, terms, u, g.mul(c, e.partial));
                }
            }
        }
        via[tn.id] = terms;
        const std::optional<std::string> name = label(tn.id);
        if (!name) continue;
        out << d(*name) << " = ";
        if (tn.id == trace.output) {
            out << "1\n";
            continue;
        }
        // A use by the output itself contributes its local partial alone (the upstream ∂L/∂L is
        // 1): writing it as ∂L/∂L · ∂L/∂a would give the local partial the adjoint's name.
        std::string symbolic, local;
        bool all_one = true, only_direct = !terms.empty();
        for (std::size_t k = 0; k < terms.size(); ++k) {
            const auto& [u, c] = terms[k];
            const std::string user = *label(u);
            const std::optional<std::string> own = label(c);
            const std::string value = own ? *own : detail::printed(g, c, printer);
            const bool simple = !needs_parentheses(value);
            const std::string sep = k ? " + " : "";
            if (u == trace.output) {
                symbolic += sep + (simple || terms.size() == 1 ? value : "(" + value + ")");
                local += sep + (simple || terms.size() == 1 ? value : "(" + value + ")");
                continue;
            }
            only_direct = false;
            symbolic += sep + d(user) + " · " + detail::partial_label(user, *name);
            local += sep + d(user) + " · " + (simple ? value : "(" + value + ")");
            if (!g.is_constant(c, rational(1))) all_one = false;
        }
        if (terms.empty()) symbolic = "0";
        const std::string result = detail::printed(g, tn.adjoint, printer);
        if (only_direct) {  // L uses it directly, nothing else does
            out << result << '\n';
            continue;
        }
        out << symbolic;
        if (!all_one && !terms.empty() && local != symbolic) out << " = " << local;
        if (result != symbolic) out << " = " << result;
        out << '\n';
    }
    return out.str();
}

}  // namespace chainrule::lang
