"""Custom Labels datasets: CreateDataset, UpdateDatasetEntries, DescribeDataset,
DistributeDatasetEntries, ListDatasetEntries, ListDatasetLabels, DeleteDataset.

A dataset is created ``CREATE_IN_PROGRESS`` and, ``lifecycle_seconds`` later, is
``CREATE_COMPLETE`` -- or ``CREATE_FAILED`` with a ``StatusMessage`` (code
``CLIENT_ERROR``) when its manifest had no valid line or a line declared
``"rekog:fail": "<message>"``. Updates and distributions go ``UPDATE_IN_PROGRESS`` →
``UPDATE_COMPLETE`` / ``UPDATE_FAILED`` the same way. Entries are the manifest's JSON lines;
an entry replaces an earlier one with the same ``source-ref``.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from ..errors import RekognitionError, invalid_parameter
from . import lifecycle
from .context import Context, Handler, Request, Response
from .lifecycle import ManifestLine, Record

KIND = "cl_dataset"
#: Statuses whose entries can be used (a failed update keeps the previous entries).
READY = frozenset({"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_FAILED"})
_BUSY = frozenset({"CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS"})


def settle(ctx: Context) -> None:
    """Apply the datasets' due transitions."""
    table = lifecycle.resources(ctx).table(KIND)
    for arn, record in list(table.items()):
        if lifecycle.due(ctx, record):
            lifecycle.resources(ctx).put(KIND, arn, record)


def project_datasets(ctx: Context, project_arn: str) -> list[Record]:
    """The datasets of a project (settled), in creation order."""
    settle(ctx)
    return [
        record
        for record in lifecycle.resources(ctx).table(KIND).values()
        if record["project_arn"] == project_arn
    ]


def metadata(record: Record) -> dict[str, Any]:
    """The ``DatasetMetadata`` a ``ProjectDescription`` lists."""
    found: dict[str, Any] = {
        "CreationTimestamp": record["created"],
        "DatasetType": record["type"],
        "DatasetArn": record["arn"],
        "Status": record["status"],
    }
    if record.get("status_message"):
        found["StatusMessage"] = record["status_message"]
    found["StatusMessageCode"] = record["status_code"]
    return found


def dataset(ctx: Context, arn: str) -> Record:
    """The dataset (settled) or ``ResourceNotFoundException``."""
    settle(ctx)
    return lifecycle.existing(ctx, KIND, arn, "dataset")


def _lines_of(entries: list[str]) -> list[ManifestLine]:
    return lifecycle.parse_manifest("\n".join(entries))


def _merge(current: list[str], new: list[ManifestLine]) -> list[str]:
    """Entries after adding ``new``: same ``source-ref`` replaces, others append."""
    by_ref: dict[str, str] = {}
    for line in _lines_of(current):
        by_ref[line.source_ref or f"#{line.number}"] = line.text
    for line in new:
        if line.entry is not None:
            entry = {k: v for k, v in line.entry.items() if k != lifecycle.FAIL_KEY}
            by_ref[line.source_ref or f"#{line.number}"] = json.dumps(entry, sort_keys=True)
    return list(by_ref.values())


def _outcome(lines: list[ManifestLine], done: str, failed: str) -> tuple[str, str | None, str]:
    """(status, message, message code) a manifest leads to."""
    declared = lifecycle.declared_failure(lines)
    if declared is not None:
        return failed, declared, "CLIENT_ERROR"
    if lines and not any(line.entry is not None for line in lines):
        return failed, "The manifest file contains no valid JSON lines.", "CLIENT_ERROR"
    return done, None, "SUCCESS"


def _start_change(ctx: Context, record: Record, lines: list[ManifestLine], creating: bool) -> None:
    done, failed = (
        ("CREATE_COMPLETE", "CREATE_FAILED") if creating else ("UPDATE_COMPLETE", "UPDATE_FAILED")
    )
    status, message, code = _outcome(lines, done, failed)
    record["status"] = "CREATE_IN_PROGRESS" if creating else "UPDATE_IN_PROGRESS"
    record["status_message"] = None
    record["status_code"] = "SUCCESS"
    errors = sum(1 for line in lines if line.error is not None)
    updates: dict[str, Any] = {"status_code": code, "error_entries": errors}
    if status == done:
        updates["entries"] = _merge(record.get("entries", []), lines)
    lifecycle.schedule(ctx, record, [(status, message, updates)])


def create_dataset(ctx: Context, request: Request) -> Response:
    """Create a TRAIN or TEST dataset, empty, from a manifest or as a copy of another dataset."""
    from .projects import project  # projects list datasets; datasets need their project

    owner = project(ctx, request["ProjectArn"])
    kind = request["DatasetType"]
    for other in project_datasets(ctx, owner["arn"]):
        if other["type"] == kind:
            raise RekognitionError(
                "ResourceAlreadyExistsException",
                f"A {kind} dataset already exists in project {owner['arn']}",
            )
    source = request.get("DatasetSource") or {}
    lines: list[ManifestLine] = []
    if source.get("GroundTruthManifest") and source.get("DatasetArn"):
        raise invalid_parameter("Specify either GroundTruthManifest or DatasetArn, not both")
    if source.get("GroundTruthManifest"):
        data = ctx.read_object(source["GroundTruthManifest"].get("S3Object") or {})
        lines = lifecycle.parse_manifest(data)
    elif source.get("DatasetArn"):
        copied = dataset(ctx, source["DatasetArn"])
        if copied["status"] not in READY:
            raise RekognitionError(
                "ResourceNotReadyException", f"The dataset {copied['arn']} is not ready"
            )
        lines = _lines_of(copied.get("entries", []))
    now = ctx.clock.now()
    arn = f"{owner['arn'].rsplit('/', 1)[0]}/dataset/{kind.lower()}/{int(now * 1000)}"
    record: Record = {
        "arn": arn,
        "project_arn": owner["arn"],
        "type": kind,
        "created": now,
        "updated": now,
        "entries": [],
        "error_entries": 0,
        "tags": dict(request.get("Tags") or {}),
    }
    _start_change(ctx, record, lines, creating=True)
    lifecycle.resources(ctx).put(KIND, arn, record)
    return {"DatasetArn": arn}


def _decode_changes(request: Request) -> bytes:
    raw = request["Changes"]["GroundTruth"]
    if isinstance(raw, (bytes, bytearray)):
        return bytes(raw)
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise invalid_parameter("Changes.GroundTruth must be base64-encoded JSON lines") from exc


def update_dataset_entries(ctx: Context, request: Request) -> Response:
    """Add or replace entries (JSON lines in ``Changes.GroundTruth``)."""
    record = dataset(ctx, request["DatasetArn"])
    if record["status"] in _BUSY:
        raise lifecycle.in_use(f"The dataset {record['arn']}", record["status"], "updated")
    _start_change(ctx, record, lifecycle.parse_manifest(_decode_changes(request)), creating=False)
    lifecycle.resources(ctx).put(KIND, record["arn"], record)
    return {}


def describe_dataset(ctx: Context, request: Request) -> Response:
    """Status, message, timestamps and entry/label statistics."""
    record = dataset(ctx, request["DatasetArn"])
    lines = _lines_of(record.get("entries", []))
    labels = {label for line in lines for label in line.labels}
    description: dict[str, Any] = {
        "CreationTimestamp": record["created"],
        "LastUpdatedTimestamp": record["updated"],
        "Status": record["status"],
    }
    if record.get("status_message"):
        description["StatusMessage"] = record["status_message"]
    description["StatusMessageCode"] = record["status_code"]
    description["DatasetStats"] = {
        "LabeledEntries": sum(1 for line in lines if line.labels),
        "TotalEntries": len(lines),
        "TotalLabels": len(labels),
        "ErrorEntries": int(record.get("error_entries", 0)),
    }
    return {"DatasetDescription": description}


def distribute_dataset_entries(ctx: Context, request: Request) -> Response:
    """Split the training entries so that about a fifth goes to the (empty) test dataset."""
    arns = [item["Arn"] for item in request["Datasets"]]
    records = [dataset(ctx, arn) for arn in arns]
    for record in records:
        if record["status"] not in READY:
            raise RekognitionError(
                "ResourceNotReadyException", f"The dataset {record['arn']} is not ready"
            )
    by_type = {record["type"]: record for record in records}
    if set(by_type) != {"TRAIN", "TEST"} or len({r["project_arn"] for r in records}) != 1:
        raise invalid_parameter("Datasets must be the TRAIN and TEST datasets of one project")
    train, test = by_type["TRAIN"], by_type["TEST"]
    if test.get("entries"):
        raise invalid_parameter(f"The test dataset {test['arn']} must be empty")
    entries = list(train.get("entries", []))
    moved = entries[4::5]  # every fifth entry: deterministic, about 20%
    kept = [entry for index, entry in enumerate(entries) if index % 5 != 4]
    for record, new in ((train, kept), (test, moved)):
        record["status"] = "UPDATE_IN_PROGRESS"
        record["status_message"] = None
        lifecycle.schedule(ctx, record, [("UPDATE_COMPLETE", None, {"entries": new})])
        lifecycle.resources(ctx).put(KIND, record["arn"], record)
    return {}


def _ready_for_listing(record: Record) -> None:
    if record["status"] in _BUSY:
        raise RekognitionError(
            "ResourceNotReadyException",
            f"The dataset {record['arn']} is in status {record['status']}",
        )


def list_dataset_entries(ctx: Context, request: Request) -> Response:
    """Entries (JSON lines) filtered by labels, labeled, source-ref substring, errors."""
    record = dataset(ctx, request["DatasetArn"])
    _ready_for_listing(record)
    wanted = set(request.get("ContainsLabels") or [])
    labeled, contains = request.get("Labeled"), request.get("SourceRefContains")
    entries = []
    for line in _lines_of(record.get("entries", [])):
        if wanted and not wanted & set(line.labels):
            continue
        if labeled is not None and bool(line.labels) != labeled:
            continue
        if contains and contains not in (line.source_ref or ""):
            continue
        if request.get("HasErrors"):
            continue  # entries with errors are never kept
        entries.append(line.text)
    page, token = ctx.offset_page(
        request, {"o": "ListDatasetEntries", "d": record["arn"]}, entries, 100, 100
    )
    response: Response = {"DatasetEntries": page}
    if token:
        response["NextToken"] = token
    return response


def list_dataset_labels(ctx: Context, request: Request) -> Response:
    """Each label with how many entries and bounding boxes have it."""
    record = dataset(ctx, request["DatasetArn"])
    _ready_for_listing(record)
    stats: dict[str, list[int]] = {}
    for line in _lines_of(record.get("entries", [])):
        for label, boxes in line.labels.items():
            counts = stats.setdefault(label, [0, 0])
            counts[0] += 1
            counts[1] += boxes
    items = [
        {"LabelName": label, "LabelStats": {"EntryCount": entries, "BoundingBoxCount": boxes}}
        for label, (entries, boxes) in sorted(stats.items())
    ]
    page, token = ctx.offset_page(
        request, {"o": "ListDatasetLabels", "d": record["arn"]}, items, 100, 100
    )
    response: Response = {"DatasetLabelDescriptions": page}
    if token:
        response["NextToken"] = token
    return response


def delete_dataset(ctx: Context, request: Request) -> Response:
    """Delete a dataset that is not being created or updated."""
    record = dataset(ctx, request["DatasetArn"])
    if record["status"] in _BUSY:
        raise lifecycle.in_use(f"The dataset {record['arn']}", record["status"], "deleted")
    lifecycle.resources(ctx).drop(KIND, record["arn"])
    return {}


OPERATIONS: dict[str, Handler] = {
    "CreateDataset": create_dataset,
    "UpdateDatasetEntries": update_dataset_entries,
    "DescribeDataset": describe_dataset,
    "DistributeDatasetEntries": distribute_dataset_entries,
    "ListDatasetEntries": list_dataset_entries,
    "ListDatasetLabels": list_dataset_labels,
    "DeleteDataset": delete_dataset,
}
