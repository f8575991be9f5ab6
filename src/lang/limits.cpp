// The limits of a session by name (limits.hpp).
#include "chainrule/lang/limits.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/graph/ginac_bridge.hpp"
#include "chainrule/lang/parser.hpp"
#include "chainrule/simplify/print.hpp"

#include <charconv>
#include <limits>

namespace chainrule::lang {

namespace {

using u64 = std::uint64_t;

// A limit read and written through one member path of session_options.
#define CHAINRULE_LIMIT(NAME, MEANING, FIELD, LEAST, MOST)                                                     \
    limit_info {                                                                                              \
        NAME, MEANING, [](const session_options& o) { return static_cast<u64>(o.FIELD); },                   \
            [](session_options& o, u64 v) { o.FIELD = static_cast<decltype(o.FIELD)>(v); }, LEAST, MOST       \
    }

constexpr u64 big = u64{1} << 40;

const limit_info limits[] = {
    CHAINRULE_LIMIT("elements", "elements of one value expanded to scalars; larger inputs and params live in matrix form only",
                    lowering.max_elements, 1, big),
    CHAINRULE_LIMIT("tensor-elements", "elements of one value in matrix form (a declared shape)",
                    lowering.max_tensor_elements, 1, big),
    CHAINRULE_LIMIT("variable-elements", "input and param elements of a session, all declarations together",
                    max_variable_elements, 1, big),
    CHAINRULE_LIMIT("product-work", "multiplications of one matrix product expanded to scalars",
                    lowering.max_product_work, 1, big),
    CHAINRULE_LIMIT("statement-nodes", "graph nodes one statement may add (about a second of work per million)",
                    lowering.max_new_nodes, 1, big),
    CHAINRULE_LIMIT("sweep-work", "graph nodes one statement's reverse sweeps may visit",
                    lowering.max_sweep_work, 1, big),
    CHAINRULE_LIMIT("exact-nodes", "nodes of a value handed to GiNaC for its exact form (eval)",
                    evaluation.max_exact_nodes, 1, 1'000'000),
    CHAINRULE_LIMIT("exact-digits", "decimal digits an exact intermediate may reach (eval)",
                    evaluation.max_exact_digits, 1, 10'000'000),
    CHAINRULE_LIMIT("certified-bits", "working precision, in bits, the certified decimals may rise to",
                    evaluation.certified.max_bits, 64, 10'000'000),
    CHAINRULE_LIMIT("proof-size", "size of an expression, read as a tree, a claim's symbolic proof hands to GiNaC",
                    proof.max_symbolic_size, 1, 10'000'000),
    CHAINRULE_LIMIT("proof-ms", "milliseconds a claim's symbolic proof may take (then it is checked numerically, "
                                "and the method says so)",
                    proof.symbolic_budget_ms, 1, 86'400'000),
};

#undef CHAINRULE_LIMIT

const fixed_limit fixed[] = {
    {"brackets and unary operators nested in one expression", static_cast<u64>(max_expression_depth)},
    {"height of one expression tree (terms of a flat sum)", static_cast<u64>(max_expression_height)},
    {"digits of `eval ... digits N`", static_cast<u64>(max_digits)},
    {"digits of a number in the program or a file", max_rational_digits},
    {"nodes of an expression tree converted to GiNaC", ginac_limits{}.max_tree_size},
    {"depth of an expression tree converted to GiNaC", ginac_limits{}.max_depth},
    {"nodes of one printed formula (past it: summarised)", print_limits{}.max_tree_size},
};

// N, or M e K (1e6): a whole number; nothing for anything else.
std::optional<u64> whole_number(std::string_view text) {
    u64 mantissa = 0;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, mantissa);
    if (ec != std::errc() || p == text.data()) return std::nullopt;
    if (p == end) return mantissa;
    if (*p != 'e' && *p != 'E') return std::nullopt;
    unsigned exponent = 0;
    auto [q, ec2] = std::from_chars(p + 1, end, exponent);
    if (ec2 != std::errc() || q != end || q == p + 1 || exponent > 19) return std::nullopt;
    for (unsigned k = 0; k < exponent; ++k) {
        if (mantissa > std::numeric_limits<u64>::max() / 10) return std::nullopt;
        mantissa *= 10;
    }
    return mantissa;
}

std::string known_names() {
    std::string out;
    for (const limit_info& l : limits) out += (out.empty() ? "" : ", ") + std::string(l.name);
    return out;
}

}  // namespace

std::span<const limit_info> session_limits() { return limits; }

std::span<const fixed_limit> fixed_limits() { return fixed; }

void set_limit(session_options& o, std::string_view assignment) {
    const std::size_t eq = assignment.find('=');
    if (eq == std::string_view::npos)
        throw usage_error("--limit takes NAME=N (for example elements=1000000): got '" + std::string(assignment) + "'");
    const std::string_view name = assignment.substr(0, eq), value = assignment.substr(eq + 1);
    for (const limit_info& l : limits) {
        if (l.name != name) continue;
        const std::optional<u64> v = whole_number(value);
        if (!v || *v < l.least || *v > l.most)
            throw usage_error("--limit " + std::string(name) + " takes a whole number from " + std::to_string(l.least) +
                              " to " + std::to_string(l.most) + ": got '" + std::string(value) + "'");
        l.set(o, *v);
        return;
    }
    throw usage_error("--limit: no limit is called '" + std::string(name) + "'; the limits are " + known_names() +
                      " ('chainrule help limits' explains each)");
}

std::string limits_help() {
    const session_options defaults;
    std::string out =
        "Limits: each refuses its input with a located error that names it; --limit NAME=N on run,\n"
        "grad, eval, check and train raises it (N a whole number, 1e6 allowed), for that run.\n\n";
    for (const limit_info& l : limits)
        out += "  " + std::string(l.name) + std::string(l.name.size() < 18 ? 18 - l.name.size() : 1, ' ') +
               std::to_string(l.get(defaults)) + "\n      " + std::string(l.meaning) + "\n";
    out += "\nFixed (they keep every recursion within the stack; split deeper input into named definitions):\n";
    for (const fixed_limit& f : fixed) {
        const std::string v = std::to_string(f.value);
        out += "  " + v + std::string(v.size() < 8 ? 8 - v.size() : 1, ' ') + std::string(f.what) + "\n";
    }
    return out;
}

}  // namespace chainrule::lang
