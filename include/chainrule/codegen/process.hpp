#pragma once
/// \file
/// Running a program without a shell: posix_spawn with an argument vector, output captured.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace chainrule::codegen {

/// How a program run ended.
struct process_result {
    int exit_status = -1;      ///< the exit status, or -1 when killed by a signal
    int signal = 0;            ///< the signal that killed it, or 0
    std::string output;        ///< stdout and stderr, interleaved as written
};

/// Runs `argv[0]` (searched on PATH when it has no '/') with exactly `argv`, no shell, stdin
/// from /dev/null, stdout and stderr captured through a file in `work_dir`. Throws
/// chainrule::error when the program cannot be started (the message names it and says why).
process_result run_program(const std::vector<std::string>& argv, const std::filesystem::path& work_dir);

/// Runs the programs of `argvs` at the same time, each as run_program does (its output in a
/// file of its own in `work_dir`), and waits for all of them; the results in the order given.
/// When one cannot be started, those already started are waited for, then the error is thrown.
std::vector<process_result> run_programs(const std::vector<std::vector<std::string>>& argvs,
                                         const std::filesystem::path& work_dir);

/// How many processors this process may use: the CPUs of its affinity mask, fewer under a
/// cgroup v2 CPU quota (/sys/fs/cgroup/cpu.max); at least 1.
std::size_t available_processors();

/// The full path of `program` on PATH (or `program` itself when it holds a '/' and is
/// executable), or nothing.
std::optional<std::filesystem::path> find_program(const std::string& program);

}  // namespace chainrule::codegen
