// Reading the claim corpus and its expectations; free index letters; re-deciding a claim.
#include "corpus.hpp"

#include "chainrule/lang/lower.hpp"
#include "chainrule/lang/parser.hpp"
#include "chainrule/lang/render.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>

#ifndef CHAINRULE_CLAIMS_DIR
#error "CHAINRULE_CLAIMS_DIR must name tests/claims (tests/claims/meson.build defines it)"
#endif

namespace chainrule::claims_test {

namespace {

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return "";
    const auto last = s.find_last_not_of(" \t\r");
    return std::string(s.substr(first, last - first + 1));
}

bool starts_with_word(const std::string& s, std::string_view word) {
    return s.size() > word.size() && s.compare(0, word.size(), word) == 0 && (s[word.size()] == ' ' || s[word.size()] == '\t');
}

// Every name of the expression that is not a symbol: the claim's index letters (a claim that
// lowered has no other unknown names), in order of first use.
void collect_letters(const lang::expression& e, const lang::symbol_table& symbols, std::vector<std::string>& out);

void collect_ref(const lang::variable_ref& v, const lang::symbol_table& symbols, std::vector<std::string>& out) {
    for (const lang::expression_ptr& i : v.indices) collect_letters(*i, symbols, out);
}

void collect_letters(const lang::expression& e, const lang::symbol_table& symbols, std::vector<std::string>& out) {
    using lang::expression_kind;
    switch (e.kind()) {
    case expression_kind::number:
    case expression_kind::whole: return;
    case expression_kind::name: {
        const std::string& n = e.as<lang::name_expr>().name;
        if (!symbols.find(n) && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
        return;
    }
    case expression_kind::unary: collect_letters(*e.as<lang::unary_expr>().operand, symbols, out); return;
    case expression_kind::binary:
        collect_letters(*e.as<lang::binary_expr>().left, symbols, out);
        collect_letters(*e.as<lang::binary_expr>().right, symbols, out);
        return;
    case expression_kind::call:
        for (const lang::expression_ptr& a : e.as<lang::call_expr>().arguments) collect_letters(*a, symbols, out);
        return;
    case expression_kind::index:
        collect_letters(*e.as<lang::index_expr>().base, symbols, out);
        for (const lang::expression_ptr& i : e.as<lang::index_expr>().indices) collect_letters(*i, symbols, out);
        return;
    case expression_kind::vector:
        for (const lang::expression_ptr& a : e.as<lang::vector_expr>().elements) collect_letters(*a, symbols, out);
        return;
    case expression_kind::derivative:
        collect_letters(*e.as<lang::derivative_expr>().of, symbols, out);
        collect_ref(e.as<lang::derivative_expr>().wrt, symbols, out);
        return;
    }
}

// The element pairs of both sides at one binding of the letters (a scalar side broadcast).
std::vector<std::pair<node_id, node_id>> lower_sides(lang::session& s, const lang::claim_statement& c,
                                                     const std::vector<letter>& letters, const std::vector<long>& at) {
    lang::lowerer lw(s.model(), s.tensors(), s.symbols(), "redecide", s.options().lowering);
    for (std::size_t k = 0; k < letters.size(); ++k) lw.bind_index(letters[k].name, at[k]);
    const lang::value left = lw.lower(*c.left);
    const lang::value right = lw.lower(*c.right);
    const std::size_t n = std::max(left.elements.size(), right.elements.size());
    std::vector<std::pair<node_id, node_id>> out;
    for (std::size_t k = 0; k < n; ++k)
        out.emplace_back(left.is_scalar() ? left.node() : left.elements.at(k),
                         right.is_scalar() ? right.node() : right.elements.at(k));
    return out;
}

lang::statement parse_claim(lang::session& s, std::string_view text) {
    std::optional<lang::statement> st = lang::parse_statement(text, "redecide", s.names());
    if (!st || !std::holds_alternative<lang::claim_statement>(st->node))
        throw std::runtime_error("not a claim: " + std::string(text));
    return std::move(*st);
}

}  // namespace

std::filesystem::path claims_dir() {
    if (const char* env = std::getenv("CHAINRULE_CLAIMS_DIR"); env && *env) return env;
    return CHAINRULE_CLAIMS_DIR;
}

corpus_file load_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    corpus_file f;
    f.name = path.filename().string();
    f.text = buffer.str();
    std::istringstream lines(f.text);
    for (std::string l; std::getline(lines, l);) f.lines.push_back(l);

    static const std::regex comment(R"(#\s*expect:\s*(holds|refuted)\s*(?:,\s*hint:\s*(.*\S))?\s*$)");
    for (std::size_t n = 0; n < f.lines.size(); ++n) {
        const std::string& l = f.lines[n];
        const std::string stripped = trim(l);
        const bool is_claim = starts_with_word(stripped, "claim");
        const auto hash = l.find('#');
        std::smatch m;
        const bool has = hash != std::string::npos && std::regex_search(l.begin() + static_cast<long>(hash), l.end(), m, comment);
        if (is_claim != has) {
            f.problems.push_back(f.name + ":" + std::to_string(n + 1) +
                                 (is_claim ? ": a claim without '# expect: ...'" : ": '# expect:' on a line that is no claim"));
            continue;
        }
        if (!is_claim) continue;
        expectation e;
        e.line = static_cast<int>(n + 1);
        e.holds = m[1] == "holds";
        if (m[2].matched) {
            if (e.holds) f.problems.push_back(f.name + ":" + std::to_string(n + 1) + ": a hint on a claim expected to hold");
            e.hint = m[2].str();
        }
        e.statement = trim(std::string_view(l).substr(0, hash));
        f.expected.push_back(std::move(e));
    }
    return f;
}

std::vector<corpus_file> load_corpus(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".chain") paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    std::vector<corpus_file> out;
    for (const auto& p : paths) out.push_back(load_file(p));
    return out;
}

bool hint_names(const std::string& hint, std::string_view expected) {
    return hint != lang::no_pattern_hint && hint.find(expected) != std::string::npos;
}

std::vector<letter> free_letters(lang::session& s, const lang::claim_statement& c) {
    std::vector<std::string> names;
    collect_letters(*c.left, s.symbols(), names);
    collect_letters(*c.right, s.symbols(), names);
    std::vector<letter> out;
    for (const std::string& n : names) out.push_back(letter{n, 0});
    // the range of each letter: the first value at which lowering fails (others at 0)
    constexpr long max_range = 1000;
    for (std::size_t k = 0; k < out.size(); ++k) {
        std::vector<long> at(out.size(), 0);
        long v = 0;
        for (; v < max_range; ++v) {
            at[k] = v;
            try {
                lower_sides(s, c, out, at);
            } catch (const lang::source_error&) {
                break;
            }
        }
        out[k].range = v;
    }
    return out;
}

verify::equivalence_result redecide(lang::session& s, std::string_view text, std::size_t fact_count,
                                    const verify::equivalence_options& options) {
    const lang::statement st = parse_claim(s, text);
    const auto& c = std::get<lang::claim_statement>(st.node);
    const std::vector<letter> letters = free_letters(s, c);
    std::size_t combinations = 1;
    for (const letter& l : letters) combinations *= static_cast<std::size_t>(l.range);
    const std::span<const verify::fact> facts(s.facts().data(), fact_count);
    verify::equivalence_result last;
    std::vector<long> at(letters.size(), 0);
    for (std::size_t n = 0; n < combinations; ++n) {
        for (const auto& [l, r] : lower_sides(s, c, letters, at)) {
            last = verify::decide(s.model(), l, r, facts, options);
            if (!verify::holds(last.outcome)) return last;
        }
        for (std::size_t k = letters.size(); k-- > 0;) {
            if (++at[k] < letters[k].range) break;
            at[k] = 0;
        }
    }
    return last;
}

std::vector<checked_claim> run_file(lang::session& s, const corpus_file& file, std::vector<lang::result>& results) {
    results = s.run_program(file.text, file.name);
    std::map<int, std::pair<const lang::result*, std::size_t>> by_line;  // claim line -> result, facts then
    std::size_t facts = 0;
    for (const lang::result& r : results) {
        if (r.kind() == lang::result_kind::assumption) facts += r.as<lang::assumption_result>().facts.size();
        if (r.statement == lang::statement_kind::claim) by_line[r.line()] = {&r, facts};
    }
    std::vector<checked_claim> out;
    for (const expectation& e : file.expected) {
        checked_claim c{&e, nullptr, 0};
        if (auto it = by_line.find(e.line); it != by_line.end()) {
            c.outcome = it->second.first;
            c.facts = it->second.second;
        }
        out.push_back(c);
    }
    return out;
}

std::string verdict_class(verify::verdict v) {
    if (verify::holds(v)) return "holds";
    return std::string(verify::name(v));
}

}  // namespace chainrule::claims_test
