#include "models.hpp"

#include "chainrule/codegen/temp_dir.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/graph/substitute.hpp"
#include "random_graph.hpp"

#include <string>

namespace chainrule::testing {

test_model random_model(std::uint64_t seed, bool non_smooth, int operations) {
    graph source;
    random_graph_options o;
    o.non_smooth = non_smooth;
    o.operations = operations;
    o.named = seed % 2 == 1;  // named definitions (which the model program compiles without)
    random_graph_generator gen(seed, o);
    const random_expression e = gen(source);
    test_model m;
    replacement_map replace;
    std::vector<node_id> inputs, params;
    for (std::size_t k = 0; k < e.variables.size(); ++k) {
        const bool param = k < (e.variables.size() + 1) / 2;
        const std::string name = (param ? "w" : "x") + std::to_string(k);
        const node_id v = param ? m.g->param(name) : m.g->input(name);
        replace.emplace(e.variables[k], v);
        (param ? params : inputs).push_back(v);
    }
    const node_id root[] = {e.output};
    const node_id loss = substitute(source, *m.g, root, replace)[0];
    m.program = codegen::make_model_program(*m.g, loss, inputs, params);
    return m;
}

namespace {

std::vector<expr> layer(graph& g, const std::vector<expr>& in, int width, const std::string& tag, bool activate,
                        std::vector<node_id>& params) {
    std::vector<expr> out;
    for (int j = 0; j < width; ++j) {
        expr b = param(g, "b" + tag + "_" + std::to_string(j));
        params.push_back(b.id());
        expr z = b;
        for (std::size_t i = 0; i < in.size(); ++i) {
            expr w = param(g, "W" + tag + "_" + std::to_string(j) + "_" + std::to_string(i));
            params.push_back(w.id());
            z = z + w * in[i];
        }
        out.push_back(activate ? tanh(z) : z);
    }
    return out;
}

}  // namespace

test_model mlp_model(const std::vector<int>& sizes) {
    test_model m;
    graph& g = *m.g;
    std::vector<node_id> inputs, params;
    std::vector<expr> h;
    for (int i = 0; i < sizes[0]; ++i) {
        h.push_back(input(g, "x" + std::to_string(i)));
        inputs.push_back(h.back().id());
    }
    for (std::size_t l = 1; l < sizes.size(); ++l) h = layer(g, h, sizes[l], std::to_string(l), true, params);
    const std::vector<expr> out = layer(g, h, 1, "out", false, params);
    expr y = input(g, "y");
    inputs.push_back(y.id());
    const expr loss = pow(out[0] - y, 2) / 2;
    m.program = codegen::make_model_program(g, loss.id(), inputs, params);
    return m;
}

test_model softmax_model(int in, int hidden, int classes) {
    test_model m;
    graph& g = *m.g;
    std::vector<node_id> inputs, params;
    std::vector<expr> h;
    for (int i = 0; i < in; ++i) {
        h.push_back(input(g, "x" + std::to_string(i)));
        inputs.push_back(h.back().id());
    }
    h = layer(g, h, hidden, "1", true, params);
    const std::vector<expr> z = layer(g, h, classes, "2", false, params);
    expr sum_exp = exp(z[0]), dot = constant(g, rational(0));
    for (int k = 1; k < classes; ++k) sum_exp = sum_exp + exp(z[static_cast<std::size_t>(k)]);
    for (int k = 0; k < classes; ++k) {
        expr y = input(g, "y" + std::to_string(k));
        inputs.push_back(y.id());
        dot = dot + y * z[static_cast<std::size_t>(k)];
    }
    const expr loss = log(sum_exp) - dot;
    m.program = codegen::make_model_program(g, loss.id(), inputs, params);
    return m;
}

codegen::evaluator_options backend_options(codegen::backend b, const std::filesystem::path& cache) {
    codegen::evaluator_options o;
    o.kind = b;
    o.cc.cache_directory = cache / "objects";
    return o;
}

const std::filesystem::path& test_cache() {
    static const codegen::temp_dir dir;  // removed at exit
    return dir.path();
}

}  // namespace chainrule::testing
