"""Builds the seed corpora of the fuzz targets from the examples and the tests.

Usage: make_seeds.py SOURCE_ROOT OUT_DIR. Writes OUT_DIR/{program,parser,csv,param_file}/, one
file per seed named by its SHA-1: the .chain files of examples/ and tests/, the chain-language
snippets of the C++ tests (string literals holding a line break that start with a statement
keyword or a definition), the CSV files and CSV snippets, and the JSON snippets (parameter
files) of the tests.
"""
import hashlib
import pathlib
import re
import sys

KEYWORDS = ("input", "param", "const", "grad", "eval", "show", "assume", "claim", "check", "data", "train",
            "save", "load")
LITERAL = re.compile(r'R"([^(\s]*)\((.*?)\)\1"|"((?:[^"\\\n]|\\.)*)"', re.S)
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "'": "'", "r": "\r", "0": "\0"}


def unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), s)


def literals(text: str):
    """The C++ string literals of a source file, adjacent literals joined."""
    out, last_end, joined = [], None, None
    for m in LITERAL.finditer(text):
        value = m.group(2) if m.group(2) is not None else unescape(m.group(3))
        if joined is not None and text[last_end:m.start()].strip() == "":
            joined += value
        else:
            if joined is not None:
                out.append(joined)
            joined = value
        last_end = m.end()
    if joined is not None:
        out.append(joined)
    return out


def is_program(s: str) -> bool:
    first = s.lstrip().split(None, 1)[0] if s.strip() else ""
    return "\n" in s and (first in KEYWORDS or re.match(r"\s*[A-Za-z_]\w*\s*=[^=]", s) is not None)


def is_csv(s: str) -> bool:
    lines = [l for l in s.splitlines() if l.strip()]
    return "\n" in s and len(lines) >= 2 and "," in lines[0] and not is_program(s)


def is_json(s: str) -> bool:
    return s.lstrip().startswith("{") and '"' in s


def main(root: pathlib.Path, out: pathlib.Path) -> None:
    seeds = {"program": set(), "parser": set(), "csv": set(), "param_file": set()}
    for f in sorted(list(root.glob("examples/*.chain")) + list(root.glob("tests/**/*.chain"))):
        seeds["program"].add(f.read_text(encoding="utf-8", errors="surrogateescape"))
    for f in sorted(list(root.glob("examples/data/*.csv")) + list(root.glob("notebooks/data/*.csv"))):
        seeds["csv"].add(f.read_text())
    for f in sorted(root.glob("tests/**/*.cpp")):
        for s in literals(f.read_text(encoding="utf-8", errors="surrogateescape")):
            if is_program(s):
                seeds["program"].add(s)
            elif is_csv(s):
                seeds["csv"].add(s)
            elif is_json(s):
                seeds["param_file"].add(s)
    seeds["parser"] = set(seeds["program"])
    seeds["param_file"].add('{"W": [[0.5, -1.25], [2, 0]], "b": [0, 0], "w": 0.75}\n')
    for name, texts in seeds.items():
        d = out / name
        d.mkdir(parents=True, exist_ok=True)
        for t in texts:
            data = t.encode("utf-8", errors="surrogateescape")
            (d / hashlib.sha1(data).hexdigest()).write_bytes(data)
        print(f"{name}: {len(texts)} seeds", file=sys.stderr)


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
