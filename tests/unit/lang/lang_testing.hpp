#pragma once
// Helpers shared by the lang test files: error cases with their expected position, and
// running statements in a session.

#include "chainrule/lang/session.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

namespace chainrule::lang_testing {

/// A program whose first error must be at (line, column) with `message` in its text.
struct error_case {
    const char* program;
    int line;
    int column;
    const char* message;  ///< a fragment of the message
};

inline std::ostream& operator<<(std::ostream& out, const error_case& c) { return out << c.message; }

/// The error message of r, or "" when r is no error.
inline std::string message_of(const lang::result& r) {
    return r.kind() == lang::result_kind::error ? r.as<lang::error_result>().error.message : "";
}

/// The last result of running `text` in s.
inline lang::result last(lang::session& s, const std::string& text) { return s.run_program(text, "t.chain").back(); }

/// A scratch directory for one test, removed at the end.
struct scratch {
    std::filesystem::path dir;
    scratch() {
        dir = std::filesystem::temp_directory_path() /
              ("chainrule_lang_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
        std::filesystem::create_directories(dir);
    }
    ~scratch() { std::filesystem::remove_all(dir); }
    scratch(const scratch&) = delete;
    scratch& operator=(const scratch&) = delete;
    static int& counter() {
        static int n = 0;
        return n;
    }
    /// Writes `text` byte for byte to file `name` in the directory; its path.
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name, std::ios::binary) << text;
        return (dir / name).string();
    }
};

/// The sigmoid neuron's declarations and definitions.
inline constexpr const char* neuron = R"(input x, y
param w, b
z = w*x + b
a = sigmoid(z)
L = (a - y)^2 / 2
)";

}  // namespace chainrule::lang_testing
