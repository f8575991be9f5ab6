#pragma once
// Helpers shared by the lang test files: error cases with their expected position, and
// running statements in a session.

#include "chainrule/lang/session.hpp"

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

/// The sigmoid neuron's declarations and definitions.
inline constexpr const char* neuron = R"(input x, y
param w, b
z = w*x + b
a = sigmoid(z)
L = (a - y)^2 / 2
)";

}  // namespace chainrule::lang_testing
