"""StartFaceSearch / GetFaceSearch and StartTextDetection / GetTextDetection.

A job reads its video (see :mod:`rekog.local.videos`) and computes its results when it
starts, stays ``IN_PROGRESS`` for ``job_seconds`` of the backend clock, then turns
``SUCCEEDED`` -- or ``FAILED`` with a ``StatusMessage`` if the video was missing or
unreadable -- and, when a ``NotificationChannel`` was given, publishes the completion
message to the SNS topic::

    {"JobId": "...", "Status": "SUCCEEDED", "API": "StartFaceSearch", "JobTag": "...",
     "Timestamp": 1700000002000, "Video": {"S3ObjectName": "...", "S3Bucket": "..."}}

Results are paged by ``MaxResults`` (default and maximum 1000).
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..errors import RekognitionError, not_found
from ..imaging import Box, DetectedFace, identity_signature
from ..videos import UnreadableVideo, VideoSpec, parse_video
from .context import Context, Handler, Request, Response, page_size
from .details import face_detail, text_detections
from .search import DEFAULT_MAX_FACES, DEFAULT_THRESHOLD, face_matches
from .state import TEXT_MODEL_VERSION, JobRecord

log = logging.getLogger("rekog.local")

_GETTERS = {"GetFaceSearch": "StartFaceSearch", "GetTextDetection": "StartTextDetection"}
_UNREADABLE = "Unsupported codec/format."
_MISSING = (
    "Unable to get object metadata from S3. Check object key, region and/or access permissions."
)


def _read_video(ctx: Context, request: Request) -> tuple[VideoSpec | None, str | None]:
    s3 = request["Video"].get("S3Object")
    if not s3:
        raise RekognitionError("InvalidParameterException", "Video.S3Object must be provided")
    try:
        data = ctx.read_object(s3)
    except RekognitionError:
        return None, _MISSING
    try:
        return parse_video(data), None
    except UnreadableVideo:
        return None, _UNREADABLE


def _face_box(person: Box) -> Box:
    return Box(
        person.left + person.width * 0.25, person.top, person.width * 0.5, person.height * 0.3
    )


def _face_search_results(
    ctx: Context, spec: VideoSpec, collection_id: str, threshold: float
) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for index, person in enumerate(spec.persons):
        if person.label is None:
            continue
        signature = identity_signature(person.label)
        matches = face_matches(ctx, collection_id, signature, threshold, DEFAULT_MAX_FACES)
        if not matches:
            continue  # GetFaceSearch only reports persons whose face matched the collection
        detail = face_detail(DetectedFace(box=_face_box(person.box), signature=signature))
        for timestamp in person.timestamps:
            results.append(
                {
                    "Timestamp": timestamp,
                    "Person": {"Index": index, "BoundingBox": person.box.wire(), "Face": detail},
                    "FaceMatches": matches,
                }
            )
    results.sort(key=lambda r: (r["Timestamp"], r["Person"]["Index"]))
    return results


def _text_results(spec: VideoSpec, filters: dict[str, Any] | None) -> list[dict[str, Any]]:
    frames: dict[int, list[tuple[str, Box, float]]] = defaultdict(list)
    for item in spec.text:
        for timestamp in item.timestamps:
            frames[timestamp].append((item.label or "", item.box, 99.5))
    return [
        {"Timestamp": timestamp, "TextDetection": detection}
        for timestamp in sorted(frames)
        for detection in text_detections(frames[timestamp], filters)
    ]


def _start(ctx: Context, request: Request, api: str) -> Response:
    running = sum(1 for job in ctx.state.jobs.values() if job.status == "IN_PROGRESS")
    if running >= ctx.config.max_concurrent_jobs:
        raise RekognitionError(
            "LimitExceededException", "Exceeded the limit of concurrent video jobs"
        )
    spec, failure = _read_video(ctx, request)
    results: list[dict[str, Any]] = []
    if spec is not None:
        if api == "StartFaceSearch":
            results = _face_search_results(
                ctx,
                spec,
                request["CollectionId"],
                request.get("FaceMatchThreshold", DEFAULT_THRESHOLD),
            )
        else:
            results = _text_results(spec, request.get("Filters"))
    now = ctx.clock.now()
    job = JobRecord(
        job_id=ctx.new_job_id(),
        api=api,
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


def start_face_search(ctx: Context, request: Request) -> Response:
    """Start searching a video's persons in a collection (the collection must exist)."""
    ctx.collection(request["CollectionId"])
    return _start(ctx, request, "StartFaceSearch")


def start_text_detection(ctx: Context, request: Request) -> Response:
    """Start detecting text in a video."""
    return _start(ctx, request, "StartTextDetection")


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


def _get(
    ctx: Context, request: Request, getter: str
) -> tuple[JobRecord, Response, list[dict[str, Any]] | None]:
    job = ctx.state.jobs.get(request["JobId"])
    if job is None or job.api != _GETTERS[getter]:
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
        return job, response, None
    response["VideoMetadata"] = job.metadata
    return job, response, job.results


def _page(
    ctx: Context, request: Request, scope: dict[str, Any], items: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], str | None]:
    token = ctx.read_token(request, scope)
    start = token["i"] if token else 0
    size = page_size(request, 1000, 1000)
    page = items[start : start + size]
    more = start + size < len(items)
    return page, ctx.page_token({**scope, "i": start + size}) if more else None


def get_face_search(ctx: Context, request: Request) -> Response:
    """Job status; once ``SUCCEEDED``, matched persons sorted by ``TIMESTAMP`` (default) or ``INDEX``."""
    job, response, results = _get(ctx, request, "GetFaceSearch")
    if results is None:
        return response
    sort_by = request.get("SortBy", "TIMESTAMP")
    if sort_by == "INDEX":
        results = sorted(results, key=lambda r: (r["Person"]["Index"], r["Timestamp"]))
    page, token = _page(
        ctx, request, {"o": "GetFaceSearch", "j": job.job_id, "s": sort_by}, results
    )
    response["Persons"] = page
    if token:
        response["NextToken"] = token
    return response


def get_text_detection(ctx: Context, request: Request) -> Response:
    """Job status; once ``SUCCEEDED``, text detections by timestamp."""
    job, response, results = _get(ctx, request, "GetTextDetection")
    if results is None:
        return response
    page, token = _page(ctx, request, {"o": "GetTextDetection", "j": job.job_id}, results)
    response["TextDetections"] = page
    if token:
        response["NextToken"] = token
    response["TextModelVersion"] = TEXT_MODEL_VERSION
    return response


def publish_via(sns: Any) -> Callable[[str, str], None]:
    """A ``notify(topic_arn, message)`` callable publishing with a boto3 SNS client."""

    def notify(topic_arn: str, message: str) -> None:
        try:
            sns.publish(TopicArn=topic_arn, Message=message)
        except Exception:  # a failed notification must not break the emulator
            log.exception("rekog.local: publishing the job notification to %s failed", topic_arn)

    return notify


OPERATIONS: dict[str, Handler] = {
    "StartFaceSearch": start_face_search,
    "GetFaceSearch": get_face_search,
    "StartTextDetection": start_text_detection,
    "GetTextDetection": get_text_detection,
}
