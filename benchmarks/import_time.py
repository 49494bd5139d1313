"""Import cost of rekog vs boto3, in fresh processes.

    python benchmarks/import_time.py [--runs 15] [--check]

Each round starts one fresh interpreter per command below; the commands are interleaved and
their order alternates every round, so machine noise hits every command alike. The table shows
the median wall time of each and its ratio to ``import boto3``.

Target: ``import rekog`` <= 1.6 x ``import boto3`` (it is paid on every AWS Lambda cold start).
With ``--check`` the exit status is 1 when the target is missed; otherwise it is always 0.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.6

BASELINE = "import boto3"
MAIN = "import rekog"
COMMANDS: list[tuple[str, str]] = [
    ("python (no imports)", "pass"),
    (BASELINE, BASELINE),
    (MAIN, MAIN),
    ("from rekog.models import FaceDetail", "from rekog.models import FaceDetail"),
    (
        "first use: FaceDetail.model_validate({})",
        "from rekog.models import FaceDetail; FaceDetail.model_validate({})",
    ),
]


def run_once(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return time.perf_counter() - start


def measure(runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {label: [] for label, _ in COMMANDS}
    for _, code in COMMANDS:  # warm the file system cache and the bytecode caches
        run_once(code)
    for index in range(runs):
        order = COMMANDS if index % 2 == 0 else COMMANDS[::-1]
        for label, code in order:
            times[label].append(run_once(code))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per command")
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 if import rekog > {TARGET} x import boto3"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    times = measure(args.runs)
    medians = {label: statistics.median(values) for label, values in times.items()}
    base = medians[BASELINE]
    width = max(len(label) for label, _ in COMMANDS)
    print(f"median wall time over {args.runs} fresh processes each ({sys.executable})")
    print(f"{'command':<{width}}  {'median':>9}  {'min':>9}  {'vs boto3':>8}")
    for label, _ in COMMANDS:
        print(
            f"{label:<{width}}  {medians[label] * 1000:7.1f}ms  "
            f"{min(times[label]) * 1000:7.1f}ms  {medians[label] / base:7.2f}x"
        )
    ratio = medians[MAIN] / base
    verdict = "ok" if ratio <= TARGET else "OVER TARGET"
    print(f"import rekog / import boto3 = {ratio:.2f} (target <= {TARGET}): {verdict}")
    if args.check and ratio > TARGET:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
