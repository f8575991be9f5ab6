// The emitter's promises: byte-identical source for the same graph however it was built, no
// user text in the source, defined kinks, constants that read back exactly.
#include "chainrule/codegen/emit_c.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/codegen/tcc_toolchain.hpp"
#include "chainrule/core/error.hpp"
#include "chainrule/graph/expr.hpp"
#include "models.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <regex>
#include <set>

using namespace chainrule;
using namespace chainrule::codegen;
namespace bdata = boost::unit_test::data;

namespace {

// The neuron with the given names, its nodes created in one of two orders.
std::string neuron_source(const std::string& w_name, const std::string& x_name, bool reversed) {
    graph g;
    node_id wi = no_node, xi = no_node;
    if (reversed) {
        xi = g.input(x_name);
        wi = g.param(w_name);
    } else {
        wi = g.param(w_name);
        xi = g.input(x_name);
    }
    expr w(g, wi), x(g, xi);
    expr b = param(g, "bias_term");
    const expr L = pow(sigmoid(w * x + b) - 1, 2) / 2;
    const node_id xs[] = {x.id()}, ps[] = {w.id(), b.id()};
    const model_program m = make_model_program(g, L.id(), xs, ps);
    return emit_c(g, m.program, m.layout).text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(emitter)

BOOST_AUTO_TEST_CASE(the_same_graph_gives_byte_identical_source) {
    BOOST_TEST(neuron_source("w", "x", false) == neuron_source("w", "x", false));
    // nodes created in another order: the same source
    BOOST_TEST(neuron_source("w", "x", false) == neuron_source("w", "x", true));
    // another model gives another source (the comparison can fail)
    graph g;
    expr w = param(g, "w"), x = input(g, "x");
    const node_id xs[] = {x.id()}, ps[] = {w.id()};
    const model_program m = make_model_program(g, (w * x).id(), xs, ps);
    BOOST_TEST(emit_c(g, m.program, m.layout).text != neuron_source("w", "x", false));
}

BOOST_DATA_TEST_CASE(random_graphs_give_identical_source_twice, bdata::xrange(1, 11), seed) {
    const auto a = chainrule::testing::random_model(static_cast<std::uint64_t>(seed), true);
    const auto b = chainrule::testing::random_model(static_cast<std::uint64_t>(seed), true);
    BOOST_TEST(emit_c(*a.g, a.program.program, a.program.layout).text ==
               emit_c(*b.g, b.program.program, b.program.layout).text);
}

BOOST_AUTO_TEST_CASE(no_user_name_reaches_the_source) {
    const std::string text = neuron_source("zebra_weight", "quokka_input", false);
    BOOST_TEST(text.find("zebra") == std::string::npos);
    BOOST_TEST(text.find("quokka") == std::string::npos);
    BOOST_TEST(text.find("bias_term") == std::string::npos);
    // names that are C keywords or library functions do not matter either: the source is the
    // same as with harmless names
    BOOST_TEST(neuron_source("exp", "return", false) == neuron_source("a", "b", false));
    // every identifier is one of the generated ones
    const std::set<std::string> allowed{"double", "const", "static", "inline", "void", "long", "int", "return", "if", "for",
                                        "restrict", "sizeof", "malloc", "free", "x", "p", "r", "out", "u", "v", "e", "n", "i", "k", "mean",
                                        "exp", "log", "log1p", "sqrt", "pow", "fabs", "sin", "cos", "tan", "tanh", "cosh",
                                        "chainrule_layout", "chainrule_eval", "chainrule_eval_batch",
                                        "defined", "__GNUC__", "__TINYC__", "__attribute__", "noinline", "visibility", "hidden",
                                        "CR_PART", "CR_HERE", "CR_UNIT", "CR_UNITS", "j"};
    const std::regex identifier("[A-Za-z_][A-Za-z_0-9]*");
    std::string code;  // without the generated comment and numbers
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "/*") == 0) {
            i = text.find("*/", i) + 1;
            continue;
        }
        code += text[i];
    }
    for (std::sregex_iterator it(code.begin(), code.end(), identifier), end; it != end; ++it) {
        const std::string id = it->str();
        const bool generated = allowed.count(id) || std::regex_match(id, std::regex("t[0-9]+|cr_[a-z]+[0-9]*"));
        BOOST_TEST(generated, "unexpected identifier " << id);
    }
}

BOOST_AUTO_TEST_CASE(a_long_program_is_split_into_parts) {
    const auto m = chainrule::testing::random_model(5, false, 12);
    c_options o;
    o.statements_per_function = 2;
    const c_source split = emit_c(*m.g, m.program.program, m.program.layout, o);
    const c_source whole = emit_c(*m.g, m.program.program, m.program.layout);
    BOOST_TEST(split.text.find("cr_part1(x, p, r);") != std::string::npos, split.text);
    BOOST_TEST(whole.text.find("cr_part") == std::string::npos);
    BOOST_TEST(split.statements == whole.statements);
    if (tcc_available()) BOOST_CHECK_NO_THROW(tcc_module{split.text});
}

BOOST_AUTO_TEST_CASE(outputs_are_the_loss_then_the_gradient) {
    graph g;
    expr w = param(g, "w"), x = input(g, "x");
    const node_id xs[] = {x.id()}, ps[] = {w.id()};
    const model_program m = make_model_program(g, (w * w * x).id(), xs, ps);
    const c_source s = emit_c(g, m.program, m.layout);
    BOOST_TEST(s.text.find("const long chainrule_layout[3] = {1, 1, 2};") != std::string::npos, s.text);
    BOOST_TEST(s.text.find("r[0] = ") != std::string::npos);
    BOOST_TEST(s.text.find("r[1] = ") != std::string::npos);
    BOOST_TEST(s.text.find("r[2] = ") == std::string::npos);
    BOOST_TEST(s.statements == m.program.assignments.size() + 2);
}

BOOST_AUTO_TEST_CASE(a_variable_outside_the_layout_is_refused) {
    graph g;
    expr w = param(g, "w"), x = input(g, "x");
    const node_id roots[] = {(w * x).id()};
    const cse_result p = cse(g, roots);
    argument_layout only_w;
    only_w.params = {w.id()};
    BOOST_CHECK_THROW(emit_c(g, p, only_w), usage_error);
    const node_id ps[] = {w.id()};
    BOOST_CHECK_THROW(make_model_program(g, roots[0], {}, ps), usage_error);  // x not listed
}

BOOST_AUTO_TEST_CASE(constants_read_back_exactly) {
    // 1/3, 1/10 and 2^-60 written so that a C compiler reads the nearest double
    graph g;
    expr w = param(g, "w");
    const expr L = w * constant(g, rational(1) / 3) + constant(g, rational(1) / 10) +
                   w * w * constant(g, cln::expt(rational(2), -60));
    const node_id ps[] = {w.id()};
    const model_program m = make_model_program(g, L.id(), {}, ps);
    const std::string text = emit_c(g, m.program, m.layout).text;
    // the shortest decimals that read back as the nearest doubles
    BOOST_TEST(text.find("0.3333333333333333 ") != std::string::npos, text);
    BOOST_TEST(std::strtod("0.3333333333333333", nullptr) == 1.0 / 3);
    BOOST_TEST(text.find("0.1)") != std::string::npos);
    BOOST_TEST(text.find("8.673617379884035e-19") != std::string::npos);
    BOOST_TEST(std::strtod("8.673617379884035e-19", nullptr) == std::ldexp(1.0, -60));
}

BOOST_AUTO_TEST_CASE(a_constant_beyond_double_is_refused) {
    graph g;
    expr w = param(g, "w");
    const expr L = w * constant(g, cln::expt(rational(10), 400));
    const node_id ps[] = {w.id()};
    const model_program m = make_model_program(g, L.id(), {}, ps);
    BOOST_CHECK_THROW(emit_c(g, m.program, m.layout), limit_error);
}

BOOST_AUTO_TEST_SUITE_END()
