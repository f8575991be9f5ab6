"""The notebooks of notebooks/, executed headless on the built chainrule kernel.

Usage: notebooks_test.py BUILD_DIR SOURCE_ROOT REPORT.xml

Each notebook is executed by `python3 -m nbconvert --to notebook --execute` (Debian's
jupyter-nbconvert, run by Debian's own python3) against the build tree's kernelspec
(JUPYTER_PATH=BUILD_DIR/share/jupyter), from the notebook's own folder as a user opening it would
(so `../examples/data/spirals.csv` resolves), into a temporary directory: any cell error fails.
Then, per notebook:
- its executed outputs are checked (pictures, verdicts, hints, numbers, the loss curve, the C);
- the committed notebook has its outputs stored: every code cell the same kinds of output as
  the fresh run (so it reads on GitHub and nbviewer, and an edited notebook was re-executed);
- the executed notebook converts to HTML (`--to html`, as nbviewer does).
A Boost.Test-style XML report is written for scripts/test_summary.py. Every case fails, never
skips, when something it needs is missing. Exit status 1 when any case failed.
"""
import html
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

nbformat = None  # imported in main, so that its absence is a failed case, not a crash

BUILD, SOURCE, REPORT = sys.argv[1], sys.argv[2], sys.argv[3]
NOTEBOOKS = os.path.join(SOURCE, "notebooks")
TIMEOUT = 120  # seconds one notebook may take to execute (all three take a few seconds)


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def outputs(nb):
    return [o for c in code_cells(nb) for o in c.get("outputs", [])]


def texts(nb):
    """Every text/plain of a result and every stream text, in order."""
    out = []
    for o in outputs(nb):
        if o["output_type"] == "stream":
            out.append(o["text"])
        elif "data" in o:
            out.append(o["data"].get("text/plain", ""))
    return out


def svgs(nb):
    """The SVG outputs, with the character references Graphviz writes (&#45; for '-') resolved."""
    return [html.unescape(o["data"]["image/svg+xml"]) for o in outputs(nb) if "image/svg+xml" in o.get("data", {})]


def latex(nb):
    return [o["data"]["text/latex"] for o in outputs(nb) if "text/latex" in o.get("data", {})]


def result_of(nb, statement):
    """The text/plain of the one result whose headline is `statement` (after '<cell N>:L: ')."""
    found = [t for t in texts(nb) if re.match(r"<cell \d+>:\d+: " + re.escape(statement) + r"(\n|: |$)", t)]
    check(len(found) == 1, f"one result of '{statement}', found {len(found)}")
    return found[0]


def decimal_of(text):
    """The certified decimal after the last '≈' of a result."""
    m = re.findall(r"≈ (-?[0-9.]+(?:e[-+]?\d+)?)", text)
    check(m, f"a decimal in {text!r}")
    return float(m[-1])


def svg_document(svg, what):
    check(svg.lstrip().startswith("<svg") and svg.rstrip().endswith("</svg>"),
          f"{what}: an inline SVG document from <svg> to </svg> (no XML declaration): {svg[:120]!r}")


# checks of each notebook's executed outputs ---------------------------------------------------

def check_01(nb):
    pictures = svgs(nb)
    check(len(pictures) >= 6, f"the graph pictures and the loss curves: {len(pictures)} SVG outputs")
    for svg in pictures:
        svg_document(svg, "a picture")
    graphs = [s for s in pictures if "class=\"graph\"" in s]
    check(len(graphs) >= 5, f"at least 5 graph pictures, found {len(graphs)}")
    # the picture at the starting point: values (forward) and adjoints (backward) on the nodes
    at_start = [s for s in graphs if "∂L/∂w = -0.04436" in s and "∂L/∂b = -0.08872" in s]
    check(at_start, "a picture with the adjoints of w and b at w = 3, b = -1")
    check("0.6225" in at_start[0] and "0.07127" in at_start[0], "the forward values a and L on the picture")
    # the chain-rule steps with numbers, as one aligned LaTeX block
    steps = result_of(nb, "show d(L)/d(w) as steps at x = 1/2, y = 1, w = 3, b = -1")
    check("(-0.3775) · 0.235 = -0.08872" in steps and "(-0.08872) · 1/2 = -0.04436" in steps, steps)
    check(any(r"\begin{aligned}" in t and r"\frac{\partial L}{\partial w}" in t for t in latex(nb)), "steps in LaTeX")
    # the product rule as a sum over two paths
    check("1 · 0.5403 + 0.8415 · 2 = 2.223" in result_of(nb, "show d(F)/d(s) as steps at s = 1"), "two paths")
    # the difference quotient is close to the derivative
    quotient = decimal_of(result_of(nb, "eval (Lh - L)/h at x = 1/2, y = 1, w = 3, b = -1, h = 1/1000"))
    exact = decimal_of(result_of(nb, "eval d(L)/d(w) at x = 1/2, y = 1, w = 3, b = -1"))
    check(abs(quotient - exact) < 1e-4 and quotient != exact, f"difference quotient {quotient} against {exact}")
    # the update by hand, and one step of train from the same point: the same w and b
    w_hand = decimal_of(result_of(nb, "eval w - lr*d(L)/d(w) at x = 1/2, y = 1, w = 3, b = -1"))
    b_hand = decimal_of(result_of(nb, "eval b - lr*d(L)/d(b) at x = 1/2, y = 1, w = 3, b = -1"))
    check(abs(w_hand - 3.0443617293373184) < 1e-15 and abs(b_hand + 0.91127654132536313) < 1e-15, (w_hand, b_hand))
    w_train = decimal_of(result_of(nb, "eval w"))
    b_train = decimal_of(result_of(nb, "eval b"))
    check(abs(w_train - w_hand) < 1e-14 and abs(b_train - b_hand) < 1e-14,
          f"one sgd step gives the hand update: w {w_train} against {w_hand}, b {b_train} against {b_hand}")
    # the loss went down: after the hand update, and after training
    after = [s for s in graphs if "7611/2500" in s and "0.0619" in s]
    check(after, "the picture after the update shows L = 0.0619")
    final = decimal_of(result_of(nb, "eval L at x = 1/2, y = 1"))
    check(final < 0.01, f"the loss after 100 more steps: {final}")
    curves = [s for s in pictures if "loss by epoch" in s]
    check(len(curves) == 2, f"two loss curves, found {len(curves)}")


def check_02(nb):
    claims = [t for t in texts(nb) if re.match(r"<cell \d+>:\d+: (proved|verified|refuted|unknown) ", t)]
    verdicts = [re.match(r"<cell \d+>:\d+: (\w+)", t).group(1) for t in claims]
    check(len(claims) >= 30, f"the claims' results: {len(claims)}")
    check("unknown" not in verdicts, verdicts)
    for verdict in ("proved", "verified", "refuted"):
        check(verdict in verdicts, f"a claim {verdict}: {verdicts}")
    every = "\n".join(claims)
    for hint in ("hint: the factor ∂a/∂z = a*(1 - a) is missing",
                 "hint: the claim differs from ∂sigmoid(x)/∂x by the constant 1e-30",
                 "hint: opposite sign",
                 "hint: the factor ∂h[0]/∂zh[0] = 1 - h[0]^2 is missing",
                 "hint: off by a constant factor: the claim is 2 times",
                 "hint: indices swapped",
                 "hint: the path through h[2] is missing",
                 "hint: off by a constant factor: the claim is 3 times",
                 "hint: the path through sd is missing"):
        check(hint in every, f"the hint '{hint}'")
    # the softmax claim: refuted without the assumption, proved with it
    softmax = [re.match(r"<cell \d+>:\d+: (\w+)", t).group(1) for t in claims if "d(E)/d(s[k]) = p[k] - t[k]" in t]
    check(softmax == ["refuted", "proved"], f"p - t refuted, then proved under sum(t) = 1: {softmax}")
    check("certified: left - right" in every and "counterexample:" in every, "counterexamples with certificates")
    # the two-layer network's weight gradient holds for all nine index pairs
    check("normal form (9 cases)" in result_of(nb, "proved  d(M)/d(W[i,j]) = (o - r)*wo[i]*(1 - h[i]^2)*u[j]"), "9 cases")


def check_03(nb):
    c = result_of(nb, "show N as c")
    check("chainrule_eval_batch" in c and "cr_sigmoid" in c and "r[1] = " in c, f"the generated C: {c[:300]}")
    check(result_of(nb, "proved  softplus(zeta) - label*zeta = -(label*log(sigmoid(zeta)) + "
                        "(1 - label)*log(1 - sigmoid(zeta)))"), "the stable cross-entropy proved")
    check("400 rows; columns x[0], x[1], y" in result_of(nb, "data ../examples/data/spirals.csv"), "the spirals")
    spirals = result_of(nb, "train L by adam")
    m = re.search(r"300 epochs, 3900 steps in [0-9.e+-]+ s \(([0-9.e+]+) samples/s\)", spirals)
    check(m and float(m.group(1)) > 0, spirals)
    loss = re.search(r"loss ([0-9.e+-]+) -> ([0-9.e+-]+)", spirals)
    check(loss and float(loss.group(2)) < 0.01 < float(loss.group(1)), f"the loss falls below 0.01: {spirals}")
    accuracy = result_of(nb, "eval step((o - 1/2)*(2*y - 1)) over data")
    check("mean over 400 rows = 1 " in accuracy, f"every training point right: {accuracy}")
    curves = [s for s in svgs(nb) if "loss by epoch" in s]
    check(len(curves) == 3, f"three loss curves (spirals, 2-16-1 at batch 1 and 32), found {len(curves)}")
    for svg in curves:
        svg_document(svg, "a loss curve")
        check("<polyline" in svg, "a curve drawn")
    check("log scale" in curves[0], "the spirals' loss on a log scale")
    check(any("class=\"graph\"" in s for s in svgs(nb)), "the MLP's graph picture")
    small = [t for t in texts(nb) if re.match(r"<cell \d+>:\d+: train L1 by sgd\n", t)]
    check(len(small) == 2 and all("samples/s" in t for t in small), f"two 2-16-1 runs with their speed: {small}")


NOTEBOOK_CHECKS = [("01-backprop-step-by-step", check_01), ("02-checking-hand-derivations", check_02),
                   ("03-training-with-compiled-evaluators", check_03)]


# running them ----------------------------------------------------------------------------------

def nbconvert(args, env, timeout):
    run = subprocess.run([sys.executable, "-m", "nbconvert", *args], capture_output=True, text=True, env=env,
                         timeout=timeout)
    check(run.returncode == 0, f"nbconvert {' '.join(args)} failed ({run.returncode}):\n{run.stderr[-4000:]}")


def shape(nb):
    """Per code cell: the kinds of its outputs (output type and mime types)."""
    return [[(o["output_type"], tuple(sorted(o.get("data", {})))) for o in c.get("outputs", [])] for c in code_cells(nb)]


def run_notebook(name, checks, env, out_dir, results):
    source = os.path.join(NOTEBOOKS, name + ".ipynb")
    executed_path = os.path.join(out_dir, name + ".ipynb")

    def execute():
        check(os.path.isfile(source), f"{source} is missing")
        t0 = time.monotonic()
        nbconvert(["--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=chainrule",
                   f"--ExecutePreprocessor.timeout={TIMEOUT}", "--output-dir", out_dir, source], env, TIMEOUT + 60)
        with open(executed_path, encoding="utf-8") as f:
            nb = nbformat.read(f, as_version=4)
        errors = [o for o in outputs(nb) if o["output_type"] == "error"]
        check(not errors, f"cell errors: {errors}")
        checks(nb)
        return f"executed in {time.monotonic() - t0:.1f} s"

    def stored():
        with open(source, encoding="utf-8") as f:
            committed = nbformat.read(f, as_version=4)
        with open(executed_path, encoding="utf-8") as f:
            fresh = nbformat.read(f, as_version=4)
        check([c["source"] for c in code_cells(committed)] == [c["source"] for c in code_cells(fresh)], "same cells")
        check(committed["metadata"].get("kernelspec", {}).get("name") == "chainrule", committed["metadata"])
        mine, theirs = shape(committed), shape(fresh)
        for k, (a, b) in enumerate(zip(mine, theirs)):
            check(a == b, f"code cell {k + 1}: the stored outputs {a} differ in kind from a fresh run's {b}: "
                          f"re-execute the notebook in place (see tests/notebooks/meson.build)")
        return ""

    def html_export():
        nbconvert(["--to", "html", "--output-dir", out_dir, executed_path], env, 120)
        check(os.path.getsize(os.path.join(out_dir, name + ".html")) > 10000, "an HTML page")
        return ""

    executed = False
    for case, body in ((name, execute), (name + "_stored", stored), (name + "_html", html_export)):
        t0 = time.monotonic()
        if case != name and not executed:
            message = f"not run: executing {name} failed"
            results.append((case, False, message))
            print(f"  FAIL {case}: {message}", file=sys.stderr)
            continue
        try:
            note = body()
            executed = executed or case == name
            results.append((case, True, ""))
            print(f"  ok   {case} ({time.monotonic() - t0:.2f} s){' ' + note if note else ''}")
        except Exception:
            message = traceback.format_exc()
            results.append((case, False, message))
            print(f"  FAIL {case}\n{message}", file=sys.stderr)


def main():
    started = time.monotonic()
    results = []
    scratch = tempfile.mkdtemp(prefix="chainrule_notebooks_test_")
    try:
        # the built kernel's spec; connection files, the compiled-object cache and the executed
        # notebooks in a directory of the test's own, removed at the end
        env = dict(os.environ, JUPYTER_PATH=os.path.join(BUILD, "share/jupyter"),
                   JUPYTER_RUNTIME_DIR=os.path.join(scratch, "runtime"), XDG_CACHE_HOME=os.path.join(scratch, "cache"))
        out_dir = os.path.join(scratch, "executed")
        os.makedirs(out_dir)
        try:
            spec = os.path.join(BUILD, "share/jupyter/kernels/chainrule/kernel.json")
            check(os.path.isfile(spec), f"the build tree's kernelspec {spec} is missing")
            import nbconvert  # noqa: F401  Debian's python3-nbconvert (scripts/setup.sh installs it)
            import nbclient  # noqa: F401
            global nbformat
            import nbformat
            results.append(("setup", True, ""))
        except Exception:
            results.append(("setup", False, traceback.format_exc()))
            print(f"  FAIL setup\n{results[-1][2]}", file=sys.stderr)
        listed = sorted(f[:-len(".ipynb")] for f in os.listdir(NOTEBOOKS) if f.endswith(".ipynb")) \
            if os.path.isdir(NOTEBOOKS) else []
        expected = [n for n, _ in NOTEBOOK_CHECKS]
        results.append(("every_notebook_tested", listed == expected,
                        "" if listed == expected else f"notebooks/ holds {listed}, the test knows {expected}"))
        for name, checks in NOTEBOOK_CHECKS:
            run_notebook(name, checks, env, out_dir, results)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    write_report(REPORT, "notebooks", results, time.monotonic() - started)
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
