#pragma once
// A computation that may run away (GiNaC's normal() on a power tower never returns, and cannot be
// interrupted) run in a child process with a time budget: the child computes and writes its text
// result to a pipe; past the budget it is killed and nothing is returned.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace chainrule::verify {

// The outcome of run_isolated.
struct isolated_result {
    std::optional<std::string> text;  // what `work` returned, when it finished in time
    bool timed_out = false;           // the budget ran out (the child was killed)
};

// work() in a forked child, waited for at most `budget`. When the process cannot fork, work() runs
// here, unbounded. work must not throw (the child reports an exception as no result).
isolated_result run_isolated(const std::function<std::string()>& work, std::chrono::milliseconds budget);

}  // namespace chainrule::verify
