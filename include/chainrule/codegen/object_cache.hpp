#pragma once
/// \file
/// The cache of compiled shared objects: one directory, owner-only, files named by a key (a
/// hash of source and flags). Every entry is checked before its bytes are handed out: the
/// directory and the file must be owned by the current user and closed to group and others,
/// the file must be a regular file (not a link), and its SHA-256 must match the digest stored
/// beside it. A planted, swapped or modified file is refused, never loaded.

#include <filesystem>
#include <string>
#include <string_view>

namespace chainrule::codegen {

/// What looking up a key found.
enum class cache_state : unsigned char {
    absent,   ///< no entry
    valid,    ///< an entry that passed every check; `bytes` holds it
    refused,  ///< an entry that failed a check; `reason` says which
};

/// The outcome of object_cache::find.
struct cache_entry {
    cache_state state = cache_state::absent;
    std::string bytes;   ///< the object's content (valid)
    std::string reason;  ///< why it was refused (refused)
};

/// An owner-only cache directory of compiled objects.
class object_cache {
public:
    /// Opens the cache in `directory`, creating it (and missing parents) with mode 0700. Throws
    /// chainrule::error when it cannot be created, is not a directory, is a symbolic link, is
    /// owned by another user, or is open to group or others.
    explicit object_cache(std::filesystem::path directory);

    /// $XDG_CACHE_HOME/chainrule/objects, else $HOME/.cache/chainrule/objects.
    static std::filesystem::path default_directory();

    /// The entry stored under `key` (64 hex digits), checked.
    cache_entry find(const std::string& key) const;

    /// Stores `bytes` under `key` (mode 0600, written to a fresh file and renamed into place,
    /// digest beside it). Throws chainrule::error when it cannot.
    void store(const std::string& key, std::string_view bytes) const;

    /// The directory.
    const std::filesystem::path& directory() const noexcept { return directory_; }
    /// The object file of `key` (whether or not it exists).
    std::filesystem::path object_path(const std::string& key) const;
    /// The digest file of `key`.
    std::filesystem::path digest_path(const std::string& key) const;

private:
    std::filesystem::path directory_;
};

}  // namespace chainrule::codegen
