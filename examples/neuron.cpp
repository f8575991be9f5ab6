// The worked example of backpropagation: one sigmoid neuron with squared error.
//   z = w*x + b,  a = sigmoid(z),  L = (a - y)^2 / 2
// Prints the exact partials of L, the CSE'd gradient program and the chain-rule trace.
#include <chainrule/chainrule.hpp>

#include <iostream>
#include <string>
#include <vector>

using namespace chainrule;

int main() {
    try {
        graph g;
        auto w = param(g, "w"), b = param(g, "b");
        auto x = input(g, "x"), y = input(g, "y");
        auto z = w * x + b;
        auto a = sigmoid(z);
        auto L = pow(a - y, 2) / 2;
        // the names the model gives its intermediates: printed by name, not expanded
        const node_names named{{z.id(), "z"}, {a.id(), "a"}, {L.id(), "L"}};
        auto label = [&](node_id n) {
            if (auto it = named.find(n); it != named.end()) return it->second;
            if (g.is_variable(n)) return g.variable_of(n).name;
            return "(" + to_text(g, n, named) + ")";
        };

        std::cout << "The sigmoid neuron\n"
                  << "  z = " << to_text(g, z.id(), named) << "\n"
                  << "  a = " << to_text(g, a.id(), named) << "\n"
                  << "  L = " << to_text(g, L.id(), named) << "\n\n";

        // reverse sweep: exact partials of L
        const std::vector<node_id> wrt{w.id(), b.id(), x.id(), y.id()};
        const std::vector<node_id> grad = reverse_gradient(g, L.id(), wrt);
        std::cout << "Exact partials (reverse mode), in the model's intermediates\n";
        for (std::size_t i = 0; i < wrt.size(); ++i)
            std::cout << "  dL/d" << g.variable_of(wrt[i]).name << " = " << to_text(g, grad[i], named) << "\n";
        std::cout << "\nThe same, in the inputs and params alone\n";
        for (std::size_t i = 0; i < wrt.size(); ++i)
            std::cout << "  dL/d" << g.variable_of(wrt[i]).name << " = " << to_text(g, grad[i]) << "\n";
        std::cout << "\n  dL/dw in LaTeX: " << to_latex(g, grad[0], named) << "\n\n";

        // one program for the value and the gradient, common subexpressions computed once
        const std::vector<node_id> outputs{L.id(), grad[0], grad[1]};
        const std::vector<std::string> names{"L", "dL/dw", "dL/db"};
        std::cout << "Value and gradient as one program (CSE)\n";
        const std::string program = to_text(g, cse(g, outputs), names);
        std::size_t start = 0;
        while (start < program.size()) {
            const std::size_t end = program.find('\n', start);
            std::cout << "  " << program.substr(start, end - start) << "\n";
            if (end == std::string::npos) break;
            start = end + 1;
        }

        // the chain rule, node by node, from L back to the parameters
        std::cout << "\nChain-rule trace (reverse sweep from L)\n";
        const chain_trace trace = trace_chain_rule(g, L.id());
        for (const trace_node& n : trace.nodes) {
            if (n.id == trace.output) {
                std::cout << "  dL/dL = 1\n";
                continue;
            }
            std::cout << "  dL/d" << label(n.id) << "\n";
            for (std::size_t e : n.incoming) {
                const trace_edge& edge = trace.edges[e];
                std::cout << "      += dL/d" << label(edge.user) << " * d" << label(edge.user) << "/d"
                          << label(n.id) << "   [" << edge.rule << ": " << to_text(g, edge.partial, named) << "]\n";
            }
            std::cout << "       = " << to_text(g, n.adjoint, named) << "\n";
        }
        return 0;
    } catch (const chainrule::error& e) {
        std::cerr << "neuron: " << e.what() << "\n";
        return 1;
    }
}
