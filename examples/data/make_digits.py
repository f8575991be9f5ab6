#!/usr/bin/python3
"""Writes examples/data/digits.csv from the UCI handwritten digits that Debian ships.

Source: "Optical Recognition of Handwritten Digits", E. Alpaydin and C. Kaynak (1998), UCI
Machine Learning Repository,
https://archive.ics.uci.edu/ml/datasets/Optical+Recognition+of+Handwritten+Digits.
Licence: Creative Commons Attribution 4.0 International (CC BY 4.0), as the UCI repository
states for this data set; https://creativecommons.org/licenses/by/4.0/.

The copy read here is scikit-learn's (Debian package python3-sklearn):
sklearn/datasets/data/digits.csv.gz, whose description sklearn/datasets/descr/digits.rst says:
"This is a copy of the test set of the UCI ML hand-written digits datasets" -- 1,797 images of
8x8 integer pixels in the range 0..16 (counts of on pixels in 4x4 blocks of 32x32 bitmaps), each
with its digit 0..9, created by E. Alpaydin in July 1998. That description does not state a
licence; the one above is the UCI repository's.

Output: a header row, then one row per image in the source's order:
  x[0] ... x[63]  the pixels row by row, divided by 16 (exact decimals: k/16 has at most four
                  decimal places), so in [0, 1];
  y[0] ... y[9]   the digit one-hot: y[d] = 1 for the image's digit d, 0 otherwise.
Deterministic: the same bytes on every run. Run: /usr/bin/python3 examples/data/make_digits.py
"""
import csv
import gzip
import os
import sys
from fractions import Fraction

SOURCE = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"


def decimal(q):
    """The exact decimal of a fraction whose denominator divides 10^4: 0, 1, 0.0625, 0.5."""
    scaled = q * 10000
    assert scaled.denominator == 1
    whole, frac = divmod(scaled.numerator, 10000)
    return str(whole) if frac == 0 else f"{whole}.{frac:04d}".rstrip("0")


def main():
    if not os.path.exists(SOURCE):
        sys.exit(f"make_digits.py: {SOURCE} is missing: install Debian's python3-sklearn")
    out_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.csv")
    with gzip.open(SOURCE, "rt") as f:
        rows = [[int(v) for v in line.split(",")] for line in f if line.strip()]
    assert len(rows) == 1797 and all(len(r) == 65 for r in rows)
    with open(out_path, "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow([f"x[{i}]" for i in range(64)] + [f"y[{d}]" for d in range(10)])
        for r in rows:
            pixels, digit = r[:64], r[64]
            assert all(0 <= p <= 16 for p in pixels) and 0 <= digit <= 9
            w.writerow([decimal(Fraction(p, 16)) for p in pixels] + [1 if d == digit else 0 for d in range(10)])
    print(f"{out_path}: {len(rows)} rows")


if __name__ == "__main__":
    main()
