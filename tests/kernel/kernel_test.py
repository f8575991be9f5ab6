"""The chainrule Jupyter kernel driven by a real Jupyter client (jupyter_client.KernelManager).

Usage: kernel_test.py BUILD_DIR SOURCE_ROOT REPORT.xml

Starts the built kernel through the build tree's kernelspec (JUPYTER_PATH=BUILD_DIR/share/jupyter),
runs cells as a notebook would, in order, in one kernel (later cases use earlier cells'
definitions), and writes a Boost.Test-style XML report (what scripts/test_summary.py adds up).
Every case fails, never skips, when something it needs is missing. Exit status 1 when any case
failed.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from boost_report import write_report  # noqa: E402

BUILD, SOURCE, REPORT = sys.argv[1], sys.argv[2], sys.argv[3]
TIMEOUT = 30  # seconds any one request may take


class Kernel:
    """One chainrule kernel and a client of it."""

    def __init__(self, jupyter_path, cwd):
        import jupyter_client  # Debian's python3-jupyter-client (scripts/setup.sh installs it)

        os.environ["JUPYTER_PATH"] = jupyter_path
        self.km = jupyter_client.KernelManager(kernel_name="chainrule")
        self.km.start_kernel(cwd=cwd)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)

    def execute(self, code, on_output=None, timeout=TIMEOUT):
        """Runs a cell: (reply content, [(msg_type, content)] of its iopub outputs)."""
        msg_id = self.kc.execute(code)
        return self.collect(msg_id, on_output, timeout)

    def collect(self, msg_id, on_output=None, timeout=TIMEOUT):
        outputs = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no idle status within {timeout} s; outputs so far: {outputs}")
            try:
                m = self.kc.get_iopub_msg(timeout=left)
            except Exception:
                continue
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            kind = m["msg_type"]
            if kind == "status" and m["content"]["execution_state"] == "idle":
                break
            if kind in ("display_data", "execute_result", "error", "stream"):
                outputs.append((kind, m["content"]))
                if on_output:
                    on_output(kind, m["content"])
        return self.reply(msg_id), outputs

    def reply(self, msg_id, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = self.kc.get_shell_msg(timeout=max(deadline - time.monotonic(), 0.01))
            if m["parent_header"].get("msg_id") == msg_id:
                return m["content"]
        raise AssertionError(f"no shell reply within {timeout} s")

    def request(self, send):
        """A shell request other than execute (complete, inspect, is_complete): its reply."""
        return self.reply(send())

    def alive(self):
        reply, outputs = self.execute("eval 6*7")
        check(reply["status"] == "ok", f"the kernel answers after the case: {reply}")
        check(any("42" in text_of(c) for k, c in outputs if k == "display_data"), f"eval 6*7 gives 42: {outputs}")

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def text_of(content):
    return content.get("data", {}).get("text/plain", "")


def displays(outputs):
    return [c["data"] for k, c in outputs if k == "display_data"]


def errors(outputs):
    return [c for k, c in outputs if k == "error"]


def streams(outputs):
    return "".join(c["text"] for k, c in outputs if k == "stream")


# the cases, in notebook order ---------------------------------------------------------------

NEURON = "input x, y\nparam w, b\nz = w*x + b\na = sigmoid(z)\nL = (a - y)^2/2\n"


def case_kernel_info(k):
    reply = k.request(k.kc.kernel_info)
    check(reply["status"] == "ok", reply)
    check(reply["language_info"]["name"] == "chain", reply["language_info"])
    check(reply["implementation"] == "chainrule", reply)


def case_eval_cell(k):
    reply, outputs = k.execute(NEURON + "eval L at x = 1/2, y = 1, w = 0, b = 0")
    check(reply["status"] == "ok", reply)
    shown = displays(outputs)
    check(len(shown) == 1, f"one result (declarations and definitions show nothing): {outputs}")
    check("L = 1/8 ≈ 0.125" in shown[0]["text/plain"], shown[0])
    latex = shown[0].get("text/latex", "")
    check(latex.startswith("$$") and latex.endswith("$$"), f"a LaTeX bundle in $$: {shown[0]}")
    check(r"L = \frac{1}{8} \approx 0.125" in latex, latex)


def case_grad_cell(k):
    reply, outputs = k.execute("grad L wrt w, b")
    check(reply["status"] == "ok", reply)
    shown = displays(outputs)
    check(len(shown) == 1, outputs)
    text = shown[0]["text/plain"]
    check("∂L/∂w = a*(1 - a)*(a - y)*x" in text and "∂L/∂b = a*(1 - a)*(a - y)" in text, text)
    latex = shown[0].get("text/latex", "")
    check(r"\frac{\partial L}{\partial w} &= a (1 - a) (a - y) x" in latex, latex)
    check(r"\begin{aligned}" in latex, latex)


def case_error_then_good_cell(k):
    # a definition made before the error, in the same cell, and a runtime error after it
    reply, outputs = k.execute("q = 3*w\neval 1/(x - x) at x = 2")
    check(reply["status"] == "error", reply)
    check(reply["ename"] == "Error", reply)
    check("undefined" in reply["evalue"], reply)
    check(len(errors(outputs)) == 1 and errors(outputs)[0]["ename"] == "Error", outputs)
    tb = reply["traceback"]
    check(tb[0].startswith("<cell ") and ":2:6: error:" in tb[0], tb)
    check(tb[1] == "    eval 1/(x - x) at x = 2" and tb[2] == " " * (4 + 5) + "^" + "~" * 8, tb)
    # the next cell uses definitions from before the error: the first cell's and this one's q
    reply, outputs = k.execute("eval q + a at x = 0, w = 1, b = 0")
    check(reply["status"] == "ok", reply)
    check(any("q + a = 7/2" in d["text/plain"] for d in displays(outputs)), outputs)


def case_malformed_cell(k):
    reply, outputs = k.execute("eval w + b at w = 1, b = 2\ngrad L wrt (\neval L at x = 0, y = 0, w = 0, b = 0")
    check(reply["status"] == "error", reply)
    check(reply["ename"] == "ParseError", reply)
    tb = reply["traceback"]
    check(re.match(r"<cell \d+>:2:12: error: expected a variable after 'wrt'", tb[0]) is not None, tb)
    check(tb[1] == "    grad L wrt (", tb)
    check(tb[2] == " " * (4 + 11) + "^", f"the caret under column 12: {tb}")
    # the statements around the malformed one still ran, in order, around the error output
    kinds = [kind for kind, _ in outputs]
    check(kinds == ["display_data", "error", "display_data"], kinds)
    check("w + b = 3" in displays(outputs)[0]["text/plain"], outputs)
    check("L = 1/8" in displays(outputs)[1]["text/plain"], outputs)
    k.alive()


def case_completion(k):
    reply, _ = k.execute("hidden = tanh(z)\nαw = 2*w")
    check(reply["status"] == "ok", reply)
    reply = k.request(lambda: k.kc.complete("grad hid", 8))
    check(reply["status"] == "ok", reply)
    check(reply["matches"] == ["hidden"], reply)
    check(reply["cursor_start"] == 5 and reply["cursor_end"] == 8, reply)
    # keywords and built-in functions, and positions counted in code points, not bytes
    reply = k.request(lambda: k.kc.complete("eval αw + sigm", 14))
    check(reply["matches"] == ["sigmoid"], reply)
    check(reply["cursor_start"] == 10 and reply["cursor_end"] == 14, reply)
    reply = k.request(lambda: k.kc.complete("eval α", 6))
    check(reply["matches"] == ["αw"] and reply["cursor_start"] == 5, reply)
    reply = k.request(lambda: k.kc.complete("tr", 2))
    check("train" in reply["matches"], reply)


def case_is_complete(k):
    reply = k.request(lambda: k.kc.is_complete("grad d(L)/d(w\n"))
    check(reply["status"] == "incomplete", reply)
    reply = k.request(lambda: k.kc.is_complete("eval (a +\n  b"))
    check(reply["status"] == "incomplete", reply)
    reply = k.request(lambda: k.kc.is_complete("eval (a +\n  b) at a = 1, b = 2"))
    check(reply["status"] == "complete", reply)
    reply = k.request(lambda: k.kc.is_complete("grad L wrt w"))
    check(reply["status"] == "complete", reply)


def case_inspect(k):
    reply = k.request(lambda: k.kc.inspect("grad a wrt w", 6))
    check(reply["status"] == "ok" and reply["found"], reply)
    text = reply["data"]["text/plain"]
    check(text.startswith("a: definition, scalar"), text)
    check("a = sigmoid(z)" in text, text)
    check(r"\sigma" in reply["data"].get("text/latex", ""), reply["data"])
    reply = k.request(lambda: k.kc.inspect("param W[2,3] ~ normal(0, 1/2)", 6))
    check(not reply["found"], f"W is not declared yet: {reply}")
    reply, _ = k.execute("param W[2,3] ~ normal(0, 1/2)")
    check(reply["status"] == "ok", reply)
    reply = k.request(lambda: k.kc.inspect("W", 1))
    check(reply["found"], reply)
    text = reply["data"]["text/plain"]
    check("W: param, matrix[2,3]" in text and "normal(0, 1/2)" in text, text)
    reply = k.request(lambda: k.kc.inspect("eval sigmoid(2)", 8))
    check(reply["found"] and "built-in function" in reply["data"]["text/plain"], reply)
    reply = k.request(lambda: k.kc.inspect("eval nothing_here", 8))
    check(reply["status"] == "ok" and not reply["found"], reply)


def case_train_svg(k):
    reply, outputs = k.execute(
        # x and y are the neuron's inputs, and the data's columns
        "param m, c\nR = (m*x + c - y)^2/2\n"
        'data "data/regression.csv"\n'
        "train R by sgd(lr = 0.1) epochs 20 batch 20 seed 1\n"
        "eval m")
    check(reply["status"] == "ok", reply)
    check("epoch" in streams(outputs), f"training progress streamed: {outputs}")
    trains = [d for d in displays(outputs) if "train R by sgd" in d["text/plain"]]
    check(len(trains) == 1, outputs)
    svg = trains[0].get("image/svg+xml", "")
    check(svg.lstrip().startswith(("<svg", "<?xml")) and "</svg>" in svg, f"an SVG loss curve: {trains[0]}")
    m = [d["text/plain"] for d in displays(outputs) if "eval m" in d["text/plain"]]
    check(len(m) == 1 and re.search(r"m ≈ 1\.[45]", m[0]), f"the slope near 1.5: {m}")


# a run far too long to finish: spirals for a million epochs (squared error: never NaN)
LONG = ("input x[2], y\nparam W1[16,2], b1[16], v[16], e\n"
        "o = sigmoid(dot(v, tanh(W1 @ x + b1)) + e)\nP = (o - y)^2\n"
        'data "data/spirals.csv"')


def case_interrupted_training(_):
    # a kernel of its own: this x is a vector
    k = Kernel(os.path.join(BUILD, "share/jupyter"), os.path.join(SOURCE, "examples"))
    try:
        interrupted_training(k)
    finally:
        k.close()


def interrupted_training(k):
    reply, _ = k.execute(LONG)
    check(reply["status"] == "ok", reply)
    started = []
    msg_id = k.kc.execute("train P by adam(lr = 0.01) epochs 1000000 batch 32\neval P over data")
    deadline = time.monotonic() + TIMEOUT
    outputs = []
    while not started and time.monotonic() < deadline:
        try:
            m = k.kc.get_iopub_msg(timeout=1)
        except Exception:
            continue
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
            outputs.append(("stream", m["content"]))
            started.append("epoch" in m["content"]["text"])
    check(started and started[0], f"training started and streamed its progress: {outputs}")
    time.sleep(0.3)
    t0 = time.monotonic()
    k.km.interrupt_kernel()
    reply, more = k.collect(msg_id, timeout=15)
    stopped_after = time.monotonic() - t0
    outputs += more
    check(stopped_after < 10, f"the cell ended {stopped_after:.1f} s after the interrupt")
    check(reply["status"] == "ok", reply)
    text = "".join(d["text/plain"] for d in displays(outputs))
    check("stopped on request" in text, text)
    check("mean over 400 rows" in text, f"the statement after train still ran: {text}")
    steps = re.search(r"(\d+) epochs, (\d+) steps", text)
    check(steps and int(steps.group(2)) > 0, text)
    check("interrupted" in streams(outputs), streams(outputs))
    # the params keep their trained values
    reply, outputs = k.execute("eval e")
    check(reply["status"] == "ok", reply)
    check(re.search(r"e ≈ -?\d", displays(outputs)[0]["text/plain"]) is not None, outputs)
    reply = k.request(lambda: k.kc.inspect("e", 1))
    check(reply["found"] and "current value: e ≈" in reply["data"]["text/plain"], reply)
    k.alive()


def case_interrupt_while_idle(k):
    k.km.interrupt_kernel()
    time.sleep(0.3)
    check(k.km.is_alive(), "the kernel survives an interrupt while idle")
    k.alive()


def case_kernel_install(k):
    with tempfile.TemporaryDirectory() as prefix:
        run = subprocess.run([os.path.join(BUILD, "src/cli/chainrule"), "kernel", "install", "--prefix", prefix],
                             capture_output=True, text=True, timeout=TIMEOUT)
        check(run.returncode == 0, run.stderr)
        spec_path = os.path.join(prefix, "share/jupyter/kernels/chainrule/kernel.json")
        with open(spec_path) as f:
            spec = json.load(f)
        kernel = os.path.realpath(os.path.join(BUILD, "src/kernel/chainrule-kernel"))
        check(spec["argv"] == [kernel, "-f", "{connection_file}"], spec)
        check(spec["language"] == "chain" and spec["interrupt_mode"] == "signal", spec)
        # the installed spec starts a kernel that answers
        other = Kernel(os.path.join(prefix, "share/jupyter"), SOURCE)
        try:
            reply, outputs = other.execute("input x\neval d(x^3)/d(x) at x = 2")
            check(reply["status"] == "ok" and "= 12" in displays(outputs)[0]["text/plain"], outputs)
        finally:
            other.close()


CASES = [case_kernel_info, case_eval_cell, case_grad_cell, case_error_then_good_cell, case_malformed_cell,
         case_completion, case_is_complete, case_inspect, case_train_svg, case_interrupted_training,
         case_interrupt_while_idle, case_kernel_install]


def main():
    started = time.monotonic()
    # connection files in a directory of the test's own, removed at the end
    runtime = tempfile.mkdtemp(prefix="chainrule_kernel_test_")
    os.environ["JUPYTER_RUNTIME_DIR"] = runtime
    try:
        return run_cases(started)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def run_cases(started):
    results = []
    try:
        kernel = Kernel(os.path.join(BUILD, "share/jupyter"), os.path.join(SOURCE, "examples"))
    except Exception:
        message = "the kernel did not start: " + traceback.format_exc()
        print(message, file=sys.stderr)
        results = [(c.__name__[5:], False, message) for c in CASES]
        write_report(REPORT, "kernel", results, time.monotonic() - started)
        return 1
    try:
        for case in CASES:
            t0 = time.monotonic()
            try:
                case(kernel)
                results.append((case.__name__[5:], True, ""))
                print(f"  ok   {case.__name__[5:]} ({time.monotonic() - t0:.2f} s)")
            except Exception:
                message = traceback.format_exc()
                results.append((case.__name__[5:], False, message))
                print(f"  FAIL {case.__name__[5:]}\n{message}", file=sys.stderr)
    finally:
        try:
            kernel.close()
        except Exception:
            results.append(("shutdown", False, traceback.format_exc()))
    write_report(REPORT, "kernel", results, time.monotonic() - started)
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
