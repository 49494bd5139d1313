"""The collector setting rekog runs its allocation-heavy steps under.

Cyclic GC passes triggered by the many objects a large page allocates cost more than the
validation itself (a 1000-person page: ~100k objects, ~140 generation-0 passes that promote
the half-built page into older generations). The same holds for what a cold start builds
once and keeps: botocore's modules and service model, pydantic and the first models' schemas
-- every generation-0 pass walks the young objects, and the passes they trigger in the older
generations walk everything the process holds, finding nothing to free.

While any thread is in :func:`relaxed`, generation 0's threshold is raised above what such a
step allocates; the collector keeps running, only less often, so an application's own cyclic
garbage is still collected even when parses overlap without end (benchmarks/gc_soak.py).
Disabling the collector instead starved it: with eight threads parsing it stayed off for
59 s of a 60 s run.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["RELAXED_GEN0_THRESHOLD", "relaxed"]

#: Generation 0's threshold while any thread is in :func:`relaxed`.
RELAXED_GEN0_THRESHOLD = 200_000
_lock = threading.Lock()
_users = 0
_saved_threshold: tuple[int, int, int] | None = None


@contextmanager
def relaxed() -> Iterator[None]:
    """Raise generation 0's threshold while the block runs (in any thread); the previous
    threshold comes back when no thread is in such a block, unless the application changed
    it meanwhile. A threshold already higher, or a collector switched off, is left alone."""
    global _users, _saved_threshold
    with _lock:
        _users += 1
        if _users == 1:
            current = gc.get_threshold()
            if 0 < current[0] < RELAXED_GEN0_THRESHOLD:
                _saved_threshold = current
                gc.set_threshold(RELAXED_GEN0_THRESHOLD, current[1], current[2])
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            saved = _saved_threshold
            if _users == 0 and saved is not None:
                _saved_threshold = None
                # Restore only what we set: an application that changed it meanwhile wins.
                if gc.get_threshold()[0] == RELAXED_GEN0_THRESHOLD:
                    gc.set_threshold(*saved)
