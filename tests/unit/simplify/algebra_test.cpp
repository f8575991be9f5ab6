// Display algebra: each result equals its input (GiNaC's normal of the difference, on the
// bridge's conversions), reads as expected through chainrule's printer, and every GiNaC or CLN
// failure arrives as a chainrule error.
#include "oracle.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/expr.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/simplify/algebra.hpp"
#include "chainrule/simplify/print.hpp"
#include "chainrule/graph/substitute.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace chainrule;
namespace bdata = boost::unit_test::data;

namespace {

// Whether nodes a and b of g are equal: as rational functions of their variables and functions,
// or else (GiNaC's expand writes (u*v)^x as u^x*v^x, which normal() does not undo) to 40 digits
// at three points where every variable is positive.
bool equal(const graph& g, node_id a, node_id b) {
    ginac_converter convert(g);
    const GiNaC::ex ea = convert(a), eb = convert(b);
    if (simplify_test::same(ea, eb)) return true;
    const GiNaC::ex tolerance = GiNaC::pow(GiNaC::numeric(10), -40);
    for (int k = 0; k < 3; ++k) {
        std::map<std::string, rational> values;
        int i = 0;
        for (const variable_info& v : g.variables()) values[v.name] = rational(3 + 2 * i++ + k) / rational(7 + k);
        const GiNaC::exmap at = convert.point(values);
        GiNaC::Digits = 60;
        const GiNaC::ex va = ea.subs(at).evalf(), vb = eb.subs(at).evalf();
        if (!GiNaC::is_a<GiNaC::numeric>(va) || !GiNaC::is_a<GiNaC::numeric>(vb)) return false;
        const GiNaC::numeric diff = GiNaC::abs(GiNaC::ex_to<GiNaC::numeric>(va - vb));
        const GiNaC::numeric scale = 1 + GiNaC::abs(GiNaC::ex_to<GiNaC::numeric>(va));
        if (diff > GiNaC::ex_to<GiNaC::numeric>(tolerance) * scale) return false;
    }
    return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(display_algebra)

BOOST_AUTO_TEST_CASE(normal_form_is_one_fraction) {
    graph g;
    const expr x = input(g, "x"), y = input(g, "y"), z = input(g, "z");
    const expr e = 1 / x + 1 / y;
    const node_id n = normalize(g, e.id());
    BOOST_TEST(equal(g, n, e.id()));
    BOOST_TEST(to_text(g, n) == "(x + y)/(x*y)");
    const expr s = sigmoid(z) / x + sigmoid(z) / y;
    const node_id m = normalize(g, s.id());
    BOOST_TEST(equal(g, m, s.id()));
    BOOST_TEST(to_text(g, m) == "(x*sigmoid(z) + y*sigmoid(z))/(x*y)");
}

BOOST_AUTO_TEST_CASE(factor_and_expand) {
    graph g;
    const expr x = input(g, "x"), y = input(g, "y");
    const expr square = pow(x + 1, 2);
    const node_id e = expand_out(g, square.id());
    BOOST_TEST(equal(g, e, square.id()));
    BOOST_TEST(to_text(g, e) == "x^2 + 2*x + 1");
    const node_id f = factorize(g, e);
    BOOST_TEST(equal(g, f, square.id()));
    BOOST_TEST(to_text(g, f) == "(x + 1)^2");
    const expr difference = pow(x, 2) - 2 * x * y + pow(y, 2);
    const node_id h = factorize(g, difference.id());
    BOOST_TEST(equal(g, h, difference.id()));
    const std::string shown = to_text(g, h);  // GiNaC may pick either sign inside the square
    BOOST_TEST((shown == "(x - y)^2" || shown == "(y - x)^2"), shown);
}

BOOST_AUTO_TEST_CASE(collect_in_a_variable_or_a_function) {
    graph g;
    const expr x = input(g, "x"), y = input(g, "y"), w = input(g, "w"), z = input(g, "z");
    const expr e = x * y + x * w + y;
    const node_id in_x[] = {x.id()};
    const node_id c = collect_terms(g, e.id(), in_x);
    BOOST_TEST(equal(g, c, e.id()));
    BOOST_TEST(to_text(g, c) == "(w + y)*x + y");
    const expr s = sigmoid(z) * y + sigmoid(z) * x + x;
    const node_id in_s[] = {sigmoid(z).id()};
    const node_id d = collect_terms(g, s.id(), in_s);
    BOOST_TEST(equal(g, d, s.id()));
    BOOST_TEST(to_text(g, d) == "(x + y)*sigmoid(z) + x");
    const node_id constant_object[] = {g.constant(0)};
    BOOST_CHECK_THROW(collect_terms(g, e.id(), constant_object), usage_error);
}

BOOST_DATA_TEST_CASE(results_equal_their_inputs, bdata::xrange(1, 41), seed) {
    simplify_test::tree_generator make(static_cast<std::uint64_t>(seed) * 101, seed % 3 == 0, {"x", "y", "w"});
    for (int attempt = 0;; ++attempt) {
        BOOST_TEST_REQUIRE(attempt < 50);
        graph g;
        node_id n;
        try {
            n = simplify_test::build(g, make.make(2 + seed % 6), simplify_test::build_style{});
            (void)to_ginac(g, n);
        } catch (const domain_error&) {
            continue;  // undefined
        }
        std::vector<node_id> results{normalize(g, n), factorize(g, n), expand_out(g, n)};
        const node_id x[] = {g.input("x")};
        try {
            results.push_back(collect_terms(g, n, x));
        } catch (const algebra_error& e) {
            // GiNaC's collect needs integer powers of x: "undefined degree because of non-integer exponent"
            BOOST_TEST(std::string(e.what()).find("non-integer exponent") != std::string::npos, e.what());
        }
        for (const node_id r : results) BOOST_TEST(equal(g, r, n), to_text(g, n) << " became " << to_text(g, r));
        return;
    }
}

BOOST_AUTO_TEST_CASE(failures_are_chainrule_errors) {
    graph g;
    const expr x = input(g, "x");
    // CLN refuses the exponent inside GiNaC's expand: an algebra_error, not a cln exception
    const expr huge = pow(x + 1, constant(g, rational("100000000000000000000000")));
    BOOST_CHECK_THROW(expand_out(g, huge.id()), algebra_error);
    // inputs past the limits
    expr deep = x;
    for (int i = 0; i < 300; ++i) deep = sin(deep);
    BOOST_CHECK_THROW(normalize(g, deep.id()), limit_error);
    expr wide = x;
    for (int i = 0; i < 20; ++i) wide = wide * wide + x;
    BOOST_CHECK_THROW(factorize(g, wide.id()), limit_error);
    // a result past the limit
    const expr big = pow(input(g, "a") + input(g, "b") + input(g, "c") + x, 12);
    BOOST_CHECK_THROW(expand_out(g, big.id(), algebra_limits{4000, 200, 500}), limit_error);
    // GiNaC finds a division by an expression that is identically 0
    BOOST_CHECK_THROW(normalize(g, (1 / (x - x * 1)).id()), error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(in_terms_of_definitions)

namespace {

// Three logits s0..s2 and targets t0..t2, the softmax p = exp(s) / sum(exp(s)), and the outputs
// named p0..p2 for in_terms_of.
struct softmax_model {
    graph model;
    std::vector<expr> s, t, p;
    std::vector<std::pair<node_id, std::string>> names;
    softmax_model() {
        std::vector<expr> e;
        for (int k = 0; k < 3; ++k) {
            s.push_back(input(model, "s" + std::to_string(k)));
            t.push_back(input(model, "t" + std::to_string(k)));
            e.push_back(exp(s[k]));
        }
        const expr S = e[0] + e[1] + e[2];
        for (int k = 0; k < 3; ++k) {
            p.push_back(e[k] / S);
            names.emplace_back(p[k].id(), "p" + std::to_string(k));
        }
    }
    // GiNaC's own derivative of n by the variable `by`, as a node of the model
    node_id ginac_diff(node_id n, const std::string& by) {
        ginac_converter convert(model);
        return from_ginac(model, convert(n).diff(convert.symbol(by)));
    }
    // r (a node of `shown`) with each name replaced by its output again equals `want`
    bool back_equals(const graph& shown, node_id r, node_id want) {
        replacement_map back;
        for (int k = 0; k < 3; ++k)
            if (const auto v = shown.find_variable("p" + std::to_string(k))) back.emplace(*v, p[k].id());
        const node_id again = substitute(shown, model, std::span(&r, 1), back)[0];
        return equal(model, again, want);
    }
};

}  // namespace

// The softmax cross-entropy gradient in the names p[k] of the softmax outputs: the result, with
// each name replaced by its definition again, equals the input.
BOOST_AUTO_TEST_CASE(softmax_cross_entropy_reads_in_the_outputs) {
    softmax_model m;
    const std::vector<expr>& t = m.t;
    const expr L = -(t[0] * log(m.p[0]) + t[1] * log(m.p[1]) + t[2] * log(m.p[2]));
    const node_id ginac_diff = m.ginac_diff(L.id(), "s0");
    graph shown;
    const node_id r = in_terms_of(m.model, ginac_diff, m.names, shown);
    // p0 t1 + p0 t2 - p1 t0 - p2 t0
    BOOST_TEST(to_text(shown, r) == "p0*t1 + p0*t2 - p1*t0 - p2*t0");
    // back in the model's variables it is GiNaC's own derivative
    BOOST_TEST(m.back_equals(shown, r, ginac_diff));
}

// An entry of the softmax Jacobian uses two outputs in one product: the substitution is repeated
// until both are found.
BOOST_AUTO_TEST_CASE(softmax_jacobian_reads_as_a_product_of_outputs) {
    softmax_model m;
    const node_id ginac_diff = m.ginac_diff(m.p[0].id(), "s1");
    graph shown;
    const node_id r = in_terms_of(m.model, ginac_diff, m.names, shown);
    BOOST_TEST(to_text(shown, r) == "-p0*p1");
    BOOST_TEST(m.back_equals(shown, r, ginac_diff));
}

BOOST_AUTO_TEST_CASE(a_name_that_is_a_variable_is_refused) {
    graph g;
    const expr x = input(g, "x");
    const std::pair<node_id, std::string> clash[] = {{(x * x).id(), "x"}};
    graph shown;
    BOOST_CHECK_THROW(in_terms_of(g, (x * x * x).id(), clash, shown), usage_error);
}

BOOST_AUTO_TEST_SUITE_END()
