"""Handles on Rekognition Video jobs: status, waiting (polling or SNS→SQS), results.

A :class:`VideoJob` wraps one ``Start*``/``Get*`` pair by job id. It is built by the client
from callables, so it can be re-created anywhere from the job id alone (another process, days
later): ``rk.jobs.face_search(job_id)``.

Polling backs off (:class:`PollPolicy`: start small, grow, cap) and is separate from the retry
of failed calls, which the ``get`` callable does with the client's policy. Both are bounded by
the deadline of :meth:`VideoJob.wait`: it never sleeps past it.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from . import models
from ._checks import check_count, check_number, check_seconds
from ._exceptions import InvalidRequestError, JobFailedError, JobTimeoutError
from .paging import PAGED_OPERATIONS, ItemT, PagedOperation, Pager
from .waiting import check_timeout, poll_until_done

__all__ = [
    "JOB_KINDS",
    "JobKind",
    "JobNotification",
    "JobPage",
    "PollPolicy",
    "VideoJob",
    "check_notification_arguments",
    "check_timeout",
    "job_results_pager",
    "parse_notification",
]

logger: logging.Logger = logging.getLogger("rekog")

# Plain strings: a ``VideoJobStatus`` (a ``str`` enum) compares and hashes as its value, and
# the enums module loads with the first status, not with the client.
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"
_TERMINAL = frozenset({SUCCEEDED, FAILED})


class JobPage(Protocol):
    """What a video ``Get*`` response offers a job handle (every ``Get*Response`` does)."""

    @property
    def job_status(self) -> str | None: ...

    @property
    def status_message(self) -> str | None: ...


JobPageT = TypeVar("JobPageT", bound=JobPage)


@dataclass(frozen=True)
class PollPolicy:
    """Delays between status polls: ``initial``, then times ``multiplier``, capped at ``maximum``.

    ``jitter`` shortens each delay by a random fraction up to it (0.1: up to 10% shorter) so
    that many waiters do not poll in lockstep; the cap stays a true maximum. Video jobs take
    minutes, so the defaults poll at 1 s, 1.5 s, 2.25 s, ... up to every 30 s.
    """

    initial: float = 1.0
    multiplier: float = 1.5
    maximum: float = 30.0
    jitter: float = 0.1

    def __post_init__(self) -> None:
        # InvalidRequestError is a ValueError: code catching ValueError keeps working.
        initial = check_seconds(self.initial, "PollPolicy.initial", positive=True)
        maximum = check_seconds(self.maximum, "PollPolicy.maximum", positive=True)
        if maximum < initial:
            raise InvalidRequestError(
                "PollPolicy.maximum", f"must be at least initial ({initial:g})", self.maximum
            )
        check_number(self.multiplier, "PollPolicy.multiplier", minimum=1)
        check_number(self.jitter, "PollPolicy.jitter", minimum=0, below=1)

    def delays(self) -> Iterator[float]:
        """The endless sequence of delays, in seconds."""
        delay = self.initial
        while True:
            yield delay * (1 - self.jitter * random.random()) if self.jitter else delay
            delay = min(delay * self.multiplier, self.maximum)


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
class JobKind:
    """One kind of video job: its ``Start*``/``Get*`` pair.

    Attributes:
        name: the snake_case name used by ``rk.jobs`` (``"face_search"``).
        start_operation: ``"StartFaceSearch"``.
        get_operation: ``"GetFaceSearch"``.
        notification_api: the ``API`` value AWS documents for the completion message
            (the start operation). Informational only: AWS's own example shows
            ``"LABEL_DETECTION"``, so messages are matched by job id, never by this.
        items_attribute: the results list on the ``Get*`` response (``"persons"``).
    """

    name: str
    start_operation: str
    get_operation: str
    notification_api: str
    items_attribute: str

    @property
    def paged(self) -> PagedOperation:
        """How the ``Get*`` operation paginates."""
        return PAGED_OPERATIONS[self.get_operation]


def _kind(name: str, stem: str) -> tuple[str, JobKind]:
    get = f"Get{stem}"
    kind = JobKind(name, f"Start{stem}", get, f"Start{stem}", PAGED_OPERATIONS[get].items_attribute)
    return name, kind


#: Every video job kind, by ``rk.jobs`` name.
JOB_KINDS: dict[str, JobKind] = dict(
    [
        _kind("celebrity_recognition", "CelebrityRecognition"),
        _kind("content_moderation", "ContentModeration"),
        _kind("face_detection", "FaceDetection"),
        _kind("face_search", "FaceSearch"),
        _kind("label_detection", "LabelDetection"),
        _kind("person_tracking", "PersonTracking"),
        _kind("segment_detection", "SegmentDetection"),
        _kind("text_detection", "TextDetection"),
    ]
)


PagerT = TypeVar("PagerT")


def job_results_pager(
    make_pager: Callable[..., PagerT], operation: str, job_id: str
) -> Callable[..., PagerT]:
    """The ``pager(page_size, starting_token, max_items, **arguments)`` a job handle pages its
    results with, over a client's ``_pager(operation, arguments, ...)`` (sync or async)."""

    def pager(
        page_size: int | None = None,
        starting_token: str | None = None,
        max_items: int | None = None,
        **arguments: Any,
    ) -> PagerT:
        if page_size is not None:
            arguments["max_results"] = page_size
        return make_pager(
            operation,
            {"job_id": job_id, **arguments},
            starting_token=starting_token,
            max_items=max_items,
        )

    return pager


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


class _VideoJobCore(Generic[JobPageT, ItemT]):
    """State and rules shared by :class:`VideoJob` and :class:`rekog.aio.AsyncVideoJob`:
    the remembered status, the poll/deadline arithmetic, sorting SQS messages; no I/O."""

    def __init__(
        self,
        job_id: str,
        *,
        kind: JobKind,
        get: Callable[[dict[str, Any]], Any],
        pager: Callable[..., Any],
        sqs_client_factory: Callable[[str | None], Any] | None = None,
        poll: PollPolicy = PollPolicy(),
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] = time.sleep,
    ) -> None:
        if not isinstance(job_id, str) or not job_id:
            raise InvalidRequestError("job_id", "must be a non-empty str", job_id)
        self.job_id = job_id
        self.kind = kind
        self._get = get
        self._pager = pager
        self._sqs_client_factory = sqs_client_factory
        self._poll = poll
        self._clock = clock
        self._sleep = sleep
        self._last: JobPageT | None = None
        # SUCCEEDED/FAILED once known; it never changes again.
        self._final: models.VideoJobStatus | None = None

    @property
    def last_response(self) -> JobPageT | None:
        """The latest ``Get*`` response of a status poll (one item), if any."""
        return self._last

    @property
    def status_message(self) -> str | None:
        """The service's ``StatusMessage`` from the latest poll (set when the job failed)."""
        return None if self._last is None else self._last.status_message

    def _record(self, response: JobPageT) -> models.VideoJobStatus:
        """Remember a status poll's response; its status (a finished one for good)."""
        self._last = response
        job_status = response.job_status
        status = models.VideoJobStatus("UNKNOWN" if job_status is None else job_status)
        if status in _TERMINAL:
            self._final = status
        return status

    def _failed(self) -> JobFailedError:
        return JobFailedError(self.job_id, self.status_message, self.kind.get_operation)

    def _known_outcome(self) -> bool:
        """Before reading a queue: ``True`` when the job is known to have succeeded (raises
        when it is known to have failed)."""
        if self._final == SUCCEEDED:
            return True
        if self._final == FAILED:
            raise self._failed()
        return False

    def _long_poll_seconds(self, wait_time_seconds: int, deadline: float | None) -> int:
        if deadline is None:
            return wait_time_seconds
        # SQS takes whole seconds; rounding down keeps the long poll inside the deadline.
        return max(0, min(wait_time_seconds, int(deadline - self._clock())))

    def _split_messages(
        self, messages: list[dict[str, Any]]
    ) -> tuple[JobNotification | None, list[str], list[dict[str, Any]]]:
        """This job's notification, the receipt handles of its messages, the other messages."""
        mine: JobNotification | None = None
        handles: list[str] = []
        others: list[dict[str, Any]] = []
        for message in messages:
            note = parse_notification(message.get("Body", ""))
            if note is not None and note.job_id == self.job_id:
                # SNS delivers at least once: delete duplicates too.
                handles.append(message["ReceiptHandle"])
                mine = mine or note
            else:
                others.append(message)
        return mine, handles, others

    def _after_notification(self, note: JobNotification) -> bool:
        """``True`` when the message says the job succeeded; otherwise forget the status
        (the message carries no reason: the caller polls ``Get*`` for it)."""
        if note.status == SUCCEEDED:
            self._final = models.VideoJobStatus.SUCCEEDED
            return True
        self._final = None
        return False

    def _failed_from_notification(self, note: JobNotification) -> JobFailedError:
        message = self.status_message or f"completion message reported status {note.status}"
        return JobFailedError(self.job_id, message, self.kind.get_operation)

    @staticmethod
    def _queue_region(queue_url: str) -> str | None:
        # https://sqs.<region>.amazonaws.com/<account>/<name>: the queue's own region.
        match = re.match(r"https?://sqs\.([a-z0-9-]+)\.amazonaws\.com", queue_url)
        return match.group(1) if match else None

    # -- resuming ------------------------------------------------------------------------

    def continuation_token(self) -> str:
        """What to save to attach to this job again anywhere: its job id."""
        return self.job_id

    def __repr__(self) -> str:
        status = self._final or (
            None if self._last is None or self._last.job_status is None else self._last.job_status
        )
        shown = None if status is None else str(status)
        return (
            f"{type(self).__name__}(kind={self.kind.name!r}, job_id={self.job_id!r}, "
            f"status={shown!r})"
        )


class VideoJob(_VideoJobCore[JobPageT, ItemT]):
    """A handle on one Rekognition Video job, known by its job id.

    Build it through the client (``rk.jobs.start_face_search(...)`` or, to attach to an
    existing job, ``rk.jobs.face_search(job_id)``). Save :meth:`continuation_token` (the job
    id) to attach again elsewhere.

    Args:
        job_id: the job id returned by the ``Start*`` operation.
        kind: which ``Start*``/``Get*`` pair.
        get: calls the ``Get*`` operation for this job (retrying per the client's policy) with
            the extra wire parameters given, and returns the typed response.
        pager: builds the results :class:`~rekog.Pager`; receives :meth:`results`' keyword
            arguments.
        sqs_client_factory: creates the SQS client for :meth:`wait_for_notification`, given
            the queue's region from its URL (or ``None``); by default a boto3 client there.
        poll: the default :class:`PollPolicy` of :meth:`wait`.
        clock: monotonic seconds (tests pass a fake).
        sleep: sleeps that many seconds (tests pass a fake).
    """

    _get: Callable[[dict[str, Any]], JobPageT]
    _pager: Callable[..., Pager[JobPageT, ItemT]]

    # -- status --------------------------------------------------------------------------

    def status(self) -> models.VideoJobStatus:
        """The job status: ``VideoJobStatus.IN_PROGRESS``, ``SUCCEEDED`` or ``FAILED``.

        A :class:`~rekog.models.VideoJobStatus` (a ``str`` enum: ``job.status() ==
        "SUCCEEDED"`` works too). Asks the service (one ``Get*`` call with ``MaxResults=1``,
        so a poll stays cheap) until the job has finished; a finished job's status is
        remembered. A status this SDK does not know (``is_known`` is false) is returned as
        is and treated as still running.
        """
        if self._final is not None:
            return self._final
        return self._record(self._get({"MaxResults": 1}))

    def done(self) -> bool:
        """Whether the job has finished, successfully or not."""
        return self.status() in _TERMINAL

    # -- waiting -------------------------------------------------------------------------

    def wait(
        self, timeout: float | None = None, *, poll: PollPolicy | None = None
    ) -> VideoJob[JobPageT, ItemT]:
        """Poll until the job finishes; return the job.

        Polls at once, then after growing delays (``poll``, default the job's policy). It
        never sleeps past the deadline and polls one last time at it; a poll itself may
        overrun the deadline by the duration of one ``Get*`` call (with its retries).

        Raises:
            JobFailedError: the job ended ``FAILED`` (carries ``StatusMessage`` and job id).
            JobTimeoutError: still running at the deadline (carries the job id to resume).
        """
        timeout = check_timeout(timeout)
        if poll is not None and not isinstance(poll, PollPolicy):
            raise InvalidRequestError("poll", "must be a PollPolicy", type(poll).__name__)

        def poll_once() -> str | None:
            status = self.status()
            if status == FAILED:
                raise self._failed()
            return None if status == SUCCEEDED else status

        poll_until_done(
            poll_once,
            delays=(poll or self._poll).delays(),
            timeout=timeout,
            clock=self._clock,
            sleep=self._sleep,
            timed_out=lambda status, waited: JobTimeoutError(self.job_id, status, waited),
            what=f"video job {self.job_id}",
        )
        return self

    def results(self, timeout: float | None = None, **kwargs: Any) -> Pager[JobPageT, ItemT]:
        """The job's results as a :class:`~rekog.Pager`, once the job has succeeded.

        Waits for the job first (:meth:`wait` with ``timeout``; no call at all when it is
        known to have succeeded): an unfinished job's ``Get*`` returns no items, which would
        silently read as "nothing found". Other keyword arguments go to the pager
        (``page_size``, ``max_items``, ``starting_token``, ``sort_by``, ...).

        Raises:
            JobFailedError: the job failed.
            JobTimeoutError: still running at the deadline.
        """
        self.wait(check_timeout(timeout))
        return self._pager(**kwargs)

    def wait_for_notification(
        self,
        queue_url: str,
        timeout: float | None = None,
        *,
        wait_time_seconds: int = 20,
        foreign_visibility_timeout: int = 5,
    ) -> VideoJob[JobPageT, ItemT]:
        """Wait for the job's completion message on an SQS queue subscribed to the job's
        SNS topic, instead of polling (as AWS recommends). Return the job.

        Long-polls the queue (``WaitTimeSeconds`` up to ``wait_time_seconds``, never past the
        deadline). Messages of this job are deleted; other messages are left in the queue
        for their owners, hidden for ``foreign_visibility_timeout`` seconds so that this
        waiter does not receive them again in a tight loop (0 returns them at once). Note
        that every receive counts towards a redrive policy's ``maxReceiveCount``: a queue
        shared by many waiters should have a generous one, or none.

        When the deadline comes without a message, the status is polled once (the message
        may have been consumed elsewhere, or the job finished before the queue was
        subscribed) before giving up. A job already known to have finished returns (or
        raises) at once, without reading the queue.

        Raises:
            JobFailedError: the job ended ``FAILED`` or ``ERROR`` (``StatusMessage`` is
                fetched with one ``Get*`` call).
            JobTimeoutError: no completion by the deadline.
        """
        timeout = check_notification_arguments(
            queue_url, timeout, wait_time_seconds, foreign_visibility_timeout
        )
        if self._known_outcome():
            return self
        started = self._clock()
        deadline = None if timeout is None else started + timeout
        sqs = self._sqs_client(queue_url)
        while True:
            wait = self._long_poll_seconds(wait_time_seconds, deadline)
            response = sqs.receive_message(
                QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=wait
            )
            mine = self._sort_messages(
                sqs, queue_url, response.get("Messages", []), foreign_visibility_timeout
            )
            if mine is not None:
                return self._finish(mine)
            if deadline is not None and (wait == 0 or self._clock() >= deadline):
                break
        status = self.status()
        if status == SUCCEEDED:
            return self
        if status == FAILED:
            raise self._failed()
        raise JobTimeoutError(self.job_id, status, self._clock() - started)

    def _sort_messages(
        self, sqs: Any, queue_url: str, messages: list[dict[str, Any]], foreign_visibility: int
    ) -> JobNotification | None:
        """Delete this job's messages, hand the others back; return this job's notification."""
        mine, handles, others = self._split_messages(messages)
        for handle in handles:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
        for message in others:
            try:
                sqs.change_message_visibility(
                    QueueUrl=queue_url,
                    ReceiptHandle=message["ReceiptHandle"],
                    VisibilityTimeout=foreign_visibility,
                )
            except Exception:  # best effort: it becomes visible anyway after its timeout
                logger.debug("could not release message %s", message.get("MessageId"))
        return mine

    def _finish(self, note: JobNotification) -> VideoJob[JobPageT, ItemT]:
        if self._after_notification(note):
            return self
        # FAILED or ERROR: the message carries no reason; the Get* response does.
        if self.status() == SUCCEEDED:
            return self
        raise self._failed_from_notification(note)

    def _sqs_client(self, queue_url: str) -> Any:
        region = self._queue_region(queue_url)
        if self._sqs_client_factory is not None:
            return self._sqs_client_factory(region)
        import boto3  # only needed by this path

        return boto3.client("sqs", region_name=region)
