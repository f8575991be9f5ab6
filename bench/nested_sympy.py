#!/usr/bin/python3
"""SymPy peer of bench/nested: times sympy.diff on f0 = x, f(k+1) = sin(fk)*fk + fk.

Run with Debian's interpreter (/usr/bin/python3, python3-sympy). For each k prints one line
    sympy k=.. runs=.. build_s=.. diff_s=.. tree=.. distinct=..
or `sympy k=.. skipped=cap` once a single run has exceeded the cap, or, when SymPy cannot be
imported, the single line `sympy missing=1 reason=...`. Times are medians; every run starts
from a cleared SymPy cache and a freshly built expression, as a new process would.
"""

import argparse
import statistics
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("ks", nargs="+", type=int, help="nesting depths")
    p.add_argument("--runs", type=int, default=5, help="most runs per k (default 5)")
    p.add_argument("--min-runs", type=int, default=3, help="fewest runs per k under the cap (default 3)")
    p.add_argument("--budget", type=float, default=5.0,
                   help="stop repeating once the runs of one k took this many seconds (default 5)")
    p.add_argument("--cap", type=float, default=10.0,
                   help="after a single run longer than this (seconds), skip larger k (default 10)")
    return p.parse_args()


def build_nested(sympy, x, k):
    """f_k of the nested family."""
    f = x
    for _ in range(k):
        f = sympy.sin(f) * f + f
    return f


def sizes(e):
    """(tree, distinct): nodes counted with repetition (1 per object plus its args,
    recursively) and the different objects in memory (SymPy shares subexpressions)."""
    memo = {}

    def tree(node):
        key = id(node)
        if key in memo:
            return memo[key][0]
        n = 1 + sum(tree(a) for a in node.args)
        memo[key] = (n, node)  # keep node alive so its id() is not reused
        return n

    return tree(e), len(memo)


def more(times, args):
    if not times:
        return True
    if len(times) >= args.runs or max(times) > args.cap:
        return False
    return len(times) < args.min_runs or sum(times) < args.budget


def main():
    args = parse_args()
    try:
        import sympy
        from sympy.core.cache import clear_cache
    except ImportError as e:
        print(f"sympy missing=1 reason={str(e).replace(' ', '_')}", flush=True)
        return 0
    sys.setrecursionlimit(100000)
    capped = False
    for k in args.ks:
        if capped:
            print(f"sympy k={k} skipped=cap", flush=True)
            continue
        build_times, diff_times = [], []
        d = None
        while more(diff_times, args):
            clear_cache()
            x = sympy.Symbol("x")
            t0 = time.perf_counter()
            f = build_nested(sympy, x, k)
            build_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            d = sympy.diff(f, x)
            diff_times.append(time.perf_counter() - t0)
        tree, distinct = sizes(d)
        print(f"sympy k={k} runs={len(diff_times)} build_s={statistics.median(build_times):.9g} "
              f"diff_s={statistics.median(diff_times):.9g} tree={tree} distinct={distinct} "
              f"version={sympy.__version__}", flush=True)
        capped = max(diff_times) > args.cap
    return 0


if __name__ == "__main__":
    sys.exit(main())
