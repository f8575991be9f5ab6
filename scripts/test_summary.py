"""Adds up the Boost.Test XML reports of every meson test and prints "N passed, M failed".

Usage: test_summary.py BUILD_DIR MESON_STATUS [FUZZ_STATUS]. A test program whose report is missing or
unreadable (it crashed, was killed, or never ran) counts as one failed case, and so does a
failing meson run whose reports all passed. FUZZ_STATUS, when given, is the status of the
short fuzz run (scripts/test with CHAINRULE_FUZZ=1): each fuzz target counts as one case, and a
failed run as one failed case. Exits 1 when anything failed.
"""
import json
import subprocess
import sys
import xml.etree.ElementTree as ET


def main(build_dir: str, meson_status: int, fuzz_status=None) -> int:
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
        print("chainrule: meson test failed although every report passed", file=sys.stderr)
        failed = 1
    if fuzz_status is not None:
        fuzz_build = build_dir + "-fuzz"
        fuzz_tests = json.loads(subprocess.run(["meson", "introspect", fuzz_build, "--tests"],
                                               check=True, capture_output=True, text=True).stdout)
        if fuzz_status != 0:
            print("chainrule: the fuzz run failed (fuzz/crashes/ keeps the inputs)", file=sys.stderr)
            failed += 1
            passed += max(len(fuzz_tests) - 1, 0)
        else:
            passed += len(fuzz_tests)
    line = f"{passed} passed, {failed} failed"
    print(line + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None))
