#!/usr/bin/python3
"""Formats the `key=value` lines of bench/train and bench/train_torch.py (standard input) into
the tables of the training benchmark (bench/run_train). Exit status 0 always: times are
reported, not enforced (DESIGN.md, Budgets)."""
import sys

TIERS = ["hand", "cc", "cc_direct", "tcc", "interpreter", "session", "torch"]
# the targets: chainrule's step within 1.25x of the hand-written one; PyTorch at least
# this many times slower than chainrule (batch 32: ahead, > 1)
TORCH_TARGET = {"mlp_2_16_1_b1": 100, "mlp_2_64_64_1_b1": 10, "mlp_2_16_1_b32": 1, "mlp_2_64_64_1_b32": 1}


def parse(lines):
    rows, order = {}, []
    for line in lines:
        fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        if "model" not in fields or "tier" not in fields:
            continue
        if fields["model"] not in order:
            order.append(fields["model"])
        rows.setdefault((fields["model"], fields["tier"]), {}).update(fields)
    return rows, order


def us(v):
    if v is None:
        return "-"
    v = float(v)
    return f"{v:.3g}" if v < 1000 else f"{v:,.0f}"


def sec(v):
    if v is None:
        return "-"
    v = float(v)
    if v < 1e-3:
        return f"{v * 1e6:.3g} us"
    if v < 1:
        return f"{v * 1e3:.3g} ms"
    return f"{v:.3g} s"


def ratio(a, b):
    if a is None or b is None or float(b) == 0:
        return "-"
    x = float(a) / float(b)
    return f"{x:,.0f}x" if x >= 100 else f"{x:.3g}x"


def table(head, body):
    widths = [max(len(str(r[i])) for r in [head] + body) for i in range(len(head))]
    out = ["| " + " | ".join(str(h).ljust(w) for h, w in zip(head, widths)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += ["| " + " | ".join(str(c).rjust(w) if k else str(c).ljust(w) for k, (c, w) in enumerate(zip(r, widths)))
            + " |" for r in body]
    return "\n".join(out)


def main():
    rows, order = parse(sys.stdin)
    get = lambda m, t, k: rows.get((m, t), {}).get(k)

    print("Microseconds per SGD step (thread CPU time, median of runs; hand, cc, cc direct, tcc and interp")
    print("interleaved in one process; spirals.csv 400 rows, softmax 2048 rows)")
    print()
    body, verdicts = [], []
    for m in order:
        # the interleaved runs (bench/train race) where there are, else the tier's own process
        step = {t: get(m, t, "race_step_us") or get(m, t, "step_us") for t in TIERS}
        session = us(step["session"]) + (f" ({get(m, 'session', 'backend')})" if step["session"] else "")
        torch_missing = get(m, "torch", "missing")
        body.append([m, us(step["hand"]), us(step["cc"]), us(step["cc_direct"]), us(step["tcc"]), us(step["interpreter"]), session,
                     "n/a" if torch_missing else us(step["torch"]), ratio(step["cc"], step["hand"]),
                     ratio(step["tcc"], step["hand"]), ratio(step["torch"], step["cc"]),
                     ratio(step["torch"], step["hand"])])
        if step["cc"] and step["hand"]:
            r = float(step["cc"]) / float(step["hand"])
            verdicts.append(f"{m}: cc/hand {r:.2f} (target <= 1.25: {'met' if r <= 1.25 else 'MISSED'})")
        if m in TORCH_TARGET and step["cc"] and step["torch"]:
            r = float(step["torch"]) / float(step["cc"])
            want = TORCH_TARGET[m]
            ok = r >= want if want > 1 else r > 1
            verdicts.append(f"{m}: torch/cc {r:.3g} (target {'>= ' + str(want) if want > 1 else '> 1'}: "
                            f"{'met' if ok else 'MISSED'})")
    print(table(["model", "hand C++", "cc", "cc direct", "tcc", "interp", "session", "PyTorch", "cc/hand", "tcc/hand",
                 "torch/cc", "torch/hand"], body))
    print()
    for v in verdicts:
        print("  " + v)

    print()
    print("Time to the target loss (an epoch's mean loss below it; thread CPU, training only)")
    print()
    body = []
    for m in order:
        target = get(m, "hand", "target") or get(m, "cc", "target")
        cells = [m, target]
        steps = sorted({get(m, t, "target_steps") for t in TIERS if get(m, t, "reached") == "1"}, key=int)
        cells.append("/".join(steps) or "-")
        for t in TIERS:
            if (m, t) not in rows or get(m, t, "missing"):
                cells.append("n/a")
            elif get(m, t, "reached") != "1":
                cells.append(f"not in {sec(get(m, t, 'target_s'))}")
            else:
                cells.append(sec(get(m, t, "target_s")))
        body.append(cells)
    print(table(["model", "target", "steps", "hand C++", "cc", "cc direct", "tcc", "interp", "session", "PyTorch"],
                body))

    print()
    print("One-off cost and peak memory (each tier in its own process)")
    print()
    body = []
    for m in order:
        peak = lambda t: f"{int(get(m, t, 'peak_kb')) / 1024:.0f}" if get(m, t, "peak_kb") else "-"
        body.append([m, get(m, "cc", "statements") or "-", sec(get(m, "cc", "derive_s")), sec(get(m, "cc", "emit_s")),
                     sec(get(m, "tcc", "compile_s")), sec(get(m, "cc", "compile_s")),
                     sec(get(m, "interpreter", "build_s")), sec(get(m, "session", "setup_s")),
                     sec(get(m, "torch", "import_s")),
                     " / ".join(peak(t) for t in TIERS), get(m, "cc", "agree") or "-"])
    print(table(["model", "statements", "derive", "emit", "tcc compile", "cc -O2 compile", "interp build",
                 "session setup", "torch import", "peak MB: " + "/".join(TIERS), "cc vs hand"], body))
    print()
    print("derive = parse and lower the program, reverse sweep and CSE; emit = C source; compiles with the")
    print("object cache off. session setup = the train statement's own (derive, emit, compile; its cc")
    print("object cache on). cc vs hand = largest relative parameter difference after one epoch.")
    print("cc direct = the cc evaluator in a plain loop with an inline SGD update (no optim::train,")
    print("no row gathering): cc minus cc direct is what the training loop adds per step.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
