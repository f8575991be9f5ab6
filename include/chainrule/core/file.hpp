#pragma once
/// \file
/// Reading an input file whole, bounded: a program, a data file, a parameter file. Only a
/// regular file is read (a directory would read as nothing, /dev/zero or a FIFO without end),
/// and only up to a size given by the caller.

#include <cstdint>
#include <string>
#include <string_view>

namespace chainrule {

/// The bytes of the regular file at `path`, at most `max_bytes` of them. Throws usage_error
/// whose message completes "cannot read the WHAT 'PATH': ..." (`what`: "program", "data file")
/// saying why: it does not exist, it is a directory, it is not a regular file (a device, a
/// FIFO, a socket), it is larger than the limit, or reading failed (with the system's reason).
std::string read_input_file(const std::string& path, std::string_view what, std::uintmax_t max_bytes);

}  // namespace chainrule
