// Line readers (line_reader.hpp). The terminal reader drives libedit's native interface with a
// character source of its own, so that Ctrl-C reaches it as data: the tty turns the key into
// SIGINT, interrupt.hpp's handler records it, the source (waiting in ppoll with SIGINT
// unblocked, so none is missed between the check and the wait) hands libedit a ^C, and ^C is
// bound to a function that ends the line as interrupted.
#include "line_reader.hpp"

#include "history_file.hpp"
#include "interrupt.hpp"

#include <histedit.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstdlib>
#include <cwchar>

namespace chainrule::cli {

namespace {

class stream_line_reader final : public line_reader {
public:
    explicit stream_line_reader(std::istream& in) : in_(in) {}
    read_result read(const char*) override {
        std::string line;
        if (std::getline(in_, line)) return {read_status::line, std::move(line)};
        return {interrupt_pending() ? read_status::interrupted : read_status::end, {}};
    }
    void remember(std::string_view) override {}
    bool interactive() const override { return false; }

private:
    std::istream& in_;
};

constexpr wchar_t control_c = 3;

// libedit keeps state per EditLine but reads the terminal's global modes: one terminal reader
// at a time, on the main thread.
class terminal_line_reader final : public line_reader {
public:
    terminal_line_reader() {
        // libedit decodes and shows multibyte text (∂, Greek names) only in a UTF-8 locale;
        // in the default "C" locale it drops those bytes
        std::setlocale(LC_CTYPE, "");
        if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
            history_path_ = std::string(home) + "/.chainrule_history";
        history_ = history_init();
        HistEvent event;
        history(history_, &event, H_SETSIZE, static_cast<int>(max_history_entries));
        history(history_, &event, H_SETUNIQUE, 1);
        if (!history_path_.empty())
            for (const std::string& entry : load_history(history_path_)) {
                history(history_, &event, H_ENTER, entry.c_str());
                last_entry_ = entry;
            }

        editor_ = el_init("chainrule", stdin, stdout, stderr);
        el_set(editor_, EL_CLIENTDATA, this);
        el_set(editor_, EL_EDITOR, "emacs");
        el_set(editor_, EL_SIGNAL, 0);  // the signals are ours (interrupt.hpp)
        el_set(editor_, EL_HIST, history, history_);
        el_set(editor_, EL_PROMPT, &terminal_line_reader::prompt_of);
        el_source(editor_, nullptr);  // ~/.editrc, as readline-style programs do
        el_set(editor_, EL_GETCFN, &terminal_line_reader::next_char);
        // the wide call: libedit keeps these two pointers as they are (static literals), where
        // the narrow el_set copies them with wcsdup and never frees the copies
        el_wset(editor_, EL_ADDFN, L"chainrule-interrupt", L"drop the line typed so far (Ctrl-C)",
                &terminal_line_reader::on_control_c);
        el_set(editor_, EL_BIND, "^C", "chainrule-interrupt", nullptr);
    }
    ~terminal_line_reader() override {
        el_end(editor_);
        history_end(history_);
    }
    terminal_line_reader(const terminal_line_reader&) = delete;
    terminal_line_reader& operator=(const terminal_line_reader&) = delete;

    read_result read(const char* prompt) override {
        prompt_ = prompt;
        interrupted_ = false;
        int count = 0;
        const char* raw = el_gets(editor_, &count);
        if (interrupted_) return {read_status::interrupted, {}};
        if (raw == nullptr || count <= 0) return {read_status::end, {}};
        std::string line(raw, static_cast<std::size_t>(count));
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        return {read_status::line, std::move(line)};
    }

    void remember(std::string_view statement) override {
        if (statement.find_first_not_of(' ') == std::string_view::npos) return;
        const std::string entry(statement);
        if (entry == last_entry_) return;  // as H_SETUNIQUE keeps the list in memory
        last_entry_ = entry;
        HistEvent event;
        history(history_, &event, H_ENTER, entry.c_str());
        // appended at once: a session that ends by a signal keeps its history
        if (!history_path_.empty()) (void)append_history(history_path_, entry);
    }

    bool interactive() const override { return true; }

private:
    static terminal_line_reader& of(EditLine* el) {
        void* self = nullptr;
        el_get(el, EL_CLIENTDATA, &self);
        return *static_cast<terminal_line_reader*>(self);
    }

    static char* prompt_of(EditLine* el) { return const_cast<char*>(of(el).prompt_); }

    // ^C: the cursor to the end, "^C" shown after the text, and the line ended (through the
    // newline key, which moves below the text); read() reports it as interrupted.
    static unsigned char on_control_c(EditLine* el, int) {
        of(el).interrupted_ = true;
        const LineInfo* line = el_line(el);
        el_cursor(el, static_cast<int>(line->lastchar - line->cursor));
        el_insertstr(el, "^C");
        el_push(el, "\n");
        return CC_REFRESH;
    }

    // The next character of standard input, decoded in the locale as libedit's own source
    // does; a recorded SIGINT is a ^C. 1 with a character, 0 at end of input, -1 on error.
    static int next_char(EditLine* el, wchar_t* out) {
        terminal_line_reader& self = of(el);
        sigset_t watched, before;
        sigemptyset(&watched);
        sigaddset(&watched, SIGINT);
        sigaddset(&watched, SIGWINCH);
        pthread_sigmask(SIG_BLOCK, &watched, &before);
        int result = -1;
        for (;;) {
            if (take_resize()) el_resize(el);
            if (take_interrupt()) {
                self.decoding_ = {};
                *out = control_c;
                result = 1;
                break;
            }
            pollfd p{STDIN_FILENO, POLLIN, 0};
            // the signals are unblocked only while waiting: one that arrives just before is
            // delivered at once and ends the wait
            if (ppoll(&p, 1, nullptr, &before) < 0) {
                if (errno == EINTR) continue;
                break;
            }
            char byte = 0;
            const ssize_t n = ::read(STDIN_FILENO, &byte, 1);
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (n <= 0) {
                result = n == 0 ? 0 : -1;
                break;
            }
            const std::size_t decoded = std::mbrtowc(out, &byte, 1, &self.decoding_);
            if (decoded == static_cast<std::size_t>(-2)) continue;  // more bytes to come
            if (decoded == static_cast<std::size_t>(-1)) {  // not text in this locale: dropped
                self.decoding_ = {};
                continue;
            }
            if (decoded == 0) *out = 0;
            result = 1;
            break;
        }
        pthread_sigmask(SIG_SETMASK, &before, nullptr);
        return result;
    }

    EditLine* editor_ = nullptr;
    History* history_ = nullptr;
    std::string history_path_;
    std::string last_entry_;
    const char* prompt_ = "";
    bool interrupted_ = false;
    std::mbstate_t decoding_{};
};

}  // namespace

std::unique_ptr<line_reader> stream_reader(std::istream& in) { return std::make_unique<stream_line_reader>(in); }

std::unique_ptr<line_reader> terminal_reader() { return std::make_unique<terminal_line_reader>(); }

}  // namespace chainrule::cli
