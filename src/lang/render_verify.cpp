// Human text of claims and checks.
#include "chainrule/lang/render.hpp"

#include "render_detail.hpp"

#include <cstdio>
#include <sstream>

namespace chainrule::lang {

namespace {

// " = 3/8" or " ≈ 0.375..."
std::string side(const verify::side_value& v) {
    if (v.exact) return " = " + chainrule::to_string(*v.exact);
    return " ≈ " + v.decimal;
}

std::string scientific(double x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1e", x);
    return buffer;
}

}  // namespace

std::string render_claim(const result& r, render_source) {
    const auto& c = r.as<claim_result>();
    std::ostringstream out;
    out << r.file << ':' << r.line() << ": " << verify::name(c.verdict) << "  " << c.text << '\n';
    std::string how = c.method;
    if (c.combinations > 1) how += " (" + std::to_string(c.combinations) + " cases)";
    if (!how.empty()) out << "    " << how << '\n';
    if (c.verdict == verify::verdict::refuted) {
        if (c.index) out << "    at " << *c.index << '\n';
        out << "    counterexample: ";
        for (std::size_t k = 0; k < c.counterexample.size(); ++k)
            out << (k ? ", " : "") << c.counterexample[k].first << " = " << chainrule::to_string(c.counterexample[k].second);
        if (c.counterexample.empty()) out << "(no variables)";
        out << '\n';
        if (c.lhs) out << "    left        " << side(*c.lhs) << '\n';
        if (c.rhs) out << "    right       " << side(*c.rhs) << '\n';
        if (c.difference) out << "    left - right" << side(*c.difference) << '\n';
        if (!c.certificate.empty()) out << "    certified: " << c.certificate << " (the balls exclude 0)\n";
        if (!c.hint.empty()) out << "    hint: " << c.hint << '\n';
    }
    if (c.verdict == verify::verdict::unknown) {
        if (c.index) out << "    at " << *c.index << '\n';
        out << "    " << c.reason << '\n';
    }
    for (const std::string& n : c.notes) out << "    note: " << n << '\n';
    return out.str();
}

std::string render_check(const result& r, render_source) {
    const auto& c = r.as<check_result>();
    std::ostringstream out;
    out << r.file << ':' << r.line() << ": check " << c.expression << '\n';
    auto line = [&](const std::string& what, const verify::disagreement& d) {
        out << "    " << what << scientific(d.relative);
        if (!d.at.empty()) out << " (at " << d.at << ')';
        out << '\n';
    };
    out << "    symbolic gradient at " << c.check.points << " random points; largest relative difference from\n";
    line("  numeric tape (double):        ", c.check.tape_double);
    line("  numeric tape (" + std::to_string(c.check.tape_digits_used) + " digits):     ", c.check.tape_digits);
    line("  central differences (double): ", c.check.finite_difference);
    return out.str();
}

}  // namespace chainrule::lang
