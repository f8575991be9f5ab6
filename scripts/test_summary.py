"""Adds up the Boost.Test XML reports of every meson test and prints "N passed, M failed".

Usage: test_summary.py BUILD_DIR MESON_STATUS [--sanitized DIR STATUS] [--fuzz STATUS]. A test
program whose report is missing or unreadable (it crashed, was killed, or never ran) counts as one
failed case, and so does a failing meson run whose reports all passed. --sanitized adds the
reports of the same suite run in the sanitizer build DIR (scripts/test with CHAINRULE_SANITIZE=1),
counted apart. --fuzz gives the status of the short fuzz run (left out with CHAINRULE_FUZZ=0): each fuzz
target counts as one case, and a failed run as one failed case. Exits 1 when anything failed.
"""
import json
import subprocess
import sys
import xml.etree.ElementTree as ET


def count_reports(build_dir: str, meson_status: int):
    """(passed, failed, skipped) over the Boost.Test reports of build_dir's meson tests."""
    tests = json.loads(subprocess.run(["meson", "introspect", build_dir, "--tests"],
                                      check=True, capture_output=True, text=True).stdout)
    passed = failed = skipped = 0
    for test in tests:
        report = f"{build_dir}/tests/{test['name']}.xml"
        try:
            module = ET.parse(report).getroot().find("TestSuite")
            if module is None:
                raise ValueError("no TestSuite element")
        except (OSError, ET.ParseError, ValueError) as e:
            print(f"chainrule: test program '{test['name']}' left no readable report ({e})", file=sys.stderr)
            failed += 1
            continue
        count = lambda name: int(module.get(name, "0"))
        passed += count("test_cases_passed") + count("test_cases_passed_with_warnings")
        failed += count("test_cases_failed") + count("test_cases_aborted") + count("test_cases_timed_out")
        skipped += count("test_cases_skipped")
    if meson_status != 0 and failed == 0:
        print(f"chainrule: meson test in {build_dir} failed although every report passed", file=sys.stderr)
        failed = 1
    return passed, failed, skipped


def main(build_dir: str, meson_status: int, sanitized=None, fuzz_status=None) -> int:
    passed, failed, skipped = count_reports(build_dir, meson_status)
    sanitized_line = fuzz_line = ""
    if sanitized is not None:
        p, f, s = count_reports(sanitized[0], sanitized[1])
        sanitized_line = f" (under the sanitizers: {p} passed, {f} failed)"
        passed, failed, skipped = passed + p, failed + f, skipped + s
    if fuzz_status is not None:
        fuzz_build = build_dir + "-fuzz"
        fuzz_tests = json.loads(subprocess.run(["meson", "introspect", fuzz_build, "--tests"],
                                               check=True, capture_output=True, text=True).stdout)
        if fuzz_status != 0:
            print("chainrule: the fuzz run failed (fuzz/crashes/ keeps the inputs)", file=sys.stderr)
            failed += 1
            passed += max(len(fuzz_tests) - 1, 0)
            fuzz_line = " (fuzz run: failed)"
        else:
            passed += len(fuzz_tests)
            fuzz_line = f" (fuzz run: {len(fuzz_tests)} targets, no crash)"
    line = f"{passed} passed, {failed} failed"
    print(line + (f", {skipped} skipped" if skipped else "") + sanitized_line + fuzz_line)
    return 1 if failed else 0


def parse(argv):
    build_dir, status, rest = argv[0], int(argv[1]), argv[2:]
    sanitized = fuzz = None
    while rest:
        if rest[0] == "--sanitized" and len(rest) >= 3:
            sanitized, rest = (rest[1], int(rest[2])), rest[3:]
        elif rest[0] == "--fuzz" and len(rest) >= 2:
            fuzz, rest = int(rest[1]), rest[2:]
        else:
            sys.exit(f"test_summary.py: unexpected arguments {rest}")
    return build_dir, status, sanitized, fuzz


if __name__ == "__main__":
    sys.exit(main(*parse(sys.argv[1:])))
