"""Media analysis (bulk) jobs: StartMediaAnalysisJob, GetMediaAnalysisJob, ListMediaAnalysisJobs.

A job reads its input manifest (JSON lines, ``{"source-ref": "s3://bucket/key"}``) from the
object store when it starts, analyses every image, stays ``IN_PROGRESS`` for
``lifecycle_seconds``, then turns ``SUCCEEDED`` and writes, under
``OutputConfig.S3KeyPrefix/<JobId>/``:

* ``results.jsonl``: one line per valid manifest line,
  ``{"source-ref": ..., "detect-moderation-labels": {DetectModerationLabels response}}``;
* ``manifest-summary.json``: ``{"version": "1.0", "statistics": {...}, "errors": [...]}``.

Per-image results come from the emulator's ``DetectModerationLabels`` when it is
implemented (honouring ``MinConfidence``); otherwise every image has no moderation label.
A job whose manifest cannot be read ends ``FAILED`` with ``FailureDetails.Code``
``INVALID_S3_OBJECT``; one with no valid line, ``INVALID_MANIFEST``.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import RekognitionError, not_found
from . import lifecycle, projects
from .context import S3_ERROR, Context, Handler, Request, Response
from .lifecycle import ManifestLine, Record

KIND = "media_job"
MODERATION_MODEL_VERSION = "7.0"


def settle(ctx: Context) -> None:
    """Finish due jobs, writing their results and manifest summary."""
    store = lifecycle.resources(ctx)
    for job_id, record in list(store.table(KIND).items()):
        entered = lifecycle.due(ctx, record)
        if entered:
            record["completed"] = record["updated"]
            _write_outputs(ctx, record)
            store.put(KIND, job_id, record)


def _moderation(ctx: Context, s3: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """One image's ``DetectModerationLabels`` response (raises for an unreadable image)."""
    from .core import OPERATIONS  # the dispatch table, which lists this module too

    handler = OPERATIONS.get("DetectModerationLabels")
    if handler is None:
        ctx.load_image({"S3Object": s3})  # still a real image check
        return {"ModerationLabels": [], "ModerationModelVersion": MODERATION_MODEL_VERSION}
    request: dict[str, Any] = {"Image": {"S3Object": s3}}
    if config.get("MinConfidence") is not None:
        request["MinConfidence"] = config["MinConfidence"]
    if config.get("ProjectVersion"):
        request["ProjectVersion"] = config["ProjectVersion"]
    return handler(ctx, request)


def _analyse(
    ctx: Context, lines: list[ManifestLine], config: dict[str, Any]
) -> tuple[list[str], list[dict[str, Any]]]:
    """(result lines, summary errors) for the manifest's lines."""
    results: list[str] = []
    errors: list[dict[str, Any]] = []
    for line in lines:
        error: dict[str, Any] = {"line-number": line.number}
        location = lifecycle.split_s3_uri(line.source_ref or "")
        if line.error is not None or location is None:
            error.update(code="INVALID_JSON_LINE", message=line.error or "Invalid source-ref")
            errors.append(error)
            continue
        try:
            found = _moderation(ctx, {"Bucket": location[0], "Name": location[1]}, config)
        except RekognitionError as exc:
            error.update({"source-ref": line.source_ref, "code": exc.code, "message": exc.message})
            errors.append(error)
            continue
        results.append(
            json.dumps({"source-ref": line.source_ref, "detect-moderation-labels": found})
        )
    return results, errors


def start_media_analysis_job(ctx: Context, request: Request) -> Response:
    """Start a bulk DetectModerationLabels job over a manifest of S3 images."""
    config = request["OperationsConfig"].get("DetectModerationLabels") or {}
    if config.get("ProjectVersion"):
        if projects.project_version_status(ctx, config["ProjectVersion"]) is None:
            raise not_found(f"The project version {config['ProjectVersion']} does not exist")
    now = ctx.clock.now()
    record: Record = {
        "job_id": ctx.new_job_id(),
        "name": request.get("JobName"),
        "operations_config": request["OperationsConfig"],
        "input": request["Input"],
        "output_config": request["OutputConfig"],
        "kms_key_id": request.get("KmsKeyId"),
        "created": now,
        "status": "IN_PROGRESS",
        "status_message": None,
        "failure_code": None,
        "results": [],
        "summary": None,
    }
    try:
        manifest = ctx.read_object(request["Input"]["S3Object"])
    except RekognitionError:
        outcome: tuple[str, str | None, dict[str, Any]] = (
            "FAILED",
            S3_ERROR,
            {"failure_code": "INVALID_S3_OBJECT"},
        )
    else:
        lines = lifecycle.parse_manifest(manifest)
        results, errors = _analyse(ctx, lines, config)
        summary = {
            "version": "1.0",
            "statistics": {
                "total-json-lines": len(lines),
                "valid-json-lines": len(results),
                "invalid-json-lines": len(lines) - len(results),
            },
            "errors": errors,
        }
        if results:
            outcome = ("SUCCEEDED", None, {"results": results, "summary": summary})
        else:
            message = "The manifest file contains no valid JSON lines."
            updates = {"failure_code": "INVALID_MANIFEST", "summary": summary}
            outcome = ("FAILED", message, updates)
    lifecycle.schedule(ctx, record, [outcome])
    lifecycle.resources(ctx).put(KIND, record["job_id"], record)
    return {"JobId": record["job_id"]}


def _keys(record: Record) -> tuple[str, str, str]:
    config = record["output_config"]
    prefix = config.get("S3KeyPrefix")
    return (
        config["S3Bucket"],
        lifecycle.join_key(prefix, record["job_id"], "results.jsonl"),
        lifecycle.join_key(prefix, record["job_id"], "manifest-summary.json"),
    )


def _write_outputs(ctx: Context, record: Record) -> None:
    bucket, results_key, summary_key = _keys(record)
    if record.get("summary") is not None:
        data = json.dumps(record["summary"]).encode()
        version = lifecycle.write_object(ctx, bucket, summary_key, data)
        record["manifest_summary"] = lifecycle.s3_object(bucket, summary_key, version)
    if record["status"] == "SUCCEEDED":
        data = ("\n".join(record["results"]) + "\n").encode()
        version = lifecycle.write_object(ctx, bucket, results_key, data)
        record["results_object"] = lifecycle.s3_object(bucket, results_key, version)
    record["results"] = []  # written out: the record no longer needs them


def _description(record: Record) -> dict[str, Any]:
    found: dict[str, Any] = {"JobId": record["job_id"]}
    if record.get("name"):
        found["JobName"] = record["name"]
    found.update(
        OperationsConfig=record["operations_config"],
        Status=record["status"],
        CreationTimestamp=record["created"],
        Input=record["input"],
        OutputConfig=record["output_config"],
    )
    if record["status"] == "FAILED":
        found["FailureDetails"] = {
            "Code": record.get("failure_code") or "INTERNAL_ERROR",
            "Message": record.get("status_message") or "",
        }
    if record.get("completed") is not None:
        found["CompletionTimestamp"] = record["completed"]
    if record.get("kms_key_id"):
        found["KmsKeyId"] = record["kms_key_id"]
    if record.get("results_object"):
        found["Results"] = {
            "S3Object": record["results_object"],
            "ModelVersions": {"Moderation": MODERATION_MODEL_VERSION},
        }
    if record.get("manifest_summary"):
        found["ManifestSummary"] = {"S3Object": record["manifest_summary"]}
    return found


def get_media_analysis_job(ctx: Context, request: Request) -> Response:
    """The job's description: status, failure details, results and summary locations."""
    settle(ctx)
    record = lifecycle.resources(ctx).table(KIND).get(request["JobId"])
    if record is None:
        raise not_found(f"The media analysis job {request['JobId']} does not exist")
    return _description(record)


def list_media_analysis_jobs(ctx: Context, request: Request) -> Response:
    """Every job, newest first, ``MaxResults`` (default and maximum 100) per page."""
    settle(ctx)
    jobs = list(reversed(list(lifecycle.resources(ctx).table(KIND).values())))
    scope = {"o": "ListMediaAnalysisJobs"}
    page, token = ctx.offset_page(request, scope, jobs, 100, 100)
    response: Response = {"MediaAnalysisJobs": [_description(r) for r in page]}
    if token is not None:
        response["NextToken"] = token
    return response


OPERATIONS: dict[str, Handler] = {
    "StartMediaAnalysisJob": start_media_analysis_job,
    "GetMediaAnalysisJob": get_media_analysis_job,
    "ListMediaAnalysisJobs": list_media_analysis_jobs,
}
