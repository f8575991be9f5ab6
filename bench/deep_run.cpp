// Runs a chain program as `chainrule run` does, in a session whose per-statement budgets are
// raised (lowering_limits::max_new_nodes and max_sweep_work), so that the derivatives of a graph
// of a million nodes are taken instead of refused; for bench/run_deep. Each result is printed as
// its first two lines, cut to 400 bytes, with the statement's time on stderr. With
// --interpreter NAME, definition NAME (a scalar of the param x) and its derivative are then run
// on the interpreter tier at x = 0.3 (its model program built by codegen, as train does).
//   deep_run [--interpreter NAME] FILE
// Exit status 0 when every statement succeeded, 1 otherwise (2 for misuse).
#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/graph/substitute.hpp"
#include "chainrule/lang/render.hpp"
#include "chainrule/lang/session.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

using namespace chainrule;

int main(int argc, char** argv) {
    std::string interpreted;
    if (argc == 4 && std::string(argv[1]) == "--interpreter") {
        interpreted = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc != 2) {
        std::cerr << "usage: deep_run [--interpreter NAME] FILE\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::cerr << "deep_run: cannot read '" << argv[1] << "'\n";
        return 2;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();

    lang::session_options options;
    options.lowering.max_new_nodes = 50'000'000;
    options.lowering.max_sweep_work = 500'000'000;
    auto owned = std::make_unique<lang::session>(options);
    lang::session& s = *owned;
    const auto start = std::chrono::steady_clock::now();
    const lang::parse_result parsed = lang::parse_program(text, argv[1], s.names());
    const auto parsed_at = std::chrono::steady_clock::now();
    std::fprintf(stderr, "parse: %.3f s\n", std::chrono::duration<double>(parsed_at - start).count());
    bool ok = parsed.errors.empty();
    for (const lang::diagnostic& d : parsed.errors) std::cout << d.file << ':' << d.span.line << ": " << d.message << '\n';
    double definitions = 0;
    for (const lang::statement& st : parsed.statements) {
        const auto t0 = std::chrono::steady_clock::now();
        const lang::result r = s.run(st, text, argv[1]);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!r.ok()) ok = false;
        if (r.kind() == lang::result_kind::declaration) {
            definitions += seconds;
            continue;
        }
        std::string shown = lang::render_text(s, r, {text, 1});
        if (const auto cut = shown.find('\n', shown.find('\n') + 1); cut != std::string::npos) shown.resize(cut);
        if (shown.size() > 400) shown = shown.substr(0, 400) + " ...";
        std::cout << shown << '\n';
        std::fprintf(stderr, "line %d: %.3f s\n", st.span.line, seconds);
    }
    std::fprintf(stderr, "declarations: %.3f s\n", definitions);
    if (!interpreted.empty()) {
        const auto t1 = std::chrono::steady_clock::now();
        const lang::symbol_entry* e = s.symbols().find(interpreted);
        const lang::symbol_entry* x = s.symbols().find("x");
        if (!e || !x) {
            std::cerr << "deep_run: no definition '" << interpreted << "' or param 'x'\n";
            return 2;
        }
        graph& g = s.model();
        const node_id loss = without_names(g, std::vector<node_id>{e->value.node()})[0];
        const node_id params[] = {x->value.node()};
        const codegen::model_program m = codegen::make_model_program(g, loss, {}, params);
        codegen::evaluator_options o;
        o.kind = codegen::backend::interpreter;
        const auto run = codegen::make_evaluator(g, m, o);
        const double p[] = {0.3};
        const codegen::evaluation v = run->value_and_gradient({}, p);
        std::printf("interpreter: %s = %.17g, d/dx = %.17g\n", interpreted.c_str(), v.value, v.gradient.at(0));
        std::fprintf(stderr, "interpreter: %.3f s\n",
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count());
    }
    const auto t0 = std::chrono::steady_clock::now();
    owned.reset();  // destruction of the session's graphs
    std::fprintf(stderr, "destruction: %.3f s\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return ok ? 0 : 1;
}
