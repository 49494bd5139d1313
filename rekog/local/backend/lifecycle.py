"""Shared machinery for resources whose status changes over time.

Custom Labels projects, model versions and datasets, media analysis jobs and stream
processors are kept as plain JSON-able dicts, one table per kind, written through to the
backend's store (so ``rekog local serve --data`` keeps them across restarts). They live
beside :class:`~rekog.local.backend.state.State` rather than in it, keyed by the state
object, so these modules stay independent of the face/video records.

A record's future is a list of timed transitions (``pending``: ``[at, status, message,
updates]``); :func:`due` applies those whose time has come. Status is therefore derived
from the clock when a handler looks, and a restarted emulator continues where it stopped.

Failures are declared, as the emulator's image and video content is:

* a manifest line (training data, dataset source, dataset update) carrying
  ``"rekog:fail": "<message>"`` makes training / dataset creation or update fail with
  that message;
* a tag ``rekog:fail-training``, ``rekog:fail-copying``, ``rekog:fail-hosting`` (on
  ``CreateProjectVersion`` / ``CopyProjectVersion``) or ``rekog:fail-start`` (on
  ``CreateStreamProcessor``) makes that step fail with the tag's value as message.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import RekognitionError, not_found
from ..objects import ChainedReader, MemoryObjectStore, ObjectReader, S3ClientReader
from .context import Context
from .state import State

Record = dict[str, Any]
#: A future transition: ``(status, status_message, field_updates)``.
Step = tuple[str, str | None, dict[str, Any]]

#: Manifest key that declares a failure (training, dataset creation or update).
FAIL_KEY = "rekog:fail"

_KINDS = (
    "cl_project",
    "cl_version",
    "cl_dataset",
    "media_job",
    "stream_processor",
    "project_policy",
    "liveness_session",
)


class Resources:
    """The tables of long-running resources of one :class:`State`."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.tables: dict[str, dict[str, Record]] = {kind: {} for kind in _KINDS}
        if state.store is not None:
            rows = state.store.load()
            for kind in _KINDS:
                self.tables[kind].update(rows.get(kind, {}))

    def table(self, kind: str) -> dict[str, Record]:
        """Every record of ``kind`` by key, in creation order."""
        return self.tables[kind]

    def put(self, kind: str, key: str, record: Record) -> None:
        """Add or update a record (written through to the store)."""
        self.tables[kind][key] = record
        if self.state.store is not None:
            self.state.store.put(kind, key, record)

    def drop(self, kind: str, key: str) -> None:
        """Delete a record."""
        self.tables[kind].pop(key, None)
        if self.state.store is not None:
            self.state.store.delete(kind, key)


_REGISTRY: weakref.WeakKeyDictionary[State, Resources] = weakref.WeakKeyDictionary()


def resources(ctx: Context) -> Resources:
    """The long-running resources of the backend ``ctx`` belongs to (loaded on first use)."""
    found = _REGISTRY.get(ctx.state)
    if found is None:
        found = _REGISTRY[ctx.state] = Resources(ctx.state)
    return found


# timed transitions -----------------------------------------------------------------------


def existing(ctx: Context, kind: str, key: str, what: str) -> Record:
    """The ``kind`` record named ``key`` or ``ResourceNotFoundException`` naming ``what``."""
    record = resources(ctx).table(kind).get(key)
    if record is None:
        raise not_found(f"The {what} {key} does not exist")
    return record


def schedule(
    ctx: Context,
    record: Record,
    steps: list[Step],
) -> None:
    """Replace ``record``'s future by ``steps``, one every ``lifecycle_seconds`` from now.

    Each step is ``(status, status_message, field_updates)``.
    """
    now, seconds = ctx.clock.now(), ctx.config.lifecycle_seconds
    record["pending"] = [
        [now + seconds * (index + 1), status, message, updates]
        for index, (status, message, updates) in enumerate(steps)
    ]


def due(ctx: Context, record: Record) -> list[str]:
    """Apply the transitions whose time has come; return the statuses entered, in order."""
    now = ctx.clock.now()
    entered: list[str] = []
    pending = record.get("pending") or []
    while pending and pending[0][0] <= now:
        at, status, message, updates = pending.pop(0)
        record["status"] = status
        record["status_message"] = message
        record["updated"] = at
        record.update(updates)
        entered.append(status)
    return entered


def fail_tag(tags: dict[str, str] | None, step: str) -> str | None:
    """The failure message declared by a ``rekog:fail-<step>`` tag, if any."""
    return (tags or {}).get(f"{FAIL_KEY}-{step}")


#: Tags one resource may hold ("Guidelines and quotas": user-defined tags per resource).
MAX_TAGS = 50


def check_tag_count(tags: dict[str, str], code: str = "ServiceQuotaExceededException") -> None:
    """Refuse more than :data:`MAX_TAGS` tags on one resource with ``code``."""
    if len(tags) > MAX_TAGS:
        raise RekognitionError(
            code, f"A resource can have at most {MAX_TAGS} tags; this one would have {len(tags)}"
        )


def in_use(what: str, status: str, action: str) -> RekognitionError:
    """The service's ``ResourceInUseException`` for a resource in the wrong status."""
    return RekognitionError(
        "ResourceInUseException", f"{what} is in status {status} and cannot be {action}"
    )


# manifests -------------------------------------------------------------------------------


@dataclass
class ManifestLine:
    """One line of a SageMaker Ground Truth manifest (JSON lines)."""

    number: int
    text: str
    entry: dict[str, Any] | None = None
    error: str | None = None
    labels: dict[str, int] = field(default_factory=dict)  # label -> bounding boxes

    @property
    def source_ref(self) -> str | None:
        """The image the line refers to."""
        value = None if self.entry is None else self.entry.get("source-ref")
        return value if isinstance(value, str) else None


def parse_manifest(data: bytes | str) -> list[ManifestLine]:
    """Parse a manifest: each non-blank line a JSON object with a ``source-ref``."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    lines: list[ManifestLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        line = ManifestLine(number, raw.strip())
        try:
            entry = json.loads(raw)
        except ValueError:
            line.error = "The JSON line is not valid JSON"
            lines.append(line)
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("source-ref"), str):
            line.error = "The JSON line has no source-ref"
        else:
            line.entry = entry
            line.labels = _labels(entry)
        lines.append(line)
    return lines


def _labels(entry: dict[str, Any]) -> dict[str, int]:
    """Labels of a Ground Truth line: classification ``class-name`` or detection ``class-map``."""
    labels: dict[str, int] = {}
    for key, metadata in entry.items():
        if not key.endswith("-metadata") or not isinstance(metadata, dict):
            continue
        if isinstance(metadata.get("class-name"), str):
            labels.setdefault(metadata["class-name"], 0)
        class_map = metadata.get("class-map")
        annotations = entry.get(key[: -len("-metadata")])
        if isinstance(class_map, dict) and isinstance(annotations, dict):
            for box in annotations.get("annotations") or []:
                name = class_map.get(str(box.get("class_id"))) if isinstance(box, dict) else None
                if isinstance(name, str):
                    labels[name] = labels.get(name, 0) + 1
    return labels


def declared_failure(lines: list[ManifestLine]) -> str | None:
    """The message of the first line declaring ``"rekog:fail"``, if any."""
    for line in lines:
        if line.entry is not None and isinstance(line.entry.get(FAIL_KEY), str):
            return str(line.entry[FAIL_KEY])
    return None


def split_s3_uri(uri: str) -> tuple[str, str] | None:
    """``("bucket", "key")`` of an ``s3://bucket/key`` URI, or ``None``."""
    if not uri.startswith("s3://"):
        return None
    bucket, _, key = uri[5:].partition("/")
    return (bucket, key) if bucket and key else None


# writing outputs -------------------------------------------------------------------------


def _writers(reader: ObjectReader) -> Iterator[ObjectReader]:
    if isinstance(reader, ChainedReader):
        for inner in reader.readers:
            yield from _writers(inner)
    else:
        yield reader


def write_object(ctx: Context, bucket: str, key: str, data: bytes) -> str | None:
    """Write an output file where the emulator's objects live; return its version id.

    The S3 client given to the backend (e.g. moto's) wins, so the caller reads outputs
    where it put its inputs; otherwise the built-in in-memory object store is used.
    """
    writers = list(_writers(ctx.objects))
    for writer in writers:
        if isinstance(writer, S3ClientReader):
            response = writer.client.put_object(Bucket=bucket, Key=key, Body=data)
            version = response.get("VersionId") if isinstance(response, dict) else None
            return str(version) if version else None
    for writer in writers:
        if isinstance(writer, MemoryObjectStore):
            return writer.put(bucket, key, data)
    return None


def s3_object(bucket: str, key: str, version: str | None) -> dict[str, str]:
    """The wire ``S3Object`` of an output file."""
    found = {"Bucket": bucket, "Name": key}
    if version:
        found["Version"] = version
    return found


def join_key(prefix: str | None, *parts: str) -> str:
    """An object key under an optional prefix."""
    head = (prefix or "").strip("/")
    return "/".join([head, *parts]) if head else "/".join(parts)
