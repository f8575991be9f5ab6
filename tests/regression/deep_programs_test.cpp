// Depth and size in the chain language (issue 15, item 6): a chain of definitions
// `f(k) = sin(f(k-1))`, one expression nested 100 sines per definition, and a sum of 1000 terms
// per definition, parsed, lowered, differentiated, evaluated, checked, printed (text, LaTeX, C,
// JSON) and destroyed on a thread whose stack is 1 MiB. The decimals are compared with the
// recurrences of deep_testing.hpp.
#include "deep_testing.hpp"

#include "chainrule/lang/parser.hpp"
#include "chainrule/lang/render.hpp"
#include "chainrule/lang/session.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

using namespace chainrule;
using namespace chainrule::deep_testing;
namespace data = boost::unit_test::data;

namespace {

// The program of shape s with n levels or terms over the input x, and the name of its last
// definition. The nested expression and the sum stay within the parser's limits per line
// (nesting 200, height 2000) by splitting into definitions of 100 sines or 1000 terms.
std::pair<std::string, std::string> program(shape s, int n) {
    std::string text = "input x\n", last;
    switch (s) {
    case shape::chain:
        text += "f1 = sin(x)\n";
        for (int k = 2; k <= n; ++k) text += "f" + std::to_string(k) + " = sin(f" + std::to_string(k - 1) + ")\n";
        last = "f" + std::to_string(n);
        break;
    case shape::nested: {
        const int per = 100;
        for (int k = 1; k <= n / per; ++k) {
            text += "g" + std::to_string(k) + " = ";
            for (int j = 0; j < per; ++j) text += "sin(";
            text += k == 1 ? "x" : "g" + std::to_string(k - 1);
            text += std::string(per, ')') + "\n";
        }
        last = "g" + std::to_string(n / per);
        break;
    }
    case shape::sum: {
        const int per = 1000;
        for (int k = 1; k <= n / per; ++k) {
            text += "s" + std::to_string(k) + " = ";
            if (k > 1) text += "s" + std::to_string(k - 1) + " + ";
            for (int j = (k - 1) * per + 1; j <= k * per; ++j)
                text += (j > (k - 1) * per + 1 ? " + sin(x + " : "sin(x + ") + std::to_string(j) + ")";
            text += "\n";
        }
        last = "s" + std::to_string(n / per);
        break;
    }
    }
    return {text, last};
}

// The decimal of the scalar eval result r.
double decimal(const lang::result& r) {
    BOOST_REQUIRE((r.kind() == lang::result_kind::eval));
    return std::stod(r.as<lang::eval_result>().elements.at(0).decimal);
}

// Runs the program of s at size n with `queries` after it in a session whose node budgets are
// raised; every result must succeed and print as text and JSON. The results of the queries.
std::vector<lang::result> run(shape s, int n, const std::vector<std::string>& queries, std::string* last_name = nullptr) {
    auto [text, last] = program(s, n);
    for (const std::string& q : queries) {
        std::string line = q;
        for (std::size_t at = line.find('L'); at != std::string::npos; at = line.find('L', at + last.size()))
            line.replace(at, 1, last);
        text += line + "\n";
    }
    if (last_name) *last_name = last;
    lang::session_options options;
    options.lowering.max_new_nodes = 20'000'000;
    options.lowering.max_sweep_work = 200'000'000;
    auto session = std::make_unique<lang::session>(options);
    std::vector<lang::result> all = session->run_program(text, "deep.chain");
    std::vector<lang::result> out;
    for (const lang::result& r : all) {
        BOOST_TEST_REQUIRE(r.ok(), "line " << r.line() << " failed: "
                                           << (r.kind() == lang::result_kind::error
                                                   ? r.as<lang::error_result>().error.message
                                                   : std::string("not ok")));
        if (r.kind() == lang::result_kind::declaration) continue;
        BOOST_TEST(!lang::render_text(*session, r, {text, 1}).empty());
        BOOST_TEST(!lang::render_json(*session, r).empty());
        out.push_back(r);
    }
    session.reset();  // destruction: the syntax trees, the graphs and the names
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(deep_programs)

// eval, grad, show (text, LaTeX, C, steps, graph) of 10^5 levels or terms
BOOST_DATA_TEST_CASE(every_statement_at_a_hundred_thousand, data::make({shape::chain, shape::nested, shape::sum}), s) {
    const int n = 100000;
    // the chain's f(n) is the nested expression's sin^n(x)
    const oracle expected = recurrence(s == shape::sum ? shape::sum : shape::nested, n, 0.3);
    on_small_stack([&] {
        const std::vector<lang::result> r =
            run(s, n, {"eval L at x = 3/10", "eval d(L)/d(x) at x = 3/10", "grad L wrt x", "show L", "show L as latex",
                       "show L as c", "show L as steps", "show d(L)/d(x) as steps", "show L as graph"});
        BOOST_REQUIRE(r.size() == 9u);
        BOOST_TEST(decimal(r[0]) == expected.value, boost::test_tools::tolerance(1e-12));
        BOOST_TEST(decimal(r[1]) == expected.derivative, boost::test_tools::tolerance(1e-12));
        const lang::grad_result& g = r[2].as<lang::grad_result>();
        BOOST_TEST(g.partials.size() == 1u);
        // the adjoints listed are the latest definitions', the others counted
        const std::size_t definitions = s == shape::chain ? n : s == shape::nested ? n / 100 : n / 1000;
        BOOST_TEST(g.intermediates.size() + g.intermediates_left_out == definitions - 1);
        BOOST_TEST(g.intermediates.size() <= lang::session_options{}.max_intermediates);
        BOOST_TEST(r[5].as<lang::show_result>().c_source.find("chainrule_eval") != std::string::npos);
        // steps: the lines nearest the output (and x's, last), the others counted
        const std::size_t most = lang::session_options{}.max_intermediates;
        const lang::steps_data& all = *r[6].as<lang::show_result>().steps;
        BOOST_TEST(all.lines.size() <= most);
        BOOST_TEST(all.lines.size() + all.lines_left_out >= definitions);
        const lang::steps_data& to_x = *r[7].as<lang::show_result>().steps;
        BOOST_TEST(to_x.lines.size() <= most + 1);
        BOOST_TEST(to_x.lines.back().name == "x");
    });
}

// check (about 100 us a node: smaller)
BOOST_DATA_TEST_CASE(check_at_twenty_thousand, data::make({shape::chain, shape::nested, shape::sum}), s) {
    on_small_stack([&] {
        const std::vector<lang::result> r = run(s, 20000, {"check L"});
        BOOST_REQUIRE(r.size() == 1u);
        BOOST_TEST((r[0].kind() == lang::result_kind::check));
    });
}

// one expression a million levels deep, written as 10^4 definitions of 100 sines each
BOOST_AUTO_TEST_CASE(a_million_levels_through_definitions) {
    const oracle expected = recurrence(shape::nested, million, 0.3);
    on_small_stack([&] {
        const std::vector<lang::result> r = run(shape::nested, million, {"eval L at x = 3/10", "eval d(L)/d(x) at x = 3/10"});
        BOOST_REQUIRE(r.size() == 2u);
        BOOST_TEST(decimal(r[0]) == expected.value, boost::test_tools::tolerance(1e-12));
        BOOST_TEST(decimal(r[1]) == expected.derivative, boost::test_tools::tolerance(1e-12));
    });
}

// the parser's limits (nesting max_expression_depth, height max_expression_height) are what the
// recursive parser, the lowering of the syntax tree and its copies may take: at the limits, on
// 1 MiB, every statement runs
BOOST_AUTO_TEST_CASE(expressions_at_the_parser_limits_fit_in_a_small_stack) {
    const auto repeat = [](const std::string& s, int n) {
        std::string out;
        for (int k = 0; k < n; ++k) out += s;
        return out;
    };
    const int high = lang::max_expression_height, deep = lang::max_expression_depth;
    const std::string bodies[] = {
        "x" + repeat(" + x*y", high / 2 - 1),                                   // a flat sum
        "x" + repeat("*y", high - 1),                                           // a flat product
        repeat("sin(", deep - 1) + "x" + repeat(")", deep - 1),                 // nested calls
        repeat("(x + ", deep - 1) + "y" + repeat(")", deep - 1),                // nested brackets
        repeat("-", deep - 1) + "x",                                            // unary minus
        "x" + repeat("^y", deep - 1),                                           // a tower (right to left)
        repeat("sin(", deep / 2) + "y" + repeat(" + x", high - deep) + repeat(")", deep / 2),  // both
    };
    on_small_stack([&] {
        for (const std::string& body : bodies) {
            const std::string text = "param x, y\nz = " + body + "\ngrad z wrt x\nshow z as c\nshow z\n"
                                     "eval z at x = 1/2, y = 1\ncheck z\n";
            lang::session s;
            for (const lang::result& r : s.run_program(text, "limits.chain")) {
                if (r.kind() == lang::result_kind::declaration) continue;
                BOOST_TEST(lang::render_text(s, r, {text, 1}).size() > 0u);
                if (r.kind() == lang::result_kind::error)
                    BOOST_TEST(r.as<lang::error_result>().error.message.find("internal") == std::string::npos);
            }
        }
    });
}

BOOST_AUTO_TEST_SUITE_END()
