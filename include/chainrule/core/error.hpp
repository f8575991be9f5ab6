#pragma once
/// \file
/// The error types of chainrule: one root, leaves that carry where and what.

#include <stdexcept>
#include <string>

namespace chainrule {

/// Root of every error chainrule throws at a caller.
class error : public std::runtime_error {
public:
    explicit error(const std::string& what) : std::runtime_error(what) {}
};

/// A caller used the API wrongly (a derivative with respect to a non-variable,
/// mixing expressions of two graphs, an operand id that does not exist).
class usage_error : public error {
public:
    using error::error;
};

/// An operation is undefined at the given (exact) arguments: 1/0, log(0), sqrt(-1).
class domain_error : public error {
public:
    using error::error;
};

/// A size or depth limit that protects against blow-up was reached.
class limit_error : public error {
public:
    limit_error(const std::string& what, std::size_t limit, std::size_t reached)
        : error(what), limit_(limit), reached_(reached) {}
    /// The limit in force.
    std::size_t limit() const noexcept { return limit_; }
    /// The size reached when the operation stopped (at least limit() + 1).
    std::size_t reached() const noexcept { return reached_; }

private:
    std::size_t limit_;
    std::size_t reached_;
};

/// A GiNaC or CLN failure, translated: says which chainrule operation failed and why.
class algebra_error : public error {
public:
    using error::error;
};

/// A position in a source text (1-based line and column).
struct source_position {
    std::string file;
    int line = 0;
    int column = 0;
};

/// Malformed input text, with the position where it went wrong.
class parse_error : public error {
public:
    parse_error(source_position where, const std::string& message)
        : error(where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                ": error: " + message),
          where_(std::move(where)), message_(message) {}
    /// Where the error is.
    const source_position& where() const noexcept { return where_; }
    /// The message without the position prefix.
    const std::string& message() const noexcept { return message_; }

private:
    source_position where_;
    std::string message_;
};

}  // namespace chainrule
