// Helper for the determinism test: builds a fixed set of expressions (a model, its gradient as
// a CSE program, random expressions, results of GiNaC algebra) and prints them, text and LaTeX.
// Its output must not depend on the process (addresses, allocation order). An optional argument
// k makes it allocate k blocks and create k unrelated GiNaC symbols first, to disturb addresses
// and GiNaC's internal order.
#include "random_tree.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/simplify/algebra.hpp"
#include "chainrule/simplify/cse.hpp"
#include "chainrule/simplify/print.hpp"

#include <ginac/ginac.h>

#include <cstdlib>
#include <iostream>
#include <memory>

using namespace chainrule;

int main(int argc, char** argv) {
    const int disturb = argc > 1 ? std::atoi(argv[1]) : 0;
    std::vector<std::unique_ptr<char[]>> blocks;
    std::vector<GiNaC::symbol> unrelated;
    for (int i = 0; i < disturb; ++i) {
        blocks.emplace_back(new char[static_cast<std::size_t>(1 + 97 * i % 4096)]);
        unrelated.emplace_back("u" + std::to_string(i));
    }
    try {
        graph g;
        const expr x = input(g, "x"), y = input(g, "y"), w = param(g, "w"), b = param(g, "b");
        const expr z = w * x + b;
        const expr a = sigmoid(z);
        const expr L = pow(a - y, 2) / 2;
        // the gradient by hand, as the reverse sweep would build it
        const expr dz = (a - y) * a * (1 - a);
        const node_id outputs[] = {L.id(), (dz * x).id(), dz.id()};
        const std::vector<std::string> names{"L", "dL/dw", "dL/db"};
        const cse_result p = cse(g, outputs);
        std::cout << to_text(g, p, names) << to_latex(g, p, names) << "\n";
        for (const expr& e : {z, a, L, dz, 1 / (x * y) - exp(-x) / 2, tanh(softplus(z)) + max(x, -y)})
            std::cout << to_text(g, e.id()) << "\n" << to_latex(g, e.id()) << "\n";
        // display algebra (GiNaC's own order varies; ours must not)
        std::cout << to_text(g, normalize(g, (1 / x + 1 / y - 1 / (x + y)).id())) << "\n";
        std::cout << to_text(g, factorize(g, (pow(x, 2) - pow(y, 2)).id())) << "\n";
        std::cout << to_text(g, factorize(g, (pow(w, 2) * x - x * pow(b, 2) + 2 * w - 2 * b).id())) << "\n";
        std::cout << to_text(g, expand_out(g, (pow(x + y + w, 3) * a).id())) << "\n";
        const node_id in[] = {x.id()};
        std::cout << to_text(g, collect_terms(g, ((x + y) * (x - w) * (x + b)).id(), in)) << "\n";
        std::cout << to_latex(g, normalize(g, dz.id())) << "\n";
        std::cout << to_text(g, normalize(g, ((x - y) / (w - b) + (y - x) / (b + w)).id())) << "\n";
        std::cout << to_text(g, factorize(g, (pow(x, 3) - pow(y, 3) - x * pow(w, 2) + y * pow(w, 2)).id())) << "\n";
        std::cout << to_text(g, factorize(g, ((1 - a) * (y - a) / (b - w) - pow(a - 1, 2) * (a - y) / (b - w)).id())) << "\n";
        // random expressions
        for (std::uint64_t seed = 1; seed <= 30; ++seed) {
            simplify_test::tree_generator make(seed, true, {"x", "y", "u", "v"});
            try {
                const node_id n = simplify_test::build(g, make.make(8), simplify_test::build_style{});
                std::cout << to_text(g, n) << "\n" << to_latex(g, n) << "\n";
                std::cout << to_text(g, normalize(g, n)) << "\n" << to_text(g, factorize(g, n)) << "\n";
            } catch (const domain_error&) {
                std::cout << "undefined\n";
            }
        }
    } catch (const error& e) {
        std::cout << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
