#!/usr/bin/python3
"""Peers of bench/compiled: SymPy (lambdify of its own derivative, numpy over a batch) and
PyTorch (float64, one thread, one backward pass per batch of 256, and of 1) on the same models
and parameter layout. One `key=value` line per peer and model; times in ns per sample.
Usage: compiled_peers.py [sympy|torch]..."""
import signal
import sys
import time

BATCH = 256
MODELS = [("neuron", None), ("mlp_2_16_1", ([2, 16, 1], "mse")),
          ("mlp_4_32_32_3", ([4, 32, 32, 3], "ce")), ("nested_k20", None)]


def best_ns(run, n):
    best = float("inf")
    for _ in range(3):
        start, batches = time.perf_counter(), 0
        while True:
            run()
            batches += 1
            elapsed = time.perf_counter() - start
            if elapsed > 0.3:
                break
        best = min(best, elapsed * 1e9 / (batches * n))
    return best


def build(lib, name, spec, x, params, tanh, exp, log, sigmoid, sin):
    """The loss over inputs x (list of per-sample columns) and params (flat list), written
    once for SymPy symbols and torch tensors alike."""
    if name == "neuron":
        w, b = params
        return (sigmoid(w * x[0] + b) - x[1]) ** 2 / 2
    if name == "nested_k20":
        f = params[0] * x[0]
        for _ in range(20):
            f = sin(f) * f + f
        return f
    sizes, loss = spec
    h, k = x[:sizes[0]], 0
    for l in range(1, len(sizes)):
        out = []
        for j in range(sizes[l]):
            z = params[k]
            k += 1
            for i in range(len(h)):
                z = z + params[k] * h[i]
                k += 1
            out.append(tanh(z) if l + 1 < len(sizes) else z)
        h = out
    y = x[sizes[0]:]
    if loss == "mse":
        return sum((h[c] - y[c]) ** 2 / 2 for c in range(len(h)))
    return log(sum(exp(v) for v in h)) - sum(y[c] * h[c] for c in range(len(h)))


def counts(name, spec):
    if name == "neuron":
        return 2, 2
    if name == "nested_k20":
        return 1, 1
    sizes = spec[0]
    return sizes[0] + sizes[-1], sum(sizes[l] * (1 + sizes[l - 1]) for l in range(1, len(sizes)))


def sympy_peer(name, spec, limit_s=120):
    import numpy as np
    import sympy as sp
    nx, np_ = counts(name, spec)
    if np_ > 200:
        # measured once: diff + lambdify of the 1315 gradients did not finish in 10 minutes
        print(f"peer=sympy model={name} skipped=over_200_params", flush=True)
        return
    xs = sp.symbols(f"x0:{nx}")
    ps = sp.symbols(f"p0:{np_}")
    start = time.perf_counter()

    def give_up(signum, frame):
        raise TimeoutError

    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(limit_s)
    try:
        L = build(sp, name, spec, list(xs), list(ps), sp.tanh, sp.exp, sp.log,
                  lambda u: 1 / (1 + sp.exp(-u)), sp.sin)
        grads = [sp.diff(L, p) for p in ps]
        f = sp.lambdify(list(xs) + list(ps), [L] + grads, "numpy")
    except TimeoutError:
        print(f"peer=sympy model={name} skipped=setup_over_{limit_s}s", flush=True)
        return
    finally:
        signal.alarm(0)
    setup_s = time.perf_counter() - start
    rng = np.random.default_rng(42)
    X = [rng.uniform(-1, 1, BATCH) for _ in range(nx)]
    P = list(rng.uniform(-0.5, 0.5, np_))

    def run():
        return [np.sum(v) for v in f(*X, *P)]

    print(f"peer=sympy model={name} setup_s={setup_s:.2f} vg_ns={best_ns(run, BATCH):.1f}", flush=True)


def torch_peer(name, spec, batch=BATCH):
    import torch
    torch.set_num_threads(1)
    nx, np_ = counts(name, spec)
    gen = torch.Generator().manual_seed(42)
    X = (torch.rand(nx, batch, dtype=torch.float64, generator=gen) * 2 - 1)
    P = (torch.rand(np_, dtype=torch.float64, generator=gen) - 0.5).requires_grad_()
    if spec is not None:
        # the MLPs as matrix products (how one writes them in PyTorch)
        sizes, loss = spec
        shapes = [(sizes[l], 1 + sizes[l - 1]) for l in range(1, len(sizes))]

        def forward():
            h, k = X[:sizes[0]].T, 0
            for l, (rows, cols) in enumerate(shapes):
                Wb = P[k:k + rows * cols].view(rows, cols)
                k += rows * cols
                z = h @ Wb[:, 1:].T + Wb[:, 0]
                h = torch.tanh(z) if l + 1 < len(shapes) else z
            y = X[sizes[0]:].T
            if loss == "mse":
                return ((h - y) ** 2 / 2).sum()
            return (torch.logsumexp(h, dim=1) - (y * h).sum(dim=1)).sum()
    else:
        def forward():
            return build(torch, name, spec, list(X), list(P), torch.tanh, torch.exp, torch.log,
                         torch.sigmoid, torch.sin).sum()

    def run():
        P.grad = None
        forward().backward()

    print(f"peer=torch model={name} version={torch.__version__} batch={batch} vg_ns={best_ns(run, batch):.1f}",
          flush=True)


def main():
    peers = sys.argv[1:] or ["sympy", "torch"]
    for name, spec in MODELS:
        for peer in peers:
            try:
                if peer == "sympy":
                    sympy_peer(name, spec)
                else:  # batches of 256 (as the compiled evaluators) and of one sample
                    torch_peer(name, spec)
                    torch_peer(name, spec, 1)
            except ImportError as e:
                print(f"peer={peer} model={name} missing={e.name}", flush=True)


if __name__ == "__main__":
    main()
