#pragma once
// Where the REPL's lines come from: a terminal with line editing and history (libedit), or a
// plain stream (pipes, files, tests).

#include <istream>
#include <memory>
#include <string>
#include <string_view>

namespace chainrule::cli {

/// How a read ended.
enum class read_status {
    line,         ///< a line was read
    interrupted,  ///< Ctrl-C: the line typed so far is dropped
    end,          ///< end of input
};

/// What a read gave: the line, without its newline, when status is line.
struct read_result {
    read_status status = read_status::end;
    std::string line = {};
};

/// Reads input lines one at a time. Meant to be used inside an interrupt_scope (interrupt.hpp),
/// which turns Ctrl-C into read_status::interrupted.
class line_reader {
public:
    virtual ~line_reader() = default;
    /// The next line; `prompt` is shown first when the reader is interactive.
    virtual read_result read(const char* prompt) = 0;
    /// Records a whole statement (one line of plain text) in the history, if there is one.
    virtual void remember(std::string_view statement) = 0;
    /// Whether prompts are shown (the input is a terminal).
    virtual bool interactive() const = 0;
};

/// A reader of `in` that shows no prompts and keeps no history.
std::unique_ptr<line_reader> stream_reader(std::istream& in);

/// A terminal reader of standard input with line editing (libedit, emacs keys) and a history
/// kept in $HOME/.chainrule_history (history_file.hpp).
std::unique_ptr<line_reader> terminal_reader();

}  // namespace chainrule::cli
