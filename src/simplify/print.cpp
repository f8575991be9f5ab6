// The public printers: one expression, or a CSE program line by line.
#include "chainrule/simplify/print.hpp"

#include "layout.hpp"
#include "names.hpp"

#include "chainrule/core/error.hpp"

#include <algorithm>

namespace chainrule {

namespace {

const std::string expression_what = "the expression";

// Checks that `program` reads as a CSE program of g with one name per output, and names its
// temporaries.
detail::temp_names check_program(const graph& g, const cse_result& program, std::span<const std::string> output_names) {
    if (output_names.size() != program.outputs.size())
        throw usage_error("printing a CSE program: " + std::to_string(output_names.size()) + " output names for " +
                          std::to_string(program.outputs.size()) + " outputs");
    detail::temp_names temps;
    temps.prefix = temp_prefix(g);
    temps.number.assign(g.size(), 0);
    for (const auto& [n, t] : program.temps) {
        g.at(n);
        temps.number[n] = t;
    }
    for (std::size_t i = 0; i < program.assignments.size(); ++i) {
        const cse_assignment& a = program.assignments[i];
        g.at(a.value);
        if (a.temp != i + 1 || temps.of(a.value) != a.temp)
            throw usage_error("printing a CSE program: assignment " + std::to_string(i + 1) +
                              " does not match the program's temporaries");
    }
    for (const cse_output& o : program.outputs) {
        g.at(o.value);
        if (o.temp != temps.of(o.value))
            throw usage_error("printing a CSE program: an output does not match the program's temporaries");
    }
    return temps;
}

template <class Emit>
void for_each_line(const graph& g, const cse_result& program, std::span<const std::string> output_names,
                   const print_limits& limits, Emit emit) {
    const detail::temp_names temps = check_program(g, program, output_names);
    for (const cse_assignment& a : program.assignments) {
        const std::string name = temps.prefix + std::to_string(a.temp);
        emit(name, true, detail::layout(g, a.value, temps, limits, "line " + name));
    }
    for (std::size_t i = 0; i < program.outputs.size(); ++i) {
        const cse_output& o = program.outputs[i];
        // an output held in a temporary is shown as that temporary: lay out a name only
        emit(output_names[i], false,
             detail::layout(g, o.value, temps, limits, "output " + output_names[i], o.temp != 0));
    }
}

}  // namespace

std::string to_text(const graph& g, node_id n, print_limits limits) {
    const detail::temp_names none;
    return detail::layout(g, n, none, limits, expression_what).text();
}

std::string to_latex(const graph& g, node_id n, print_limits limits) {
    const detail::temp_names none;
    return detail::layout(g, n, none, limits, expression_what).latex();
}

std::string to_text(const graph& g, node_id n, const node_names& names, print_limits limits) {
    detail::temp_names named;
    named.names = &names;
    return detail::layout(g, n, named, limits, expression_what).text();
}

std::string to_latex(const graph& g, node_id n, const node_names& names, print_limits limits) {
    detail::temp_names named;
    named.names = &names;
    return detail::layout(g, n, named, limits, expression_what).latex();
}

std::string to_text(const graph& g, const cse_result& program, std::span<const std::string> output_names,
                    print_limits limits) {
    std::string out;
    for_each_line(g, program, output_names, limits,
                  [&](const std::string& lhs, bool, detail::layout&& rhs) {
                      out += lhs;
                      out += " = ";
                      out += rhs.text();
                      out += '\n';
                  });
    return out;
}

std::string to_latex(const graph& g, const cse_result& program, std::span<const std::string> output_names,
                     print_limits limits) {
    std::string out = "\\begin{aligned}\n";
    bool first = true;
    for_each_line(g, program, output_names, limits,
                  [&](const std::string& lhs, bool is_temp, detail::layout&& rhs) {
                      if (!first) out += " \\\\\n";
                      first = false;
                      // temporaries as t_{1}; output names as the caller wrote them
                      out += (is_temp ? detail::latex_name(lhs) : lhs) + " &= " + rhs.latex();
                  });
    return out + "\n\\end{aligned}";
}

std::string temp_prefix(const graph& g) {
    std::string prefix = "t";
    const auto collides = [&](const variable_info& v) {
        return v.name.size() > prefix.size() && v.name.compare(0, prefix.size(), prefix) == 0 &&
               std::all_of(v.name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), v.name.end(),
                           [](char c) { return c >= '0' && c <= '9'; });
    };
    while (std::any_of(g.variables().begin(), g.variables().end(), collides)) prefix += "_";
    return prefix;
}

std::string latex_name(std::string_view name) { return detail::latex_name(name); }
std::string latex_name(const graph& g, std::string_view name) { return detail::latex_name(g, name); }
int natural_compare(std::string_view a, std::string_view b) { return detail::natural_compare(a, b); }

}  // namespace chainrule
