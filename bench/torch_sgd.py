#!/usr/bin/python3
"""The PyTorch side of the peer check of issue 6 (tests/torch): plain SGD in float64 on one
thread, the data in file order (no shuffling), from given initial weights.

    torch_sgd.py MODEL DATA.csv WEIGHTS.json --batch B --lr LR --steps S [--out FILE]

MODEL is one of
  mlp_mse   h = tanh(W1 x + b1), o = v.h + c,          L = (o - y)^2 / 2
  mlp_bce   h = tanh(W1 x + b1), o = sigmoid(v.h + c), L = binary cross-entropy(o, y)
  softmax   z = W x + b,                               L = cross-entropy(softmax(z), t)
  mlp_softmax  h = tanh(W1 x + b1), z = W2 h + b2,     L = cross-entropy(softmax(z), t)
  digits    mlp_softmax (the digits MLP of examples/digits.chain, on its images)
written as one writes them in PyTorch (matrix products, torch.nn.functional losses, the
class index argmax(t) for the one-hot targets t). WEIGHTS.json is chainrule's param file
(src/lang/param_file.hpp): W1, b1, v, c for the MLPs, W, b for the classifier, W1, b1, W2, b2
for mlp_softmax. DATA.csv has a
header naming x[0], x[1], ... and y (MLPs) or t[0], t[1], ... (classifier).

Batches of B rows are taken in file order; an epoch ends with the last rows (a smaller batch
when B does not divide the rows) and the next starts again at the first row. Prints the loss of
every step, the batch mean before the update, one per line with 17 significant digits.
Exit status 2 when torch cannot be imported."""
import argparse
import csv
import json
import sys


def columns(header, rows, prefix):
    """The values of the columns prefix[0], prefix[1], ... as a list of columns."""
    out, k = [], 0
    while f"{prefix}[{k}]" in header:
        i = header.index(f"{prefix}[{k}]")
        out.append([float(r[i]) for r in rows])
        k += 1
    if not out:
        sys.exit(f"torch_sgd: no column {prefix}[0] in the data")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", choices=["mlp_mse", "mlp_bce", "softmax", "mlp_softmax", "digits"])
    parser.add_argument("data")
    parser.add_argument("weights")
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--lr", type=float, required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--out", help="write the losses here instead of standard output")
    a = parser.parse_args()
    try:
        import torch
        import torch.nn.functional as F
    except ImportError as e:
        print(f"torch_sgd: cannot import torch ({e})", file=sys.stderr)
        sys.exit(2)
    torch.set_num_threads(1)
    f64 = torch.float64

    with open(a.data, newline="") as f:
        table = list(csv.reader(f))
    header, rows = [h.strip() for h in table[0]], [r for r in table[1:] if r]
    X = torch.tensor(columns(header, rows, "x"), dtype=f64).T.contiguous()
    with open(a.weights) as f:
        w0 = json.load(f)
    params = {name: torch.tensor(value, dtype=f64, requires_grad=True) for name, value in w0.items()}

    if a.model in ("softmax", "mlp_softmax", "digits"):
        T = torch.tensor(columns(header, rows, "t"), dtype=f64).T
        target = T.argmax(dim=1)
        if a.model == "softmax":
            W, b = params["W"], params["b"]

            def loss_of(i, j):
                return F.cross_entropy(X[i:j] @ W.T + b, target[i:j])
        else:
            W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]

            def loss_of(i, j):
                return F.cross_entropy(torch.tanh(X[i:j] @ W1.T + b1) @ W2.T + b2, target[i:j])
    else:
        y = torch.tensor([float(r[header.index("y")]) for r in rows], dtype=f64)
        W1, b1, v, c = params["W1"], params["b1"], params["v"], params["c"]

        def loss_of(i, j):
            z = torch.tanh(X[i:j] @ W1.T + b1) @ v + c
            if a.model == "mlp_mse":
                return F.mse_loss(z, y[i:j]) / 2
            return F.binary_cross_entropy(torch.sigmoid(z), y[i:j])

    optimizer = torch.optim.SGD(list(params.values()), lr=a.lr)
    n, start, lines = len(rows), 0, []
    for _ in range(a.steps):
        end = min(start + a.batch, n)
        optimizer.zero_grad()
        loss = loss_of(start, end)
        loss.backward()
        optimizer.step()
        lines.append(format(loss.item(), ".17g"))
        start = 0 if end == n else end
    text = "\n".join(lines) + "\n"
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
