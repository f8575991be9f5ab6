// CSV reading: every error names file, row and column; the accepted forms; matching columns
// to a model's inputs by name.
#include <chainrule/core/error.hpp>
#include <chainrule/optim/columns.hpp>
#include <chainrule/optim/csv.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace chainrule::optim;

namespace {

/// A temporary directory, removed with its contents at scope end.
class temp_dir {
public:
    temp_dir() : path_(fs::temp_directory_path() / ("chainrule-optim-test-" + std::to_string(::getpid()))) {
        fs::create_directories(path_);
    }
    ~temp_dir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    /// Writes `contents` to file `name` in the directory; its path.
    std::string write(const std::string& name, const std::string& contents) const {
        const fs::path p = path_ / name;
        std::ofstream(p, std::ios::binary) << contents;
        return p.string();
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

/// The data_error read_csv throws for `contents` written to `name`; fails the test if none.
data_error error_for(const temp_dir& dir, const std::string& name, const std::string& contents) {
    const std::string path = dir.write(name, contents);
    try {
        read_csv(path);
    } catch (const data_error& e) {
        BOOST_TEST(e.file() == path);
        BOOST_TEST(std::string(e.what()).find(path) == 0U);
        return e;
    }
    BOOST_FAIL("no data_error for " << name);
    throw;  // not reached
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(missing_file) {
    try {
        read_csv("/nonexistent/chainrule/none.csv");
        BOOST_FAIL("no error");
    } catch (const chainrule::usage_error& e) {
        BOOST_TEST(contains(e.what(), "cannot read the data file '/nonexistent/chainrule/none.csv': it does not exist"));
    }
}

BOOST_AUTO_TEST_CASE(only_regular_files_are_read) {
    // a directory would read as nothing, a device or a FIFO without end: each is refused at once
    temp_dir dir;
    const std::string fifo = (dir.path() / "pipe.csv").string();
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const std::pair<std::string, std::string> refused[] = {
        {dir.path().string(), "it is a directory"},
        {"/dev/zero", "it is not a regular file"},
        {fifo, "it is not a regular file"},
    };
    for (const auto& [path, why] : refused) {
        try {
            read_csv(path);
            BOOST_FAIL("no error for " << path);
        } catch (const chainrule::usage_error& e) {
            BOOST_TEST(contains(e.what(), "cannot read the data file '" + path + "': " + why), e.what());
        }
    }
}

BOOST_AUTO_TEST_CASE(empty_file) {
    temp_dir dir;
    BOOST_TEST(contains(error_for(dir, "empty.csv", "").what(), "empty.csv: the file is empty"));
    BOOST_TEST(contains(error_for(dir, "blank.csv", "\n  \n\r\n").what(), "the file is empty"));
}

BOOST_AUTO_TEST_CASE(missing_header) {
    temp_dir dir;
    const data_error e = error_for(dir, "noheader.csv", "1,2,3\n4,5,6\n");
    BOOST_TEST(e.row() == 1U);
    BOOST_TEST(contains(e.what(), "noheader.csv:1: the first line holds numbers, not column names"));
}

BOOST_AUTO_TEST_CASE(header_only) {
    temp_dir dir;
    BOOST_TEST(contains(error_for(dir, "h.csv", "a,b\n").what(), "h.csv: the file has a header row but no data rows"));
}

BOOST_AUTO_TEST_CASE(ragged_rows) {
    temp_dir dir;
    // a short row: the first missing cell is column 3, 'c'
    const data_error short_row = error_for(dir, "short.csv", "a,b,c\n1,2,3\n4,5\n");
    BOOST_TEST(short_row.row() == 3U);
    BOOST_TEST(short_row.column() == 3U);
    BOOST_TEST(contains(short_row.what(), "short.csv:3: column 3 'c': the row has 2 cells but the header has 3 columns"));
    // a long row: the extra cell is column 4
    const data_error long_row = error_for(dir, "long.csv", "a,b,c\n1,2,3,4\n");
    BOOST_TEST(long_row.row() == 2U);
    BOOST_TEST(long_row.column() == 4U);
    BOOST_TEST(contains(long_row.what(), "long.csv:2: column 4: the row has 4 cells"));
}

BOOST_AUTO_TEST_CASE(non_numeric_cells) {
    temp_dir dir;
    const data_error word = error_for(dir, "word.csv", "x,y\n1,2\n\n3,abc\n");
    BOOST_TEST(word.row() == 4U);  // blank line 3 skipped but counted
    BOOST_TEST(word.column() == 2U);
    BOOST_TEST(word.column_name() == "y");
    BOOST_TEST(contains(word.what(), "word.csv:4: column 2 'y': 'abc' is not a finite decimal number"));
    BOOST_TEST(contains(error_for(dir, "empty_cell.csv", "x,y\n1,\n").what(), "column 2 'y': the cell is empty"));
    BOOST_TEST(contains(error_for(dir, "nan.csv", "x,y\n1,nan\n").what(), "'nan' is not a finite decimal number"));
    BOOST_TEST(contains(error_for(dir, "inf.csv", "x,y\n-inf,1\n").what(), "column 1 'x': '-inf' is not"));
    BOOST_TEST(contains(error_for(dir, "big.csv", "x,y\n1e999,1\n").what(), "'1e999' is too large for a double"));
    BOOST_TEST(contains(error_for(dir, "trail.csv", "x,y\n1.5x,1\n").what(), "'1.5x' is not"));
    BOOST_TEST(contains(error_for(dir, "hex.csv", "x,y\n0x10,1\n").what(), "'0x10' is not"));
    // one sign at most (found by fuzzing: '+-1' read as -1, '+-1.5' as -1.5)
    BOOST_TEST(contains(error_for(dir, "signs.csv", "x,y\n+-1,1\n").what(), "'+-1' is not"));
    BOOST_TEST(contains(error_for(dir, "signs2.csv", "x,y\n1,+-1.5\n").what(), "'+-1.5' is not"));
    BOOST_TEST(contains(error_for(dir, "signs3.csv", "x,y\n1,-+2\n").what(), "'-+2' is not"));
}

// a header as the last line, without its LF, was read one byte past the text (found by fuzzing
// under AddressSanitizer)
BOOST_AUTO_TEST_CASE(a_header_without_a_final_newline) {
    temp_dir dir;
    BOOST_TEST(contains(error_for(dir, "h.csv", "a,b").what(), "h.csv: the file has a header row but no data rows"));
}

BOOST_AUTO_TEST_CASE(duplicate_and_empty_names) {
    temp_dir dir;
    const data_error dup = error_for(dir, "dup.csv", "x,y,x\n1,2,3\n");
    BOOST_TEST(dup.row() == 1U);
    BOOST_TEST(dup.column() == 3U);
    BOOST_TEST(contains(dup.what(), "dup.csv:1: column 3 'x': the name repeats column 1"));
    BOOST_TEST(contains(error_for(dir, "dup2.csv", "X[0, 1],X[0,1]\n1,2\n").what(), "column 2 'X[0,1]': the name repeats column 1"));
    BOOST_TEST(contains(error_for(dir, "noname.csv", "x,,y\n1,2,3\n").what(), "noname.csv:1: column 2: the header has an empty column name"));
}

BOOST_AUTO_TEST_CASE(quoting_errors) {
    temp_dir dir;
    BOOST_TEST(contains(error_for(dir, "q1.csv", "\"x,y\n1\n").what(), "q1.csv:1: column 1: a quoted cell has no closing quote"));
    BOOST_TEST(contains(error_for(dir, "q2.csv", "x,y\n1,2\"\n").what(), "q2.csv:2: column 2: a quote inside an unquoted cell"));
    BOOST_TEST(contains(error_for(dir, "b.csv", "x,y[0\n1,2\n").what(), "b.csv:1: column 2: a '[' without its ']'"));
}

BOOST_AUTO_TEST_CASE(accepted_forms) {
    temp_dir dir;
    // CRLF, spaces, a quoted name with a comma, blank lines, signs, exponents, leading dot
    const std::string path =
        dir.write("ok.csv", " \"x[0, 1]\" , x[1],y\r\n\r\n0.1, -2 ,+3e2\r\n.5,1E-3,-0\r\n\n");
    const table t = read_csv(path);
    BOOST_TEST(t.names == (std::vector<std::string>{"x[0, 1]", "x[1]", "y"}));
    BOOST_TEST(t.rows() == 2U);
    BOOST_TEST(t.lines == (std::vector<std::size_t>{3, 4}));
    BOOST_TEST(t.columns[0] == (std::vector<double>{0.1, 0.5}));
    BOOST_TEST(t.columns[1] == (std::vector<double>{-2, 0.001}));
    BOOST_TEST(t.columns[2] == (std::vector<double>{300, 0}));
    BOOST_TEST(t.text(0, 0) == "0.1");  // the exact decimal text, kept
    BOOST_TEST(t.text(2, 0) == "+3e2");
    // parse_csv without a file
    const table u = parse_csv("a\n1\n2", "inline");
    BOOST_TEST(u.columns[0] == (std::vector<double>{1, 2}));
    BOOST_TEST(u.file == "inline");
}

BOOST_AUTO_TEST_CASE(every_cell_keeps_its_text) {
    // quoted numbers, tabs, CRLF, a last line without its newline
    const table t = parse_csv("a,\"b\",c\r\n\"1.25\",\t-7 ,\"3e-2\"\r\n\n  0 ,\"+0.5\",12345678901234567890", "q.csv");
    BOOST_TEST(t.rows() == 2U);
    BOOST_TEST(t.text(0, 0) == "1.25");
    BOOST_TEST(t.text(1, 0) == "-7");
    BOOST_TEST(t.text(2, 0) == "3e-2");
    BOOST_TEST(t.text(0, 1) == "0");
    BOOST_TEST(t.text(1, 1) == "+0.5");
    BOOST_TEST(t.text(2, 1) == "12345678901234567890");
    BOOST_TEST(t.columns[2][1] == 12345678901234567890.0);
    BOOST_TEST(t.lines == (std::vector<std::size_t>{2, 4}));
}

BOOST_AUTO_TEST_CASE(a_quote_inside_a_quoted_number_is_refused) {
    temp_dir dir;
    const data_error e = error_for(dir, "qq.csv", "x,y\n1,\"2\"\"3\"\n");
    BOOST_TEST(e.column() == 2U);
    BOOST_TEST(contains(e.what(), "qq.csv:2: column 2 'y': '2\"3' is not a finite decimal number"));
}

BOOST_AUTO_TEST_CASE(whole_numbers_read_as_from_strtod) {
    // the whole-number shortcut against the C library's strtod, across its 15-digit limit
    std::mt19937_64 random(3);
    std::vector<std::string> cells = {"0", "-0", "+0", "007", "-007", "+5", "999999999999999", "1000000000000000",
                                      "-999999999999999", "9007199254740993", "18446744073709551615", "123456789012345678901"};
    for (int k = 0; k < 3000; ++k) {
        const int digits = 1 + static_cast<int>(random() % 18);
        std::string cell = (random() % 3 == 0) ? "-" : (random() % 5 == 0 ? "+" : "");
        for (int d = 0; d < digits; ++d) cell += static_cast<char>('0' + random() % 10);
        cells.push_back(cell);
    }
    std::string csv = "v\n";
    for (const std::string& c : cells) csv += c + "\n";
    const table t = parse_csv(csv, "w.csv");
    BOOST_REQUIRE(t.rows() == cells.size());
    for (std::size_t r = 0; r < cells.size(); ++r) {
        const double want = std::strtod(cells[r].c_str(), nullptr);
        BOOST_TEST_CONTEXT(cells[r]) {
            BOOST_TEST(t.columns[0][r] == want);
            BOOST_TEST(std::signbit(t.columns[0][r]) == std::signbit(want));
            BOOST_TEST(t.text(0, r) == cells[r]);
        }
    }
}

BOOST_AUTO_TEST_CASE(decimals_read_as_from_strtod_with_their_text) {
    // a wide table of random decimals of every accepted form, against strtod and the text written
    std::mt19937_64 random(8);
    const std::size_t rows = 300, columns = 17;
    std::vector<std::string> cells;
    std::string csv;
    for (std::size_t c = 0; c < columns; ++c) csv += (c ? "," : "") + ("x[" + std::to_string(c) + "]");
    csv += "\n";
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns; ++c) {
            std::string cell = random() % 2 ? "-" : "";
            const int form = static_cast<int>(random() % 4);
            cell += std::to_string(random() % 100000);
            if (form >= 1) cell += "." + std::to_string(random() % 1000000);
            if (form >= 2) cell += (random() % 2 ? "e" : "E") + std::to_string(static_cast<int>(random() % 61) - 30);
            if (form == 3) cell = "." + std::to_string(random() % 1000);
            cells.push_back(cell);
            csv += (c ? (random() % 4 == 0 ? " , " : ",") : "") + cell;
        }
        csv += random() % 2 ? "\r\n" : "\n";
    }
    const table t = parse_csv(csv, "d.csv");
    BOOST_REQUIRE(t.rows() == rows);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < columns; ++c) {
            const std::string& cell = cells[r * columns + c];
            BOOST_TEST_CONTEXT(cell) {
                BOOST_TEST(t.columns[c][r] == std::strtod(cell.c_str(), nullptr));
                BOOST_TEST(t.text(c, r) == cell);
            }
        }
}

BOOST_AUTO_TEST_CASE(element_names_are_row_major) {
    const std::vector<std::size_t> vec{3}, mat{2, 3}, none{};
    BOOST_TEST(element_names("x", vec) == (std::vector<std::string>{"x[0]", "x[1]", "x[2]"}));
    BOOST_TEST(element_names("X", mat) ==
               (std::vector<std::string>{"X[0,0]", "X[0,1]", "X[0,2]", "X[1,0]", "X[1,1]", "X[1,2]"}));
    BOOST_TEST(element_names("y", none) == (std::vector<std::string>{"y"}));
}

BOOST_AUTO_TEST_CASE(matrix_element_names_need_no_quotes) {
    const table t = parse_csv("X[0,0],X[0, 1],y\n1,2,3\n", "mat.csv");
    BOOST_TEST(t.names == (std::vector<std::string>{"X[0,0]", "X[0, 1]", "y"}));
    const std::vector<std::size_t> shape{1, 2};
    BOOST_TEST(match_columns(t, element_names("X", shape)) == (std::vector<std::size_t>{0, 1}));
}

BOOST_AUTO_TEST_CASE(matching_columns_by_name) {
    const table t = parse_csv("x[0],x[ 1 ],y\n1,2,3\n", "m.csv");
    const std::vector<std::string> needed{"y", "x[0]", "x[1]"};
    BOOST_TEST(match_columns(t, needed) == (std::vector<std::size_t>{2, 0, 1}));
    const std::vector<std::string> missing{"x[0]", "x[2]"};
    try {
        match_columns(t, missing);
        BOOST_FAIL("no error");
    } catch (const data_error& e) {
        BOOST_TEST(contains(e.what(), "m.csv: no column named 'x[2]'; the file has columns: x[0], x[ 1 ], y"));
    }
}

BOOST_AUTO_TEST_SUITE_END()
