// The shipped data sets: they read back, they have the promised shape, and the generator
// reproduces them byte for byte.
#include "datasets.hpp"

#include <chainrule/optim/columns.hpp>
#include <chainrule/optim/csv.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace chainrule::optim;

namespace {

const std::string data_dir = CHAINRULE_EXAMPLES_DATA;

std::string contents(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Counts of label 0 and label 1 in column y; fails on any other label.
std::pair<std::size_t, std::size_t> label_counts(const table& t) {
    const std::vector<std::string> y{"y"};
    std::pair<std::size_t, std::size_t> counts{0, 0};
    for (double v : t.columns[match_columns(t, y)[0]]) {
        BOOST_TEST_REQUIRE((v == 0 || v == 1));
        (v == 0 ? counts.first : counts.second)++;
    }
    return counts;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(datasets)

BOOST_AUTO_TEST_CASE(xor_table) {
    const table t = read_csv(data_dir + "/xor.csv");
    const std::vector<std::string> needed{"x[0]", "x[1]", "y"};
    const auto c = match_columns(t, needed);
    BOOST_TEST(t.rows() == 4U);
    for (std::size_t r = 0; r < 4; ++r)
        BOOST_TEST(t.columns[c[2]][r] == static_cast<double>(static_cast<int>(t.columns[c[0]][r]) ^
                                                             static_cast<int>(t.columns[c[1]][r])));
}

BOOST_AUTO_TEST_CASE(regression_is_a_noisy_line) {
    // least squares: slope and intercept near 1.5 and -0.5 (noise sd 0.25 over 200 points:
    // standard errors ~0.015 and ~0.018), residual sd near 0.25
    const table t = read_csv(data_dir + "/regression.csv");
    BOOST_TEST(t.rows() == 200U);
    const std::vector<std::string> needed{"x", "y"};
    const auto c = match_columns(t, needed);
    const auto& x = t.columns[c[0]];
    const auto& y = t.columns[c[1]];
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    const double n = 200;
    for (std::size_t i = 0; i < 200; ++i) {
        sx += x[i];
        sy += y[i];
        sxx += x[i] * x[i];
        sxy += x[i] * y[i];
    }
    const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const double intercept = (sy - slope * sx) / n;
    BOOST_TEST(std::abs(slope - 1.5) < 0.08);
    BOOST_TEST(std::abs(intercept + 0.5) < 0.09);
    double rss = 0;
    for (std::size_t i = 0; i < 200; ++i) rss += std::pow(y[i] - slope * x[i] - intercept, 2);
    BOOST_TEST(std::abs(std::sqrt(rss / (n - 2)) - 0.25) < 0.05);
}

BOOST_AUTO_TEST_CASE(spirals_and_circles_are_balanced) {
    const table spirals = read_csv(data_dir + "/spirals.csv");
    BOOST_TEST(spirals.rows() == 400U);
    BOOST_TEST((label_counts(spirals) == std::pair<std::size_t, std::size_t>{200, 200}));
    // the arms are point reflections of each other: consecutive rows (k = 0, 1) are near -each other
    for (std::size_t r = 0; r + 1 < 400; r += 2)
        BOOST_TEST_REQUIRE(std::hypot(spirals.columns[0][r] + spirals.columns[0][r + 1],
                                      spirals.columns[1][r] + spirals.columns[1][r + 1]) < 0.2);
    const table circles = read_csv(data_dir + "/circles.csv");
    BOOST_TEST(circles.rows() == 400U);
    BOOST_TEST((label_counts(circles) == std::pair<std::size_t, std::size_t>{200, 200}));
    // mean radius per class: 1 and 0.5 (noise 0.05 per coordinate)
    double radius[2] = {0, 0};
    for (std::size_t r = 0; r < 400; ++r)
        radius[static_cast<int>(circles.columns[2][r])] += std::hypot(circles.columns[0][r], circles.columns[1][r]) / 200;
    BOOST_TEST(std::abs(radius[0] - 1) < 0.02);
    BOOST_TEST(std::abs(radius[1] - 0.5) < 0.02);
}

BOOST_AUTO_TEST_CASE(digits_table) {
    // examples/data/make_digits.py: 1,797 images of 8x8 pixels k/16 (k = 0..16), the digit one-hot
    const table t = read_csv(data_dir + "/digits.csv");
    BOOST_TEST(t.rows() == 1797U);
    BOOST_REQUIRE(t.names.size() == 74U);
    std::vector<std::string> x, y;
    for (int k = 0; k < 64; ++k) x.push_back("x[" + std::to_string(k) + "]");
    for (int k = 0; k < 10; ++k) y.push_back("y[" + std::to_string(k) + "]");
    const std::vector<std::size_t> xc = match_columns(t, x), yc = match_columns(t, y);
    std::vector<std::size_t> per_digit(10, 0);
    bool pixels_ok = true, one_hot = true;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        for (std::size_t c : xc) {
            const double v = t.columns[c][r] * 16;
            pixels_ok = pixels_ok && v >= 0 && v <= 16 && v == std::floor(v);
        }
        int ones = 0;
        for (std::size_t d = 0; d < 10; ++d) {
            const double v = t.columns[yc[d]][r];
            one_hot = one_hot && (v == 0 || v == 1);
            if (v == 1) ++ones, ++per_digit[d];
        }
        one_hot = one_hot && ones == 1;
    }
    BOOST_TEST(pixels_ok);
    BOOST_TEST(one_hot);
    // about a tenth of the images per digit (UCI's test set: 174 to 183 each)
    for (std::size_t d = 0; d < 10; ++d) BOOST_TEST((per_digit[d] >= 170 && per_digit[d] <= 190), "digit " << d << ": " << per_digit[d]);
}

BOOST_AUTO_TEST_CASE(mnist_like_images) {
    const fs::path dir = fs::temp_directory_path() / ("chainrule-mnist-like-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    chainrule_examples::write_mnist_like((dir / "a.csv").string(), 400, 7);
    chainrule_examples::write_mnist_like((dir / "b.csv").string(), 400, 7);
    chainrule_examples::write_mnist_like((dir / "c.csv").string(), 400, 8);
    BOOST_TEST(contents(dir / "a.csv") == contents(dir / "b.csv"));  // the same seed, the same bytes
    BOOST_TEST(contents(dir / "a.csv") != contents(dir / "c.csv"));
    const table t = read_csv((dir / "a.csv").string());
    fs::remove_all(dir);
    BOOST_TEST(t.rows() == 400U);
    BOOST_REQUIRE(t.names.size() == 794U);
    BOOST_TEST(t.names[0] == "x[0]");
    BOOST_TEST(t.names[783] == "x[783]");
    BOOST_TEST(t.names[784] == "y[0]");
    // pixels in [0, 1] with at most four decimals, about a fifth lit; labels one-hot
    std::vector<int> label(t.rows());
    std::size_t lit = 0;
    bool in_range = true, four_decimals = true, one_hot = true;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        for (std::size_t k = 0; k < 784; ++k) {
            const double v = t.columns[k][r];
            in_range = in_range && v >= 0 && v <= 1;
            four_decimals = four_decimals && t.text(k, r).size() <= 6;
            lit += v > 0;
        }
        int ones = 0;
        for (std::size_t d = 0; d < 10; ++d)
            if (t.columns[784 + d][r] == 1) ++ones, label[r] = static_cast<int>(d);
        one_hot = one_hot && ones == 1;
    }
    BOOST_TEST(in_range);
    BOOST_TEST(four_decimals);
    BOOST_TEST(one_hot);
    const double lit_share = static_cast<double>(lit) / (400.0 * 784);
    BOOST_TEST((lit_share > 0.15 && lit_share < 0.25), lit_share);
    // learnable: the nearest class mean of the first 300 images names the class of most of the last 100
    std::vector<std::vector<double>> mean(10, std::vector<double>(784, 0));
    std::vector<int> count(10, 0);
    for (std::size_t r = 0; r < 300; ++r) {
        ++count[static_cast<std::size_t>(label[r])];
        for (std::size_t k = 0; k < 784; ++k) mean[static_cast<std::size_t>(label[r])][k] += t.columns[k][r];
    }
    int right = 0;
    for (std::size_t r = 300; r < 400; ++r) {
        int best = -1;
        double best_distance = 0;
        for (std::size_t c = 0; c < 10; ++c) {
            if (count[c] == 0) continue;
            double distance = 0;
            for (std::size_t k = 0; k < 784; ++k) {
                const double e = t.columns[k][r] - mean[c][k] / count[c];
                distance += e * e;
            }
            if (best < 0 || distance < best_distance) best = static_cast<int>(c), best_distance = distance;
        }
        right += best == label[r];
    }
    BOOST_TEST(right >= 90, right << " of 100");
}

BOOST_AUTO_TEST_CASE(generator_reproduces_the_shipped_files) {
    const fs::path out = fs::temp_directory_path() / ("chainrule-datasets-" + std::to_string(::getpid()));
    fs::create_directories(out);
    chainrule_examples::write_datasets(out.string());
    for (const char* name : {"xor.csv", "regression.csv", "spirals.csv", "circles.csv"})
        BOOST_TEST(contents(out / name) == contents(fs::path(data_dir) / name), name << " differs from its regeneration");
    fs::remove_all(out);
}

BOOST_AUTO_TEST_SUITE_END()
