#pragma once
// A problem found by a fuzz target (harness.hpp) ends the run as a crash, so libFuzzer keeps the
// input in its artifact directory.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace chainrule::fuzz {

inline void abort_on(const std::optional<std::string>& problem) {
    if (!problem) return;
    std::fprintf(stderr, "chainrule fuzz: %s\n", problem->c_str());
    std::abort();
}

}  // namespace chainrule::fuzz
