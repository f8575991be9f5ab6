// The tensor printers: one layout (tensor_layout.cpp), rendered operands first in Unicode
// matrix notation, in LaTeX, or in the chain language.
#include "chainrule/simplify/tensor_print.hpp"

#include "layout.hpp"
#include "names.hpp"
#include "tensor_layout.hpp"

#include "chainrule/core/assert.hpp"

#include <algorithm>
#include <cln/rational.h>
#include <set>

namespace chainrule {

namespace {

using detail::notation;
using detail::prec;
using detail::tensor_factor;
using detail::tensor_form;
using detail::tensor_item;
using tensor::axis;
using tensor::tensor_id;
using tensor::tensor_op;

// One rendered part: its text and how it binds. A negative part is a minus sign and a magnitude,
// so that a sum can write it as a subtraction.
struct shown {
    std::string s;
    prec p = prec::atom;
    bool negative = false;
    std::string magnitude{};  // when negative
    prec magnitude_p = prec::atom;
};

// A factor or an operand before joining.
struct piece {
    std::string s;
    prec p = prec::atom;
    bool scalar = false;
    std::string bare{};  // a factor to the first power: its text without parentheses
    prec bare_p = prec::atom;
};

bool starts_with_digit(const std::string& s) { return !s.empty() && s[0] >= '0' && s[0] <= '9'; }

std::string join(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (std::size_t k = 0; k < parts.size(); ++k) out += (k ? separator : "") + parts[k];
    return out;
}

// Whole numbers as superscripts: 2 → ².
std::string superscript(const std::string& digits) {
    static constexpr const char* glyphs[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string out;
    for (char c : digits) out += glyphs[c - '0'];
    return out;
}

class renderer {
public:
    renderer(const tensor::tensor_graph& t, const detail::tensor_layout& layout, notation how, std::size_t max_length)
        : t_(t), layout_(layout), how_(how), max_length_(max_length) {
        if (how_ == notation::latex) {
            // names that an element of another value would also print as (x1 beside x[1])
            for (const tensor::tensor_variable& v : t_.variables())
                if (!v.dims.is_scalar()) indexed_.insert(v.name);
            for (tensor_id n = 0; n < t_.size(); ++n)
                if (t_.kind(n) == tensor_op::named && !t_.shape_of(n).is_scalar()) indexed_.insert(t_.label_of(n));
        }
    }

    std::string run() {
        const auto& items = layout_.items();
        done_.resize(items.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            check_length(items[i]);
            done_[i] = render(items[i]);
            if (done_[i].s.size() > max_length_) too_long(done_[i].s.size());
        }
        return done_[layout_.root()].s;
    }

private:
    [[noreturn]] void too_long(std::size_t reached) const { detail::tensor_formula_too_long(max_length_, reached); }

    // Refuses a part before building it when its operands alone are too long, so that no string
    // grows far past the limit.
    void check_length(const tensor_item& it) const {
        std::size_t total = 0;
        const auto add = [&](tensor_id n) {
            const shown& x = of(n);
            total += x.negative ? x.magnitude.size() : x.s.size();
        };
        for (tensor_id k : it.operands) add(k);
        for (const tensor_factor& f : it.factors) add(f.base);
        for (const detail::tensor_link& l : it.links) add(l.node);
        if (total > max_length_) too_long(total);
    }

    const shown& of(tensor_id n) const { return done_[layout_.find(n)]; }
    const tensor_item& item_of(tensor_id n) const { return layout_.items()[layout_.find(n)]; }

    // --- notation
    bool text() const { return how_ == notation::text; }
    bool latex() const { return how_ == notation::latex; }
    const char* minus() const { return text() ? "−" : "-"; }
    std::string paren(const std::string& s) const { return latex() ? detail::latex_paren(s) : "(" + s + ")"; }
    std::string atom(const shown& x) const { return x.p < prec::atom ? paren(x.s) : x.s; }
    // an operand of a product: parenthesised unless it binds tighter
    std::string operand(const shown& x) const { return x.p <= prec::product ? paren(x.s) : x.s; }

    std::string latex_name(const std::string& name) const {
        const std::string element = detail::confusable_element(name);
        if (!element.empty() && indexed_.count(element.substr(0, element.find('[')))) return "\\mathrm{" + name + "}";
        return detail::latex_name(name);
    }

    std::string number_text(const rational& magnitude) const {
        return latex() ? detail::latex_magnitude(magnitude) : to_string(magnitude);
    }

    // Xᵀ
    piece transposed(const shown& x) const {
        if (how_ == notation::chain) return {"transpose(" + x.s + ")", prec::atom};
        return {atom(x) + (latex() ? "^{\\top}" : "ᵀ"), prec::power};
    }

    // base^e for e >= 0 as a factor: x, (a + b), x², √x, x^(3/2)
    piece factor(const shown& b, const rational& e) const {
        if (e == 1) return {operand(b), b.p <= prec::product ? prec::atom : b.p, false, b.s, b.p};
        if (cln::denominator(e) == 2 && cln::numerator(e) == 1) {
            if (latex()) return {"\\sqrt{" + b.s + "}", prec::atom};
            if (how_ == notation::chain) return {"sqrt(" + b.s + ")", prec::atom};
            return {"√" + atom(b), prec::power};
        }
        const std::string digits = to_string(e);
        if (latex()) return {atom(b) + "^{" + detail::latex_magnitude(e) + "}", prec::power};
        if (!is_integer(e)) return {atom(b) + "^(" + digits + ")", prec::power};
        if (text() && digits.size() <= 3) return {atom(b) + superscript(digits), prec::power};
        return {atom(b) + "^" + digits, prec::power};
    }

    // f(args) with the names of each notation
    piece call(const std::string& name, const std::string& latex_command, const std::vector<std::string>& args) const {
        const std::string inside = join(args, ", ");
        if (latex()) return {latex_command + paren(inside), prec::atom};
        return {name + "(" + inside + ")", prec::atom};
    }

    piece map(op f, const shown& u) const {
        const auto plain = [&](const char* command) { return call(std::string(name(f)), command, {u.s}); };
        switch (f) {
        case op::sqrt: return factor(u, rational(1) / 2);
        case op::abs:
            if (latex()) return {"\\left|" + u.s + "\\right|", prec::atom};
            return plain("");
        case op::exp: return plain("\\exp");  // never e^{U}: that reads as a matrix exponential
        case op::log: return plain("\\log");
        case op::sin: return plain("\\sin");
        case op::cos: return plain("\\cos");
        case op::tan: return plain("\\tan");
        case op::tanh: return plain("\\tanh");
        case op::cosh: return plain("\\cosh");
        case op::sigmoid: return plain("\\sigma");
        case op::softplus: return plain("\\operatorname{softplus}");
        case op::relu: return plain("\\operatorname{relu}");
        case op::step: return plain("\\operatorname{step}");
        case op::sign: return plain("\\operatorname{sign}");
        case op::constant:
        case op::variable:
        case op::add:
        case op::mul:
        case op::pow:
        case op::max:
        case op::min:
        case op::named: break;  // not one-operand functions
        }
        CHAINRULE_ASSERT(false && "not a function of one operand");
        return {};
    }

    static std::vector<std::string> with_axis(std::string arg, axis over) {
        std::vector<std::string> args{std::move(arg)};
        if (over != axis::all) args.push_back(std::to_string(static_cast<int>(over)));
        return args;
    }

    // --- parts
    shown render(const tensor_item& it) const {
        switch (it.kind) {
        case tensor_form::name: return {latex() ? latex_name(it.name) : it.name};
        case tensor_form::number: return signed_part(cln::minusp(it.value), number_text(cln::abs(it.value)),
                                                     is_integer(it.value) ? prec::atom : prec::product);
        case tensor_form::same: return of(it.operands[0]);
        case tensor_form::sum: return sum(it);
        case tensor_form::product: return product(it);
        case tensor_form::power: {
            const shown& e = of(it.operands[1]);
            const std::string exponent = latex() ? "{" + e.s + "}" : atom(e);
            return {atom(of(it.operands[0])) + "^" + exponent, prec::power};
        }
        case tensor_form::matrix: return matrix(it);
        case tensor_form::call: return from(call_part(it));
        case tensor_form::transpose: return from(transposed(of(it.operands[0])));
        case tensor_form::index: return index(it);
        case tensor_form::stack: return stack(it);
        }
        CHAINRULE_ASSERT(false);
        return {};
    }

    static shown from(piece p) { return {std::move(p.s), p.p}; }

    shown signed_part(bool negative, std::string magnitude, prec p) const {
        if (!negative) return {std::move(magnitude), p};
        return {minus() + magnitude, prec::negative, true, std::move(magnitude), p};
    }

    // A − B + C: the first positive term first, the others as built
    shown sum(const tensor_item& it) const {
        struct term {
            bool negative;
            std::string s;
        };
        std::vector<term> terms;
        for (tensor_id k : it.operands) {
            const shown& x = of(k);
            const std::string& m = x.negative ? x.magnitude : x.s;
            terms.push_back({x.negative, (x.negative ? x.magnitude_p : x.p) <= prec::sum ? paren(m) : m});
        }
        const auto first = std::find_if(terms.begin(), terms.end(), [](const term& t) { return !t.negative; });
        if (first != terms.end()) std::rotate(terms.begin(), first, first + 1);
        std::string out = terms[0].negative ? minus() + terms[0].s : terms[0].s;
        for (std::size_t k = 1; k < terms.size(); ++k)
            out += (terms[k].negative ? (text() ? " − " : " - ") : " + ") + terms[k].s;
        return {out, prec::sum};
    }

    // the separator before factor `next` after `previous` (null after the number)
    std::string between(const piece* previous, const piece& next) const {
        if (how_ == notation::chain) return " * ";
        if (previous == nullptr) return starts_with_digit(next.s) ? (latex() ? " \\cdot " : "·") : " ";
        if (previous->scalar || next.scalar) return latex() ? " \\cdot " : "·";
        return latex() ? " \\odot " : " ⊙ ";
    }

    // p (or nothing), then the factors with their separators
    std::string factors_text(const std::string& number, const std::vector<piece>& factors) const {
        std::string out = number;
        const piece* previous = nullptr;
        for (const piece& f : factors) {
            if (!out.empty()) out += between(previous, f);
            out += f.s;
            previous = &f;
        }
        return out;
    }

    // c ⊙ numerators / scalar denominators ⊘ tensor denominators
    shown product(const tensor_item& it) const {
        std::vector<piece> above, below_scalar, below_tensor;
        for (const tensor_factor& f : it.factors) {
            piece x = f.mean ? call("mean", "\\mathrm{mean}", with_axis(of(f.base).s, f.over))
                             : factor(of(f.base), cln::abs(f.exponent));
            x.scalar = f.scalar;
            (!cln::minusp(f.exponent) ? above : f.scalar ? below_scalar : below_tensor).push_back(std::move(x));
        }
        const rational magnitude = cln::abs(it.value);
        const rational p = cln::numerator(magnitude), q = cln::denominator(magnitude);
        const bool show_p = p != 1 || above.empty();
        const std::string number = show_p ? number_text(p) : std::string();
        const bool alone = !show_p && above.size() == 1 && q == 1 && below_scalar.empty() && below_tensor.empty();
        // −(W x) is −W x: a sign distributes into any product
        if (alone && !above[0].bare.empty() && above[0].bare_p > prec::negative)
            return signed_part(cln::minusp(it.value), above[0].bare, above[0].bare_p);
        std::string out;
        if (latex()) {
            const bool all_scalar =
                std::all_of(it.factors.begin(), it.factors.end(), [](const tensor_factor& f) { return f.scalar; });
            const bool divided = q != 1 || !below_scalar.empty();
            if (all_scalar && divided) {
                // \frac{a b}{2 c}; a lone factor needs no parentheses inside \frac
                const auto part = [&](const std::string& n, const std::vector<piece>& fs) {
                    return n.empty() && fs.size() == 1 && !fs[0].bare.empty() ? fs[0].bare : factors_text(n, fs);
                };
                out = "\\frac{" + part(number, above) + "}{" +
                      part(q != 1 ? number_text(q) : std::string(), below_scalar) + "}";
            } else {
                std::string front = number;
                if (divided)
                    front = "\\frac{" + (show_p ? number : "1") + "}{" +
                            factors_text(q != 1 ? number_text(q) : std::string(), below_scalar) + "}";
                out = factors_text(front, above);
                for (const piece& d : below_tensor) out += " \\oslash " + d.s;
            }
        } else {
            out = factors_text(number, above);
            const char* slash = how_ == notation::chain ? " / " : "/";
            if (q != 1) out += slash + number_text(q);
            for (const piece& d : below_scalar) out += slash + d.s;
            for (const piece& d : below_tensor) out += (how_ == notation::chain ? " / " : " ⊘ ") + d.s;
        }
        return signed_part(cln::minusp(it.value), out, alone ? above[0].p : prec::product);
    }

    // A B xᵀ, or A @ B @ x in the chain language
    shown matrix(const tensor_item& it) const {
        std::vector<std::string> parts;
        if (how_ == notation::chain) {
            for (tensor_id k : it.operands) parts.push_back(operand(of(k)));
            return {join(parts, " @ "), prec::product};
        }
        for (const detail::tensor_link& l : it.links)
            parts.push_back(l.transposed ? transposed(of(l.node)).s : operand(of(l.node)));
        return {join(parts, " "), prec::product};
    }

    piece call_part(const tensor_item& it) const {
        const std::string& a = of(it.operands[0]).s;
        switch (it.op) {
        case tensor_op::map: return map(it.function, of(it.operands[0]));
        case tensor_op::max: return call("max", "\\max", {a, of(it.operands[1]).s});
        case tensor_op::min: return call("min", "\\min", {a, of(it.operands[1]).s});
        case tensor_op::outer: return call("outer", "\\mathrm{outer}", {a, of(it.operands[1]).s});
        case tensor_op::diag: return call("diag", "\\mathrm{diag}", {a});
        case tensor_op::sum: return call("sum", "\\mathrm{sum}", with_axis(a, it.over));
        case tensor_op::softmax: return call("softmax", "\\mathrm{softmax}", {a});
        case tensor_op::logsumexp: return call("logsumexp", "\\mathrm{logsumexp}", with_axis(a, it.over));
        case tensor_op::constant:
        case tensor_op::variable:
        case tensor_op::add:
        case tensor_op::mul:
        case tensor_op::pow:
        case tensor_op::broadcast:
        case tensor_op::matmul:
        case tensor_op::transpose:
        case tensor_op::element:
        case tensor_op::row:
        case tensor_op::column:
        case tensor_op::stack:
        case tensor_op::named: break;  // other forms
        }
        CHAINRULE_ASSERT(false && "not a call");
        return {};
    }

    // W[0,1], x[2], X[1, :], X[:, 2]; in LaTeX W_{0,1}, X_{1,:}
    shown index(const tensor_item& it) const {
        const tensor_id base = it.operands[0];
        const std::string i = std::to_string(it.i), j = std::to_string(it.j);
        std::string inside;
        switch (it.op) {
        case tensor_op::element: inside = t_.shape_of(base).rank() == 2 ? i + "," + j : i; break;
        case tensor_op::row: inside = latex() ? i + ",:" : i + ", :"; break;
        case tensor_op::column: inside = latex() ? ":," + j : ":, " + j; break;
        case tensor_op::constant:
        case tensor_op::variable:
        case tensor_op::map:
        case tensor_op::add:
        case tensor_op::mul:
        case tensor_op::pow:
        case tensor_op::max:
        case tensor_op::min:
        case tensor_op::broadcast:
        case tensor_op::matmul:
        case tensor_op::transpose:
        case tensor_op::outer:
        case tensor_op::diag:
        case tensor_op::sum:
        case tensor_op::softmax:
        case tensor_op::logsumexp:
        case tensor_op::stack:
        case tensor_op::named: CHAINRULE_ASSERT(false && "not an index"); break;
        }
        if (!latex()) return {atom(of(base)) + "[" + inside + "]"};
        const tensor_item* b = &item_of(base);
        while (b->kind == tensor_form::same) b = &item_of(b->operands[0]);
        if (b->kind == tensor_form::name) return {latex_name(b->name + "[" + inside + "]")};
        return {paren(of(base).s) + "_{" + inside + "}"};
    }

    // [a, b]; in LaTeX a column of the scalars, or the vectors as rows
    shown stack(const tensor_item& it) const {
        std::vector<std::string> parts;
        const bool rows = t_.shape_of(it.node).rank() == 2;
        for (tensor_id k : it.operands) parts.push_back(latex() && rows ? transposed(of(k)).s : of(k).s);
        if (!latex()) return {"[" + join(parts, ", ") + "]"};
        return {"\\begin{bmatrix} " + join(parts, " \\\\ ") + " \\end{bmatrix}"};
    }

    const tensor::tensor_graph& t_;
    const detail::tensor_layout& layout_;
    notation how_;
    std::size_t max_length_;
    std::set<std::string, std::less<>> indexed_;
    std::vector<shown> done_;
};

std::string print(const tensor::tensor_graph& t, tensor_id n, const tensor_print_options& options, notation how) {
    t.at(n);
    const detail::tensor_layout layout(t, n, options, how);
    return renderer(t, layout, how, options.max_length).run();
}

}  // namespace

std::string tensor_text(const tensor::tensor_graph& t, tensor_id n, const tensor_print_options& options) {
    return print(t, n, options, notation::text);
}

std::string tensor_latex(const tensor::tensor_graph& t, tensor_id n, const tensor_print_options& options) {
    return print(t, n, options, notation::latex);
}

std::string tensor_chain(const tensor::tensor_graph& t, tensor_id n, const tensor_print_options& options) {
    return print(t, n, options, notation::chain);
}

}  // namespace chainrule
