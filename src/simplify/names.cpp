#include "names.hpp"

#include <algorithm>
#include <array>
#include <cln/integer_io.h>
#include <cln/rational.h>
#include <vector>

namespace chainrule::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, 40> greek = {
    "alpha", "beta",  "gamma", "delta", "epsilon", "varepsilon", "zeta",  "eta",   "theta", "vartheta",
    "iota",  "kappa", "lambda", "mu",   "nu",      "xi",         "pi",    "rho",   "sigma", "tau",
    "upsilon", "phi", "varphi", "chi",  "psi",     "omega",      "Gamma", "Delta", "Theta", "Lambda",
    "Xi",    "Pi",    "Sigma", "Upsilon", "Phi",   "Psi",        "Omega", "ell",   "nabla", "partial"};

// One piece of a name, without subscripts: a letter, a Greek letter, digits, or upright text.
std::string latex_word(std::string_view w) {
    if (w.empty()) return {};
    if (w.size() == 1 || std::all_of(w.begin(), w.end(), is_digit)) return std::string(w);
    if (std::find(greek.begin(), greek.end(), w) != greek.end()) return "\\" + std::string(w);
    std::string out = "\\mathrm{";
    for (char c : w) {
        if (c == '_' || c == '&' || c == '%' || c == '$' || c == '#' || c == '{' || c == '}') out += '\\';
        out += c;
    }
    return out + "}";
}

}  // namespace

int natural_compare(std::string_view a, std::string_view b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (is_digit(a[i]) && is_digit(b[j])) {
            std::size_t i2 = i, j2 = j;
            while (i2 < a.size() && is_digit(a[i2])) ++i2;
            while (j2 < b.size() && is_digit(b[j2])) ++j2;
            // compare the runs as numbers: skip leading zeros, then by length, then by digits
            std::size_t si = i, sj = j;
            while (si + 1 < i2 && a[si] == '0') ++si;
            while (sj + 1 < j2 && b[sj] == '0') ++sj;
            if (i2 - si != j2 - sj) return i2 - si < j2 - sj ? -1 : 1;
            if (const int c = a.substr(si, i2 - si).compare(b.substr(sj, j2 - sj)); c != 0) return c < 0 ? -1 : 1;
            i = i2;
            j = j2;
            continue;
        }
        if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size() || j < b.size()) return i < a.size() ? 1 : -1;
    // equal up to leading zeros in digit runs: fall back to bytes so only a == b compares equal
    const int c = a.compare(b);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

std::string latex_name(std::string_view name) {
    // index suffix: W[1,2]
    std::string subscript;
    if (const auto open = name.find('['); open != std::string_view::npos) {
        std::string_view inside = name.substr(open + 1);
        if (!inside.empty() && inside.back() == ']') inside.remove_suffix(1);
        subscript = std::string(inside);
        name = name.substr(0, open);
    }
    // x_hat: head and subscript text
    std::string_view head = name, tail;
    if (const auto bar = name.find('_'); bar != std::string_view::npos && bar > 0) {
        head = name.substr(0, bar);
        tail = name.substr(bar + 1);
    }
    // w1: trailing digits of the head
    std::size_t cut = head.size();
    while (cut > 1 && is_digit(head[cut - 1])) --cut;
    const std::string_view digits = head.substr(cut);
    head = head.substr(0, cut);

    // x_1 keeps its underscore (x\_1): as a subscript it would read as x1 does, and w1_2 as w[1,2]
    const bool digit_tail = !tail.empty() && std::all_of(tail.begin(), tail.end(), [](char c) { return is_digit(c); });
    std::vector<std::string> parts;
    if (!digits.empty()) parts.emplace_back(digits);
    if (!tail.empty() && !digit_tail) parts.push_back(latex_word(tail));
    std::string out = latex_word(head);
    const auto subscripted = [](std::string base, const std::vector<std::string>& items) {
        base += "_{";
        for (std::size_t k = 0; k < items.size(); ++k) base += (k ? "," : "") + items[k];
        return base + "}";
    };
    // the name's own subscript and an element's index stay apart: a2[0] is {a_{2}}_{0}, while
    // a[2,0] is a_{2,0}
    if (!parts.empty()) out = subscripted(out, parts);
    if (digit_tail) out += "\\_" + std::string(tail);
    const bool plain = parts.empty() && !digit_tail;
    if (!subscript.empty()) out = plain ? subscripted(out, {subscript}) : subscripted("{" + out + "}", {subscript});
    return out;
}

std::string confusable_element(std::string_view name) {
    if (name.find('[') != std::string_view::npos || name.find('_') != std::string_view::npos) return {};
    std::size_t cut = name.size();
    while (cut > 1 && is_digit(name[cut - 1])) --cut;
    if (cut == name.size()) return {};
    return std::string(name.substr(0, cut)) + "[" + std::string(name.substr(cut)) + "]";
}

std::string latex_name(const graph& g, std::string_view name) {
    const std::string element = confusable_element(name);
    if (element.empty() || (!g.find_variable(element) && !g.has_label(element))) return latex_name(name);
    return "\\mathrm{" + std::string(name) + "}";
}

std::string latex_magnitude(const rational& q) {
    const rational a = cln::abs(q);
    const cln::cl_I num = cln::numerator(a), den = cln::denominator(a);
    if (den == 1) return to_string(a);
    return "\\frac{" + to_string(rational(num)) + "}{" + to_string(rational(den)) + "}";
}

std::string latex_paren(const std::string& s) {
    const bool tall = s.find("\\frac") != std::string::npos || s.find("\\left") != std::string::npos ||
                      s.find("\\sqrt") != std::string::npos || s.find("^{") != std::string::npos ||
                      s.find("\\begin") != std::string::npos;
    return tall ? "\\left(" + s + "\\right)" : "(" + s + ")";
}

}  // namespace chainrule::detail
