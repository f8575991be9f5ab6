// Mutants of correct derivative claims, built on the text of the formula side through its syntax
// tree (spans give each operand's text).
#include "mutation.hpp"

#include "chainrule/lang/parser.hpp"

#include <algorithm>
#include <optional>

namespace chainrule::claims_test {

namespace {

using lang::binary_expr;
using lang::binary_op;
using lang::expression;
using lang::expression_kind;

// One operand of a flattened product or sum, as text.
struct part {
    const expression* e = nullptr;
    bool inverse = false;  // product: a divisor; sum: a subtracted term
};

std::string text_of(std::string_view claim, const expression& e) {
    return std::string(claim.substr(e.span.begin, e.span.end - e.span.begin));
}

bool is_binary(const expression& e, std::initializer_list<binary_op> ops) {
    if (e.kind() != expression_kind::binary) return false;
    const binary_op o = e.as<binary_expr>().op;
    return std::find(ops.begin(), ops.end(), o) != ops.end();
}

// product: f1 * f2 / d1 ... (left-associative chains of * and /)
void flatten_product(const expression& e, bool inverse, std::vector<part>& out) {
    if (is_binary(e, {binary_op::multiply}) && !inverse) {
        flatten_product(*e.as<binary_expr>().left, false, out);
        flatten_product(*e.as<binary_expr>().right, false, out);
    } else if (is_binary(e, {binary_op::divide}) && !inverse) {
        flatten_product(*e.as<binary_expr>().left, false, out);
        out.push_back(part{e.as<binary_expr>().right.get(), true});
    } else {
        out.push_back(part{&e, inverse});
    }
}

// sum: t1 + t2 - t3 ... (left-associative chains of + and -)
void flatten_sum(const expression& e, bool negated, std::vector<part>& out) {
    if (is_binary(e, {binary_op::add, binary_op::subtract})) {
        const auto& b = e.as<binary_expr>();
        flatten_sum(*b.left, negated, out);
        flatten_sum(*b.right, b.op == binary_op::subtract ? !negated : negated, out);
    } else {
        out.push_back(part{&e, negated});
    }
}

std::string product_text(std::string_view claim, const std::vector<part>& parts, std::size_t skip,
                         const std::optional<std::pair<std::size_t, std::string>>& replace = std::nullopt) {
    std::string numerator, denominator;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k == skip) continue;
        const std::string t = "(" + (replace && replace->first == k ? replace->second : text_of(claim, *parts[k].e)) + ")";
        if (parts[k].inverse) denominator += "/" + t;
        else numerator += (numerator.empty() ? "" : "*") + t;
    }
    return (numerator.empty() ? "1" : numerator) + denominator;
}

std::string sum_text(std::string_view claim, const std::vector<part>& parts, std::size_t skip) {
    std::string out;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k == skip) continue;
        const std::string t = "(" + text_of(claim, *parts[k].e) + ")";
        if (out.empty()) out = (parts[k].inverse ? "-" : "") + t;
        else out += (parts[k].inverse ? " - " : " + ") + t;
    }
    return out;
}

// The names of `e` that are not symbols, each occurrence with its span.
void letter_uses(const expression& e, const lang::symbol_table& symbols, std::vector<const expression*>& out) {
    switch (e.kind()) {
    case expression_kind::number:
    case expression_kind::whole: return;
    case expression_kind::name:
        if (!symbols.find(e.as<lang::name_expr>().name)) out.push_back(&e);
        return;
    case expression_kind::unary: letter_uses(*e.as<lang::unary_expr>().operand, symbols, out); return;
    case expression_kind::binary:
        letter_uses(*e.as<binary_expr>().left, symbols, out);
        letter_uses(*e.as<binary_expr>().right, symbols, out);
        return;
    case expression_kind::call:
        for (const auto& a : e.as<lang::call_expr>().arguments) letter_uses(*a, symbols, out);
        return;
    case expression_kind::index:
        letter_uses(*e.as<lang::index_expr>().base, symbols, out);
        for (const auto& i : e.as<lang::index_expr>().indices) letter_uses(*i, symbols, out);
        return;
    case expression_kind::vector:
        for (const auto& a : e.as<lang::vector_expr>().elements) letter_uses(*a, symbols, out);
        return;
    case expression_kind::derivative:
        letter_uses(*e.as<lang::derivative_expr>().of, symbols, out);
        for (const auto& i : e.as<lang::derivative_expr>().wrt.indices) letter_uses(*i, symbols, out);
        return;
    }
}

std::optional<lang::statement> parse(lang::session& s, std::string_view claim_text) {
    std::optional<lang::statement> st = lang::parse_statement(claim_text, "mutant", s.names());
    if (!st || !std::holds_alternative<lang::claim_statement>(st->node)) return std::nullopt;
    return st;
}

}  // namespace

std::string_view name(mutation m) {
    switch (m) {
    case mutation::sign: return "sign";
    case mutation::scale: return "scale";
    case mutation::drop_factor: return "drop factor";
    case mutation::drop_term: return "drop term";
    case mutation::swap: return "swap";
    }
    return "?";
}

std::string_view hint_phrase(mutation m) {
    switch (m) {
    case mutation::sign: return "opposite sign";
    case mutation::scale: return "constant factor";
    case mutation::drop_factor: return "factor";
    case mutation::drop_term: return "path";
    case mutation::swap: return "swapped";
    }
    return "?";
}

bool is_derivative_claim(lang::session& s, std::string_view claim_text) {
    const auto st = parse(s, claim_text);
    if (!st) return false;
    const auto& c = std::get<lang::claim_statement>(st->node);
    return c.left->kind() == expression_kind::derivative || c.right->kind() == expression_kind::derivative;
}

std::vector<mutant> mutants(lang::session& s, std::string_view claim_text) {
    const auto st = parse(s, claim_text);
    if (!st) return {};
    const auto& c = std::get<lang::claim_statement>(st->node);
    const bool left_derivative = c.left->kind() == expression_kind::derivative;
    if (!left_derivative && c.right->kind() != expression_kind::derivative) return {};
    const expression& f = left_derivative ? *c.right : *c.left;
    const std::string original = text_of(claim_text, f);

    std::vector<mutant> out;
    auto add = [&](mutation kind, std::string formula) {
        std::string claim(claim_text.substr(0, f.span.begin));
        claim += formula;
        claim += claim_text.substr(f.span.end);
        out.push_back(mutant{kind, std::move(claim), std::move(formula), original});
    };

    add(mutation::sign, "-(" + original + ")");
    add(mutation::scale, "2*(" + original + ")");

    // a leading unary minus stays; the mutations apply to its operand
    const expression* body = &f;
    std::string prefix;
    if (f.kind() == expression_kind::unary) {
        body = f.as<lang::unary_expr>().operand.get();
        prefix = "-";
    }
    auto wrap = [&](const std::string& t) { return prefix.empty() ? t : prefix + "(" + t + ")"; };

    std::vector<part> factors;
    flatten_product(*body, false, factors);
    if (factors.size() >= 2) {
        for (std::size_t k = 0; k < factors.size(); ++k) add(mutation::drop_factor, wrap(product_text(claim_text, factors, k)));
    }
    std::vector<part> terms;
    flatten_sum(*body, false, terms);
    if (terms.size() >= 2)
        for (std::size_t t = 0; t < terms.size(); ++t) add(mutation::drop_term, wrap(sum_text(claim_text, terms, t)));

    // swapped index letters: every pair of distinct letters of F
    std::vector<const expression*> uses;
    letter_uses(f, s.symbols(), uses);
    std::sort(uses.begin(), uses.end(), [](const expression* x, const expression* y) { return x->span.begin < y->span.begin; });
    std::vector<std::string> letters;
    for (const expression* u : uses) {
        const std::string& n = u->as<lang::name_expr>().name;
        if (std::find(letters.begin(), letters.end(), n) == letters.end()) letters.push_back(n);
    }
    for (std::size_t a = 0; a < letters.size(); ++a)
        for (std::size_t b = a + 1; b < letters.size(); ++b) {
            std::string formula;
            std::size_t at = f.span.begin;
            for (const expression* u : uses) {
                const std::string& n = u->as<lang::name_expr>().name;
                if (n != letters[a] && n != letters[b]) continue;
                formula += claim_text.substr(at, u->span.begin - at);
                formula += n == letters[a] ? letters[b] : letters[a];
                at = u->span.end;
            }
            formula += claim_text.substr(at, f.span.end - at);
            add(mutation::swap, formula);
        }
    return out;
}

}  // namespace chainrule::claims_test
