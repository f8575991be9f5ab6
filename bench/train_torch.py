#!/usr/bin/python3
"""The PyTorch peer of the training benchmark (bench/train.cpp, bench/run_train): plain SGD in
float64 on one thread (torch.set_num_threads(1)), the data in file order, from the same initial
weights as chainrule (its param file), written as one writes the model in PyTorch: matrix
products, torch.tanh, binary_cross_entropy of the sigmoid or cross_entropy of the logits, and
torch.optim.SGD.

    train_torch.py MODEL --sizes 2,16,1 --loss bce|softmax --data D.csv --weights W.json
                   --batch B --lr LR --target T --max-epochs E [--runs N] [--cap S]

Prints one line `model=MODEL tier=torch step_us=... target_s=... ...` as bench/train does:
per step, the median over runs of the thread CPU time of E' epochs over their steps (E' chosen
so that one run takes about 0.2 s; the step includes loss.item(), which the epoch mean needs);
the time to the target, the CPU time until an epoch's mean loss is below T (median of up to 3
runs); import_s, the one-off cost of `import torch`; peak_kb, the peak resident memory."""
import argparse
import csv
import json
import math
import resource
import statistics
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("--sizes", required=True)
    p.add_argument("--loss", choices=["bce", "softmax"], required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--weights", required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--lr", type=float, required=True)
    p.add_argument("--target", type=float, required=True)
    p.add_argument("--max-epochs", type=int, required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--cap", type=float, default=60, help="seconds a run to the target may take")
    a = p.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]

    start = time.perf_counter()
    try:
        import torch
        import torch.nn.functional as F
    except ImportError as e:
        print(f"model={a.model} tier=torch missing={e.name}", flush=True)
        return
    import_s = time.perf_counter() - start
    torch.set_num_threads(1)
    f64 = torch.float64

    with open(a.data, newline="") as f:
        table = list(csv.reader(f))
    header, rows = [h.strip() for h in table[0]], [r for r in table[1:] if r]
    col = {name: i for i, name in enumerate(header)}
    X = torch.tensor([[float(r[col[f"x[{i}]"]]) for i in range(sizes[0])] for r in rows], dtype=f64)
    if a.loss == "bce":
        Y = torch.tensor([float(r[col["y"]]) for r in rows], dtype=f64)
    else:
        T = torch.tensor([[float(r[col[f"t[{k}]"]]) for k in range(sizes[-1])] for r in rows], dtype=f64)
        Y = T.argmax(dim=1)
    n = X.shape[0]
    with open(a.weights) as f:
        w0 = json.load(f)
    layers = len(sizes) - 1
    names = [(f"W{l}", f"b{l}") for l in range(1, layers + 1)]
    if a.loss == "bce":
        names[-1] = ("v", "c")
    initial = [(torch.tensor(w0[w], dtype=f64), torch.tensor(w0[b], dtype=f64)) for w, b in names]

    def fresh():
        return [(w.clone().requires_grad_(), b.clone().requires_grad_()) for w, b in initial]

    def loss_of(params, i, j):
        h = X[i:j]
        for W, b in params[:-1]:
            h = torch.tanh(h @ W.T + b)
        W, b = params[-1]
        if a.loss == "bce":
            return F.binary_cross_entropy(torch.sigmoid(h @ W + b), Y[i:j])
        return F.cross_entropy(h @ W.T + b, Y[i:j])

    def train(epochs, target=None):
        """Steps and epochs taken and the last epoch's mean loss."""
        params = fresh()
        opt = torch.optim.SGD([t for pair in params for t in pair], lr=a.lr)
        steps, mean, wall = 0, math.nan, time.perf_counter()
        for epoch in range(1, epochs + 1):
            total = 0.0
            for i in range(0, n, a.batch):
                j = min(i + a.batch, n)
                opt.zero_grad()
                loss = loss_of(params, i, j)
                loss.backward()
                opt.step()
                total += loss.item() * (j - i)
                steps += 1
            mean = total / n
            if target is not None and (mean < target or time.perf_counter() - wall > a.cap):
                break
        return steps, epoch, mean

    clock = time.thread_time
    start = clock()
    train(1)
    one = clock() - start
    epochs_per_run = min(max(math.ceil(0.2 / max(one, 1e-9)), 1), 2000)
    runs = 1 if one > 2 else a.runs
    per_step = []
    for _ in range(runs):
        start = clock()
        steps, _, _ = train(epochs_per_run)
        per_step.append((clock() - start) / steps * 1e6)
    times, used = [], 0.0
    for r in range(3):
        if r > 0 and used >= 10:
            break
        start = clock()
        steps, epochs, mean = train(a.max_epochs, a.target)
        s = clock() - start
        used += s
        times.append(s)
        if not mean < a.target:
            break
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"model={a.model} tier=torch batch={a.batch} step_us={statistics.median(per_step):.4g} runs={runs} "
          f"epochs_per_run={epochs_per_run} target={a.target:g} target_s={statistics.median(times):.4g} "
          f"target_epochs={epochs} target_steps={steps} reached={int(mean < a.target)} final_loss={mean:.6g} "
          f"peak_kb={peak_kb} import_s={import_s:.3g} version={torch.__version__}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
