// The data sets of examples/data, the same on every run and every machine:
//   xor.csv         the four XOR points:                      x[0], x[1], y
//   regression.csv  200 points of y = 1.5 x - 0.5 + noise:    x, y
//   spirals.csv     two interleaved spirals, 200 points each: x[0], x[1], y (0 or 1)
//   circles.csv     two concentric circles, 200 points each:  x[0], x[1], y (0 outer, 1 inner)
// and, on request (it is large), write_mnist_like: MNIST-shaped images of ten classes.
// Each file has its own seeded chainrule::optim::random_stream (bit-reproducible draws);
// values are written with 6 decimals, so the last-bit differences sin and cos may have between
// C libraries do not reach the text.
#include "datasets.hpp"

#include <chainrule/optim/random.hpp>

#include <charconv>
#include <cmath>
#include <fstream>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace chainrule_examples {

namespace {

using chainrule::optim::random_stream;

/// x with 6 decimals, "-0.000000" written as "0.000000".
std::string fixed6(double x) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed, 6);
    if (ec != std::errc()) throw std::runtime_error("cannot format a number");
    std::string text(buffer, end);
    if (text == "-0.000000") text = "0.000000";
    return text;
}

/// A CSV file being written; throws when it cannot be written.
class csv_writer {
public:
    csv_writer(const std::string& path, const std::string& header) : path_(path), out_(path) {
        if (!out_) throw std::runtime_error("cannot write " + path);
        out_ << header << '\n';
    }
    void row(const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) out_ << (i ? "," : "") << cells[i];
        out_ << '\n';
    }
    void close() {
        out_.close();
        if (!out_) throw std::runtime_error("cannot write " + path_);
    }

private:
    std::string path_;
    std::ofstream out_;
};

void write_xor(const std::string& dir) {
    csv_writer out(dir + "/xor.csv", "x[0],x[1],y");
    for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 2; ++b) out.row({std::to_string(a), std::to_string(b), std::to_string(a ^ b)});
    out.close();
}

void write_regression(const std::string& dir) {
    // y = 1.5 x - 0.5 + e, x ~ U(-2, 2), e ~ N(0, 0.25^2)
    random_stream stream(1);
    csv_writer out(dir + "/regression.csv", "x,y");
    for (int i = 0; i < 200; ++i) {
        const double x = stream.uniform(-2, 2);
        const double y = 1.5 * x - 0.5 + stream.normal(0, 0.25);
        out.row({fixed6(x), fixed6(y)});
    }
    out.close();
}

void write_spirals(const std::string& dir) {
    // arm k (0 or 1) at t in [0.15, 1]: r = t, angle = 3 pi t + k pi, plus N(0, 0.02^2) per coordinate
    random_stream stream(2);
    csv_writer out(dir + "/spirals.csv", "x[0],x[1],y");
    constexpr int per_class = 200;
    for (int i = 0; i < per_class; ++i) {
        const double t = 0.15 + 0.85 * i / (per_class - 1);
        for (int k = 0; k < 2; ++k) {
            const double angle = 3 * std::numbers::pi * t + k * std::numbers::pi;
            const double x0 = t * std::cos(angle) + stream.normal(0, 0.02);
            const double x1 = t * std::sin(angle) + stream.normal(0, 0.02);
            out.row({fixed6(x0), fixed6(x1), std::to_string(k)});
        }
    }
    out.close();
}

void write_circles(const std::string& dir) {
    // class 0 on radius 1, class 1 on radius 0.5, angle ~ U(0, 2 pi), plus N(0, 0.05^2) per coordinate
    random_stream stream(3);
    csv_writer out(dir + "/circles.csv", "x[0],x[1],y");
    for (int i = 0; i < 200; ++i) {
        for (int k = 0; k < 2; ++k) {
            const double r = k == 0 ? 1.0 : 0.5;
            const double angle = stream.uniform(0, 2 * std::numbers::pi);
            const double x0 = r * std::cos(angle) + stream.normal(0, 0.05);
            const double x1 = r * std::sin(angle) + stream.normal(0, 0.05);
            out.row({fixed6(x0), fixed6(x1), std::to_string(k)});
        }
    }
    out.close();
}

/// A pixel of k / 10000 (k in 0 .. 10000) as its shortest decimal: 0, 1, 0.25, 0.0625.
void append_pixel(std::string& line, std::uint64_t k) {
    if (k == 0 || k == 10000) {
        line += k == 0 ? '0' : '1';
        return;
    }
    char digits[5] = {'0', '0', '0', '0', 0};
    for (int i = 3; i >= 0; --i, k /= 10) digits[i] = static_cast<char>('0' + k % 10);
    int n = 4;
    while (digits[n - 1] == '0') --n;
    line += "0.";
    line.append(digits, static_cast<std::size_t>(n));
}

}  // namespace

void write_mnist_like(const std::string& path, long rows, std::uint64_t seed) {
    constexpr int pixels = 28 * 28, classes = 10;
    random_stream stream(seed);
    // the prototypes: a pixel lit with probability 0.19 at an intensity in [0.5, 1)
    std::vector<std::uint64_t> prototype(classes * pixels, 0);
    for (std::uint64_t& p : prototype)
        if (stream.below(100) < 19) p = 5000 + stream.below(5000);
    std::string header;
    for (int k = 0; k < pixels; ++k) header += "x[" + std::to_string(k) + "],";
    for (int c = 0; c < classes; ++c) header += "y[" + std::to_string(c) + "]" + (c + 1 < classes ? "," : "");
    std::ofstream out(path, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << header << '\n';
    std::string line;
    for (long r = 0; r < rows; ++r) {
        const std::uint64_t c = stream.below(classes);
        line.clear();
        for (int k = 0; k < pixels; ++k) {
            const std::uint64_t p = prototype[c * pixels + static_cast<std::uint64_t>(k)];
            std::uint64_t v = 0;
            if (p != 0) {
                // kept with probability 0.85, dimmed to 75%..100% of the prototype's intensity
                if (stream.below(100) < 85) v = p * (7500 + stream.below(2501)) / 10000;
            } else if (stream.below(100) < 3) {
                v = 1 + stream.below(4000);  // a stray pixel, dim
            }
            append_pixel(line, v);
            line += ',';
        }
        for (std::uint64_t d = 0; d < classes; ++d) {
            line += d == c ? '1' : '0';
            line += d + 1 < classes ? ',' : '\n';
        }
        out << line;
    }
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path);
}

void write_datasets(const std::string& directory) {
    write_xor(directory);
    write_regression(directory);
    write_spirals(directory);
    write_circles(directory);
}

}  // namespace chainrule_examples
