#pragma once
/// \file
/// SHA-256 digests as lowercase hex (the cache's keys and its content checks).

#include <string>
#include <string_view>

namespace chainrule::codegen {

/// SHA-256 of `bytes`, as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace chainrule::codegen
