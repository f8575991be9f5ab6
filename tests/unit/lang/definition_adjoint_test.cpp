// Property: a derivative with respect to a named definition is the adjoint of DESIGN.md (the
// sum over every path through the definition's uses, its own inputs held fixed), on random
// programs, against an oracle that never sees chainrule's graph: the program rebuilt in GiNaC
// with that definition (or one element of it) replaced by a fresh symbol where it is used,
// differentiated by GiNaC's diff, and the definition's value substituted back. The programs
// are made of what the graph's construction rewrites like to fold through: constant
// multiples, negation, division by constants, constants added, a name used on several paths,
// vectors with sum and mean. Every definition on a path to the output must also appear as a
// step of `show L as steps`.

#include "chainrule/lang/render.hpp"
#include "chainrule/lang/session.hpp"

#include "../../support/ginac_oracle.hpp"

#include <boost/test/unit_test.hpp>

#include <ginac/ginac.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace chainrule;
using namespace chainrule::lang;

namespace {

constexpr int vector_size = 3;

// The highest polynomial degree a definition reaches (past it GiNaC's normal form of the
// oracle's derivatives takes seconds).
constexpr int max_degree = 4;

/// A generated expression: its chain-language text and its value in GiNaC, given the values of
/// the names it uses (a scalar is one element, a vector three).
struct term {
    std::string text;
    int size = 1;
    int degree = 1;  ///< as a polynomial in the inputs, transcendental functions counted as 1
    std::function<std::vector<GiNaC::ex>(const std::map<std::string, std::vector<GiNaC::ex>>&)> value;
};

using environment = std::map<std::string, std::vector<GiNaC::ex>>;

/// Element k of a value, a scalar broadcasting over a vector.
const GiNaC::ex& element(const std::vector<GiNaC::ex>& v, int k) { return v.size() == 1 ? v[0] : v[k]; }

/// Random programs over inputs a, b, c and x[3].
class program_generator {
public:
    explicit program_generator(std::uint64_t seed) : random_(seed) {}

    struct definition {
        std::string name;
        term body;
    };

    /// Between 3 and 7 definitions, the last (called L) a scalar that uses the one before it.
    std::vector<definition> program() {
        names_ = {{"a", 1, 1}, {"b", 1, 1}, {"c", 1, 1}, {"x", vector_size, 1}};
        std::vector<definition> out;
        const int count = 3 + pick(5);
        for (int k = 0; k < count; ++k) {
            const bool last = k + 1 == count;
            const int size = last || pick(3) != 0 ? 1 : vector_size;
            std::string name = last ? "L" : "d" + std::to_string(k);
            term body = last && !out.empty() ? combine(reference(out.back().name, out.back().body.size, out.back().body.degree), expression(1, 1), 1)
                                             : expression(size, 2);
            if (body.size != size) body = reduce(std::move(body));
            out.push_back(definition{name, body});
            names_.push_back({name, body.size, body.degree});
        }
        return out;
    }

private:
    int pick(int n) { return static_cast<int>(random_() % static_cast<std::uint64_t>(n)); }

    // a nonzero rational: the constants the rewrites merge
    std::pair<int, int> coefficient() {
        static const std::pair<int, int> table[] = {{-1, 1}, {2, 1}, {3, 1}, {-2, 1}, {1, 2}, {-1, 3}, {3, 4}, {5, 2}};
        return table[pick(8)];
    }
    static std::string number_text(std::pair<int, int> q) {
        if (q.second == 1) return q.first < 0 ? "(" + std::to_string(q.first) + ")" : std::to_string(q.first);
        return "(" + std::to_string(q.first) + "/" + std::to_string(q.second) + ")";
    }
    static GiNaC::ex number(std::pair<int, int> q) { return GiNaC::numeric(q.first, q.second); }

    term reference(const std::string& name, int size, int degree) {
        return term{name, size, degree, [name](const environment& env) { return env.at(name); }};
    }

    // a name of the given size, recent ones more often (long chains, names used twice)
    term leaf(int size) {
        std::vector<std::size_t> fitting;
        for (std::size_t k = 0; k < names_.size(); ++k)
            if (names_[k].size == size) fitting.push_back(k);
        if (fitting.empty()) return leaf(1);
        const std::size_t k = pick(2) == 0 ? fitting.back() : fitting[pick(static_cast<int>(fitting.size()))];
        return reference(names_[k].name, names_[k].size, names_[k].degree);
    }

    // a vector made a scalar: sum, mean, an element, or a dot product with x
    term reduce(term v) {
        switch (pick(4)) {
        case 0:
            return term{"sum(" + v.text + ")", 1, v.degree, [f = v.value](const environment& env) {
                            GiNaC::ex s = 0;
                            for (const GiNaC::ex& e : f(env)) s += e;
                            return std::vector<GiNaC::ex>{s};
                        }};
        case 1:
            return term{"mean(" + v.text + ")", 1, v.degree, [f = v.value](const environment& env) {
                            GiNaC::ex s = 0;
                            for (const GiNaC::ex& e : f(env)) s += e;
                            return std::vector<GiNaC::ex>{s / vector_size};
                        }};
        case 2: {
            const int i = pick(vector_size);
            return term{"(" + v.text + ")[" + std::to_string(i) + "]", 1, v.degree,
                        [f = v.value, i](const environment& env) { return std::vector<GiNaC::ex>{f(env)[i]}; }};
        }
        default:
            return term{"sum((" + v.text + ")*x)", 1, v.degree + 1, [f = v.value](const environment& env) {
                            const std::vector<GiNaC::ex> u = f(env), x = env.at("x");
                            GiNaC::ex s = 0;
                            for (int k = 0; k < vector_size; ++k) s += u[k] * x[k];
                            return std::vector<GiNaC::ex>{s};
                        }};
        }
    }

    // one operation on u (and v): the result has u's size, or the larger of the two
    term combine(term u, term v, int depth) {
        const int size = std::max(u.size, v.size);
        auto elementwise = [size](auto f) {
            return [f, size](const std::vector<GiNaC::ex>& p, const std::vector<GiNaC::ex>& q) {
                std::vector<GiNaC::ex> out;
                for (int k = 0; k < size; ++k) out.push_back(f(element(p, k), element(q, k)));
                return out;
            };
        };
        auto binary = [&](const std::string& op, auto f) {
            const int degree = op == "*" ? u.degree + v.degree : std::max(u.degree, v.degree);
            return term{"(" + u.text + " " + op + " " + v.text + ")", size, degree,
                        [fu = u.value, fv = v.value, g = elementwise(f)](const environment& env) {
                            return g(fu(env), fv(env));
                        }};
        };
        const bool product = u.degree + v.degree <= max_degree;
        switch (pick(product ? 3 : 2)) {
        case 0: return binary("+", [](const GiNaC::ex& p, const GiNaC::ex& q) { return p + q; });
        case 1: return binary("-", [](const GiNaC::ex& p, const GiNaC::ex& q) { return p - q; });
        default: return binary("*", [](const GiNaC::ex& p, const GiNaC::ex& q) { return p * q; });
        }
    }

    // u's text as an operand: bare when it is a name, else in parentheses
    static std::string operand(const term& u) {
        const bool bare = std::all_of(u.text.begin(), u.text.end(), [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
        });
        return bare ? u.text : "(" + u.text + ")";
    }

    // one operation on u alone, most of them what the rewrites fold constants through
    term unary(term u) {
        const auto q = coefficient();
        const std::string c = number_text(q);
        u.text = operand(u);
        const GiNaC::ex k = number(q);
        auto map = [&u](std::string text, auto f, int degree = 0) {
            return term{std::move(text), u.size, degree ? degree : u.degree, [fu = u.value, f](const environment& env) {
                            std::vector<GiNaC::ex> out;
                            for (const GiNaC::ex& e : fu(env)) out.push_back(f(e));
                            return out;
                        }};
        };
        int choice = pick(11);
        if (choice == 6 && 2 * u.degree > max_degree) choice = 0;  // no square past the degree
        switch (choice) {
        case 0: return map(c + "*" + u.text, [k](const GiNaC::ex& e) { return k * e; });
        case 1: return map(u.text + "*" + c, [k](const GiNaC::ex& e) { return e * k; });
        case 2: return map("-" + u.text, [](const GiNaC::ex& e) { return -e; });
        case 3: return map(u.text + "/" + c, [k](const GiNaC::ex& e) { return e / k; });
        case 4: return map("(" + u.text + " + " + c + ")", [k](const GiNaC::ex& e) { return e + k; });
        case 5: return map("(" + c + " - " + u.text + ")", [k](const GiNaC::ex& e) { return k - e; });
        case 6: return map(u.text + "^2", [](const GiNaC::ex& e) { return GiNaC::pow(e, 2); }, 2 * u.degree);
        case 7: return map("sin(" + u.text + ")", [](const GiNaC::ex& e) { return GiNaC::sin(e); }, 1);
        case 8: return map("tanh(" + u.text + ")", [](const GiNaC::ex& e) { return GiNaC::tanh(e); }, 1);
        case 9: return map("exp(" + u.text + "/4)", [](const GiNaC::ex& e) { return GiNaC::exp(e / 4); }, 1);
        default: return map("-(" + u.text + ")/" + c, [k](const GiNaC::ex& e) { return -e / k; });
        }
    }

    // an expression of the given size, at most `depth` levels of operations deep
    term expression(int size, int depth) {
        if (depth == 0) return pick(4) == 0 && size == 1 ? reduce(leaf(vector_size)) : leaf(size);
        switch (pick(4)) {
        case 0: return unary(expression(size, depth - 1));
        case 1: return unary(unary(expression(size, depth - 1)));
        default: {
            // a vector with a scalar (x - mu), or two of the same size
            const int other = size == vector_size && pick(2) == 0 ? 1 : size;
            return combine(expression(size, depth - 1), expression(other, depth - 1), depth);
        }
        }
    }

    struct known_name {
        std::string name;
        int size;
        int degree;
    };
    std::mt19937_64 random_;
    std::vector<known_name> names_;
};

std::string element_label(const std::string& name, int size, int k) {
    return size == 1 ? name : name + "[" + std::to_string(k) + "]";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(definition_adjoints)

BOOST_AUTO_TEST_CASE(adjoints_of_definitions_match_ginac_diff_with_the_definition_as_a_symbol) {
    constexpr int programs = 2000;
    int checked = 0, failures = 0, reached_steps = 0;
    for (int seed = 1; seed <= programs; ++seed) {
        program_generator generate(static_cast<std::uint64_t>(seed));
        const std::vector<program_generator::definition> defs = generate.program();
        std::ostringstream text;
        text << "input a, b, c\ninput x[" << vector_size << "]\n";
        // the derivatives as expressions (one program in eight through the grad statement,
        // whose display step costs far more than the derivatives themselves)
        const bool by_grad = seed % 8 == 0;
        std::string wrt;
        for (const auto& d : defs) text << d.name << " = " << d.body.text << "\n";
        for (const auto& d : defs) {
            if (d.name == "L") continue;
            wrt += (wrt.empty() ? "" : ", ") + d.name;
            if (!by_grad) text << "D" << d.name << " = d(L)/d(" << d.name << ")\n";
        }
        if (by_grad) text << "grad L wrt " << wrt << "\n";
        text << "show L as steps\n";
        const std::string program = text.str();

        session s;
        const std::vector<result> results = s.run_program(program, "random.chain");
        bool ran = true;
        for (const result& r : results)
            if (r.kind() == result_kind::error) {
                BOOST_ERROR("program " << seed << " failed: " << r.as<error_result>().error.headline() << "\n" << program);
                ran = false;
            }
        if (!ran) {
            ++failures;
            continue;
        }
        // the derivatives chainrule gives, in the order of the definitions' elements
        std::vector<std::pair<std::string, node_id>> derivatives;
        if (by_grad) {
            for (const partial_entry& p : results[results.size() - 2].as<grad_result>().partials)
                derivatives.emplace_back(p.wrt, p.partial);
        } else {
            for (const auto& d : defs) {
                if (d.name == "L") continue;
                const value& v = s.symbols().find("D" + d.name)->value;
                for (int k = 0; k < d.body.size; ++k)
                    derivatives.emplace_back(element_label(d.name, d.body.size, k), v.elements[k]);
            }
        }
        const std::string steps = render_show(s, results.back().as<show_result>());

        testing::ginac_oracle o;
        environment inputs;
        for (const char* v : {"a", "b", "c"}) inputs[v] = {o.symbol(v)};
        for (int k = 0; k < vector_size; ++k) inputs["x"].push_back(o.symbol("x[" + std::to_string(k) + "]"));

        std::size_t partial = 0;
        for (std::size_t t = 0; t + 1 < defs.size(); ++t) {
            for (int k = 0; k < defs[t].body.size; ++k, ++partial) {
                // the program in GiNaC, element k of definition t a fresh symbol where it is used
                const GiNaC::realsymbol fresh("fresh");
                environment env = inputs;
                GiNaC::ex actual;
                for (std::size_t j = 0; j < defs.size(); ++j) {
                    env[defs[j].name] = defs[j].body.value(env);
                    if (j == t) {
                        actual = env[defs[j].name][k];
                        env[defs[j].name][k] = fresh;
                    }
                }
                const GiNaC::ex output = env.at("L")[0];
                const GiNaC::ex truth = GiNaC::diff(output, fresh).subs(fresh == actual);
                const std::string label = element_label(defs[t].name, defs[t].body.size, k);
                BOOST_REQUIRE(partial < derivatives.size());
                BOOST_REQUIRE_EQUAL(derivatives[partial].first, label);
                const GiNaC::ex got = o(s.model(), derivatives[partial].second);
                ++checked;
                if (!GiNaC::normal(got - truth).is_zero()) {
                    ++failures;
                    BOOST_ERROR("program " << seed << ": d(L)/d(" << label << ") = " << got << ", GiNaC's diff gives "
                                           << truth << "\n" << program);
                }
                // a definition on a path to L is a step of its own
                if (output.has(fresh)) {
                    ++reached_steps;
                    if (steps.find("∂L/∂" + label + " = ") == std::string::npos) {
                        ++failures;
                        BOOST_ERROR("program " << seed << ": the steps do not show ∂L/∂" << label << "\n"
                                               << program << steps);
                    }
                }
            }
        }
        if (failures > 20) break;  // enough to go on
    }
    BOOST_TEST_MESSAGE(checked << " derivatives with respect to definitions checked, " << reached_steps
                               << " steps found");
    BOOST_TEST(checked >= programs);
    BOOST_TEST(failures == 0);
}

BOOST_AUTO_TEST_SUITE_END()
