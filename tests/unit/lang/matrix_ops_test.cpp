// The matrix operations of the language (transpose, outer, diag, reductions over an axis,
// softmax of each row, slices) against the same values written element by element: the same
// scalar nodes. And their errors, located.
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

namespace {

constexpr const char* declarations = "input X[2,3], u[2], v[3]\n";

// The elements of `name` after running the declarations and `definitions` in s.
const std::vector<node_id>& elements(session& s, const std::string& definitions, const std::string& name) {
    for (const result& r : s.run_program(std::string(declarations) + definitions, "t.chain"))
        BOOST_TEST_REQUIRE(r.ok(), message_of(r));
    const symbol_entry* e = s.symbols().find(name);
    BOOST_TEST_REQUIRE(e != nullptr);
    return e->value.elements;
}

// Whether definitions `a` and `b` (each defining its own name) have the same elements.
void same(const std::string& a, const std::string& b) {
    session s;
    const std::string na = a.substr(0, a.find(' ')), nb = b.substr(0, b.find(' '));
    const std::vector<node_id> left = elements(s, a + "\n" + b + "\n", na);
    const std::vector<node_id> right = s.symbols().find(nb)->value.elements;
    BOOST_TEST_REQUIRE(left.size() == right.size(), a << " against " << b);
    for (std::size_t k = 0; k < left.size(); ++k)
        BOOST_TEST(s.model().unnamed(left[k]) == s.model().unnamed(right[k]), a << " against " << b << ", element " << k);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(matrix_operations)

BOOST_AUTO_TEST_CASE(each_operation_equals_its_elements_written_out) {
    same("A = transpose(X)", "B = [[X[0,0], X[1,0]], [X[0,1], X[1,1]], [X[0,2], X[1,2]]]");
    same("A = outer(u, v)", "B = [[u[0]*v[0], u[0]*v[1], u[0]*v[2]], [u[1]*v[0], u[1]*v[1], u[1]*v[2]]]");
    same("A = diag(u)", "B = [[u[0], 0], [0, u[1]]]");
    same("A = sum(X, 0)", "B = [X[0,0] + X[1,0], X[0,1] + X[1,1], X[0,2] + X[1,2]]");
    same("A = sum(X, 1)", "B = [X[0,0] + X[0,1] + X[0,2], X[1,0] + X[1,1] + X[1,2]]");
    same("A = mean(X, 0)", "B = [(X[0,0] + X[1,0])/2, (X[0,1] + X[1,1])/2, (X[0,2] + X[1,2])/2]");
    same("A = softmax(X)", "B = [softmax(X[0]), softmax(X[1])]");
    same("A = logsumexp(X, 1)", "B = [logsumexp(X[0]), logsumexp(X[1])]");
    same("A = logsumexp(X, 0)", "B = [logsumexp(X[:, 0]), logsumexp(X[:, 1]), logsumexp(X[:, 2])]");
    same("A = X[:, 1]", "B = [X[0,1], X[1,1]]");
    same("A = X[1, :]", "B = X[1]");
    same("A = X[:, :]", "B = X");
    same("A = v[:]", "B = v");
    same("A = transpose(X) @ u", "B = [X[0,0]*u[0] + X[1,0]*u[1], X[0,1]*u[0] + X[1,1]*u[1], X[0,2]*u[0] + X[1,2]*u[1]]");
    // existing meanings are kept: logsumexp of a matrix without an axis runs over every element
    same("A = logsumexp(X)", "B = log(exp(X[0,0]) + exp(X[0,1]) + exp(X[0,2]) + exp(X[1,0]) + exp(X[1,1]) + exp(X[1,2]))");
}

BOOST_AUTO_TEST_CASE(errors_say_where_and_what) {
    const error_case cases[] = {
        {"input X[2,3]\nA = sum(X, 2)\n", 2, 12, "an axis is 0"},
        {"input v[3]\nA = sum(v, 0)\n", 2, 12, "an axis needs a matrix: got a vector[3]"},
        {"input X[2,3]\nA = sum(X, 0, 1)\n", 2, 5, "sum takes 1 or 2 arguments, found 3"},
        {"input X[2,3]\nA = transpose(X, X)\n", 2, 5, "transpose takes 1 argument, found 2"},
        {"input X[2,3]\nA = X[:, 3]\n", 2, 10, "index 3 is out of range for a matrix[2,3]"},
        {"input X[2,3]\nA = :\n", 2, 5, "an expression"},
        {"input X[2,3]\nA = X[0] + [:]\n", 2, 13, "an expression"},
        {"input u[2], v[3]\nA = outer(u, X)\n", 2, 14, "undefined name 'X'"},
        {"input u[2], X[2,2]\nA = outer(u, X)\n", 2, 5, "outer needs two vectors: got a vector[2] and a matrix[2,2]"},
        {"input X[2,3]\nA = diag(X)\n", 2, 5, "diag needs a vector: got a matrix[2,3]"},
        {"input x\nA = softmax(x)\n", 2, 5, "softmax needs a vector"},
    };
    for (const error_case& c : cases) {
        session s;
        const result r = last(s, c.program);
        BOOST_TEST_REQUIRE((r.kind() == result_kind::error), c.program);
        const diagnostic& d = r.as<error_result>().error;
        BOOST_TEST(d.span.line == c.line, c.program);
        BOOST_TEST(d.span.column == c.column, c.program);
        BOOST_TEST(d.message.find(c.message) != std::string::npos, c.program << " gave: " << d.message);
    }
}

BOOST_AUTO_TEST_SUITE_END()
