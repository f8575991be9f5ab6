#include "chainrule/codegen/temp_dir.hpp"

#include "chainrule/core/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <vector>

namespace chainrule::codegen {

temp_dir::temp_dir(const std::filesystem::path& parent) {
    std::filesystem::path base = parent;
    if (base.empty()) {
        const char* env = std::getenv("TMPDIR");
        base = env && *env ? env : "/tmp";
    }
    std::string pattern = (base / "chainrule-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr)  // mode 0700
        throw error("cannot create a temporary directory in " + base.string() + ": " + std::strerror(errno));
    path_ = buffer.data();
}

temp_dir::temp_dir(temp_dir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

temp_dir& temp_dir::operator=(temp_dir&& other) noexcept {
    if (this != &other) {
        remove();
        path_ = std::move(other.path_);
        other.path_.clear();
    }
    return *this;
}

temp_dir::~temp_dir() { remove(); }

void temp_dir::remove() noexcept {
    if (path_.empty()) return;
    std::error_code ignored;  // nothing useful to do if removal fails in a destructor
    std::filesystem::remove_all(path_, ignored);
    path_.clear();
}

}  // namespace chainrule::codegen
