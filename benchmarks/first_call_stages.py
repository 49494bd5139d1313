"""What each part of a first call costs, in fresh processes from a Lambda-style package.

    python benchmarks/first_call_stages.py [--runs 11]

Each run is a fresh interpreter started without site-packages (``-S``) that imports from a
Lambda-style package directory (``_package_dir.py``) and stamps the clock after each step of
a first ``list_collections()`` against a canned endpoint on 127.0.0.1: boto3's steps, then
rekog's, split into the imports and builds that make up its first call (the client, pydantic,
rekog's model bases, the request model, the response model), under the collector setting
rekog loads its first model with. The processes of the two
alternate; printed are the minimum (the step's cost on a quiet machine) and the median of
every step, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from _package_dir import build_package_dir  # noqa: E402
from _stub_service import SpawnedStubService  # noqa: E402

_CLOCK = """
import time
_marks = [("start", time.perf_counter())]
def mark(name):
    _marks.append((name, time.perf_counter()))
"""
_REPORT = """
print(";".join(f"{n}={(t - p) * 1000:.3f}" for (_, p), (n, t) in zip(_marks, _marks[1:])))
"""

BOTO3_STEPS = """
import botocore.session
mark("botocore import")
import boto3
mark("import boto3")
c = boto3.client("rekognition", endpoint_url="{url}")
mark("client")
c.list_collections()
mark("first call")
c.list_collections()
mark("second call")
"""

REKOG_STEPS = """
import botocore.session
mark("botocore import")
from rekog import Rekognition
mark("from rekog import Rekognition")
rk = Rekognition(endpoint_url="{url}")
rk.client
mark("client")
from rekog._collector import relaxed
from rekog._parsing import built_model
with relaxed():  # as rekog loads its first model (rekog._parsing.built_model)
    from pydantic import BaseModel
    mark("pydantic import")
    import rekog.models.base
    mark("rekog model bases")
built_model("ListCollectionsRequest")
mark("request model (module, schema)")
from rekog._requests import build_request
build_request("ListCollections", {{}})
mark("request validation")
built_model("ListCollectionsResponse")
mark("response model (module, schema)")
rk.list_collections()
mark("first call")
rk.list_collections()
mark("second call")
"""


def run(code: str, package: Path) -> dict[str, float]:
    command = [
        sys.executable,
        "-S",
        "-c",
        f"import sys; sys.path.insert(0, {str(package)!r})\n{_CLOCK}{code}{_REPORT}",
    ]
    out = subprocess.run(command, cwd=package, check=True, capture_output=True, text=True)
    line = out.stdout.strip().splitlines()[-1]
    return {name: float(ms) for name, ms in (part.split("=") for part in line.split(";"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args(argv)
    service = SpawnedStubService()
    try:
        with tempfile.TemporaryDirectory(prefix="rekog-package-") as tmp:
            package = Path(tmp)
            build_package_dir(package, ROOT)
            codes = {
                "boto3": BOTO3_STEPS.format(url=service.endpoint_url),
                "rekog": REKOG_STEPS.format(url=service.endpoint_url),
            }
            for code in codes.values():  # warm the file system and bytecode caches
                run(code, package)
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in codes}
            for index in range(args.runs):
                order = list(codes) if index % 2 == 0 else list(reversed(codes))
                for name in order:
                    runs[name].append(run(codes[name], package))
    finally:
        service.close()
    print(f"ms per step, min / median of {args.runs} fresh processes ({sys.executable})")
    for name, samples in runs.items():
        totals = [sum(sample.values()) for sample in samples]
        print(f"{name}: total {min(totals):7.1f} / {statistics.median(totals):7.1f}")
        for step in samples[0]:
            values = [sample[step] for sample in samples]
            print(f"  {step:44} {min(values):7.2f} / {statistics.median(values):7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
