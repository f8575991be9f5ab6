#!/usr/bin/python3
"""Writes the deep and wide chain programs of bench/run_deep: for a size n,

  chain   param x; f1 = sin(x); f(k) = sin(f(k-1)) up to f(n)         n definitions, n deep
  nested  param x; g1 = sin(sin(...sin(x)...)) 100 levels; g(k) = 100 sines around g(k-1),
          n/100 definitions: one expression n deep whose definitions stay within the parser's
          nesting limit (200)
  sum     param x; s1 = sin(x + 1) + ... + sin(x + 1000); s(k) = s(k-1) + the next 1000 terms,
          n/1000 definitions: a sum of n terms whose lines stay within the parser's height
          limit (2000)

each as DIR/SHAPE.chain (the program alone, with the name of its last definition on the first
line as a comment) and DIR/SHAPE-QUERY.chain (the program, then one query statement).
    deep_programs.py N DIR
"""
import sys

QUERIES = {
    "grad": "grad {L} wrt x",
    "eval": "eval {L} at x = 3/10",
    "evalgrad": "eval d({L})/d(x) at x = 3/10",
    "check": "check {L}",
    "text": "show {L}",
    "latex": "show {L} as latex",
    "c": "show {L} as c",
}


def chain(n):
    lines = ["f1 = sin(x)"] + [f"f{k} = sin(f{k-1})" for k in range(2, n + 1)]
    return lines, f"f{n}"


def nested(n, per=100):
    count = max(1, n // per)
    lines = []
    for k in range(1, count + 1):
        inner = "x" if k == 1 else f"g{k-1}"
        lines.append(f"g{k} = " + "sin(" * per + inner + ")" * per)
    return lines, f"g{count}"


def wide(n, per=1000):
    count = max(1, n // per)
    lines = []
    for k in range(1, count + 1):
        terms = [f"sin(x + {j})" for j in range((k - 1) * per + 1, k * per + 1)]
        lines.append(f"s{k} = " + ("" if k == 1 else f"s{k-1} + ") + " + ".join(terms))
    return lines, f"s{count}"


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    for shape, make in (("chain", chain), ("nested", nested), ("sum", wide)):
        lines, last = make(n)
        body = f"# {last}\nparam x\n" + "\n".join(lines) + "\n"
        with open(f"{out}/{shape}.chain", "w") as f:
            f.write(body)
        for q, text in QUERIES.items():
            with open(f"{out}/{shape}-{q}.chain", "w") as f:
                f.write(body + text.format(L=last) + "\n")


main()
