// Parameter files: writing with 17 significant digits (round_trip_text), -0 as -0.0; reading with nlohmann::json.
#include "param_file.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/core/rational.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace chainrule::lang {

namespace {

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// "FILE:LINE:COL: " of byte offset `at` (0-based) in text.
std::string position(const std::string& text, const std::string& file, std::size_t at) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < at && i < text.size(); ++i) {
        if (text[i] == '\n') ++line, column = 1;
        else ++column;
    }
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 8: " prefix (the position is given as FILE:LINE:COL)
std::string reason(const nlohmann::json::exception& x) {
    std::string what = x.what();
    if (const std::size_t bracket = what.find("] "); what.rfind("[json.exception.", 0) == 0 && bracket != std::string::npos)
        what.erase(0, bracket + 2);
    if (what.rfind("parse error", 0) == 0)
        if (const std::size_t colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
    return what;
}

double finite(const nlohmann::json& v, const std::string& name, const std::string& where) {
    if (!v.is_number()) throw usage_error(where + "the value of '" + name + "' holds " + v.type_name() + ", not a number");
    const double x = v.get<double>();
    if (!std::isfinite(x)) throw usage_error(where + "the value of '" + name + "' is not a finite number");
    return x;
}

// A number, an array of numbers, or an array of equally long arrays of numbers.
param_values values_of(const nlohmann::json& v, const std::string& name, const std::string& where) {
    param_values out;
    if (!v.is_array()) {
        out.values.push_back(finite(v, name, where));
        return out;
    }
    if (v.empty()) throw usage_error(where + "the value of '" + name + "' is an empty array");
    if (!v.front().is_array()) {
        for (const nlohmann::json& x : v) out.values.push_back(finite(x, name, where));
        out.shape = {out.values.size()};
        return out;
    }
    const std::size_t columns = v.front().size();
    for (const nlohmann::json& row : v) {
        if (!row.is_array()) throw usage_error(where + "the rows of '" + name + "' are not all arrays");
        if (row.size() != columns)
            throw usage_error(where + "the rows of '" + name + "' have different lengths (" + std::to_string(columns) +
                              " and " + std::to_string(row.size()) + ")");
        if (row.empty()) throw usage_error(where + "the rows of '" + name + "' are empty");
        for (const nlohmann::json& x : row) out.values.push_back(finite(x, name, where));
    }
    out.shape = {v.size(), columns};
    return out;
}

// x as JSON that reads back bit for bit: 17 significant digits, and -0 as "-0.0" (JSON's "-0"
// is the integer 0, which nlohmann reads as +0)
std::string json_number(double x) {
    if (x == 0 && std::signbit(x)) return "-0.0";
    return round_trip_text(x);
}

}  // namespace

std::string param_file_text(const std::map<std::string, param_values>& params) {
    std::ostringstream out;
    out << "{";
    bool first = true;
    for (const auto& [name, p] : params) {
        out << (first ? "\n  " : ",\n  ") << quoted(name) << ": ";
        first = false;
        if (p.shape.empty()) {
            out << json_number(p.values.at(0));
        } else if (p.shape.size() == 1) {
            out << "[";
            for (std::size_t k = 0; k < p.values.size(); ++k) out << (k ? ", " : "") << json_number(p.values[k]);
            out << "]";
        } else {
            out << "[";
            for (std::size_t r = 0; r < p.shape[0]; ++r) {
                out << (r ? ", [" : "[");
                for (std::size_t c = 0; c < p.shape[1]; ++c)
                    out << (c ? ", " : "") << json_number(p.values[r * p.shape[1] + c]);
                out << "]";
            }
            out << "]";
        }
    }
    out << "\n}\n";
    return out.str();
}

std::map<std::string, param_values> parse_param_file(const std::string& text, const std::string& file) {
    // JSON by nlohmann::json; a repeated name is an error rather than the last one winning
    std::vector<std::string> names;
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(text, [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& v) {
            if (depth == 1 && event == nlohmann::json::parse_event_t::key) names.push_back(v.get<std::string>());
            return true;
        });
    } catch (const nlohmann::json::parse_error& x) {
        throw usage_error(position(text, file, x.byte > 0 ? x.byte - 1 : 0) + "not valid JSON: " + reason(x));
    } catch (const nlohmann::json::exception& x) {
        throw usage_error(file + ": not valid JSON: " + reason(x));
    }
    const std::string where = file + ": ";
    if (!document.is_object())
        throw usage_error(where + "expected an object of params ({\"w\": 0.5, ...}), found " + document.type_name());
    std::sort(names.begin(), names.end());
    if (auto twice = std::adjacent_find(names.begin(), names.end()); twice != names.end())
        throw usage_error(where + "'" + *twice + "' appears twice");
    std::map<std::string, param_values> out;
    for (const auto& [name, v] : document.items()) out[name] = values_of(v, name, where);
    return out;
}

namespace {

// A parameter file is at most this large (a 10^7-param model at 17 digits is about 250 MB).
constexpr std::uintmax_t max_param_file_bytes = std::uintmax_t(1) << 30;

}  // namespace

std::map<std::string, param_values> read_param_file(const std::string& path) {
    // only a regular file: a directory reads as nothing and /dev/zero without end
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) throw usage_error("cannot read the parameter file '" + path + "': it does not exist");
    if (!std::filesystem::is_regular_file(status))
        throw usage_error("cannot read the parameter file '" + path + "': it is not a regular file");
    if (std::filesystem::file_size(path, ec) > max_param_file_bytes)
        throw usage_error("the parameter file '" + path + "' is larger than 1 GiB");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error("cannot read the parameter file '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_param_file(text.str(), path);
}

void write_param_file(const std::string& path, const std::map<std::string, param_values>& params) {
    // the whole file is written to a fresh temporary next to it (created exclusively, so nothing
    // planted at a guessable name is followed), then renamed over it; an existing path that is
    // not a regular file (a device, a directory) is never replaced
    std::error_code ec;
    const auto existing = std::filesystem::status(path, ec);
    if (!ec && std::filesystem::exists(existing) && !std::filesystem::is_regular_file(existing))
        throw usage_error("cannot write the parameter file '" + path + "': it exists and is not a regular file");
    const std::filesystem::path target(path);
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::string temporary = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) throw usage_error("cannot write the parameter file '" + path + "': " + std::strerror(errno));
    // the permissions a plain create would give (mkstemp makes 0600)
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    const std::string text = param_file_text(params);
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            const std::string why = n < 0 ? std::strerror(errno) : "nothing written";
            ::close(fd);
            ::unlink(temporary.c_str());
            throw usage_error("cannot write the parameter file '" + path + "': " + why);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(temporary.c_str());
        throw usage_error("cannot write the parameter file '" + path + "': " + std::strerror(errno));
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(temporary.c_str());
        throw usage_error("cannot replace the parameter file '" + path + "': " + why);
    }
}

}  // namespace chainrule::lang
