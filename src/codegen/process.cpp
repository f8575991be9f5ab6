// Running the compiler: posix_spawnp with an argument vector (no shell ever parses it), stdin
// from /dev/null, stdout and stderr into one file of the private work directory.
#include "chainrule/codegen/process.hpp"

#include "chainrule/core/error.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace chainrule::codegen {

std::optional<std::filesystem::path> find_program(const std::string& program) {
    if (program.empty()) return std::nullopt;
    if (program.find('/') != std::string::npos)
        return ::access(program.c_str(), X_OK) == 0 ? std::optional<std::filesystem::path>(program) : std::nullopt;
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (dir.empty()) continue;  // an empty entry would mean the current directory: skipped
        const std::filesystem::path candidate = std::filesystem::path(dir) / program;
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return std::nullopt;
}

namespace {

/// A started program: its pid, path and output file.
struct started {
    pid_t pid = 0;
    std::string exe;
    std::filesystem::path log;
};

started start(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    if (argv.empty()) throw usage_error("run_program: empty argument vector");
    const std::optional<std::filesystem::path> exe = find_program(argv[0]);
    if (!exe) throw error("cannot run '" + argv[0] + "': not found on PATH");

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);

    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    started s{0, exe->string(), log};
    const int status = ::posix_spawn(&s.pid, exe->c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (status != 0) throw error("cannot run '" + exe->string() + "': " + std::strerror(status));
    return s;
}

process_result finish(const started& s) {
    int status = 0;
    while (::waitpid(s.pid, &status, 0) < 0)
        if (errno != EINTR) throw error("waiting for '" + s.exe + "' failed: " + std::strerror(errno));
    process_result r;
    if (WIFEXITED(status)) r.exit_status = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    std::ifstream in(s.log, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    r.output = text.str();
    return r;
}

}  // namespace

process_result run_program(const std::vector<std::string>& argv, const std::filesystem::path& work_dir) {
    return finish(start(argv, work_dir / "output.log"));
}

std::vector<process_result> run_programs(const std::vector<std::vector<std::string>>& argvs,
                                         const std::filesystem::path& work_dir) {
    std::vector<started> running;
    std::vector<process_result> results;
    try {
        for (std::size_t i = 0; i < argvs.size(); ++i)
            running.push_back(start(argvs[i], work_dir / ("output" + std::to_string(i) + ".log")));
    } catch (...) {
        // no child is left behind, and none is waited for to the end of a long compile
        for (const started& s : running) {
            ::kill(s.pid, SIGTERM);
            int status = 0;
            while (::waitpid(s.pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
        throw;
    }
    for (const started& s : running) results.push_back(finish(s));
    return results;
}

}  // namespace chainrule::codegen
