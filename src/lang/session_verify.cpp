// The session's verification statements: assume, claim and check. Facts are kept as nodes of the
// model graph; claims and checks go to the verify layer.
#include "chainrule/lang/session.hpp"

#include "chainrule/verify/claims.hpp"
#include "chainrule/verify/cross_check.hpp"
#include "chainrule/verify/diagnosis.hpp"
#include "chainrule/verify/equivalence.hpp"
#include "chainrule/lang/render.hpp"
#include "index_letters.hpp"
#include "transposed_hint.hpp"
#include "session_detail.hpp"

#include <algorithm>
#include <tuple>

namespace chainrule::lang {

namespace {

verify::relation to_relation(relation_op o) {
    switch (o) {
    case relation_op::less: return verify::relation::less;
    case relation_op::less_equal: return verify::relation::less_equal;
    case relation_op::greater: return verify::relation::greater;
    case relation_op::greater_equal: return verify::relation::greater_equal;
    case relation_op::equal: return verify::relation::equal;
    case relation_op::not_equal: return verify::relation::not_equal;
    }
    return verify::relation::equal;
}

// The two sides as pairs of element nodes, a scalar broadcast over the other side's shape.
std::vector<std::pair<node_id, node_id>> pair_elements(const value& left, const value& right, const std::string& file,
                                                      const source_span& where, const char* what) {
    if (!left.is_scalar() && !right.is_scalar() && left.dims.dims != right.dims.dims)
        fail(file, where, std::string("the two sides of ") + what + " have different shapes: " + describe(left.dims) +
                              " and " + describe(right.dims));
    const std::size_t n = std::max(left.elements.size(), right.elements.size());
    std::vector<std::pair<node_id, node_id>> out;
    for (std::size_t k = 0; k < n; ++k)
        out.emplace_back(left.is_scalar() ? left.node() : left.elements[k],
                         right.is_scalar() ? right.node() : right.elements[k]);
    return out;
}

// "i = 0, j = 1"
std::string combination_label(const std::vector<index_letter>& letters, const std::vector<long>& at) {
    std::string out;
    for (std::size_t k = 0; k < letters.size(); ++k)
        out += (k ? ", " : "") + letters[k].name + " = " + std::to_string(at[k]);
    return out;
}

// Most index combinations times elements one claim may decide.
constexpr std::size_t max_claim_cases = 10000;
// Most combinations the swapped-indices hint compares.
constexpr std::size_t max_swap_cases = 64;

// The hint for a claim refuted at combination `at`, element `element`, counterexample `point`:
// swapped indices, else a chain-rule pattern when one side is a derivative, else sign, factor or
// offset of the left side against the right; always a sentence.
std::string explain(session& s, const claim_statement& c, std::string_view text, const std::vector<index_letter>& letters,
                    const std::vector<long>& at, std::size_t element, const verify::named_point& point,
                    std::span<const verify::fact> base_facts, node_id domain, const std::string& file) {
    // the hints are confirmed only where the derivatives exist, as the claim was decided: at the
    // refuted combination, `domain`; the swapped combinations, each their own
    const std::vector<verify::fact> facts_ = verify::with_domain(base_facts, domain);
    graph& model_ = s.model();
    tensor::tensor_graph& tensors_ = s.tensors();
    const symbol_table& symbols_ = s.symbols();
    // which side is the derivative (the truth); the other is the user's formula
    const bool left_is_truth = c.left->kind() == expression_kind::derivative;
    const bool right_is_truth = !left_is_truth && c.right->kind() == expression_kind::derivative;
    std::unordered_map<node_id, std::string> names;
    const name_table table = s.definition_names();
    for (const node_name& e : table.entries()) names.emplace(e.node, e.name);
    auto element_of = [](const value& v, std::size_t k) { return v.is_scalar() ? v.node() : v.elements[k]; };
    if (!left_is_truth && !right_is_truth) {
        // no derivative: the left side against the right (sign, factor, offset)
        lowerer lw(model_, tensors_, symbols_, file, s.options().lowering);
        for (std::size_t k = 0; k < letters.size(); ++k) lw.bind_index(letters[k].name, at[k]);
        const value left = lw.lower(*c.left), right = lw.lower(*c.right);
        const verify::derivative_claim dc{no_node, no_node, element_of(left, element), element_of(right, element), "", ""};
        return hint_text(model_, verify::diagnose(model_, dc, names, point, facts_), names, "", "");
    }
    const expression& truth_side = left_is_truth ? *c.left : *c.right;
    const expression& claimed_side = left_is_truth ? *c.right : *c.left;
    auto lower_with = [&](const expression& e, const std::vector<long>& values) {
        lowerer lw(model_, tensors_, symbols_, file, s.options().lowering);
        for (std::size_t k = 0; k < letters.size(); ++k) lw.bind_index(letters[k].name, values[k]);
        return lw.lower(e);
    };

    // swapped indices: the claim at (.., a, .., b, ..) is the truth at (.., b, .., a, ..)
    std::vector<std::size_t> ranges;
    for (const index_letter& l : letters) ranges.push_back(l.range);
    const verify::swapped_source swapped = [&](std::span<const long> claimed_at, std::span<const long> truth_at) {
        // one lowerer for both, so its domain is where both sides' derivatives exist
        lowerer lw(model_, tensors_, symbols_, file, s.options().lowering);
        for (std::size_t k = 0; k < letters.size(); ++k) lw.bind_index(letters[k].name, claimed_at[k]);
        const value claimed = lw.lower(claimed_side);
        for (std::size_t k = 0; k < letters.size(); ++k) lw.bind_index(letters[k].name, truth_at[k]);
        const value truth = lw.lower(truth_side);
        std::vector<verify::claim_pair> out;
        for (std::size_t k = 0; k < std::max(claimed.elements.size(), truth.elements.size()); ++k)
            out.push_back(verify::claim_pair{element_of(claimed, k), element_of(truth, k), {}, lw.domain()});
        return out;
    };
    if (const auto ab = verify::swapped_indices(model_, ranges, swapped, base_facts, max_swap_cases)) {
        const std::string& a = letters[ab->first].name;
        const std::string& b = letters[ab->second].name;
        return "indices swapped: the claim at " + a + ", " + b + " is the true value at " + b + ", " + a;
    }

    // a transposed operand: the claimed side with one operand transposed is the truth (decided
    // numerically, two points per element)
    const auto equals_truth = [&](const expression& rewritten) {
        try {
            const value claimed = lower_with(rewritten, at);
            const value truth = lower_with(truth_side, at);
            if (claimed.dims != truth.dims) return false;
            verify::equivalence_options quick;
            quick.symbolic = false;
            quick.points = 2;
            for (std::size_t k = 0; k < truth.elements.size(); ++k)
                if (!verify::holds(verify::decide(model_, claimed.elements[k], truth.elements[k], facts_, quick).outcome))
                    return false;
            return true;
        } catch (const chainrule::error&) {
            return false;  // the rewrite does not lower: not this mistake
        }
    };
    if (auto hint = transposed_operand(claimed_side, text, symbols_, equals_truth)) return *hint;

    // the chain-rule patterns
    const derivative_expr& d = truth_side.as<derivative_expr>();
    lowerer lw(model_, tensors_, symbols_, file, s.options().lowering);
    for (std::size_t k = 0; k < letters.size(); ++k) lw.bind_index(letters[k].name, at[k]);
    const value of = lw.lower(*d.of);
    const target_set targets = lw.targets(d.wrt);
    const value truth = lw.lower(truth_side), claimed = lw.lower(claimed_side);
    const derivative_target& target = targets.elements.size() == 1 ? targets.elements[0] : targets.elements[element];
    verify::derivative_claim dc{element_of(of, of.is_scalar() ? 0 : element), target.node, element_of(claimed, element),
                                element_of(truth, element), target.name, label(text, d.of->span)};
    return hint_text(model_, verify::diagnose(model_, dc, names, point, facts_), names, dc.of_name, dc.target_name);
}

}  // namespace

assumption_result session::assume(const assume_statement& a, std::string_view text, const std::string& file) {
    lowerer lw(model_, tensors_, symbols_, file, options_.lowering);
    std::vector<verify::fact> added;
    for (const relation& r : a.facts) {
        const value left = lw.lower(*r.left);
        const value right = lw.lower(*r.right);
        const auto pairs = pair_elements(left, right, file, r.op_span, "an assumption");
        const std::string written = label(text, r.span);
        const shape& dims = left.is_scalar() ? right.dims : left.dims;
        for (std::size_t k = 0; k < pairs.size(); ++k) {
            const auto [l, rr] = pairs[k];
            const verify::relation rel = to_relation(r.op);
            if (model_.is_constant(l) && model_.is_constant(rr)) {
                if (!verify::holds(rel, cln::compare(model_.value(l), model_.value(rr))))
                    fail(file, r.span, "this assumption is false: " + written);
                continue;  // true of constants: nothing to assume
            }
            const std::string element = pairs.size() == 1 ? written : written + " (element " + element_name("", dims, k) + ")";
            added.push_back(verify::fact{l, rel, rr, element});
        }
    }
    assumption_result out;
    for (const verify::fact& f : added) out.facts.push_back(f.text);
    facts_.insert(facts_.end(), added.begin(), added.end());
    return out;
}

claim_result session::claim(const claim_statement& c, std::string_view text, const std::string& file) {
    claim_result out;
    out.text = label(text, cover(c.left->span, c.right->span));
    const expression* sides[] = {c.left.get(), c.right.get()};
    const std::vector<index_letter> letters = free_index_letters(sides, symbols_, file);
    std::size_t combinations = 1;
    for (const index_letter& l : letters) {
        combinations *= l.range;
        if (combinations > max_claim_cases)
            fail(file, c.equals_span, "this claim has more than " + std::to_string(max_claim_cases) +
                                          " index combinations (the limit)");
    }

    // the sides' element pairs at one combination of the index letters
    auto lower_at = [&](const std::vector<long>& at) {
        lowerer lw(model_, tensors_, symbols_, file, options_.lowering);
        for (std::size_t k = 0; k < letters.size(); ++k) lw.bind_index(letters[k].name, at[k]);
        const value left = lw.lower(*c.left);
        const value right = lw.lower(*c.right);
        return std::make_tuple(pair_elements(left, right, file, c.equals_span, "the claim"), left.dims.is_scalar() ? right.dims : left.dims,
                               lw.domain());
    };

    std::vector<std::size_t> ranges;
    for (const index_letter& l : letters) ranges.push_back(l.range);
    const verify::pair_source pairs = [&](std::span<const long> values) {
        const std::vector<long> combination(values.begin(), values.end());
        const auto [elements, dims, domain] = lower_at(combination);
        std::vector<verify::claim_pair> out_pairs;
        for (std::size_t k = 0; k < elements.size(); ++k) {
            std::string where = combination_label(letters, combination);
            if (elements.size() > 1) where += (where.empty() ? "" : ", ") + element_name("element ", dims, k);
            out_pairs.push_back(verify::claim_pair{elements[k].first, elements[k].second, std::move(where), domain});
        }
        return out_pairs;
    };
    verify::claim_decision d;
    try {
        d = verify::decide_all(model_, ranges, pairs, facts_, options_.proof, max_claim_cases);
    } catch (const limit_error& x) {
        fail(file, c.equals_span, x.what());
    }
    out.verdict = d.outcome;
    out.method = d.reported.method;
    out.points = d.reported.points;
    out.digits = d.reported.digits;
    out.index = d.index;
    out.combinations = d.decided;
    out.notes = d.notes;
    out.reason = d.reason;
    if (d.outcome == verify::verdict::refuted) {
        const verify::counterexample& r = *d.reported.refutation;
        out.counterexample = r.at;
        out.lhs = r.lhs;
        out.rhs = r.rhs;
        out.difference = r.difference;
        out.certificate = r.certificate;
        out.hint = explain(*this, c, text, letters, d.at, d.element, r.at, facts_, std::get<2>(lower_at(d.at)), file);
    }
    return out;
}

check_result session::check(const check_statement& c, std::string_view text, const std::string& file) {
    lowerer lw(model_, tensors_, symbols_, file, options_.lowering);
    const value v = lw.lower(*c.value);
    if (!v.is_scalar())
        fail(file, c.value->span, "check needs a scalar expression: this one is " + describe(v.dims) +
                                      " (take sum(...) or an element)");
    const node_id output = v.node();
    std::vector<node_id> wrt;
    const node_id root[] = {output};
    for (node_id n : model_.reachable(root))
        if (model_.is_variable(n)) wrt.push_back(n);
    if (wrt.empty()) fail(file, c.value->span, "this expression depends on no input or param: there is no gradient to check");
    try {
        return check_result{label(text, c.value->span), verify::cross_check(model_, output, wrt, facts_)};
    } catch (const usage_error& x) {
        fail(file, c.value->span, x.what());
    }
}

}  // namespace chainrule::lang
