"""The stored-video jobs: ``Start*`` / ``Get*`` for all eight kinds, run from one table.

A job reads its video (see :mod:`rekog.local.perception.videos`) and computes its results when it
starts (:mod:`.video_kinds` says how, per kind), stays ``IN_PROGRESS`` for ``job_seconds``
of the backend clock, then turns ``SUCCEEDED`` -- or ``FAILED`` with a ``StatusMessage`` if
the video was missing or unreadable -- and, when a ``NotificationChannel`` was given,
publishes the completion message to the SNS topic::

    {"JobId": "...", "Status": "SUCCEEDED", "API": "StartLabelDetection", "JobTag": "...",
     "Timestamp": 1700000002000, "Video": {"S3ObjectName": "...", "S3Bucket": "..."}}

More than ``max_concurrent_jobs`` jobs in progress is ``LimitExceededException``. ``Get*``
sorts by ``SortBy`` where the kind has it, aggregates by ``AggregateBy`` (``SEGMENTS``) for
labels and moderation, and pages by ``MaxResults`` (default and maximum 1000).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from ..errors import RekognitionError, not_found
from ..perception.videos import UnreadableVideo, VideoSpec
from .context import Context, Handler, Request, Response, page_size
from .state import JobRecord
from .video_kinds import BY_GET, BY_START, KINDS, VideoKind

log: logging.Logger = logging.getLogger("rekog.local")

_UNREADABLE = "Unsupported codec/format."


def _read_video(
    ctx: Context, request: Request, kind: VideoKind
) -> tuple[VideoSpec | None, str | None]:
    s3 = request["Video"].get("S3Object")
    if not s3:
        raise RekognitionError("InvalidParameterException", "Video.S3Object must be provided")
    # A missing object is the start's InvalidS3ObjectException (every Start* lists it in
    # the service model), not a job that fails later.
    data = ctx.read_object(s3)
    try:
        return ctx.perception.video(data, kind.sees), None
    except UnreadableVideo:
        return None, _UNREADABLE


def prepare_video(ctx: Context, operation: str, request: Request) -> None:
    """Let the perception look at a ``Start*`` job's video before the backend lock is taken.

    Decoding and looking at a real video takes seconds; the vision perception caches the
    result by ETag, so the job's start (under the lock) finds it done. Errors are left for
    the start to report.
    """
    kind = BY_START.get(operation)
    if kind is None or not kind.sees:
        return
    s3 = (request.get("Video") or {}).get("S3Object")
    if not isinstance(s3, dict):
        return
    try:
        data = ctx.read_object(s3)
    except RekognitionError:
        return
    ctx.perception.prepare_video(data, kind.sees)


def _start(ctx: Context, request: Request, kind: VideoKind) -> Response:
    if kind.precheck is not None:
        kind.precheck(ctx, request)
    running = sum(1 for job in ctx.state.jobs.values() if job.status == "IN_PROGRESS")
    if running >= ctx.config.max_concurrent_jobs:
        raise RekognitionError(
            "LimitExceededException", "Exceeded the limit of concurrent video jobs"
        )
    spec, failure = _read_video(ctx, request, kind)
    results = kind.compute(ctx, spec, request) if spec is not None else []
    now = ctx.clock.now()
    job = JobRecord(
        job_id=ctx.new_job_id(),
        api=kind.start,
        created=now,
        complete_at=now + ctx.config.job_seconds,
        video=request["Video"],
        request={k: v for k, v in request.items() if k != "ClientRequestToken"},
        status_message=failure,
        job_tag=request.get("JobTag"),
        notification=request.get("NotificationChannel"),
        metadata=spec.metadata() if spec is not None else None,
        results=results,
    )
    ctx.state.put_job(job)
    ctx.schedule(ctx.config.job_seconds)
    return {"JobId": job.job_id}


def complete_due_jobs(ctx: Context) -> None:
    """Finish every job whose time has come and publish its SNS notification."""
    now = ctx.clock.now()
    for job in list(ctx.state.jobs.values()):
        if job.status != "IN_PROGRESS" or now < job.complete_at:
            continue
        job.status = "FAILED" if job.status_message else "SUCCEEDED"
        if job.notification and not job.notified:
            job.notified = True
            ctx.notify(job.notification["SNSTopicArn"], completion_message(job, now))
        ctx.state.put_job(job)


def completion_message(job: JobRecord, now: float) -> str:
    """The SNS message Rekognition Video publishes when ``job`` completes."""
    s3 = job.video.get("S3Object", {})
    message: dict[str, Any] = {"JobId": job.job_id, "Status": job.status, "API": job.api}
    if job.job_tag is not None:
        message["JobTag"] = job.job_tag
    message["Timestamp"] = int(now * 1000)
    message["Video"] = {"S3ObjectName": s3.get("Name"), "S3Bucket": s3.get("Bucket")}
    return json.dumps(message)


def _get(ctx: Context, request: Request, kind: VideoKind) -> Response:
    job = ctx.state.jobs.get(request["JobId"])
    if job is None or job.api != kind.start:
        raise not_found(f"Job id {request['JobId']} not found")
    response: Response = {"JobStatus": job.status}
    if job.status == "FAILED":
        response["StatusMessage"] = job.status_message
    response["JobId"] = job.job_id
    response["Video"] = job.video
    if job.job_tag is not None:
        response["JobTag"] = job.job_tag
    if job.status != "SUCCEEDED":
        if request.get("NextToken"):
            raise RekognitionError("InvalidPaginationTokenException", "Invalid pagination token")
        return response
    response["VideoMetadata"] = [job.metadata] if kind.metadata_list else job.metadata
    items = list(job.results)
    aggregate_by = request.get("AggregateBy", "TIMESTAMPS") if kind.aggregate else None
    if kind.aggregate is not None and aggregate_by == "SEGMENTS":
        items = kind.aggregate(items)
    sort_by = request.get("SortBy", next(iter(kind.sorts), None)) if kind.sorts else None
    if sort_by is not None:
        items.sort(key=kind.sorts[sort_by])
    scope = {"o": kind.get, "j": job.job_id, "s": sort_by, "a": aggregate_by}
    token = ctx.read_token(request, scope)
    start = token["i"] if token else 0
    size = page_size(request, 1000, 1000)
    response[kind.items_key] = items[start : start + size]
    if start + size < len(items):
        response["NextToken"] = ctx.page_token({**scope, "i": start + size})
    response.update(kind.extras(job, request))
    return response


def _starter(kind: VideoKind) -> Handler:
    def start(ctx: Context, request: Request) -> Response:
        return _start(ctx, request, kind)

    start.__doc__ = f"``{kind.start}``: start a job (see :mod:`.video_kinds`)."
    return start


def _getter(kind: VideoKind) -> Handler:
    def get(ctx: Context, request: Request) -> Response:
        return _get(ctx, request, kind)

    get.__doc__ = f"``{kind.get}``: the job's status and, once it succeeded, its results."
    return get


def publish_via(sns: Any) -> Callable[[str, str], None]:
    """A ``notify(topic_arn, message)`` callable publishing with a boto3 SNS client."""

    def notify(topic_arn: str, message: str) -> None:
        try:
            sns.publish(TopicArn=topic_arn, Message=message)
        except Exception:  # a failed notification must not break the emulator
            log.exception("rekog.local: publishing the job notification to %s failed", topic_arn)

    return notify


OPERATIONS: dict[str, Handler] = {
    **{kind.start: _starter(kind) for kind in KINDS},
    **{kind.get: _getter(kind) for kind in KINDS},
}
#: The ``Start*`` operations (each takes an idempotent ``ClientRequestToken``).
START_OPERATIONS = frozenset(BY_START)
GET_OPERATIONS = frozenset(BY_GET)
