#include "order.hpp"

#include "names.hpp"

#include <algorithm>
#include <cln/rational.h>

namespace chainrule::detail {

namespace {

// Three-way order of least variable names: no variables first, then natural order.
int compare_names(const std::string* a, const std::string* b) {
    if (a == nullptr || b == nullptr) return a == b ? 0 : a == nullptr ? -1 : 1;
    return natural_compare(*a, *b);
}

// Ordering class of a factor: variables, then powers, then calls, then parenthesised sums.
int factor_class(const item& base, const rational& exponent) {
    switch (base.kind) {
    case form::number:
    case form::name: return exponent == 1 ? 0 : 1;
    case form::power: return 1;
    case form::call: return 2;
    case form::product:
    case form::sum: return 3;
    }
    return 3;
}

// Graded-lexicographic comparison of two bodies (factors in print order): factor by factor,
// by base text, then the higher power first (x^2 before x*y before y^2).
int compare_bodies(const std::vector<item>& items, const std::vector<factor>& a, const std::vector<factor>& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (const int c = natural_compare(items[a[i].base].text, items[b[i].base].text); c != 0) return c;
        if (a[i].exponent != b[i].exponent) return a[i].exponent > b[i].exponent ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : a.size() < b.size() ? -1 : 1;
}

}  // namespace

const std::string* least_name(const std::string* a, const std::string* b) {
    if (a == nullptr) return b;
    if (b == nullptr) return a;
    return natural_compare(*b, *a) < 0 ? b : a;
}

const std::string* least_name_of(const std::vector<item>& items, const std::vector<factor>& factors) {
    const std::string* least = nullptr;
    for (const factor& f : factors) least = least_name(least, items[f.base].first_name);
    return least;
}

rational degree_of(const std::vector<item>& items, const std::vector<factor>& factors) {
    rational d = 0;
    for (const factor& f : factors) d = d + f.exponent * items[f.base].degree;
    return d;
}

void order_factors(const std::vector<item>& items, std::vector<factor>& factors) {
    if (factors.size() <= 1) return;
    // merge: group equal bases
    std::stable_sort(factors.begin(), factors.end(), [&](const factor& a, const factor& b) {
        const int c = natural_compare(items[a.base].text, items[b.base].text);
        return c != 0 ? c < 0 : a.exponent < b.exponent;
    });
    std::vector<factor> merged;
    for (std::size_t k = 0; k < factors.size();) {
        std::size_t end = k;
        rational up = 0, down = 0;
        while (end < factors.size() && items[factors[end].base].text == items[factors[k].base].text) {
            (cln::minusp(factors[end].exponent) ? down : up) += factors[end].exponent;
            ++end;
        }
        // same-sign exponents add up (x*x = x^2); a positive and a negative power are both kept
        // (x^2/x rather than x), since cancelling would hide that x = 0 is excluded
        const std::uint32_t base = factors[k].base;
        if (!cln::zerop(up) || cln::zerop(down)) merged.push_back(factor{base, up});
        if (!cln::zerop(down)) merged.push_back(factor{base, down});
        k = end;
    }
    if (merged.size() == 1) {
        factors = std::move(merged);
        return;
    }
    // order
    struct keyed {
        factor f;
        const std::string* first_name;
        int cls;
        std::string text;
    };
    std::vector<keyed> keys;
    keys.reserve(merged.size());
    for (const factor& f : merged) {
        const item& b = items[f.base];
        const rational e = cln::abs(f.exponent);
        keys.push_back(keyed{f, b.first_name, factor_class(b, e), {}});
        append_factor(keys.back().text, b, e);
    }
    std::stable_sort(keys.begin(), keys.end(), [](const keyed& a, const keyed& b) {
        if (const int c = compare_names(a.first_name, b.first_name); c != 0) return c < 0;
        if (a.cls != b.cls) return a.cls < b.cls;
        if (const int c = natural_compare(a.text, b.text); c != 0) return c < 0;
        return a.f.exponent < b.f.exponent;
    });
    factors.clear();
    for (const keyed& k : keys) factors.push_back(k.f);
}

std::vector<term> order_terms(const std::vector<item>& items, std::vector<term> terms) {
    // merge equal bodies: x + 2*x = 3*x; drop zero terms
    std::stable_sort(terms.begin(), terms.end(), [](const term& a, const term& b) { return natural_compare(a.body, b.body) < 0; });
    std::vector<term> out;
    for (std::size_t k = 0; k < terms.size();) {
        std::size_t end = k + 1;
        rational c = terms[k].coefficient;
        while (end < terms.size() && terms[end].body == terms[k].body) c = c + terms[end++].coefficient;
        if (!cln::zerop(c)) {
            terms[k].coefficient = c;
            terms[k].degree = degree_of(items, terms[k].factors);
            out.push_back(std::move(terms[k]));
        }
        k = end;
    }
    // order: degree down, then positive before negative, then the bodies (graded lexicographic,
    // then by text), then the coefficient; then the first positive term leads
    std::stable_sort(out.begin(), out.end(), [&](const term& a, const term& b) {
        if (a.degree != b.degree) return a.degree > b.degree;
        const bool pa = cln::plusp(a.coefficient), pb = cln::plusp(b.coefficient);
        if (pa != pb) return pa;
        if (const int c = compare_bodies(items, a.factors, b.factors); c != 0) return c < 0;
        if (const int c = natural_compare(a.body, b.body); c != 0) return c < 0;
        return a.coefficient < b.coefficient;
    });
    const auto lead = std::find_if(out.begin(), out.end(), [](const term& t) { return cln::plusp(t.coefficient); });
    if (lead != out.end()) std::rotate(out.begin(), lead, lead + 1);
    return out;
}

}  // namespace chainrule::detail
