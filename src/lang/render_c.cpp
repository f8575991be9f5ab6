// `show ... as c`: the CSE program through codegen's emitter (codegen/emit_c.hpp), so the source
// shown is the source `chainrule compile` builds. The variables are read by slot: inputs from
// x[], params from p[], each in the order `variables` gives them; no user text enters the code.
#include "chainrule/codegen/emit_c.hpp"
#include "chainrule/codegen/layout.hpp"
#include "chainrule/lang/render.hpp"

namespace chainrule::lang {

std::vector<node_id> program_variables(const graph& g, const cse_result& program) {
    std::vector<node_id> roots;
    for (const cse_output& o : program.outputs) roots.push_back(o.value);
    std::vector<node_id> vars;
    for (node_id n : g.reachable(roots))
        if (g.is_variable(n)) vars.push_back(n);
    return vars;
}

std::string render_c(const graph& g, const cse_result& program, std::span<const node_id> variables) {
    const std::vector<node_id> vars(variables.begin(), variables.end());
    return codegen::emit_c(g, program, codegen::layout_by_kind(g, vars)).text;
}

}  // namespace chainrule::lang
