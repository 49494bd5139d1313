"""Fail when pyright's type completeness of the public API drops below a threshold.

    python tools/check_type_completeness.py [--threshold 95]

Runs ``pyright --verifytypes rekog --ignoreexternal --outputjson`` and prints the score and the
symbols whose type is ambiguous or unknown, so a regression names its cause.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=95.0, help="minimum score, percent")
    parser.add_argument("--package", default="rekog")
    args = parser.parse_args(argv)
    run = subprocess.run(
        ["pyright", "--verifytypes", args.package, "--ignoreexternal", "--outputjson"],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(run.stdout)["typeCompleteness"]
    except (ValueError, KeyError):
        print(run.stdout[-2000:], run.stderr[-2000:], sep="\n")
        print("pyright --verifytypes produced no report")
        return 1
    score = 100.0 * report["completenessScore"]
    weak = [
        symbol
        for symbol in report["symbols"]
        if symbol["isExported"] and (not symbol["isTypeKnown"] or symbol.get("isTypeAmbiguous"))
    ]
    for symbol in weak[:50]:
        first = symbol["diagnostics"][0]["message"].splitlines()[0] if symbol["diagnostics"] else ""
        print(f"  {symbol['name']}: {first}")
    if len(weak) > 50:
        print(f"  ... and {len(weak) - 50} more")
    print(f"type completeness of {args.package}: {score:.1f}% (threshold {args.threshold:.1f}%)")
    return 0 if score >= args.threshold else 1


if __name__ == "__main__":
    sys.exit(main())
