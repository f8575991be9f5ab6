// Parameter files: writing with 17 significant digits (round_trip_text), and a small JSON reader for exactly this format.
#include "param_file.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/core/rational.hpp"

#include <cmath>
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

// A reader of the JSON subset: objects, arrays, numbers, strings without escapes but \" and \\.
class reader {
public:
    reader(const std::string& text, const std::string& file) : s_(text), file_(file) {}

    std::map<std::string, param_values> document() {
        std::map<std::string, param_values> out;
        expect('{');
        if (!peek('}'))
            do {
                const std::string name = string();
                expect(':');
                if (out.count(name)) fail("'" + name + "' appears twice");
                out[name] = value(name);
            } while (accept(','));
        expect('}');
        skip();
        if (at_ < s_.size()) fail("text after the closing '}'");
        return out;
    }

private:
    param_values value(const std::string& name) {
        param_values v;
        if (!peek('[')) {
            v.values.push_back(finite(name));
            return v;
        }
        expect('[');
        if (peek('[')) {  // a matrix: rows
            std::size_t columns = 0, rows = 0;
            do {
                expect('[');
                std::size_t n = 0;
                do {
                    v.values.push_back(finite(name));
                    ++n;
                } while (accept(','));
                expect(']');
                if (rows > 0 && n != columns)
                    fail("the rows of '" + name + "' have different lengths (" + std::to_string(columns) + " and " +
                         std::to_string(n) + ")");
                columns = n, ++rows;
            } while (accept(','));
            expect(']');
            v.shape = {rows, columns};
            return v;
        }
        do v.values.push_back(finite(name));
        while (accept(','));
        expect(']');
        v.shape = {v.values.size()};
        return v;
    }

    double finite(const std::string& name) {
        skip();
        const char* begin = s_.c_str() + at_;
        char* end = nullptr;
        const double x = std::strtod(begin, &end);
        if (end == begin) fail("expected a number in the value of '" + name + "'");
        at_ += static_cast<std::size_t>(end - begin);
        if (!std::isfinite(x)) fail("the value of '" + name + "' is not a finite number");
        return x;
    }

    std::string string() {
        expect('"');
        std::string out;
        while (at_ < s_.size() && s_[at_] != '"') {
            if (s_[at_] == '\\' && at_ + 1 < s_.size()) ++at_;
            out += s_[at_++];
        }
        if (at_ >= s_.size()) fail("a name is not closed by '\"'");
        ++at_;
        return out;
    }

    void skip() {
        while (at_ < s_.size() && (s_[at_] == ' ' || s_[at_] == '\n' || s_[at_] == '\t' || s_[at_] == '\r')) ++at_;
    }
    bool peek(char c) {
        skip();
        return at_ < s_.size() && s_[at_] == c;
    }
    bool accept(char c) {
        if (!peek(c)) return false;
        ++at_;
        return true;
    }
    void expect(char c) {
        if (!accept(c)) fail(std::string("expected '") + c + "'");
    }
    [[noreturn]] void fail(const std::string& what) const {
        int line = 1, column = 1;
        for (std::size_t i = 0; i < at_ && i < s_.size(); ++i) {
            if (s_[i] == '\n') ++line, column = 1;
            else ++column;
        }
        throw usage_error(file_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what);
    }

    const std::string& s_;
    const std::string& file_;
    std::size_t at_ = 0;
};

}  // namespace

std::string param_file_text(const std::map<std::string, param_values>& params) {
    std::ostringstream out;
    out << "{";
    bool first = true;
    for (const auto& [name, p] : params) {
        out << (first ? "\n  " : ",\n  ") << quoted(name) << ": ";
        first = false;
        if (p.shape.empty()) {
            out << round_trip_text(p.values.at(0));
        } else if (p.shape.size() == 1) {
            out << "[";
            for (std::size_t k = 0; k < p.values.size(); ++k) out << (k ? ", " : "") << round_trip_text(p.values[k]);
            out << "]";
        } else {
            out << "[";
            for (std::size_t r = 0; r < p.shape[0]; ++r) {
                out << (r ? ", [" : "[");
                for (std::size_t c = 0; c < p.shape[1]; ++c)
                    out << (c ? ", " : "") << round_trip_text(p.values[r * p.shape[1] + c]);
                out << "]";
            }
            out << "]";
        }
    }
    out << "\n}\n";
    return out.str();
}

std::map<std::string, param_values> parse_param_file(const std::string& text, const std::string& file) {
    return reader(text, file).document();
}

std::map<std::string, param_values> read_param_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error("cannot read the parameter file '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_param_file(text.str(), path);
}

void write_param_file(const std::string& path, const std::map<std::string, param_values>& params) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw usage_error("cannot write the parameter file '" + path + "'");
        out << param_file_text(params);
        if (!out.flush()) throw usage_error("cannot write the parameter file '" + path + "'");
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        throw usage_error("cannot replace the parameter file '" + path + "'");
    }
}

}  // namespace chainrule::lang
