// LaTeX of a layout: the same parts in the same order as the plain text, rendered with
// \frac, \sqrt, e^{..}, \sigma(..), \left( .. \right) where the contents are tall.
#include "layout.hpp"

#include "names.hpp"

#include "chainrule/core/assert.hpp"

#include <cln/rational.h>

namespace chainrule::detail {

namespace {

struct piece {
    std::string latex;
    prec p = prec::atom;
};

bool starts_with_digit(const std::string& s) { return !s.empty() && s[0] >= '0' && s[0] <= '9'; }

// Factors side by side; a \cdot before a factor that starts with a digit (2 \cdot 3^{x}).
std::string juxtapose(const std::vector<std::string>& parts) {
    std::string out;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k) out += starts_with_digit(parts[k]) ? " \\cdot " : " ";
        out += parts[k];
    }
    return out;
}

std::string exponent_latex(const rational& e) {
    return cln::minusp(e) ? "-" + latex_magnitude(e) : latex_magnitude(e);
}

// base^e for e >= 0, as a factor of a product.
piece factor_latex(const item& b, const rational& e) {
    if (e == 1) {
        if (b.latex_prec <= prec::product) return {latex_paren(b.latex), prec::atom};
        return {b.latex, b.latex_prec};
    }
    if (e == rational(1) / 2) return {"\\sqrt{" + b.latex + "}", prec::atom};
    const std::string base = b.latex_prec < prec::atom ? latex_paren(b.latex) : b.latex;
    return {base + "^{" + exponent_latex(e) + "}", prec::power};
}

struct signed_latex {
    bool negative = false;
    std::string magnitude;
    prec magnitude_prec = prec::atom;
};

// coefficient * factors: 2 x, \frac{2 x}{3 y}.
signed_latex product_latex(const std::vector<item>& items, const rational& coefficient, const std::vector<factor>& factors) {
    if (cln::zerop(coefficient)) return {false, "0", prec::atom};
    std::vector<std::string> numerator, denominator;
    const rational magnitude = cln::abs(coefficient);
    const rational p = cln::numerator(magnitude), q = cln::denominator(magnitude);
    std::size_t numerator_factors = 0;
    for (const factor& f : factors) numerator_factors += cln::minusp(f.exponent) ? 0 : 1;
    if (p != 1 || numerator_factors == 0) numerator.push_back(to_string(p));
    if (q != 1) denominator.push_back(to_string(q));
    prec single = prec::atom;
    for (const factor& f : factors) {
        const bool below = cln::minusp(f.exponent);
        piece t = factor_latex(items[f.base], below ? rational(-f.exponent) : f.exponent);
        if (!below) single = t.p;
        (below ? denominator : numerator).push_back(std::move(t.latex));
    }
    signed_latex out;
    out.negative = cln::minusp(coefficient);
    if (!denominator.empty()) {
        out.magnitude = "\\frac{" + juxtapose(numerator) + "}{" + juxtapose(denominator) + "}";
        out.magnitude_prec = prec::product;
    } else {
        out.magnitude = juxtapose(numerator);
        out.magnitude_prec = numerator.size() > 1 ? prec::product : single;
    }
    return out;
}

std::string signed_string(const signed_latex& s) { return s.negative ? "-" + s.magnitude : s.magnitude; }
prec signed_prec(const signed_latex& s) { return s.negative ? prec::negative : s.magnitude_prec; }

// The LaTeX of f applied to already rendered arguments.
piece call_latex(op f, const std::vector<std::string>& args) {
    const std::string& a = args.at(0);
    const auto named = [&](const char* command) { return piece{std::string(command) + latex_paren(a), prec::atom}; };
    switch (f) {
    case op::exp:  // e^{u} while u is short and flat, \exp(u) otherwise
        if (a.size() <= 16 && a.find("\\frac") == std::string::npos && a.find("^{") == std::string::npos)
            return {"e^{" + a + "}", prec::power};
        return named("\\exp");
    case op::log: return named("\\log");
    case op::sqrt: return {"\\sqrt{" + a + "}", prec::atom};
    case op::sin: return named("\\sin");
    case op::cos: return named("\\cos");
    case op::tan: return named("\\tan");
    case op::tanh: return named("\\tanh");
    case op::cosh: return named("\\cosh");
    case op::sigmoid: return named("\\sigma");
    case op::softplus: return named("\\operatorname{softplus}");
    case op::relu: return named("\\operatorname{relu}");
    case op::abs: return {"\\left|" + a + "\\right|", prec::atom};
    case op::step: return named("\\operatorname{step}");
    case op::sign: return named("\\operatorname{sign}");
    case op::max:
    case op::min: {
        const std::string both = a + ", " + args.at(1);
        return {std::string(f == op::max ? "\\max" : "\\min") + latex_paren(both), prec::atom};
    }
    case op::constant:
    case op::variable:
    case op::add:
    case op::mul:
    case op::pow:
    case op::named: break;  // a named node is shown as its name
    }
    CHAINRULE_ASSERT(false && "not a function op");
    return {};
}

}  // namespace

std::string layout::latex() {
    if (!latex_done_) {
        for (std::uint32_t i : order_) render_latex(items_[i]);
        latex_done_ = true;
    }
    return items_[root_].latex;
}

void layout::render_latex(item& it) {
    switch (it.kind) {
    case form::number:
        it.latex = (cln::minusp(it.value) ? "-" : "") + latex_magnitude(it.value);
        it.latex_prec = it.text_prec;
        break;
    case form::name:
        it.latex = detail::latex_name(g_, it.name);
        it.latex_prec = prec::atom;
        break;
    case form::call: {
        std::vector<std::string> args;
        for (std::uint32_t k : it.args) args.push_back(items_[k].latex);
        piece c = call_latex(it.function, args);
        it.latex = std::move(c.latex);
        it.latex_prec = c.p;
        break;
    }
    case form::power: {
        const item& b = items_[it.args[0]];
        it.latex = (b.latex_prec < prec::atom ? latex_paren(b.latex) : b.latex) + "^{" + items_[it.args[1]].latex + "}";
        it.latex_prec = prec::power;
        break;
    }
    case form::product: {
        const signed_latex s = product_latex(items_, it.value, it.factors);
        it.latex = signed_string(s);
        it.latex_prec = signed_prec(s);
        break;
    }
    case form::sum:
        for (std::size_t k = 0; k < it.terms.size(); ++k) {
            const term& t = it.terms[k];
            const signed_latex s = product_latex(items_, t.coefficient, t.factors);
            if (k == 0) {
                it.latex = signed_string(s);
                it.latex_prec = it.terms.size() == 1 ? signed_prec(s) : prec::sum;
            } else {
                it.latex += (s.negative ? " - " : " + ") + s.magnitude;
            }
        }
        if (it.terms.empty()) {
            it.latex = "0";
            it.latex_prec = prec::atom;
        }
        break;
    }
}

}  // namespace chainrule::detail
