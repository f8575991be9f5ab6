#!/usr/bin/python3
"""The PyTorch peer of bench/tensor_step: one SGD step of the same MLP (tanh hidden layers,
softmax cross-entropy as F.cross_entropy of the logits, mean over the batch) as one writes it in
PyTorch, on seeded uniform(-1, 1) features with random labels, in float64 or float32, on
--threads threads (torch.set_num_threads).

    tensor_step_torch.py MODEL BATCH... [--dtype float64|float32] [--threads T]

Prints `tier=torch_<dtype>_t<T> model=.. batch=.. step_us=.. samples_per_s=..` per batch: the
median over 7 runs of about 0.2 s of a step (forward, backward, the update, zeroing the grads)."""
import argparse
import resource
import statistics
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("batches", nargs="+", type=int)
    p.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    tier = f"torch_{a.dtype}_t{a.threads}"
    try:
        import torch
        import torch.nn.functional as F
    except ImportError as e:
        print(f"tier={tier} model={a.model} missing={e.name}", flush=True)
        return
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    dtype = getattr(torch, a.dtype)
    widths = [int(w) for w in a.model.split("-")]
    params = []
    for l in range(1, len(widths)):
        bound = 1 / widths[0] ** 0.5
        W = ((torch.rand(widths[l], widths[l - 1], dtype=dtype) * 2 - 1) * bound).requires_grad_()
        b = ((torch.rand(widths[l], dtype=dtype) * 2 - 1) * bound).requires_grad_()
        params += [W, b]
    lr = 0.01

    def step(x, y):
        h = x
        for l in range(0, len(params), 2):
            h = h @ params[l].T + params[l + 1]
            if l + 2 < len(params):
                h = torch.tanh(h)
        loss = F.cross_entropy(h, y)
        loss.backward()
        with torch.no_grad():
            for q in params:
                q -= lr * q.grad
                q.grad = None
        return loss

    for n in a.batches:
        x = torch.rand(n, widths[0], dtype=dtype) * 2 - 1
        y = torch.randint(0, widths[-1], (n,))
        for _ in range(3):
            step(x, y)
        times = []
        for _ in range(7):
            calls, start = 0, time.perf_counter()
            while True:
                step(x, y)
                calls += 1
                s = time.perf_counter() - start
                if s >= 0.2:
                    break
            times.append(s / calls)
        t = statistics.median(times)
        print(f"tier={tier} model={a.model} batch={n} step_us={t * 1e6:.3f} samples_per_s={n / t:.0f}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"memory model={a.model} tier={tier} peak_kb={peak}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
