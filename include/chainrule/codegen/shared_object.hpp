#pragma once
/// \file
/// A loaded shared object (dlopen), closed by its destructor. Move-only.

#include <filesystem>
#include <string>

namespace chainrule::codegen {

/// A dlopen'd library. Loading runs the library's constructors: load only files that were
/// checked (object_cache does).
class shared_object {
public:
    /// Loads `file` (RTLD_NOW | RTLD_LOCAL). Throws compile_error with dlerror()'s text.
    explicit shared_object(const std::filesystem::path& file);
    shared_object(shared_object&& other) noexcept;
    shared_object& operator=(shared_object&& other) noexcept;
    shared_object(const shared_object&) = delete;
    shared_object& operator=(const shared_object&) = delete;
    ~shared_object();

    /// The address of symbol `name`. Throws compile_error when the library lacks it.
    void* symbol(const std::string& name) const;

    /// Whether this handle holds a library (false after being moved from).
    explicit operator bool() const noexcept { return handle_ != nullptr; }

private:
    void close() noexcept;
    void* handle_ = nullptr;
};

}  // namespace chainrule::codegen
