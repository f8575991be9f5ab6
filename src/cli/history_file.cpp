// The REPL's history file (history_file.hpp).
#include "history_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace chainrule::cli {

namespace {

constexpr std::string_view libedit_header = "_HiStOrY_V2_";

// Control characters (C0 and DEL) become spaces: an entry is one line of plain text.
std::string plain(std::string_view entry) {
    std::string out(entry);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') c = ' ';
    return out;
}

// libedit's strvis(VIS_WHITE) form: \040 for a space, \\ for a backslash.
std::string unescape(std::string_view line) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const auto octal = [&](std::size_t k) { return k < line.size() && line[k] >= '0' && line[k] <= '7'; };
        if (line[i] == '\\' && octal(i + 1) && octal(i + 2) && octal(i + 3)) {
            out += static_cast<char>((line[i + 1] - '0') * 64 + (line[i + 2] - '0') * 8 + (line[i + 3] - '0'));
            i += 3;
        } else if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '\\') {
            out += '\\';
            ++i;
        } else {
            out += line[i];
        }
    }
    return out;
}

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = write(fd, text.data(), text.size());
        if (n <= 0) return false;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// The file's last max_history_bytes bytes, or nothing when it is not a readable regular file.
bool read_tail(const std::string& path, std::string& text) {
    const int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return false;
    struct stat st {};
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (ok && static_cast<std::size_t>(st.st_size) > max_history_bytes)
        ok = lseek(fd, st.st_size - static_cast<off_t>(max_history_bytes), SEEK_SET) >= 0;
    char buffer[65536];
    while (ok && text.size() < max_history_bytes) {
        const ssize_t n = read(fd, buffer, std::min(sizeof buffer, max_history_bytes - text.size()));
        if (n < 0) ok = false;
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
    return ok;
}

}  // namespace

std::vector<std::string> load_history(const std::string& path) {
    std::string text;
    if (!read_tail(path, text)) return {};
    const bool libedit_form = text.starts_with(libedit_header);
    std::vector<std::string> entries;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view line = std::string_view(text).substr(start, end - start);
        start = end + 1;
        if (libedit_form && line == libedit_header) continue;
        std::string entry = plain(libedit_form ? unescape(line) : std::string(line));
        if (entry.find_first_not_of(' ') != std::string::npos) entries.push_back(std::move(entry));
    }
    const bool trimmed = entries.size() > max_history_entries;
    if (trimmed) entries.erase(entries.begin(), entries.end() - static_cast<std::ptrdiff_t>(max_history_entries));
    if (libedit_form || trimmed) {
        const int fd = open(path.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            std::string out;
            for (const std::string& e : entries) out += e + '\n';
            (void)write_all(fd, out);
            close(fd);
        }
    }
    return entries;
}

bool append_history(const std::string& path, std::string_view entry) {
    const int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    struct stat st {};
    const bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && write_all(fd, plain(entry) + '\n');
    close(fd);
    return ok;
}

}  // namespace chainrule::cli
