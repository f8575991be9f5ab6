#include "line_reader.hpp"

#include <cstdio>
#include <cstdlib>

#include <editline/readline.h>

namespace chainrule::cli {

namespace {

class stream_line_reader final : public line_reader {
public:
    explicit stream_line_reader(std::istream& in) : in_(in) {}
    std::optional<std::string> read(const char*) override {
        std::string line;
        if (!std::getline(in_, line)) return std::nullopt;
        return line;
    }
    bool interactive() const override { return false; }

private:
    std::istream& in_;
};

// libedit keeps global state: one terminal reader at a time, on the main thread.
class terminal_line_reader final : public line_reader {
public:
    terminal_line_reader() {
        if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
            history_path_ = std::string(home) + "/.chainrule_history";
        using_history();
        if (!history_path_.empty()) read_history(history_path_.c_str());
    }
    ~terminal_line_reader() override {
        if (!history_path_.empty()) write_history(history_path_.c_str());
    }
    terminal_line_reader(const terminal_line_reader&) = delete;
    terminal_line_reader& operator=(const terminal_line_reader&) = delete;

    std::optional<std::string> read(const char* prompt) override {
        char* raw = readline(prompt);
        if (raw == nullptr) return std::nullopt;
        std::string line(raw);
        std::free(raw);
        if (line.find_first_not_of(" \t") != std::string::npos) add_history(line.c_str());
        return line;
    }
    bool interactive() const override { return true; }

private:
    std::string history_path_;
};

}  // namespace

std::unique_ptr<line_reader> stream_reader(std::istream& in) { return std::make_unique<stream_line_reader>(in); }

std::unique_ptr<line_reader> terminal_reader() { return std::make_unique<terminal_line_reader>(); }

}  // namespace chainrule::cli
