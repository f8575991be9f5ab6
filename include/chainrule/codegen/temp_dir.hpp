#pragma once
/// \file
/// A private temporary directory (mkdtemp, mode 0700) that removes itself and its files.

#include <filesystem>
#include <string>

namespace chainrule::codegen {

/// A directory only its owner can enter, removed with its contents on destruction. Move-only.
class temp_dir {
public:
    /// Creates a fresh directory under `parent` (default: $TMPDIR or /tmp). Throws
    /// chainrule::error with the reason when it cannot.
    explicit temp_dir(const std::filesystem::path& parent = {});
    temp_dir(temp_dir&& other) noexcept;
    temp_dir& operator=(temp_dir&& other) noexcept;
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    ~temp_dir();

    /// The directory.
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    void remove() noexcept;
    std::filesystem::path path_;
};

}  // namespace chainrule::codegen
