"""Does rekog's parse-time GC pause let an application's cyclic garbage pile up?

    python benchmarks/gc_soak.py [--seconds 180] [--threads 8]

rekog pauses the cyclic garbage collector while it validates a large response (collections
triggered by the many objects a page allocates cost more than the validation itself). The
pause is process-wide, so this soak runs ``--threads`` threads parsing 1000-person
``GetFaceSearch`` pages back to back while the main thread keeps creating reference cycles
(what an application's own code does), and samples the process's resident memory.

Verdict: "bounded" when the resident memory of the last quarter of the run is within 25 % of
the second quarter's (after warm-up); "GROWING" otherwise. It also prints how many collections
of each generation ran, and the longest stretch the collector stayed paused.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _stub_service import face_search_page  # noqa: E402

from rekog import _parsing  # noqa: E402
from rekog.models import GetFaceSearchResponse  # noqa: E402


def rss_mb() -> float:
    """Resident set size of this process, from /proc (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 1e6


class Cycle:
    """A node of a reference cycle carrying a little payload."""

    def __init__(self) -> None:
        self.other: Cycle | None = None
        self.payload = bytearray(512)


def make_garbage(count: int) -> None:
    for _ in range(count):
        a, b = Cycle(), Cycle()
        a.other, b.other = b, a  # unreachable once we return: only the cyclic GC frees it


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--persons", type=int, default=1000)
    args = parser.parse_args(argv)

    raw = json.dumps(face_search_page(args.persons)).encode()
    response = {_parsing.RAW_BODY_KEY: raw}
    _parsing.parse_response(GetFaceSearchResponse, response)  # build the schema once
    stop = threading.Event()
    pages = [0] * args.threads

    def parse_forever(index: int) -> None:
        while not stop.is_set():
            _parsing.parse_response(GetFaceSearchResponse, response)
            pages[index] += 1

    paused_since: float | None = None
    longest_pause = 0.0
    collections_before = [s["collections"] for s in gc.get_stats()]
    workers = [threading.Thread(target=parse_forever, args=(i,)) for i in range(args.threads)]
    for worker in workers:
        worker.start()
    samples: list[tuple[float, float]] = []
    started = time.monotonic()
    next_sample = started
    while (now := time.monotonic()) - started < args.seconds:
        make_garbage(2000)  # ~2 MB of cyclic garbage per round
        if not gc.isenabled():
            paused_since = paused_since or now
            longest_pause = max(longest_pause, now - paused_since)
        else:
            paused_since = None
        if now >= next_sample:
            samples.append((now - started, rss_mb()))
            next_sample += 1.0
        time.sleep(0.01)
    stop.set()
    for worker in workers:
        worker.join()

    collections = [
        s["collections"] - b for s, b in zip(gc.get_stats(), collections_before, strict=True)
    ]
    quarter = max(1, len(samples) // 4)
    second = statistics.median(rss for _, rss in samples[quarter : 2 * quarter])
    last = statistics.median(rss for _, rss in samples[-quarter:])
    peak = max(rss for _, rss in samples)
    verdict = "bounded" if last <= second * 1.25 else "GROWING"
    print(
        f"{args.threads} threads parsing {args.persons}-person pages for {args.seconds:.0f} s "
        f"({sum(pages)} pages) while the main thread made cyclic garbage"
    )
    print(
        f"  RSS second quarter {second:8.1f} MB, last quarter {last:8.1f} MB, peak {peak:8.1f} MB"
    )
    print(f"  collections by generation {collections}; longest GC pause seen {longest_pause:.2f} s")
    print(f"  memory: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
