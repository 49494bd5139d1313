"""Typed async rekog vs raw aiobotocore, side by side in one run, against one local endpoint.

    python benchmarks/async_throughput.py [--calls 1000] [--pages 20] [--persons 1000]
                                          [--in-flight 50] [--rounds 3] [--check]

Workloads, each with ``--in-flight`` requests in flight on one event loop:

- small calls: ``--calls`` ``DetectText`` calls (a small JSON answer);
- big pages: ``--pages`` ``GetFaceSearch`` pages of ``--persons`` persons each.

The endpoint is the benchmarks' canned JSON 1.1 server (``_stub_service``) in a separate
process, so its CPU does not share the client's GIL; it answers every request with the same
bytes, so the difference measured is the client's own cost: rekog's validation, retry layer
and typed parsing vs aiobotocore's dict parsing. Rounds alternate the two clients and the
medians are compared, in wall-clock time and in the client process's CPU time (the steadier
of the two on a busy machine, since the endpoint runs in another process).

Targets: typed async <= 1.0 x raw aiobotocore on the big pages, <= 1.1 x on the small calls.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _stub_service import SpawnedStubService  # noqa: E402

JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x00" * 2048


async def timed(
    in_flight: int, count: int, call: Callable[[], Awaitable[Any]]
) -> tuple[float, float]:
    """Wall-clock and client CPU seconds for ``count`` calls, ``in_flight`` at a time."""
    gate = asyncio.Semaphore(in_flight)

    async def one() -> None:
        async with gate:
            await call()

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one() for _ in range(count)))
    return time.perf_counter() - started, time.process_time() - cpu


Timings = dict[str, dict[str, list[tuple[float, float]]]]


async def measure(endpoint: str, args: argparse.Namespace) -> Timings:
    from aiobotocore.config import AioConfig
    from aiobotocore.session import get_session

    from rekog import AsyncRekognition, RetryPolicy

    config = AioConfig(max_pool_connections=args.in_flight, retries={"total_max_attempts": 1})
    session = get_session()
    results: Timings = {
        "small": {"raw": [], "rekog": []},
        "big": {"raw": [], "rekog": []},
    }
    async with (
        session.create_client(
            "rekognition", region_name="us-east-1", endpoint_url=endpoint, config=config
        ) as raw,
        AsyncRekognition(
            session=session,
            region="us-east-1",
            endpoint_url=endpoint,
            config=config,
            retry=RetryPolicy(),
        ) as rk,
    ):
        small: dict[str, Callable[[], Awaitable[Any]]] = {
            "raw": lambda: raw.detect_text(Image={"Bytes": JPEG}),
            "rekog": lambda: rk.detect_text(image=JPEG),
        }
        big: dict[str, Callable[[], Awaitable[Any]]] = {
            "raw": lambda: raw.get_face_search(JobId="job-1", MaxResults=1000),
            "rekog": lambda: rk.get_face_search(job_id="job-1", max_results=1000),
        }
        for name in small:  # warm up: connections, loaders, model schemas
            await timed(args.in_flight, 50, small[name])
            await timed(args.in_flight, 2, big[name])
        for round_number in range(args.rounds):
            order = ["raw", "rekog"] if round_number % 2 == 0 else ["rekog", "raw"]
            for name in order:
                results["small"][name].append(await timed(args.in_flight, args.calls, small[name]))
            for name in order:
                results["big"][name].append(await timed(args.in_flight, args.pages, big[name]))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--persons", type=int, default=1000)
    parser.add_argument("--in-flight", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    # DetectText: one line of three words, four detections (a small JSON answer).
    service = SpawnedStubService(persons=args.persons, text_lines=1)
    try:
        results = asyncio.run(measure(service.endpoint_url, args))
    finally:
        service.close()

    targets = {"small": 1.1, "big": 1.0}
    labels = {
        "small": f"{args.calls} DetectText calls",
        "big": f"{args.pages} GetFaceSearch pages of {args.persons} persons",
    }
    missed = False
    print(f"{args.in_flight} in flight, median of {args.rounds} rounds (alternating order)")
    for workload, times in results.items():
        for index, what in ((0, "wall"), (1, "client CPU")):
            raw = statistics.median(t[index] for t in times["raw"])
            typed = statistics.median(t[index] for t in times["rekog"])
            ratio = typed / raw
            ok = ratio <= targets[workload]
            missed |= not ok
            print(
                f"{labels[workload]:>42} {what:>10}: raw aiobotocore {raw:7.3f}s  "
                f"rekog async {typed:7.3f}s  ratio {ratio:.2f}x "
                f"(target <= {targets[workload]:.1f}x) {'ok' if ok else 'MISSED'}"
            )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
