"""Search latency by collection size and HTTP throughput by client threads, for rekog.local.

Run: ``python benchmarks/emulator_throughput.py [--requests 200] [--only users]``

1. SearchFaces / SearchFacesByImage latency at 100, 1,000 and 10,000 faces (in-process, and
   SearchFaces over HTTP; median of repeated calls), next to a pure-Python linear scan of the same signatures
   (what the backend did before the vectorised index), and the 10k/100 ratios.
2. SearchUsersByImage next to SearchFacesByImage at 1k faces / 250 users, 20k / 5k and
   100k / 25k (four faces per user), in-process: per round, the median of a few calls of
   each, and their paired ratio (target: at most 3x at 20k / 5k), plus each operation's
   growth from 1k to 100k faces.
3. SearchFacesByImage throughput against ``LocalServer`` (10,000 faces, in its own process)
   with 1 and 4 client threads, and the ratio. It can only grow up to the cores the machine
   has, and only as far as the server's work releases the GIL (image decoding in Pillow's C
   code, numpy scoring); the backend lock no longer serialises decoding.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import multiprocessing
import os
import random
import statistics
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from rekog.local import LocalRekognition, make_face_image, similarity
from rekog.local.backend.state import FaceRecord, UserRecord

SIZES = (100, 1_000, 10_000)
BOX = {"Width": 0.8, "Height": 0.8, "Left": 0.1, "Top": 0.1}


def fill(local: LocalRekognition, collection: str, count: int) -> list[str]:
    """Create ``collection`` with ``count`` faces of random signatures (fast: no images)."""
    local.call("CreateCollection", CollectionId=collection)
    rng = random.Random(count)
    state = local.backend.state
    ids = []
    with local.backend._lock:
        for i in range(count):
            face_id = f"{i:08d}-0000-4000-8000-{i:012d}"
            state.put_face(
                collection,
                FaceRecord(face_id, "img", dict(BOX), 99.9, rng.getrandbits(64), seq=i + 1),
            )
            ids.append(face_id)
    return ids


def fill_users(local: LocalRekognition, collection: str, faces: int, users: int) -> None:
    """Create ``collection`` with ``faces`` faces, spread over ``users`` users."""
    ids = fill(local, collection, faces)
    state = local.backend.state
    with local.backend._lock:
        for u in range(users):
            state.put_user(collection, UserRecord(f"user-{u}", u + 1, 0.0))
        for i, face_id in enumerate(ids):
            face = state.faces[collection][face_id]
            face.user_id = f"user-{i % users}"
            state.put_face(collection, face)


USER_SIZES = ((1_000, 250), (20_000, 5_000), (100_000, 25_000))


def user_search(rounds: int, calls: int) -> None:
    """SearchUsersByImage vs SearchFacesByImage, paired per round, by collection size."""
    print("\nuser search vs face search, in-process (median ms of each round; ratio paired)")
    image = make_face_image("probe")
    medians: dict[int, tuple[float, float]] = {}
    with LocalRekognition(job_seconds=0) as local:
        for faces, users in USER_SIZES:
            collection = f"u{faces}"
            fill_users(local, collection, faces, users)
            request = {"CollectionId": collection, "Image": {"Bytes": image}}
            by_users = partial(local.call, "SearchUsersByImage", **request)
            by_faces = partial(local.call, "SearchFacesByImage", **request)
            ratios, user_ms, face_ms = [], [], []
            for _ in range(rounds):
                u = median_ms(by_users, calls)
                f = median_ms(by_faces, calls)
                user_ms.append(u)
                face_ms.append(f)
                ratios.append(u / f)
            shown = " ".join(f"{r:.2f}" for r in ratios)
            medians[faces] = (statistics.median(user_ms), statistics.median(face_ms))
            print(
                f"{faces:>7} faces {users:>6} users: SearchUsersByImage "
                f"{medians[faces][0]:.2f} ms, SearchFacesByImage {medians[faces][1]:.2f} ms, "
                f"ratio per round {shown} (median {statistics.median(ratios):.2f})"
            )
    small, large = medians[USER_SIZES[0][0]], medians[USER_SIZES[-1][0]]
    print(
        f"100k/1k growth: SearchUsersByImage {large[0] / small[0]:.2f}x, "
        f"SearchFacesByImage {large[1] / small[1]:.2f}x"
    )


def median_ms(call: Callable[[], Any], repeat: int) -> float:
    call()  # build the index / warm caches
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def linear_scan(signatures: list[int], probe: int) -> list[tuple[float, int]]:
    scored = [(similarity(probe, s), i) for i, s in enumerate(signatures)]
    scored = [item for item in scored if item[0] >= 80.0]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored


def latency(repeat: int) -> None:
    print("search latency (median ms; HTTP = SearchFaces over a kept-alive connection)")
    print(f"{'faces':>8} {'SearchFaces':>12} {'ByImage':>10} {'HTTP':>8} {'python scan':>12}")
    image = make_face_image("probe")
    results: dict[int, tuple[float, float, float, float]] = {}
    with LocalRekognition(job_seconds=0) as local, local.serve() as server:
        connection = http.client.HTTPConnection(server.host, server.port)
        for size in SIZES:
            collection = f"c{size}"
            ids = fill(local, collection, size)
            signatures = [f.signature for f in local.backend.state.faces[collection].values()]
            by_id = median_ms(
                partial(local.call, "SearchFaces", CollectionId=collection, FaceId=ids[0]),
                repeat,
            )
            by_image = median_ms(
                partial(
                    local.call,
                    "SearchFacesByImage",
                    CollectionId=collection,
                    Image={"Bytes": image},
                ),
                repeat,
            )
            body = json.dumps({"CollectionId": collection, "FaceId": ids[0]}).encode()
            over_http = median_ms(partial(post, connection, "SearchFaces", body), repeat)
            scan = median_ms(partial(linear_scan, signatures, signatures[0]), repeat)
            results[size] = (by_id, by_image, over_http, scan)
            print(f"{size:>8} {by_id:>12.3f} {by_image:>10.3f} {over_http:>8.3f} {scan:>12.3f}")
        connection.close()
    small, large = results[SIZES[0]], results[SIZES[-1]]
    ratios = [large[i] / small[i] for i in range(4)]
    print(
        f"10k/100 ratio: SearchFaces {ratios[0]:.2f}x, SearchFacesByImage {ratios[1]:.2f}x, "
        f"SearchFaces over HTTP {ratios[2]:.2f}x, python scan {ratios[3]:.1f}x"
    )


def post(connection: http.client.HTTPConnection, operation: str, body: bytes) -> None:
    """One raw JSON 1.1 request on a kept-alive connection."""
    connection.request(
        "POST",
        "/",
        body=body,
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"RekognitionService.{operation}",
        },
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status


def _serve_filled(port_queue: Any, stop: Any) -> None:
    """Child process: an emulator with 10,000 faces, served over HTTP until ``stop`` is set."""
    with LocalRekognition(job_seconds=0) as local:
        fill(local, "big", 10_000)
        with local.serve() as server:
            port_queue.put(server.port)
            stop.wait()


def throughput(requests: int) -> None:
    """Requests per second from 1 and 4 client threads against a server in its own process.

    The clients send pre-encoded requests over kept-alive ``http.client`` connections, so
    that the server, not boto3 in the clients, is what is measured.
    """
    print(f"\nHTTP throughput, SearchFacesByImage at 10,000 faces ({os.cpu_count()} cores)")
    bodies = [
        json.dumps(
            {
                "CollectionId": "big",
                "Image": {"Bytes": base64.b64encode(make_face_image(f"p{i}")).decode()},
            }
        ).encode()
        for i in range(16)
    ]
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "RekognitionService.SearchFacesByImage",
    }
    context = multiprocessing.get_context("spawn")
    port_queue, stop = context.Queue(), context.Event()
    child = context.Process(target=_serve_filled, args=(port_queue, stop), daemon=True)
    child.start()
    try:
        port = port_queue.get(timeout=120)
        rates = {}
        for threads in (1, 4):
            per_thread = requests // threads
            connections = [http.client.HTTPConnection("127.0.0.1", port) for _ in range(threads)]

            def call(connection: http.client.HTTPConnection, body: bytes) -> None:
                connection.request("POST", "/", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                assert response.status == 200, response.status

            for connection in connections:
                call(connection, bodies[0])  # warm up

            def work(connection: http.client.HTTPConnection, worker: int, count: int) -> None:
                for i in range(count):
                    call(connection, bodies[(worker + i) % len(bodies)])

            pool = [
                threading.Thread(target=work, args=(connection, n, per_thread))
                for n, connection in enumerate(connections)
            ]
            started = time.perf_counter()
            for thread in pool:
                thread.start()
            for thread in pool:
                thread.join()
            elapsed = time.perf_counter() - started
            rates[threads] = per_thread * threads / elapsed
            print(f"{threads} client thread(s): {rates[threads]:.0f} req/s")
            for connection in connections:
                connection.close()
        print(f"4 vs 1 threads: {rates[4] / rates[1]:.2f}x")
    finally:
        stop.set()
        child.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per throughput run")
    parser.add_argument("--repeat", type=int, default=30, help="calls per latency median")
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds of user search")
    parser.add_argument(
        "--only", choices=("latency", "users", "throughput"), help="run one section only"
    )
    args = parser.parse_args()
    if args.only in (None, "latency"):
        latency(args.repeat)
    if args.only in (None, "users"):
        user_search(args.rounds, calls=5)
    if args.only in (None, "throughput"):
        throughput(args.requests)


if __name__ == "__main__":
    main()
