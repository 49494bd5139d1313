"""Resume after a crash: a small SQLite file of which inputs are done.

Each input has a key (its path, S3 URI or content hash). Before an input is sent its key is
recorded as ``pending`` (with a detail such as the ``ExternalImageId`` it will be indexed
under), and as ``ok`` or ``failed`` once its outcome is known; every change is committed at
once. A rerun skips the ``ok`` keys; ``pending`` keys are those whose call may or may not have
taken effect when the process died -- the operation reconciles them (``index_faces`` looks
their ``ExternalImageId`` up in the collection) before running them again.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable

from ..errors import InvalidRequestError

__all__ = ["Checkpoint", "Reconciliation"]

logger: logging.Logger = logging.getLogger("rekog.bulk")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    key TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    detail TEXT,
    updated REAL NOT NULL
)
"""

OK, FAILED, PENDING = "ok", "failed", "pending"


class Checkpoint:
    """A checkpoint file (SQLite); safe to share between threads of one process.

    Args:
        path: the file; created if missing.
        scope: what the run does (e.g. ``"IndexFaces:staff"``); a file written by another
            scope is refused, so one checkpoint cannot silently skip another run's inputs.
    """

    def __init__(self, path: str | os.PathLike[str], scope: str = "") -> None:
        self.path: str = os.fspath(path)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        except sqlite3.DatabaseError as error:
            raise InvalidRequestError(
                "checkpoint", f"not a usable checkpoint file ({error})", self.path
            ) from None
        row = self._db.execute("SELECT value FROM meta WHERE name = 'scope'").fetchone()
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('scope', ?)", (scope,))
        elif row[0] != scope:
            self._db.close()
            raise InvalidRequestError(
                "checkpoint",
                f"the file belongs to another run ({row[0]!r}, not {scope!r})",
                self.path,
            )

    def status(self, key: str) -> str | None:
        """``"ok"``, ``"failed"``, ``"pending"`` or ``None`` for a key never seen."""
        with self._lock:
            row = self._db.execute("SELECT status FROM items WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def is_done(self, key: str) -> bool:
        """Whether ``key`` succeeded in this or an earlier run."""
        return self.status(key) == OK

    def mark(self, key: str, status: str, detail: str | None = None) -> None:
        """Record ``key``'s status now (committed before returning)."""
        with self._lock:
            self._db.execute(
                "INSERT INTO items VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                "status = excluded.status, detail = coalesce(excluded.detail, items.detail), "
                "updated = excluded.updated",
                (key, status, detail, time.time()),
            )

    def pending(self) -> dict[str, str | None]:
        """Keys sent but not settled when the last run stopped, with their detail."""
        with self._lock:
            rows = self._db.execute("SELECT key, detail FROM items WHERE status = ?", (PENDING,))
            return {str(key): detail for key, detail in rows}

    def pending_by_detail(self) -> dict[str, str]:
        """Pending keys by their detail (an IndexFaces input's ``ExternalImageId``), for the
        details that name exactly one pending key: only such a detail, found on a face in the
        collection, proves that its input was indexed. Shared by the sync and async resumes."""
        owners: dict[str, list[str]] = {}
        for key, detail in self.pending().items():
            if detail:
                owners.setdefault(detail, []).append(key)
        return {detail: keys[0] for detail, keys in owners.items() if len(keys) == 1}

    def mark_many(self, keys: Iterable[str], status: str) -> None:
        """Record the same status for many keys."""
        for key in keys:
            self.mark(key, status)

    def counts(self) -> dict[str, int]:
        """How many keys have each status."""
        with self._lock:
            rows = self._db.execute("SELECT status, count(*) FROM items GROUP BY status")
            return {str(status): int(count) for status, count in rows}

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Reconciliation:
    """The I/O-free half of resuming ``IndexFaces``: which pending inputs are done already.

    The driver (threads or asyncio) lists the collection's faces and shows each face's
    ``ExternalImageId`` to :meth:`see`; :meth:`finish` marks the inputs they prove indexed.
    The evidence is :meth:`Checkpoint.pending_by_detail`: an id that two pending inputs share
    proves neither, so both are indexed again rather than one marked done wrongly.
    """

    def __init__(self, checkpoint: Checkpoint) -> None:
        self.checkpoint = checkpoint
        self.pending: int = len(checkpoint.pending())
        self.wanted: dict[str, str] = checkpoint.pending_by_detail()
        self.found: set[str] = set()

    @property
    def needs_faces(self) -> bool:
        """Whether any face could prove a pending input done (else nothing to list)."""
        return bool(self.wanted)

    def see(self, external_image_id: str | None) -> None:
        """One face of the collection, by its ``ExternalImageId``."""
        key = self.wanted.get(external_image_id or "")
        if key is not None:
            self.found.add(key)

    def finish(self) -> None:
        """Mark the inputs the faces proved indexed as done."""
        self.checkpoint.mark_many(self.found, OK)
        logger.info(
            "resuming: %d of %d interrupted inputs were already indexed",
            len(self.found),
            self.pending,
        )
