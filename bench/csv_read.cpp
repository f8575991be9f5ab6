// Reading a large CSV (issue 14, "data at this size"): writes a seeded table shaped like MNIST's
// training set, or reads one with optim::read_csv and reports the median time of a few reads and
// the process's peak memory. Run by `bash bench/run_csv`, which puts NumPy's loadtxt beside it.
//   csv_read write FILE ROWS COLUMNS SEED   the table: columns x[0] .. x[COLUMNS-2] and y
//   csv_read read FILE RUNS                 one line: tier=chainrule seconds=... peak_mb=...
#include <chainrule/optim/csv.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace {

// The table: a header, then per row COLUMNS-1 pixel-like cells (four in five "0", the others a
// decimal in (0, 1] of up to four places, as images scaled to [0, 1] are written) and a label
// 0..9. std::mt19937_64 is specified exactly, so a seed gives the same file everywhere.
int write_table(const std::string& path, long rows, long columns, std::uint64_t seed) {
    std::ofstream out(path, std::ios::binary);
    if (!out) {
        std::cerr << "csv_read: cannot write " << path << '\n';
        return 1;
    }
    std::mt19937_64 random(seed);
    std::string line;
    for (long c = 0; c + 1 < columns; ++c) line += "x[" + std::to_string(c) + "],";
    line += "y\n";
    out << line;
    char cell[16];
    for (long r = 0; r < rows; ++r) {
        line.clear();
        for (long c = 0; c + 1 < columns; ++c) {
            const std::uint64_t bits = random();
            if (bits % 5 != 0) {
                line += "0,";
                continue;
            }
            const unsigned v = static_cast<unsigned>((bits >> 8) % 10000) + 1;  // 1 .. 10000
            if (v == 10000) {
                line += "1,";
                continue;
            }
            int n = std::snprintf(cell, sizeof cell, "0.%04u", v);
            while (cell[n - 1] == '0') --n;  // 0.5000 is written 0.5
            line.append(cell, static_cast<std::size_t>(n));
            line += ',';
        }
        line += std::to_string(random() % 10);
        line += '\n';
        out << line;
    }
    return out ? 0 : 1;
}

int read_table(const std::string& path, int runs) {
    std::vector<double> seconds;
    double checksum = 0;
    std::size_t rows = 0, columns = 0;
    for (int k = 0; k < runs; ++k) {
        const auto start = std::chrono::steady_clock::now();
        const chainrule::optim::table t = chainrule::optim::read_csv(path);
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        rows = t.rows();
        columns = t.names.size();
        // touch the values and the text, so nothing is optimised away and both are checked
        checksum = 0;
        for (const std::vector<double>& c : t.columns)
            for (double v : c) checksum += v;
        if (t.text(columns - 1, rows - 1).empty()) return 1;
    }
    std::sort(seconds.begin(), seconds.end());
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("tier=chainrule seconds=%.3f peak_mb=%.0f rows=%zu columns=%zu checksum=%.6f\n",
                seconds[seconds.size() / 2], static_cast<double>(usage.ru_maxrss) / 1024, rows, columns, checksum);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.size() == 5 && args[0] == "write")
            return write_table(args[1], std::stol(args[2]), std::stol(args[3]), std::stoull(args[4]));
        if (args.size() == 3 && args[0] == "read") return read_table(args[1], std::stoi(args[2]));
    } catch (const std::exception& e) {
        std::cerr << "csv_read: " << e.what() << '\n';
        return 1;
    }
    std::cerr << "usage: csv_read write FILE ROWS COLUMNS SEED | csv_read read FILE RUNS\n";
    return 2;
}
