"""Where the emulator reads ``S3Object`` images and videos from (pluggable).

An :class:`ObjectReader` returns the bytes of ``(bucket, key, version)`` or raises
:class:`ObjectNotFound`. Two readers ship:

* :class:`MemoryObjectStore` -- a built-in in-memory bucket store (``put`` objects from tests);
* :class:`S3ClientReader` -- wraps any boto3 S3 client, e.g. one created under moto's
  ``mock_aws`` or pointed at a local S3.

:class:`ChainedReader` tries several readers in order.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol, runtime_checkable


class ObjectNotFound(Exception):
    """The object does not exist or cannot be read."""


@runtime_checkable
class ObjectReader(Protocol):
    """Reads objects by bucket, key and optional version."""

    def read(self, bucket: str, key: str, version: str | None = None) -> bytes:
        """Return the object's bytes or raise :class:`ObjectNotFound`."""
        ...


class MemoryObjectStore:
    """A thread-safe in-memory object store keyed by ``(bucket, key)``.

    Versions are ignored except that a requested version must match the one stored
    (``put`` returns a version id, starting at ``"1"`` per key).
    """

    def __init__(self) -> None:
        self._objects: dict[tuple[str, str], tuple[bytes, str]] = {}
        self._lock = threading.Lock()

    def put(self, bucket: str, key: str, data: bytes) -> str:
        """Store ``data``; returns the new version id."""
        with self._lock:
            previous = self._objects.get((bucket, key))
            version = str(int(previous[1]) + 1) if previous else "1"
            self._objects[(bucket, key)] = (bytes(data), version)
            return version

    def delete(self, bucket: str, key: str) -> None:
        """Remove an object if present."""
        with self._lock:
            self._objects.pop((bucket, key), None)

    def read(self, bucket: str, key: str, version: str | None = None) -> bytes:
        """Return the object's bytes or raise :class:`ObjectNotFound`."""
        with self._lock:
            entry = self._objects.get((bucket, key))
        if entry is None or (version is not None and version != entry[1]):
            raise ObjectNotFound(f"s3://{bucket}/{key}")
        return entry[0]


class S3ClientReader:
    """Reads objects with a boto3 S3 client (``get_object``).

    Args:
        client: A boto3 S3 client (any object with a compatible ``get_object``).
    """

    def __init__(self, client: Any) -> None:
        self.client = client

    def read(self, bucket: str, key: str, version: str | None = None) -> bytes:
        """Return the object's bytes or raise :class:`ObjectNotFound`."""
        kwargs: dict[str, Any] = {"Bucket": bucket, "Key": key}
        if version:
            kwargs["VersionId"] = version
        try:
            response = self.client.get_object(**kwargs)
            data = response["Body"].read()
        except Exception as exc:  # any client failure means "cannot read"
            raise ObjectNotFound(f"s3://{bucket}/{key}: {exc}") from exc
        return bytes(data)


class ChainedReader:
    """Tries each reader in turn; the first that has the object wins."""

    def __init__(self, *readers: ObjectReader) -> None:
        self.readers = readers

    def read(self, bucket: str, key: str, version: str | None = None) -> bytes:
        """Return the object's bytes from the first reader that has it."""
        for reader in self.readers:
            try:
                return reader.read(bucket, key, version)
            except ObjectNotFound:
                continue
        raise ObjectNotFound(f"s3://{bucket}/{key}")


def as_reader(source: Any) -> ObjectReader:
    """Coerce ``None`` / an :class:`ObjectReader` / a boto3 S3 client into a reader."""
    if source is None:
        return MemoryObjectStore()
    if isinstance(source, ObjectReader):
        return source
    if hasattr(source, "get_object"):
        return S3ClientReader(source)
    raise TypeError(f"not an object reader or S3 client: {source!r}")
