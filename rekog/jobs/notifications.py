"""SNS→SQS completion messages of Rekognition Video jobs: parsing them, checking the waiter's
arguments. The waiting itself is the job handle's (:meth:`rekog.VideoJob.wait_for_notification`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._checks import check_count
from ..errors import InvalidRequestError
from .polling import check_timeout

__all__ = ["JobNotification", "parse_notification"]


def check_notification_arguments(
    queue_url: Any, timeout: Any, wait_time_seconds: Any, foreign_visibility_timeout: Any
) -> float | None:
    """Check :meth:`VideoJob.wait_for_notification`'s arguments; return the timeout."""
    if not isinstance(queue_url, str) or not queue_url.startswith(("https://", "http://")):
        raise InvalidRequestError(
            "queue_url", "must be an SQS queue URL (https://sqs.<region>...)", queue_url
        )
    # Over 20 is an SQS limit; 0 (short polling) would spin on an empty queue.
    check_count(wait_time_seconds, "wait_time_seconds", minimum=1, maximum=20)
    # SQS allows a visibility timeout of 0 to 12 hours.
    check_count(foreign_visibility_timeout, "foreign_visibility_timeout", maximum=43200)
    return check_timeout(timeout)


@dataclass(frozen=True)
class JobNotification:
    """The completion message Rekognition publishes to SNS.

    Attributes:
        job_id: the job id.
        status: ``"SUCCEEDED"``, ``"FAILED"`` or ``"ERROR"``.
        api: the ``API`` field (format varies; see :attr:`JobKind.notification_api`).
        job_tag: the ``JobTag`` given at start, if any.
        timestamp: Unix time in milliseconds when the job finished.
        video: the ``Video`` object (``S3ObjectName``, ``S3Bucket``).
    """

    job_id: str
    status: str
    api: str | None = None
    job_tag: str | None = None
    timestamp: int | None = None
    video: Mapping[str, Any] | None = None


def parse_notification(body: str) -> JobNotification | None:
    """Parse an SQS message body carrying a Rekognition completion message.

    Accepts the SNS envelope (``{"Type": "Notification", "Message": "<json>"}``) and raw
    message delivery (the Rekognition JSON itself). Returns ``None`` for anything else.
    """
    try:
        data = json.loads(body)
        if isinstance(data, dict) and data.get("Type") == "Notification":
            data = json.loads(data.get("Message", ""))
    except (TypeError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("JobId"), str):
        return None
    video = data.get("Video")
    return JobNotification(
        job_id=data["JobId"],
        status=str(data.get("Status", "")),
        api=data.get("API"),
        job_tag=data.get("JobTag") or None,
        timestamp=data.get("Timestamp"),
        video=video if isinstance(video, dict) else None,
    )
