#!/usr/bin/env python3
"""Lists the skipped tests of a CTest JUnit file, one per line: NAME: REASON.

A test counts as skipped when CTest did not run it to a verdict (status notrun or
disabled, or a <skipped> element) -- GTEST_SKIP is reported this way through the
SKIP_REGULAR_EXPRESSION that gtest_discover_tests sets, and SKIP_RETURN_CODE tests too.
The reason is the text GoogleTest prints after "Skipped", else the last line of the
test's output, else CTest's message.
"""
import sys
import xml.etree.ElementTree as ET


def reason(case):
    out = case.findtext("system-out") or ""
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.rstrip().endswith("Skipped") and i + 1 < len(lines):
            return lines[i + 1].strip()
    tail = [l.strip() for l in lines if l.strip()]
    if tail:  # a script that exited with SKIP_RETURN_CODE: its last words
        return tail[-1]
    skipped = case.find("skipped")
    return skipped.get("message") if skipped is not None else "no reason printed"


def main(path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"skips.py: cannot read {path}: {e}", file=sys.stderr)
        return 1
    for case in root.iter("testcase"):
        status = case.get("status", "")
        if status in ("notrun", "disabled") or case.find("skipped") is not None:
            print(f"{case.get('name')}: {reason(case)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
