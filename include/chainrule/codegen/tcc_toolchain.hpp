#pragma once
/// \file
/// The in-memory tier: libtcc compiles the source straight into this process's memory (no
/// files, no processes). libtcc keeps global state, so compilations are serialised.

#include <memory>
#include <string>

namespace chainrule::codegen {

/// Whether chainrule was built with libtcc.
bool tcc_available() noexcept;

/// Code compiled by libtcc, freed on destruction. Move-only.
class tcc_module {
public:
    /// Compiles `source` in memory. Throws compile_error with libtcc's messages when it is
    /// rejected, or when chainrule was built without libtcc.
    explicit tcc_module(const std::string& source);
    tcc_module(tcc_module&&) noexcept;
    tcc_module& operator=(tcc_module&&) noexcept;
    tcc_module(const tcc_module&) = delete;
    tcc_module& operator=(const tcc_module&) = delete;
    ~tcc_module();

    /// The address of `name`. Throws compile_error when the module lacks it.
    void* symbol(const std::string& name) const;

private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace chainrule::codegen
