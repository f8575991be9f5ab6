#pragma once
// Positions in a cell's text: Jupyter counts cursor positions in code points, the chain
// language's names are UTF-8 (lang/token.hpp), so the kernel converts between the two.

#include <cstddef>
#include <string_view>

namespace chainrule::kernel {

/// The byte offset of code point `position` of `text` (its size when `position` is past the end).
std::size_t byte_offset(std::string_view text, int position);

/// The number of code points in the first `bytes` bytes of `text`.
int code_points(std::string_view text, std::size_t bytes);

/// Bytes [begin, end) of a text.
struct byte_range {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool empty() const noexcept { return begin == end; }
};

/// The start of the name that ends at byte `cursor` (what completion completes): empty at `cursor`
/// when the text before it does not end in a name.
byte_range name_before(std::string_view text, std::size_t cursor);

/// The whole name the cursor is in, or just after (what inspect looks up); empty when there is none.
byte_range name_around(std::string_view text, std::size_t cursor);

}  // namespace chainrule::kernel
