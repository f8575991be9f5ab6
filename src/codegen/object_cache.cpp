// The checked object cache (object_cache.hpp). Every check is made on the open file
// (fstat of the descriptor that is read), so a file swapped between check and read is caught.
#include "chainrule/codegen/object_cache.hpp"

#include "chainrule/codegen/content_hash.hpp"
#include "chainrule/core/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace chainrule::codegen {

namespace {

std::string octal_mode(mode_t m) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(m & 07777));
    return buffer;
}

// Why st is not an owner-only entry of the expected type, or "" when it is.
std::string ownership_problem(const struct stat& st, bool directory) {
    if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
        return directory ? "is not a directory" : "is not a regular file";
    if (st.st_uid != ::geteuid()) return "is owned by uid " + std::to_string(st.st_uid) + ", not by this user";
    if ((st.st_mode & 077) != 0) return "has mode " + octal_mode(st.st_mode) + ", open to group or others";
    return "";
}

bool valid_key(const std::string& key) {
    if (key.size() != 64) return false;
    for (char c : key)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// Reads the file at `path` if it is an owner-only regular file (not a link): "" in `problem`
// and the content, else the problem.
std::string read_checked(const std::filesystem::path& path, std::string& problem) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        problem = errno == ELOOP ? "is a symbolic link" : std::string("cannot be opened: ") + std::strerror(errno);
        return {};
    }
    struct stat st {};
    std::string content;
    if (::fstat(fd, &st) != 0) problem = std::string("cannot be examined: ") + std::strerror(errno);
    else problem = ownership_problem(st, false);
    if (problem.empty()) {
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                problem = std::string("cannot be read: ") + std::strerror(errno);
                break;
            }
            if (n == 0) break;
            content.append(buffer, static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    return content;
}

void write_atomically(const std::filesystem::path& target, std::string_view bytes) {
    std::string pattern = target.string() + ".tmp-XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());  // mode 0600
    if (fd < 0) throw error("cannot write to the object cache " + target.parent_path().string() + ": " + std::strerror(errno));
    std::size_t done = 0;
    bool ok = true;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = false;
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(name.data(), target.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(name.data());
        throw error("cannot write " + target.string() + ": " + why);
    }
}

}  // namespace

object_cache::object_cache(std::filesystem::path directory) : directory_(std::move(directory)) {
    if (directory_.empty()) throw usage_error("object_cache: empty directory name");
    // create missing components owner-only
    std::filesystem::path partial;
    for (const auto& part : directory_) {
        partial /= part;
        if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
            throw error("cannot create the object cache " + directory_.string() + ": " + partial.string() + ": " +
                        std::strerror(errno));
    }
    struct stat st {};
    if (::lstat(directory_.c_str(), &st) != 0)
        throw error("cannot examine the object cache " + directory_.string() + ": " + std::strerror(errno));
    if (S_ISLNK(st.st_mode)) throw error("the object cache " + directory_.string() + " is a symbolic link: refused");
    if (const std::string problem = ownership_problem(st, true); !problem.empty())
        throw error("the object cache " + directory_.string() + " " + problem + ": refused");
    // whoever may rename entries of a parent may swap the cache for their own: every parent must
    // belong to this user or root, and be writable by no one else unless sticky (as /tmp is)
    const std::filesystem::path absolute = std::filesystem::absolute(directory_);
    for (std::filesystem::path up = absolute.parent_path(); ; up = up.parent_path()) {
        struct stat p {};
        if (::stat(up.c_str(), &p) != 0)
            throw error("cannot examine " + up.string() + ", a parent of the object cache: " + std::strerror(errno));
        if (p.st_uid != ::geteuid() && p.st_uid != 0)
            throw error("the object cache's parent " + up.string() + " is owned by uid " + std::to_string(p.st_uid) +
                        ", neither this user nor root: refused");
        if ((p.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (p.st_mode & S_ISVTX) == 0)
            throw error("the object cache's parent " + up.string() + " has mode " + octal_mode(p.st_mode) +
                        ", writable by group or others without the sticky bit: refused");
        if (up == up.parent_path()) break;
    }
}

std::filesystem::path object_cache::default_directory() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
        return std::filesystem::path(xdg) / "chainrule" / "objects";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : "/tmp") / ".cache" / "chainrule" / "objects";
}

std::filesystem::path object_cache::object_path(const std::string& key) const { return directory_ / (key + ".so"); }
std::filesystem::path object_cache::digest_path(const std::string& key) const { return directory_ / (key + ".sha256"); }

cache_entry object_cache::find(const std::string& key) const {
    if (!valid_key(key)) throw usage_error("object_cache: '" + key + "' is not a SHA-256 key");
    struct stat st {};
    if (::lstat(object_path(key).c_str(), &st) != 0 && errno == ENOENT) return {};
    cache_entry e;
    e.state = cache_state::refused;
    std::string problem;
    std::string bytes = read_checked(object_path(key), problem);
    if (!problem.empty()) {
        e.reason = "the cached object " + object_path(key).string() + " " + problem;
        return e;
    }
    std::string digest = read_checked(digest_path(key), problem);
    if (!problem.empty()) {
        e.reason = "the digest of the cached object, " + digest_path(key).string() + ", " + problem;
        return e;
    }
    while (!digest.empty() && (digest.back() == '\n' || digest.back() == ' ')) digest.pop_back();
    if (sha256_hex(bytes) != digest) {
        e.reason = "the cached object " + object_path(key).string() + " does not match its recorded SHA-256";
        return e;
    }
    e.state = cache_state::valid;
    e.bytes = std::move(bytes);
    return e;
}

void object_cache::store(const std::string& key, std::string_view bytes) const {
    if (!valid_key(key)) throw usage_error("object_cache: '" + key + "' is not a SHA-256 key");
    write_atomically(digest_path(key), sha256_hex(bytes) + "\n");
    write_atomically(object_path(key), bytes);
}

}  // namespace chainrule::codegen
