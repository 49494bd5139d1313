"""Optional persistence of the emulator's state in an SQLite file.

The backend writes through on every mutating call: each record (collection, face, user,
job, idempotency token, id counter) is one JSON row keyed by ``(kind, key)``, and the
transaction is committed when the call finishes. On start the backend loads every row, so
state survives a restart of ``rekog local serve --data PATH``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, Protocol

SCHEMA_VERSION = 1


class Store(Protocol):
    """Where the backend persists records."""

    def load(self) -> dict[str, dict[str, Any]]:
        """Every record as ``{kind: {key: value}}``."""
        ...

    def put(self, kind: str, key: str, value: Any) -> None:
        """Insert or replace one record."""
        ...

    def delete(self, kind: str, key: str) -> None:
        """Delete one record."""
        ...

    def delete_prefix(self, kind: str, prefix: str) -> None:
        """Delete every record of ``kind`` whose key starts with ``prefix``."""
        ...

    def commit(self) -> None:
        """Make the writes since the last commit durable."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


class SqliteStore:
    """A :class:`Store` in one SQLite file (stdlib ``sqlite3``).

    Args:
        path: The database file; created (with its parent directory) if missing.
    """

    def __init__(self, path: str | Path) -> None:
        self.path: Path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False)
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS records ("
                " kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
                " PRIMARY KEY (kind, key))"
            )
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            self._db.execute(
                "INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
            self._db.commit()

    def load(self) -> dict[str, dict[str, Any]]:
        """Every record as ``{kind: {key: value}}``."""
        result: dict[str, dict[str, Any]] = {}
        with self._lock:
            rows = self._db.execute(
                "SELECT kind, key, value FROM records ORDER BY rowid"
            ).fetchall()
        for kind, key, value in rows:
            result.setdefault(kind, {})[key] = json.loads(value)
        return result

    def put(self, kind: str, key: str, value: Any) -> None:
        """Insert or replace one record."""
        with self._lock:
            self._db.execute(
                "INSERT INTO records (kind, key, value) VALUES (?, ?, ?)"
                " ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value",
                (kind, key, json.dumps(value, separators=(",", ":"))),
            )

    def delete(self, kind: str, key: str) -> None:
        """Delete one record."""
        with self._lock:
            self._db.execute("DELETE FROM records WHERE kind = ? AND key = ?", (kind, key))

    def delete_prefix(self, kind: str, prefix: str) -> None:
        """Delete every record of ``kind`` whose key starts with ``prefix``."""
        with self._lock:
            self._db.execute(
                "DELETE FROM records WHERE kind = ? AND substr(key, 1, ?) = ?",
                (kind, len(prefix), prefix),
            )

    def commit(self) -> None:
        """Commit the current transaction."""
        with self._lock:
            self._db.commit()

    def close(self) -> None:
        """Commit and close the database."""
        with self._lock:
            try:
                self._db.commit()
            finally:
                self._db.close()


class RegionStore:
    """Another region's records in the same store: each kind is prefixed with the region.

    The default region keeps the plain kinds, so files written before regions were kept
    apart load unchanged.
    """

    def __init__(self, base: Store, region: str) -> None:
        self.base = base
        self.prefix = f"{region}:"

    def load(self) -> dict[str, dict[str, Any]]:
        """This region's records."""
        return {
            kind[len(self.prefix) :]: rows
            for kind, rows in self.base.load().items()
            if kind.startswith(self.prefix)
        }

    def put(self, kind: str, key: str, value: Any) -> None:
        """Insert or replace one record."""
        self.base.put(self.prefix + kind, key, value)

    def delete(self, kind: str, key: str) -> None:
        """Delete one record."""
        self.base.delete(self.prefix + kind, key)

    def delete_prefix(self, kind: str, prefix: str) -> None:
        """Delete every record of ``kind`` whose key starts with ``prefix``."""
        self.base.delete_prefix(self.prefix + kind, prefix)

    def commit(self) -> None:
        """Commit the shared store."""
        self.base.commit()

    def close(self) -> None:
        """Nothing: the shared store is closed by its owner."""


def stored_regions(store: Store) -> set[str]:
    """The regions other than the default one that ``store`` holds records of."""
    return {kind.split(":", 1)[0] for kind in store.load() if ":" in kind}
