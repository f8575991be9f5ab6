// Benchmark: checking the claim corpus (tests/claims/corpus/*.chain, issue 4 "Benchmark").
//
//   build-bench/bench/claims [--runs N] [DIR]
//
// Measures, each as the median of N runs (default 5):
// - the whole corpus: every file through a fresh lang::session with run_program, all files;
// - each claim alone: every file run statement by statement (one statement per line, as the
//   corpus is written) with run_line in a fresh session, the claim statements timed; a claim's
//   time is the median over the runs. A scalar claim decides one element (claim_result
//   combinations == 1 and no index named); an indexed or element-wise claim decides several
//   (when refuted, it stops at the first refuted one, but names its index).
// and the verdict mix: the share of true claims proved rather than only verified.
// Prints a table; exit status 1 when a corpus file cannot be read or a statement fails.
// The budget (issue 11: under 5 ms median per scalar claim) is reported, not enforced.
#include "chainrule/lang/result.hpp"
#include "chainrule/lang/session.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#ifndef CHAINRULE_CLAIMS_CORPUS
#error "CHAINRULE_CLAIMS_CORPUS must name tests/claims/corpus (bench/meson.build defines it)"
#endif

namespace {

using clock_type = std::chrono::steady_clock;
namespace lang = chainrule::lang;
namespace verify = chainrule::verify;

struct corpus_file {
    std::string name;
    std::string text;
    std::vector<std::string> lines;
};

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double quantile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5))];
}

std::vector<corpus_file> load(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".chain") paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    std::vector<corpus_file> out;
    for (const auto& p : paths) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        corpus_file f{p.filename().string(), buffer.str(), {}};
        std::istringstream lines(f.text);
        for (std::string l; std::getline(lines, l);) f.lines.push_back(l);
        out.push_back(std::move(f));
    }
    return out;
}

bool is_claim_line(const std::string& l) {
    const auto first = l.find_first_not_of(" \t");
    return first != std::string::npos && l.compare(first, 6, "claim ") == 0;
}

std::string ms(double s) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f ms", s * 1e3);
    return buffer;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 5;
    std::filesystem::path dir = CHAINRULE_CLAIMS_CORPUS;
    for (int k = 1; k < argc; ++k) {
        const std::string a = argv[k];
        if (a == "--runs" && k + 1 < argc) runs = std::max(1, std::atoi(argv[++k]));
        else dir = a;
    }
    std::vector<corpus_file> files;
    try {
        files = load(dir);
    } catch (const std::exception& x) {
        std::fprintf(stderr, "claims: cannot read %s: %s\n", dir.string().c_str(), x.what());
        return 1;
    }
    if (files.empty()) {
        std::fprintf(stderr, "claims: no .chain files in %s\n", dir.string().c_str());
        return 1;
    }

    // the whole corpus, run_program per file
    std::vector<double> whole;
    int failures = 0, claims = 0;
    std::map<verify::verdict, int> mix;
    for (int run = 0; run < runs; ++run) {
        const auto start = clock_type::now();
        for (const corpus_file& f : files) {
            lang::session s;
            const std::vector<lang::result> results = s.run_program(f.text, f.name);
            if (run > 0) continue;
            for (const lang::result& r : results) {
                if (r.kind() == lang::result_kind::error) ++failures;
                if (r.kind() == lang::result_kind::claim) ++claims, ++mix[r.as<lang::claim_result>().verdict];
            }
        }
        whole.push_back(seconds_since(start));
    }

    // each claim alone: (file, line) -> times over the runs, and whether it is scalar
    std::map<std::pair<std::string, int>, std::vector<double>> times;
    std::map<std::pair<std::string, int>, bool> scalar;
    for (int run = 0; run < runs; ++run)
        for (const corpus_file& f : files) {
            lang::session s;
            for (std::size_t n = 0; n < f.lines.size(); ++n) {
                const int line = static_cast<int>(n + 1);
                const bool claim = is_claim_line(f.lines[n]);
                const auto start = clock_type::now();
                const std::optional<lang::result> r = s.run_line(f.lines[n], f.name, line);
                const double t = seconds_since(start);
                if (!claim || !r || r->kind() != lang::result_kind::claim) continue;
                times[{f.name, line}].push_back(t);
                const lang::claim_result& c = r->as<lang::claim_result>();
                scalar[{f.name, line}] = c.combinations == 1 && !c.index;  // a refuted indexed claim names its index
            }
        }
    std::vector<double> scalar_medians, indexed_medians;
    std::vector<std::pair<double, std::string>> slowest;
    for (const auto& [key, ts] : times) {
        const double m = median(ts);
        (scalar[key] ? scalar_medians : indexed_medians).push_back(m);
        slowest.emplace_back(m, key.first + ":" + std::to_string(key.second) + (scalar[key] ? "" : " (indexed)"));
    }
    std::sort(slowest.rbegin(), slowest.rend());

    const int proved = mix[verify::verdict::proved], verified = mix[verify::verdict::verified];
    const double per_scalar = median(scalar_medians);
    std::printf("Checking the claim corpus (%zu files, %d claims; medians of %d runs)\n\n", files.size(), claims, runs);
    std::printf("  %-44s %s\n", "whole corpus (run_program, fresh sessions)", ms(median(whole)).c_str());
    std::printf("  %-44s %s\n", "mean per claim (whole corpus / claims)", ms(median(whole) / std::max(claims, 1)).c_str());
    std::printf("  %-44s %s   (p90 %s, max %s; %zu claims)\n", "median per scalar claim", ms(per_scalar).c_str(),
                ms(quantile(scalar_medians, 0.9)).c_str(), ms(quantile(scalar_medians, 1.0)).c_str(), scalar_medians.size());
    std::printf("  %-44s %s   (p90 %s, max %s; %zu claims)\n", "median per indexed or element-wise claim",
                ms(median(indexed_medians)).c_str(), ms(quantile(indexed_medians, 0.9)).c_str(),
                ms(quantile(indexed_medians, 1.0)).c_str(), indexed_medians.size());
    std::printf("  %-44s proved %d, verified %d, refuted %d, unknown %d\n", "verdicts", proved, verified,
                mix[verify::verdict::refuted], mix[verify::verdict::unknown]);
    if (proved + verified > 0)
        std::printf("  %-44s %d/%d = %.1f%%\n", "true claims proved (not only verified)", proved, proved + verified,
                    100.0 * proved / (proved + verified));
    std::printf("  %-44s %s (target: under 5 ms median per scalar claim)\n", "budget", per_scalar < 0.005 ? "met" : "MISSED");
    std::printf("\n  slowest claims (median):\n");
    for (std::size_t k = 0; k < std::min<std::size_t>(5, slowest.size()); ++k)
        std::printf("    %9s  %s\n", ms(slowest[k].first).c_str(), slowest[k].second.c_str());
    if (failures) std::fprintf(stderr, "claims: %d statements failed (errors)\n", failures);
    return failures ? 1 : 0;
}
