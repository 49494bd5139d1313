"""rekog.local's HTTP server under abuse: memory of a huge picture, latency among idle connections.

Run: ``python benchmarks/emulator_abuse.py [--source DIR] [--rounds 5]``

1. Peak RSS growth of the server process (``VmHWM`` after minus before, a fresh server per
   request) for one DetectLabels on a 10000x10000 PNG, next to a 5 MB JPEG photo-like
   picture; and their ratio.
2. The latency of a normal request (ListCollections on a new connection) with 1,100 idle
   connections open, next to none: per round, the median of 20 requests each, paired ratio.
   A request that is not answered within 10 s counts as "hung".

``--source DIR`` runs the server from another checkout of rekog (e.g. ``git archive main``
extracted in a temporary directory) to measure the code before a change.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import io
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

CHILD = """
import sys, threading
from rekog.local import LocalRekognition
with LocalRekognition(job_seconds=0) as local, local.serve() as server:
    print(server.port, flush=True)
    sys.stdin.read()
"""
IDLE = 1100


def start(source: str | None) -> tuple[subprocess.Popen[str], int]:
    env = dict(os.environ)
    if source:
        env["PYTHONPATH"] = source
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    return child, int(child.stdout.readline())


def stop(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None
    child.stdin.close()
    child.wait(timeout=30)


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def call(port: int, target: str, body: bytes, timeout: float = 120.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            "POST",
            "/",
            body=body,
            headers={
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": f"RekognitionService.{target}",
            },
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def huge_png() -> bytes:
    image = Image.new("RGB", (10_000, 10_000), (200, 180, 160))
    image.paste((0, 0, 0), (4000, 4000, 6000, 6000))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def photo_jpeg() -> bytes:
    """Noisy 4000x3000 picture at a quality that lands just under 5 MB."""
    rng = random.Random(7)
    small = Image.frombytes("RGB", (400, 300), rng.randbytes(400 * 300 * 3))
    image = small.resize((4000, 3000), Image.Resampling.BICUBIC)
    for quality in (95, 90, 85, 80, 70, 60):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        if out.tell() <= 5_000_000:
            return out.getvalue()
    return out.getvalue()


def memory(source: str | None) -> None:
    print("peak RSS growth of the server for one DetectLabels (fresh server each)")
    results = {}
    for name, data in (("10000x10000 PNG", huge_png()), ("5 MB JPEG photo", photo_jpeg())):
        body = json.dumps({"Image": {"Bytes": base64.b64encode(data).decode()}}).encode()
        child, port = start(source)
        try:
            call(port, "ListCollections", b"{}")
            before = peak_mb(child.pid)
            status, answer = call(port, "DetectLabels", body)
            grown = peak_mb(child.pid) - before
        finally:
            stop(child)
        outcome = "200" if status == 200 else f"{status} {json.loads(answer)['__type']}"
        results[name] = grown
        print(f"  {name} ({len(data) / 1e6:.2f} MB): +{grown:.0f} MB peak, answer {outcome}")
    png, jpeg = results.values()
    print(f"  PNG / photo: {png / max(jpeg, 1.0):.2f}x")


def latency_ms(port: int, count: int) -> float | None:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        try:
            status, _ = call(port, "ListCollections", b"{}", timeout=10.0)
        except (TimeoutError, OSError):
            return None
        assert status == 200, status
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def idle_connections(source: str | None, rounds: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print(f"\nListCollections on a new connection, with {IDLE} idle connections vs none")
    child, port = start(source)
    try:
        call(port, "ListCollections", b"{}")
        for n in range(rounds):
            alone = latency_ms(port, 20)
            idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(IDLE)]
            crowded = latency_ms(port, 20)
            for sock in idle:
                sock.close()
            shown = "hung (no answer in 10 s)" if crowded is None else f"{crowded:.2f} ms"
            ratio = "-" if crowded is None or alone is None else f"{crowded / alone:.2f}x"
            print(f"  round {n + 1}: alone {alone:.2f} ms, with {IDLE} idle {shown}, ratio {ratio}")
            if crowded is None:
                break
    finally:
        stop(child)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="run the server from this rekog checkout")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    memory(args.source)
    idle_connections(args.source, args.rounds)


if __name__ == "__main__":
    main()
