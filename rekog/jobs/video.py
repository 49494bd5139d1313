"""Video jobs: the eight ``Start*``/``Get*`` pairs (:data:`JOB_KINDS`) and the I/O-free core of
their handles (the remembered status, the deadline arithmetic, sorting SQS messages).

The handles drive the core: :class:`rekog.aio.AsyncVideoJob` is written by hand
(``rekog/aio/jobs.py``) and :class:`rekog.VideoJob` is generated from it by
``tools/unasync.py``. Polling backs off (:class:`~rekog.PollPolicy`) and is separate from the
retry of failed calls, which the ``get`` callable does with the client's policy; both are
bounded by the deadline of ``wait``, which never sleeps past it.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from .. import models
from ..errors import InvalidRequestError, JobFailedError
from ..paging import PAGED_OPERATIONS, ItemT, PagedOperation
from .notifications import JobNotification, parse_notification
from .polling import PollPolicy

__all__ = ["FAILED", "JOB_KINDS", "SUCCEEDED", "JobKind", "JobPage", "job_results_pager"]

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


_DEFAULT_POLL = PollPolicy()


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
        poll: PollPolicy = _DEFAULT_POLL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] | None = None,
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
        self._sleep = sleep  # None: the flavour's own (time.sleep, asyncio.sleep)
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
