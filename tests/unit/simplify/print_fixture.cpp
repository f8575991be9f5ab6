// Helper for the determinism test: builds a fixed set of expressions (a model, its gradient as
// a CSE program, random expressions, results of GiNaC algebra, tensor formulas) and prints them,
// text and LaTeX.
// Its output must not depend on the process (addresses, allocation order). An optional argument
// k makes it allocate k blocks and create k unrelated GiNaC symbols first, to disturb addresses
// and GiNaC's internal order.
#include "random_tree.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/simplify/algebra.hpp"
#include "chainrule/simplify/cse.hpp"
#include "chainrule/simplify/print.hpp"
#include "chainrule/simplify/tensor_print.hpp"

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
        // tensor formulas: a dense tanh layer's gradients, softmax cross-entropy
        {
            using namespace chainrule::tensor;
            tensor_graph t;
            const tensor_id W = t.variable("W", shape::matrix(2, 3), variable_kind::param);
            const tensor_id xv = t.variable("x", shape::vector(3), variable_kind::input);
            const tensor_id bv = t.variable("b", shape::vector(2), variable_kind::param);
            const tensor_id yv = t.variable("y", shape::vector(2), variable_kind::input);
            const tensor_id h = t.named(t.map(op::tanh, t.add(t.matmul(W, xv), bv)), "h");
            const tensor_id delta = t.mul(t.sub(h, yv), t.sub(t.constant(1), t.pow(h, t.constant(2))));
            const tensor_id loss = t.mul(t.constant(rational(1) / 2), t.sum(t.pow(t.sub(h, yv), t.constant(2))));
            const tensor_id ce = t.sub(t.logsumexp(h), t.matmul(yv, h));
            for (tensor_id n : {h, delta, t.outer(delta, xv), t.matmul(t.transpose(W), delta), loss, ce, t.sub(t.softmax(h), yv)})
                std::cout << tensor_text(t, n) << "\n" << tensor_latex(t, n) << "\n" << tensor_chain(t, n) << "\n";
        }
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
