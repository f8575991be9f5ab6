// A held-out split (`data "f.csv" test F seed S`), `eval ... over test`, and the classification
// tools argmax and delta. Oracles: the rows' own values and counts computed here from the CSV
// text, membership read back through the language (delta(id, k) over each part), the first
// largest element found by a loop, accuracy counted by hand.
#include "chainrule/lang/render.hpp"
#include "chainrule/optim/shuffle.hpp"
#include "lang_testing.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

using namespace chainrule;
using namespace chainrule::lang;
using namespace chainrule::lang_testing;

namespace {

// n rows: id = the row's index, c = a value of the row (id * 3 mod 7, minus 2.5)
std::string id_table(int n) {
    std::string csv = "id,c\n";
    for (int r = 0; r < n; ++r) csv += std::to_string(r) + "," + std::to_string((r * 3) % 7) + ".5\n";
    return csv;
}
double c_of(int r) { return (r * 3) % 7 + 0.5; }

const eval_result& eval_of(const result& r) {
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::eval, message_of(r));
    return r.as<eval_result>();
}

// The exact value of a one-element eval.
rational exact_of(const result& r) {
    const eval_result& e = eval_of(r);
    BOOST_REQUIRE(e.elements.size() == 1u);
    BOOST_REQUIRE_MESSAGE(e.elements[0].rational_value.has_value(), e.elements[0].decimal);
    return *e.elements[0].rational_value;
}

// The error of r: its file:line:col and message.
std::string located(const result& r) {
    if (r.kind() != result_kind::error) return "no error";
    const diagnostic& d = r.as<error_result>().error;
    return d.file + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + ": " + d.message;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(held_out_split)

BOOST_AUTO_TEST_CASE(the_split_holds_out_round_f_n_rows_and_every_row_is_in_one_part) {
    scratch d;
    const int n = 50;
    session s;
    s.run_program("input id, c\n", "t.chain");
    const result r = last(s, "data \"" + d.write("ids.csv", id_table(n)) + "\" test 0.2 seed 5");
    BOOST_REQUIRE_MESSAGE(r.kind() == result_kind::data, message_of(r));
    BOOST_TEST(r.as<data_result>().rows == 50u);
    BOOST_TEST(r.as<data_result>().test_rows == 10u);  // 0.2 x 50
    // membership read back through the language: delta(id, k) averages to 1/(part size) in the
    // part that holds row k and to 0 in the other
    std::vector<std::size_t> test_rows;
    for (int k = 0; k < n; ++k) {
        const std::string kk = std::to_string(k);
        const rational in_test = exact_of(last(s, "eval delta(id, " + kk + ") over test"));
        const rational in_train = exact_of(last(s, "eval delta(id, " + kk + ") over data"));
        BOOST_TEST_CONTEXT("row " << k) {
            BOOST_TEST(((in_test == rational(1) / 10 && in_train == 0) || (in_test == 0 && in_train == rational(1) / 40)));
        }
        if (in_test != 0) test_rows.push_back(static_cast<std::size_t>(k));
    }
    BOOST_TEST(test_rows.size() == 10u);
    // the documented choice: optim::random_split's held-out rows for that seed
    BOOST_TEST(test_rows == optim::random_split(50, 10, 5).validation);
    // the means of a column over each part, from the CSV's numbers directly
    double test_sum = 0, train_sum = 0;
    for (int k = 0; k < n; ++k)
        (std::find(test_rows.begin(), test_rows.end(), static_cast<std::size_t>(k)) != test_rows.end() ? test_sum
                                                                                                      : train_sum) += c_of(k);
    BOOST_TEST(std::abs(std::stod(eval_of(last(s, "eval c over test")).elements[0].decimal) - test_sum / 10) < 1e-15);
    BOOST_TEST(std::abs(std::stod(eval_of(last(s, "eval c over data")).elements[0].decimal) - train_sum / 40) < 1e-15);
    BOOST_TEST(eval_of(last(s, "eval c over test")).rows == 10u);
    BOOST_TEST(eval_of(last(s, "eval c over data")).rows == 40u);
    // another seed holds out other rows, the same seed the same ones
    session t;
    t.run_program("input id, c\ndata \"" + (d.dir / "ids.csv").string() + "\" test 0.2 seed 6\n", "t.chain");
    session u;
    u.run_program("input id, c\ndata \"" + (d.dir / "ids.csv").string() + "\" test 0.2 seed 5\n", "t.chain");
    BOOST_TEST(exact_of(last(t, "eval id over test")) != exact_of(last(s, "eval id over test")));
    BOOST_TEST(exact_of(last(u, "eval id over test")) == exact_of(last(s, "eval id over test")));
    // without seed, seed 0
    session v;
    v.run_program("input id, c\ndata \"" + (d.dir / "ids.csv").string() + "\" test 0.2\n", "t.chain");
    const std::vector<std::size_t> zero = optim::random_split(50, 10, 0).validation;
    rational mean = 0;
    for (std::size_t k : zero) mean += rational(static_cast<long>(k)) / 10;
    BOOST_TEST(exact_of(last(v, "eval id over test")) == mean);
}

BOOST_AUTO_TEST_CASE(training_reads_only_the_training_rows) {
    scratch d;
    const std::string csv = d.write("ids.csv", id_table(30));
    // the minimiser of the mean of (w - c)^2 is the mean of c over the rows trained on
    const std::vector<std::size_t> test = optim::random_split(30, 9, 2).validation;  // 0.3 x 30
    double train_mean = 0;
    for (int k = 0; k < 30; ++k)
        if (std::find(test.begin(), test.end(), static_cast<std::size_t>(k)) == test.end()) train_mean += c_of(k) / 21;
    for (const bool tensor : {false, true}) {
        session_options o;
        if (tensor) o.tensor_training_params = 0;
        session s(o);
        const std::string model = tensor ? "input c, o[1]\nparam W[1,1]\nL = sum((W @ o - c)^2)\n"
                                         : "input c\nparam w\nL = (w - c)^2\n";
        const std::string data = tensor ? d.write("ones.csv", [] {
            std::string t = "id,c,o[0]\n";
            for (int r = 0; r < 30; ++r) t += std::to_string(r) + "," + std::to_string((r * 3) % 7) + ".5,1\n";
            return t;
        }())
                                        : csv;
        const std::vector<result> rs = s.run_program(
            model + "data \"" + data + "\" test 0.3 seed 2\ntrain L by sgd(lr = 0.25) epochs 200 batch 21 seed 1\n",
            "t.chain");
        for (const result& r : rs) BOOST_REQUIRE_MESSAGE(r.ok(), r.line() << ": " << message_of(r));
        const train_result& t = rs.back().as<train_result>();
        BOOST_TEST((t.backend.find("(tensor)") != std::string::npos) == tensor, t.backend);
        BOOST_REQUIRE(t.values.size() == 1u);
        BOOST_TEST(std::abs(t.values[0] - train_mean) < 1e-12, t.values[0] << " vs " << train_mean);
        BOOST_TEST(t.report.steps == 200u);  // one full batch of the 21 training rows per epoch
    }
}

BOOST_AUTO_TEST_CASE(the_held_out_count_rounds_half_up_and_must_leave_both_parts) {
    scratch d;
    const std::string csv = d.write("ids.csv", id_table(7));
    session s;
    s.run_program("input id, c\n", "t.chain");
    BOOST_TEST(last(s, "data \"" + csv + "\" test 0.5").as<data_result>().test_rows == 4u);   // 3.5 -> 4
    BOOST_TEST(last(s, "data \"" + csv + "\" test 0.3").as<data_result>().test_rows == 2u);   // 2.1 -> 2
    BOOST_TEST(last(s, "data \"" + csv + "\" test 0.08").as<data_result>().test_rows == 1u);  // 0.56 -> 1
    const std::string none = located(last(s, "data \"" + csv + "\" test 0.05"));
    BOOST_TEST(none.find("t.chain:1:" + std::to_string(csv.size() + 14) + ": ") == 0u, none);  // at the fraction
    BOOST_TEST(none.find("a test fraction of 1/20 of 7 rows holds out no rows") != std::string::npos, none);
    const std::string all = message_of(last(s, "data \"" + csv + "\" test 0.95"));
    BOOST_TEST(all.find("holds out every row, leaving none for training") != std::string::npos, all);
}

BOOST_AUTO_TEST_CASE(over_test_needs_held_out_rows) {
    scratch d;
    session s;
    s.run_program("input id, c\n", "t.chain");
    const std::string no_data = located(last(s, "eval c over test"));
    BOOST_TEST(no_data.find("t.chain:1:8: no data is loaded: add 'data \"FILE.csv\" test 0.2' before '... over test'") == 0u,
               no_data);
    const std::string csv = d.write("ids.csv", id_table(5));
    BOOST_REQUIRE(last(s, "data \"" + csv + "\"").ok());
    const std::string no_split = message_of(last(s, "eval c over test"));
    BOOST_TEST(no_split.find("no rows are held out for testing") != std::string::npos, no_split);
    BOOST_TEST(eval_of(last(s, "eval c over data")).rows == 5u);  // without a split, every row
    // a missing file: located at the file name, as before
    const std::string missing = located(last(s, "data \"/nonexistent/x.csv\" test 0.2"));
    BOOST_TEST(missing.find("t.chain:1:6: cannot read the data file '/nonexistent/x.csv': it does not exist") == 0u, missing);
}

BOOST_AUTO_TEST_CASE(renderers_say_which_part) {
    scratch d;
    session s;
    s.run_program("input id, c\n", "t.chain");
    const result data = last(s, "data \"" + d.write("ids.csv", id_table(20)) + "\" test 0.25 seed 3");
    const std::string text = render_text(s, data, {});
    BOOST_TEST(text.find(": 20 rows (15 for training, 5 held out for test); columns id, c") != std::string::npos, text);
    BOOST_TEST(render_json(s, data).find("\"test_rows\":5") != std::string::npos, render_json(s, data));
    const result mean = last(s, "eval id over test");
    BOOST_TEST(render_text(s, mean, {}).find("id = mean over 5 test rows = ") != std::string::npos, render_text(s, mean, {}));
    BOOST_TEST(render_json(s, mean).find("\"over\":\"test\"") != std::string::npos, render_json(s, mean));
    const result train_mean = last(s, "eval id over data");
    BOOST_TEST(render_text(s, train_mean, {}).find("id = mean over 15 rows = ") != std::string::npos);
    BOOST_TEST(render_json(s, train_mean).find("\"over\":\"data\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(classification)

BOOST_AUTO_TEST_CASE(argmax_is_the_first_largest_element) {
    // small integers, so ties are common; the oracle is a loop
    std::mt19937 random(11);
    session s;
    s.run_program("input v1[1], v2[2], v3[3], v5[5], v6[6]\n", "t.chain");
    for (int trial = 0; trial < 150; ++trial) {
        const int sizes[] = {1, 2, 3, 5, 6};
        const int n = sizes[trial % 5];
        std::vector<long> v(static_cast<std::size_t>(n));
        for (long& x : v) x = static_cast<long>(random() % 7) - 3;
        std::string literal = "[";
        for (int k = 0; k < n; ++k) literal += (k ? ", " : "") + std::to_string(v[static_cast<std::size_t>(k)]) + "/3";
        literal += "]";
        long first = 0;
        for (int k = 1; k < n; ++k)
            if (v[static_cast<std::size_t>(k)] > v[static_cast<std::size_t>(first)]) first = k;
        const std::string name = "v" + std::to_string(n);
        BOOST_TEST_CONTEXT(literal) {
            BOOST_TEST(exact_of(last(s, "eval argmax(" + name + ") at " + name + " = " + literal)) == first);
            // the same as an expression of constants, folded exactly
            BOOST_TEST(exact_of(last(s, "eval argmax(" + literal + ")")) == first);
        }
    }
    // its derivative is 0 where it is defined (between ties)
    BOOST_TEST(exact_of(last(s, "eval d(argmax(v2) * v2[0])/d(v2[1]) at v2 = [1, 2]")) == 0);
}

BOOST_AUTO_TEST_CASE(delta_compares_any_two_scalars) {
    session s;
    s.run_program("input a, b, v[3]\n", "t.chain");
    BOOST_TEST(exact_of(last(s, "eval delta(a, b) at a = 1/3, b = 2/6")) == 1);
    BOOST_TEST(exact_of(last(s, "eval delta(a, b) at a = 1/3, b = 1/3 + 1/10^40")) == 0);
    BOOST_TEST(exact_of(last(s, "eval delta(a^2, 4) at a = -2")) == 1);
    BOOST_TEST(exact_of(last(s, "eval delta(argmax(v), 2) at v = [0, 1, 5]")) == 1);
    BOOST_TEST(exact_of(last(s, "eval delta(3, 3)")) == 1);  // numbers, as index letters use it
    BOOST_TEST(exact_of(last(s, "eval delta(3, 4)")) == 0);
}

BOOST_AUTO_TEST_CASE(accuracy_over_each_part_matches_counting_by_hand) {
    // scores s[0..3] and a one-hot label y[0..3] per row; ties between scores included
    std::mt19937 random(5);
    const int n = 40;
    std::string csv = "s[0],s[1],s[2],s[3],y[0],y[1],y[2],y[3]\n";
    std::vector<int> predicted(n), label(n);
    for (int r = 0; r < n; ++r) {
        int best = 0, score[4];
        for (int k = 0; k < 4; ++k) {
            score[k] = static_cast<int>(random() % 9);
            if (score[k] > score[best]) best = k;
            csv += "0." + std::to_string(score[k]) + ",";
        }
        predicted[r] = best;
        label[r] = static_cast<int>(random() % 4);
        for (int k = 0; k < 4; ++k) csv += std::string(k == label[r] ? "1" : "0") + (k < 3 ? "," : "\n");
    }
    scratch d;
    session s;
    s.run_program("input s[4], y[4]\ncorrect = delta(argmax(s), argmax(y))\ndata \"" + d.write("scores.csv", csv) +
                      "\" test 0.25 seed 9\n",
                  "t.chain");
    const std::vector<std::size_t> test = optim::random_split(n, 10, 9).validation;
    int right_test = 0, right_train = 0;
    for (int r = 0; r < n; ++r) {
        const bool held_out = std::find(test.begin(), test.end(), static_cast<std::size_t>(r)) != test.end();
        if (predicted[r] == label[r]) ++(held_out ? right_test : right_train);
    }
    BOOST_TEST(right_test + right_train > 0);
    BOOST_TEST(exact_of(last(s, "eval correct over test")) == rational(right_test) / 10);
    BOOST_TEST(exact_of(last(s, "eval correct over data")) == rational(right_train) / 30);
}

BOOST_AUTO_TEST_SUITE_END()
