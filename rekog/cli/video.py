"""``rekog video KIND s3://bucket/key [--wait]``: start a stored-video job, wait, print results."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable
from typing import Any

from ._common import UsageError, add_client_options, command, emit, make_client

__all__ = ["KINDS", "add_video_command"]

# KIND -> (rk.jobs start method, attach method, row of a result item)
KINDS: dict[str, tuple[str, str, Callable[[Any], list[Any]]]] = {
    "face-search": (
        "start_face_search",
        "face_search",
        lambda i: [
            i.timestamp,
            i.person.index if i.person else None,
            ",".join(m.face.face_id or "" for m in i.face_matches if m.face),
        ],
    ),
    "text": (
        "start_text_detection",
        "text_detection",
        lambda i: [
            i.timestamp,
            i.text_detection.type if i.text_detection else None,
            i.text_detection.detected_text if i.text_detection else None,
        ],
    ),
    "labels": (
        "start_label_detection",
        "label_detection",
        lambda i: [
            i.timestamp,
            i.label.name if i.label else None,
            i.label.confidence if i.label else None,
        ],
    ),
    "faces": (
        "start_face_detection",
        "face_detection",
        lambda i: [i.timestamp, None, i.face.confidence if i.face else None],
    ),
    "moderation": (
        "start_content_moderation",
        "content_moderation",
        lambda i: [
            i.timestamp,
            i.moderation_label.name if i.moderation_label else None,
            i.moderation_label.confidence if i.moderation_label else None,
        ],
    ),
    "celebrities": (
        "start_celebrity_recognition",
        "celebrity_recognition",
        lambda i: [
            i.timestamp,
            i.celebrity.name if i.celebrity else None,
            i.celebrity.confidence if i.celebrity else None,
        ],
    ),
    "persons": (
        "start_person_tracking",
        "person_tracking",
        lambda i: [i.timestamp, i.person.index if i.person else None, None],
    ),
    "segments": (
        "start_segment_detection",
        "segment_detection",
        lambda i: [i.start_timestamp_millis, i.type, i.end_timestamp_millis],
    ),
}


def add_video_command(commands: Any) -> None:
    """Add ``rekog video KIND ...`` to the top-level subparsers ``commands``."""
    video = commands.add_parser(
        "video",
        help="analyse a stored video (a job): start it, --wait for it, print its results",
        description="Start a stored-video job on s3://bucket/key (or attach to one with "
        "--job-id); with --wait, wait for it (a progress line on a terminal) and print every "
        "result across pages.",
    )
    video.add_argument(
        "kind", metavar="KIND", choices=sorted(KINDS), help="one of: " + ", ".join(sorted(KINDS))
    )
    video.add_argument("video", metavar="S3_URI", nargs="?", help="s3://bucket/key of the video")
    video.add_argument("--job-id", help="attach to this job instead of starting one")
    video.add_argument("--collection", help="the collection to search (face-search)")
    video.add_argument(
        "--segment-types", default="SHOT,TECHNICAL_CUE", help="segments: SHOT,TECHNICAL_CUE"
    )
    video.add_argument("--wait", action="store_true", help="wait for the job and print its results")
    video.add_argument(
        "--timeout", type=float, default=3600, help="seconds to wait (default: 3600)"
    )
    video.add_argument("--no-progress", action="store_true", help="no progress line")
    add_client_options(video)
    video.set_defaults(func=_video, prog="rekog video")


@command
def _video(args: argparse.Namespace) -> int:
    start_name, attach_name, row = KINDS[args.kind]
    if (args.video is None) == (args.job_id is None):
        raise UsageError("give either S3_URI (to start a job) or --job-id (to attach to one)")
    if args.video is not None and not args.video.startswith("s3://"):
        raise UsageError(f"the video must be s3://bucket/key, got {args.video!r}")
    if args.kind == "face-search" and args.video is not None and not args.collection:
        raise UsageError("face-search needs --collection")
    rk = make_client(args)
    if args.job_id is not None:
        job = getattr(rk.jobs, attach_name)(args.job_id)
    else:
        extra: dict[str, Any] = {}
        if args.kind == "face-search":
            extra["collection_id"] = args.collection
        if args.kind == "segments":
            extra["segment_types"] = [s.strip() for s in args.segment_types.split(",") if s.strip()]
        job = getattr(rk.jobs, start_name)(video=args.video, **extra)
    if not args.wait:
        emit(
            args,
            {"JobId": job.job_id, "JobStatus": job.status()},
            [[job.job_id, job.status()]],
            ["JobId", "Status"],
        )
        return 0
    _wait(job, args.timeout, progress=not args.no_progress and sys.stderr.isatty())
    items = list(job.results())
    emit(
        args,
        {"JobId": job.job_id, "JobStatus": "SUCCEEDED", "Results": items},
        [row(item) for item in items],
        ["Timestamp", "What", "Detail"],
    )
    return 0


def _wait(job: Any, timeout: float, progress: bool) -> None:
    """``job.wait`` in short steps, so a terminal shows the status and the time waited."""
    from rekog import JobTimeoutError
    from rekog.jobs import PollPolicy

    bar: Any = None
    if progress:
        try:
            tqdm = importlib.import_module("tqdm.auto").tqdm
            bar = tqdm(
                total=None,
                desc=f"job {job.job_id[:12]}: starting",
                bar_format="{desc} [{elapsed}]",
                file=sys.stderr,
            )
        except ImportError:
            bar = None
    started = time.monotonic()
    delays = PollPolicy().delays()
    try:
        while True:
            left = timeout - (time.monotonic() - started)
            try:
                job.wait(timeout=max(0.0, min(next(delays), left)))
                return
            except JobTimeoutError as error:
                if time.monotonic() - started >= timeout:
                    raise JobTimeoutError(
                        job.job_id, error.last_status, time.monotonic() - started
                    ) from None
                if bar is not None:
                    bar.set_description_str(f"job {job.job_id[:12]}: {error.last_status}")
                    bar.update(0)
    finally:
        if bar is not None:
            bar.close()
