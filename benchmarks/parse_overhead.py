"""Typed rekog call vs raw boto3 call on a 1000-person GetFaceSearch page.

A local HTTP server on 127.0.0.1 serves the same page to both clients. Calls alternate, and
the medians are compared in one run, so machine noise hits both sides alike.

    python benchmarks/parse_overhead.py [--rounds 15] [--persons 1000] [--check]

Target: typed <= 1.0 x raw boto3 (typed must not be slower than untyped). Stretch: <= 0.6.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

from rekog import Rekognition  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _stub_service import face_search_page  # noqa: E402


def serve(body: bytes) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--persons", type=int, default=1000)
    parser.add_argument("--check", action="store_true", help="exit 1 if typed > 1.0 x raw")
    args = parser.parse_args()

    body = json.dumps(face_search_page(args.persons)).encode()
    server = serve(body)
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    raw = boto3.client(
        "rekognition",
        region_name="us-east-1",
        endpoint_url=endpoint,
        config=Config(retries={"total_max_attempts": 1}),
    )
    typed = Rekognition(region="us-east-1", endpoint_url=endpoint)

    def raw_call() -> None:
        assert len(raw.get_face_search(JobId="job-1")["Persons"]) == args.persons

    def typed_call() -> None:
        assert len(typed.get_face_search(job_id="job-1").persons) == args.persons

    for warm in (raw_call, typed_call, raw_call, typed_call):
        warm()
    times: dict[str, list[float]] = {"raw boto3": [], "typed rekog": []}
    for round_ in range(args.rounds):
        order = [("raw boto3", raw_call), ("typed rekog", typed_call)]
        if round_ % 2:
            order.reverse()
        for name, call in order:
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    server.shutdown()

    raw_ms = statistics.median(times["raw boto3"]) * 1000
    typed_ms = statistics.median(times["typed rekog"]) * 1000
    ratio = typed_ms / raw_ms
    print(
        f"GetFaceSearch page: {args.persons} persons, {len(body) / 1e6:.2f} MB, {args.rounds} rounds"
    )
    print(f"  raw boto3 call (dicts)       median {raw_ms:8.1f} ms")
    print(f"  typed rekog call (models)    median {typed_ms:8.1f} ms")
    print(f"  ratio typed / raw            {ratio:8.2f}  (target <= 1.0, stretch <= 0.6)")
    return 1 if args.check and ratio > 1.0 else 0


if __name__ == "__main__":
    sys.exit(main())
