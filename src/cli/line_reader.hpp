#pragma once
// Where the REPL's lines come from: a terminal with line editing and history (libedit), or a
// plain stream (pipes, files, tests).

#include <istream>
#include <memory>
#include <optional>
#include <string>

namespace chainrule::cli {

/// Reads input lines one at a time.
class line_reader {
public:
    virtual ~line_reader() = default;
    /// The next line without its newline, or nothing at end of input. `prompt` is shown first
    /// when the reader is interactive.
    virtual std::optional<std::string> read(const char* prompt) = 0;
    /// Whether prompts are shown (the input is a terminal).
    virtual bool interactive() const = 0;
};

/// A reader of `in` that shows no prompts.
std::unique_ptr<line_reader> stream_reader(std::istream& in);

/// A terminal reader with line editing and a history kept in $HOME/.chainrule_history.
std::unique_ptr<line_reader> terminal_reader();

}  // namespace chainrule::cli
