// Faithfulness: printed text, read back by GiNaC's parser, is the expression (compared with
// normal(a - b) against the bridge's conversion of the node); so is a printed CSE program read
// line by line.
#include "oracle.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/simplify/cse.hpp"
#include "chainrule/simplify/print.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <random>
#include <sstream>

using namespace chainrule;
using namespace simplify_test;
namespace bdata = boost::unit_test::data;

namespace {

std::map<std::string, GiNaC::ex> symbols_of(const graph& g, ginac_converter& convert) {
    std::map<std::string, GiNaC::ex> symbols;
    for (const variable_info& v : g.variables()) symbols[v.name] = convert.symbol(v.name);
    return symbols;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(print_round_trip)

BOOST_DATA_TEST_CASE(text_reads_back_as_the_same_expression, bdata::xrange(1, 401), seed) {
    tree_generator make(static_cast<std::uint64_t>(seed) * 31 + 7, seed % 4 != 0, {"x", "y", "w", "b"});
    for (int attempt = 0;; ++attempt) {
        BOOST_TEST_REQUIRE(attempt < 50);
        graph g;
        ginac_converter convert(g);
        node_id n;
        GiNaC::ex expected;
        try {
            n = build(g, make.make(1 + seed % 12), build_style{});
            expected = convert(n);
        } catch (const domain_error&) {
            continue;  // undefined: a constant division by zero, or one GiNaC finds (1/(x - x))
        }
        const std::string text = to_text(g, n);
        BOOST_TEST_INFO("printed: " << text);
        BOOST_TEST(same(parse(text, symbols_of(g, convert)), expected));
        return;
    }
}

BOOST_DATA_TEST_CASE(program_reads_back_line_by_line, bdata::xrange(1, 41), seed) {
    tree_generator make(static_cast<std::uint64_t>(seed) * 17 + 3, true, {"x", "y", "w"});
    for (int attempt = 0;; ++attempt) {
        BOOST_TEST_REQUIRE(attempt < 50);
        graph g;
        ginac_converter convert(g);
        std::vector<node_id> outputs;
        std::vector<GiNaC::ex> expected;
        try {
            const node_id a = build(g, make.make(6), build_style{});
            const node_id b = build(g, make.make(6), build_style{});
            outputs = {g.mul(a, b), g.add(a, g.apply(op::sin, b)), g.pow(a, g.constant(2))};
            for (node_id o : outputs) expected.push_back(convert(o));
        } catch (const domain_error&) {
            continue;  // undefined somewhere
        }
        const cse_result p = cse(g, outputs, cse_options{3, 9});
        const std::vector<std::string> names{"f0", "f1", "f2"};
        std::map<std::string, GiNaC::ex> table = symbols_of(g, convert);
        std::istringstream lines(to_text(g, p, names));
        std::map<std::string, GiNaC::ex> outputs_read;
        for (std::string line; std::getline(lines, line);) {
            const auto eq = line.find(" = ");
            BOOST_TEST_REQUIRE(eq != std::string::npos);
            const std::string lhs = line.substr(0, eq);
            const GiNaC::ex rhs = parse(line.substr(eq + 3), table);  // earlier temporaries are in the table
            if (lhs[0] == 't') table[lhs] = rhs;
            else outputs_read[lhs] = rhs;
        }
        for (std::size_t i = 0; i < outputs.size(); ++i) BOOST_TEST(same(outputs_read.at(names[i]), expected[i]));
        return;
    }
}

// Nodes made without the construction rewrites (graph::make): 0*x, x + 0, x^0, x*2, 1*x, ...
BOOST_DATA_TEST_CASE(raw_nodes_read_back, bdata::xrange(1, 101), seed) {
    std::mt19937_64 engine(static_cast<std::uint64_t>(seed));
    auto uniform = [&](long lo, long hi) { return lo + static_cast<long>(engine() % static_cast<std::uint64_t>(hi - lo + 1)); };
    graph g;
    std::vector<node_id> pool{g.input("x"), g.input("y"), g.constant(0), g.constant(1), g.constant(-1),
                              g.constant(2), g.constant(rational(-1) / 2)};
    static const op binary[] = {op::add, op::mul, op::pow, op::max};
    static const op unary[] = {op::sin, op::exp, op::sqrt, op::abs};
    for (int i = 0; i < 12; ++i) {
        const node_id a = pool[static_cast<std::size_t>(uniform(0, static_cast<long>(pool.size()) - 1))];
        const node_id b = pool[static_cast<std::size_t>(uniform(0, static_cast<long>(pool.size()) - 1))];
        pool.push_back(uniform(0, 3) == 0 ? g.make(unary[uniform(0, 3)], a) : g.make(binary[uniform(0, 3)], a, b));
    }
    for (std::size_t k = pool.size() - 4; k < pool.size(); ++k) {
        ginac_converter convert(g);
        GiNaC::ex expected;
        try {
            expected = convert(pool[k]);
        } catch (const domain_error&) {
            continue;  // 0^(-1) somewhere
        }
        const std::string text = to_text(g, pool[k]);
        BOOST_TEST_INFO("printed: " << text);
        GiNaC::ex read;
        try {
            read = parse(text, symbols_of(g, convert));
        } catch (const GiNaC::pole_error&) {
            BOOST_FAIL("GiNaC finds the printed text undefined but not the node: " << text);
        }
        BOOST_TEST(same(read, expected));
    }
}

BOOST_AUTO_TEST_SUITE_END()
