"""Typed async rekog vs raw aiobotocore, side by side in one run, against one local endpoint.

    python benchmarks/async_throughput.py [--calls 1000] [--pages 20] [--persons 1000]
                                          [--in-flight 50] [--rounds 3] [--check]

Workloads, each with ``--in-flight`` requests in flight on one event loop:

- small calls: ``--calls`` ``DetectText`` calls (a small JSON answer);
- big pages: ``--pages`` ``GetFaceSearch`` pages of ``--persons`` persons each.

The endpoint is a canned JSON 1.1 server (the stdlib's ``ThreadingHTTPServer``) in a separate
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
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

sys.path.insert(0, str(Path(__file__).resolve().parent))

JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x00" * 2048


def detect_text_body() -> bytes:
    geometry = {
        "BoundingBox": {"Width": 0.2, "Height": 0.1, "Left": 0.1, "Top": 0.1},
        "Polygon": [{"X": 0.1, "Y": 0.1}, {"X": 0.3, "Y": 0.1}, {"X": 0.3, "Y": 0.2}],
    }
    detections = [
        {
            "DetectedText": "TOW AWAY ZONE",
            "Type": "LINE",
            "Id": 0,
            "Confidence": 99.1,
            "Geometry": geometry,
        },
        *(
            {
                "DetectedText": w,
                "Type": "WORD",
                "Id": i + 1,
                "ParentId": 0,
                "Confidence": 99.0,
                "Geometry": geometry,
            }
            for i, w in enumerate(["TOW", "AWAY", "ZONE"])
        ),
    ]
    return json.dumps({"TextDetections": detections, "TextModelVersion": "3.0"}).encode()


def face_search_body(persons: int) -> bytes:
    from parse_overhead import face_search_page

    return face_search_page(persons)


def serve(port_file: str, persons: int) -> None:
    """The endpoint process: canned answers by ``X-Amz-Target``."""
    bodies = {"DetectText": detect_text_body(), "GetFaceSearch": face_search_body(persons)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            operation = (self.headers.get("X-Amz-Target") or "").rsplit(".", 1)[-1]
            body = bodies[operation]
            self.send_response(200)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("x-amzn-RequestId", "bench")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256

    server = Server(("127.0.0.1", 0), Handler)
    Path(port_file).write_text(str(server.server_address[1]))
    server.serve_forever()


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
    parser.add_argument("--serve", metavar="PORT_FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.persons)
        return 0

    port_file = Path(f"/tmp/rekog-bench-{os.getpid()}.port")
    port_file.unlink(missing_ok=True)
    endpoint_process = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port_file), "--persons", str(args.persons)]
    )
    try:
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text():
            if time.monotonic() > deadline:
                raise SystemExit("the endpoint process did not start")
            time.sleep(0.05)
        endpoint = f"http://127.0.0.1:{port_file.read_text()}"
        results = asyncio.run(measure(endpoint, args))
    finally:
        endpoint_process.terminate()
        endpoint_process.wait()
        port_file.unlink(missing_ok=True)

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
