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

/// How many processors this process may use: the CPUs of its affinity mask, fewer under a CPU
/// quota of its cgroup or of one above it; at least 1.
std::size_t available_processors();

/// The processors the CPU quotas allow, from the text of /proc/self/cgroup and the cgroup
/// files under `root` (normally /sys/fs/cgroup): v2 `cpu.max` ("QUOTA PERIOD", or "max") of
/// the process's cgroup and each one above it, v1 `cpu/.../cpu.cfs_quota_us` over
/// `cpu.cfs_period_us` (-1: none); the smallest ceil(quota / period), or nothing without quota.
std::optional<std::size_t> cgroup_processor_limit(const std::string& proc_self_cgroup, const std::filesystem::path& root);

/// The full path of `program` on PATH (or `program` itself when it holds a '/' and is
/// executable), or nothing.
std::optional<std::filesystem::path> find_program(const std::string& program);

}  // namespace chainrule::codegen
