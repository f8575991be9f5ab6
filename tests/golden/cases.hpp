#pragma once
// The golden cases: each runs the built `chainrule` in the source root and compares its
// standard output and error (merged) with tests/golden/expected/<name>.out, and its exit status.

#include <string>
#include <vector>

namespace chainrule::golden {

/// One run of the command.
struct golden_case {
    std::string name;       ///< expected/<name>.out
    std::string arguments;  ///< the command line after `chainrule`, shell-quoted
    int status = 0;         ///< the expected exit status
    bool json = false;      ///< whether every output line must be a JSON object with line and kind
    std::string input;      ///< standard input (for repl), empty for none
    /// whether train's timings (seconds, samples/s, set-up) are masked as '*' before comparing
    bool timings = false;
};

/// Every golden case.
inline std::vector<golden_case> golden_cases() {
    return {
        {"neuron", "run examples/neuron.chain", 0, false, ""},
        {"tanh_network", "run examples/tanh_network.chain", 0, false, ""},
        {"softmax", "run examples/softmax.chain", 0, false, ""},
        {"dense", "run examples/dense.chain", 0, false, ""},
        {"neuron_json", "run --json examples/neuron.chain", 0, true, ""},
        {"tanh_network_json", "run --json examples/tanh_network.chain", 0, true, ""},
        {"softmax_json", "run --json examples/softmax.chain", 0, true, ""},
        {"dense_json", "run --json examples/dense.chain", 0, true, ""},
        {"claims", "run examples/claims.chain", 1, false, ""},
        {"claims_json", "run --json examples/claims.chain", 1, true, ""},
        {"errors", "run tests/golden/errors/errors.chain", 1, false, ""},
        {"errors_json", "run --json tests/golden/errors/errors.chain", 1, true, ""},
        {"shapes", "run tests/golden/errors/shapes.chain", 1, false, ""},
        {"shapes_json", "run --json tests/golden/errors/shapes.chain", 1, true, ""},
        {"limits", "run tests/golden/errors/limits.chain", 1, false, ""},
        {"two_files", "run examples/neuron.chain tests/golden/errors/shapes.chain", 1, false, ""},
        {"missing_file", "run tests/golden/errors/no_such_file.chain", 1, false, ""},
        {"grad_inline", "grad -e 'input x' -e 'param w' -e 'L = (w*x - 1)^2' 'L wrt w'", 0, false, ""},
        {"grad_inline_json", "grad --json -e 'input x' -e 'param w' -e 'L = (w*x - 1)^2' 'L wrt w'", 0, true, ""},
        // certified means as JSON: past double range null with the decimal, else the nearest double and the decimal
        {"grad_over_data_json",
         "grad --json -e 'input x, y' -e 'data \"examples/data/regression.csv\"' -e 'L = exp(1000)*x + (x - y)^2/3 + sin(y)' "
         "'L wrt x, y over data'",
         0, true, ""},
        {"eval_inline", "eval -e 'input x' 'd(sin(x)^2)/d(x) at x = 1/3'", 0, false, ""},
        {"eval_inline_error", "eval -e 'input x' 'log(x) at x = 0'", 1, false, ""},
        {"help", "--help", 0, false, ""},
        {"help_run", "run --help", 0, false, ""},
        {"help_grad", "help grad", 0, false, ""},
        {"help_check", "check --help", 0, false, ""},
        {"graph_inline", "graph -e 'input x' -e 'param w' 'sigmoid(w*x)*x'", 0, false, ""},
        {"graph_file", "graph examples/neuron.chain --of L --at 'x = 1/2, y = 1, w = 3, b = -1'", 0, false, ""},
        {"graph_bad_name", "graph examples/neuron.chain --of 'L; eval 1'", 2, false, ""},
        {"teaching", "run tests/golden/teaching.chain", 0, false, ""},
        {"teaching_json", "run --json tests/golden/teaching.chain", 0, true, ""},
        {"matrix", "run tests/golden/matrix.chain", 1, false, ""},
        {"matrix_json", "run --json tests/golden/matrix.chain", 1, true, ""},
        {"mnist_mlp", "run examples/mnist_mlp.chain", 0, false, ""},
        // training, a held-out split, test loss and accuracy (argmax, delta) on real data
        {"digits", "run examples/digits.chain", 0, false, "", true},
        {"usage_no_command", "", 2, false, ""},
        {"usage_unknown_command", "frobnicate", 2, false, ""},
        {"usage_run_no_file", "run", 2, false, ""},
        {"usage_run_bad_option", "run --bogus examples/neuron.chain", 2, false, ""},
        {"usage_grad_no_statement", "grad -e", 2, false, ""},
        {"help_limits", "help limits", 0, false, ""},
        {"limit_lowered", "grad --limit statement-nodes=20 -e 'input x[4]' -e 'param W[4,4]' 'sum(tanh(W @ x)) wrt W'", 1, false, ""},
        {"limit_raised", "grad --limit statement-nodes=2e3 -e 'input x[4]' -e 'param W[4,4]' 'sum(tanh(W @ x)) wrt W[0, 0]'", 0, false, ""},
        {"usage_limit_unknown", "run --limit nodes=5 examples/neuron.chain", 2, false, ""},
        {"usage_limit_malformed", "eval --limit elements=ten -e 'input x' 'x at x = 1'", 2, false, ""},
        {"repl", "repl", 1, false, "input x\nL = (x\n  + 1)^2\ngrad L wrt x\nfoo\n:help\neval L at x = 2\n:quit\n"},
    };
}

}  // namespace chainrule::golden
