"""A page's items held as JSON until read, against every item validated at once: time, memory.

    python benchmarks/lazy_items.py [--rounds 15] [--persons 1000]

In one process, no network: the same 1000-person ``GetFaceSearch`` body (light, and full:
every face attribute) parsed the way a rekog client parses it now (item lists held as JSON,
each item validated on first read) and the way it did before (``lazy_items=False``: one
pydantic-core pass over the bytes, every item a model at once), both under rekog's collector
setting for large bodies. Rounds alternate the two (order rotating); each ratio is the median
of the rounds' own ratios (lazy / eager). Also printed: the same page read to the end, walked
by a pager (items validated as delivered, not stored), memory held (tracemalloc) as parsed and
after every item was read, and bytes per item and per instance.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _stub_service import face_search_page, full_face_search_page  # noqa: E402

from rekog._collector import relaxed  # noqa: E402
from rekog._parsing import validate_body  # noqa: E402
from rekog.models import GetFaceSearchResponse  # noqa: E402


def parse(body: bytes, lazy: bool) -> GetFaceSearchResponse:
    with relaxed():
        return validate_body(
            GetFaceSearchResponse, body, operation="GetFaceSearch", lazy_items=lazy
        )


def read_all(page: GetFaceSearchResponse) -> GetFaceSearchResponse:
    for person in page.persons:
        face = person.person.face if person.person else None
        if face is not None and face.landmarks:
            _ = face.landmarks[-1].x
    return page


def walk(page: GetFaceSearchResponse) -> None:
    items = page.persons
    walked = items.unread() if hasattr(items, "unread") else items
    for person in walked:
        _ = person.timestamp


def paired(calls: list[Callable[[], Any]], rounds: int) -> tuple[list[float], list[float]]:
    """Median seconds of each call, and median per-round ratios of each to the first."""
    for call in calls:
        call()
    samples: list[list[float]] = [[] for _ in calls]
    for index in range(rounds):
        order = list(range(len(calls)))
        shift = index % len(calls)
        for side in order[shift:] + order[:shift]:
            start = time.perf_counter()
            calls[side]()
            samples[side].append(time.perf_counter() - start)
    medians = [statistics.median(s) for s in samples]
    ratios = [statistics.median(b / a for a, b in zip(samples[0], s, strict=True)) for s in samples]
    return medians, ratios


def held(call: Callable[[], Any]) -> int:
    call()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = call()
        gc.collect()
        size = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    del result
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--persons", type=int, default=1000)
    args = parser.parse_args(argv)
    for name, page in (
        ("light", face_search_page(args.persons)),
        ("full", full_face_search_page(args.persons)),
    ):
        body = json.dumps(page).encode()
        calls: list[tuple[str, Callable[[], Any]]] = [
            ("eager: every item validated at once (before)", lambda: parse(body, False)),  # noqa: B023
            ("lazy: items held as JSON (now)", lambda: parse(body, True)),  # noqa: B023
            ("lazy, then every item read", lambda: read_all(parse(body, True))),  # noqa: B023
            ("lazy, walked by a pager", lambda: walk(parse(body, True))),  # noqa: B023
            ("botocore's json.loads alone, for scale", lambda: json.loads(body)),  # noqa: B023
        ]
        medians, ratios = paired([call for _, call in calls], args.rounds)
        print(f"{name} page, {len(body) / 1e6:.1f} MB, {args.persons} persons")
        for (label, _), median, ratio in zip(calls, medians, ratios, strict=True):
            print(f"  {label:48} {median * 1e3:7.1f} ms  {ratio:5.2f}x eager")
        eager = held(lambda: parse(body, False))  # noqa: B023
        lazy = held(lambda: parse(body, True))  # noqa: B023
        read = held(lambda: read_all(parse(body, True)))  # noqa: B023
        dicts = held(lambda: json.loads(body))  # noqa: B023
        per = args.persons
        print(
            f"  memory held, eager (before)      {eager / 1e6:6.1f} MB  {eager / per:7.0f} B/person"
        )
        print(
            f"  memory held, lazy (now)          {lazy / 1e6:6.1f} MB  {lazy / per:7.0f} B/person"
        )
        print(
            f"  memory held, lazy, all read      {read / 1e6:6.1f} MB  {read / per:7.0f} B/person"
        )
        print(
            f"  memory held, json.loads dicts    {dicts / 1e6:6.1f} MB  {dicts / per:7.0f} B/person"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
