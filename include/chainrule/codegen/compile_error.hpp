#pragma once
/// \file
/// The error of a failed compilation: the compiler's own log, kept whole.

#include "chainrule/core/error.hpp"

#include <string>

namespace chainrule::codegen {

/// A compiler rejected generated source, could not be run, or its output could not be loaded.
/// what() says which tier failed and how; log() is the compiler's diagnostics as it wrote them.
class compile_error : public error {
public:
    compile_error(const std::string& what, std::string log) : error(what + (log.empty() ? "" : ":\n" + log)), log_(std::move(log)) {}
    /// The compiler's output (may be empty).
    const std::string& log() const noexcept { return log_; }

private:
    std::string log_;
};

}  // namespace chainrule::codegen
