// Bounded reads of regular files (file.hpp).
#include "chainrule/core/file.hpp"

#include "chainrule/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace chainrule {

namespace {

std::string mebibytes(std::uintmax_t bytes) {
    return bytes >= (std::uintmax_t{1} << 30) ? std::to_string(bytes >> 30) + " GiB" : std::to_string(bytes >> 20) + " MiB";
}

}  // namespace

std::string read_input_file(const std::string& path, std::string_view what, std::uintmax_t max_bytes) {
    const std::string cannot = "cannot read the " + std::string(what) + " '" + path + "': ";
    std::error_code ec;
    const std::filesystem::file_status status = std::filesystem::status(path, ec);  // follows links
    if (ec || !std::filesystem::exists(status)) {
        if (ec && ec != std::errc::no_such_file_or_directory) throw usage_error(cannot + ec.message());
        throw usage_error(cannot + "it does not exist");
    }
    if (std::filesystem::is_directory(status)) throw usage_error(cannot + "it is a directory");
    if (!std::filesystem::is_regular_file(status))
        throw usage_error(cannot + "it is not a regular file (a device, a FIFO or a socket)");
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) throw usage_error(cannot + ec.message());
    if (size > max_bytes) throw usage_error(cannot + "it is larger than " + mebibytes(max_bytes) + " (the limit)");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int code = errno;
        throw usage_error(cannot + std::strerror(code));
    }
    // read what is there, never past the limit (the file may grow while it is read)
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (in.bad()) throw usage_error(cannot + "reading failed");
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

}  // namespace chainrule
