// How many processors this process may use: its affinity mask, lowered by a CPU quota of its
// cgroup or of any cgroup above it (cgroup v2 cpu.max; v1 cpu.cfs_quota_us and
// cpu.cfs_period_us).
#include "chainrule/codegen/process.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sched.h>
#include <sstream>
#include <string>
#include <thread>

namespace chainrule::codegen {

namespace {

namespace fs = std::filesystem;

/// ceil(quota / period) when both parse and the quota is positive; nothing for "max", -1 or
/// anything unreadable.
std::optional<std::size_t> processors_of_quota(const std::string& quota, double period) {
    char* end = nullptr;
    const double q = std::strtod(quota.c_str(), &end);
    if (end == quota.c_str() || *end != '\0' || !(q > 0) || !(period > 0)) return std::nullopt;
    return static_cast<std::size_t>(std::max(1.0, std::ceil(q / period)));
}

/// The quota of one cgroup directory, in processors.
std::optional<std::size_t> quota_in(const fs::path& dir, bool v2) {
    std::string quota;
    double period = 0;
    if (v2) {
        std::ifstream in(dir / "cpu.max");  // "QUOTA PERIOD" or "max PERIOD"
        if (!(in >> quota >> period)) return std::nullopt;
    } else {
        std::ifstream q(dir / "cpu.cfs_quota_us"), p(dir / "cpu.cfs_period_us");  // quota -1: none
        if (!(q >> quota) || !(p >> period)) return std::nullopt;
    }
    return processors_of_quota(quota, period);
}

/// The smallest quota of `path` (below `root`) and of every directory above it up to `root`.
std::optional<std::size_t> smallest_quota(const fs::path& root, const std::string& path, bool v2) {
    std::optional<std::size_t> least;
    fs::path dir = root;
    const fs::path below = fs::path(path).relative_path();
    if (!below.empty()) dir /= below;
    while (true) {
        if (const auto q = quota_in(dir, v2)) least = least ? std::min(*least, *q) : *q;
        if (dir == root) break;
        const fs::path up = dir.parent_path();
        if (up == dir || up.native().size() < root.native().size()) break;
        dir = up;
    }
    return least;
}

}  // namespace

std::optional<std::size_t> cgroup_processor_limit(const std::string& proc_self_cgroup, const fs::path& root) {
    // "0::PATH" (v2, files under root) and "ID:CONTROLLERS:PATH" (v1, the cpu controller's
    // files under root/cpu)
    std::optional<std::size_t> least;
    std::istringstream lines(proc_self_cgroup);
    std::string line;
    while (std::getline(lines, line)) {
        const std::size_t first = line.find(':'), second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string controllers = line.substr(first + 1, second - first - 1), path = line.substr(second + 1);
        std::optional<std::size_t> q;
        if (line.compare(0, first, "0") == 0 && controllers.empty()) {
            q = smallest_quota(root, path, true);
        } else {
            std::istringstream names(controllers);
            std::string name;
            while (std::getline(names, name, ','))
                if (name == "cpu") q = smallest_quota(root / "cpu", path, false);
        }
        if (q) least = least ? std::min(*least, *q) : *q;
    }
    return least;
}

std::size_t available_processors() {
    cpu_set_t set;
    CPU_ZERO(&set);
    std::size_t n = ::sched_getaffinity(0, sizeof set, &set) == 0 ? static_cast<std::size_t>(CPU_COUNT(&set))
                                                                   : std::thread::hardware_concurrency();
    std::ifstream in("/proc/self/cgroup");
    std::ostringstream text;
    text << in.rdbuf();
    if (const auto limit = cgroup_processor_limit(text.str(), "/sys/fs/cgroup")) n = std::min(n, *limit);
    return std::max<std::size_t>(n, 1);
}

}  // namespace chainrule::codegen
