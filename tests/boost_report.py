"""A Boost.Test-style XML report for the Python test programs (tests/kernel, tests/notebooks):
scripts/test_summary.py counts test cases from such a report for every meson test."""

import xml.etree.ElementTree as ET


def write_report(path, suite_name, results, seconds):
    """results: (name, ok, message) for each case. Writes the report to path and prints a line."""
    passed = sum(1 for _, ok, _ in results if ok)
    failed = len(results) - passed
    root = ET.Element("TestResult")
    suite = ET.SubElement(root, "TestSuite", name=suite_name, result="passed" if failed == 0 else "failed",
                          assertions_passed=str(passed), assertions_failed=str(failed),
                          test_cases_passed=str(passed), test_cases_failed=str(failed),
                          test_cases_skipped="0", test_cases_aborted="0")
    for name, ok, message in results:
        case = ET.SubElement(suite, "TestCase", name=name, result="passed" if ok else "failed")
        if message:
            case.text = message
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    print(f"{suite_name}: {passed} passed, {failed} failed in {seconds:.1f} s")
