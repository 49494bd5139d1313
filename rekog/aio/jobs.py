"""Handles on Rekognition Video jobs: ``await job.wait()``, ``async for x in job.results()``.

The async handle (``rekog/aio/jobs.py``) is the one source: ``tools/unasync.py`` writes the
sync flavour (``rekog/jobs/video_job.py``, :class:`rekog.VideoJob`) from it. The status
bookkeeping, the deadline step and the sorting of SQS messages are I/O-free and shared
(``rekog.jobs.video``, ``rekog.jobs.polling``); what differs is only how a flavour sleeps and
talks to SQS. An async wait sleeps with ``asyncio.sleep``: cancelling it stops it at once, and
it never starts a task of its own.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from .._paging_core import ItemT
from ..errors import InvalidRequestError, JobTimeoutError
from ..jobs.notifications import JobNotification, check_notification_arguments
from ..jobs.polling import Deadline, PollPolicy, check_timeout
from ..jobs.video import FAILED, SUCCEEDED, JobPageT, _VideoJobCore
from ..models import VideoJobStatus
from .paging import AsyncPager

__all__ = ["AsyncVideoJob"]

logger: logging.Logger = logging.getLogger("rekog")


def _default_sqs(region: str | None) -> Any:
    """The SQS client of the queue's region when no factory was given."""
    from aiobotocore.session import get_session  # unasync: async-only

    return get_session().create_client("sqs", region_name=region)  # unasync: async-only
    # unasync: sync-only import boto3  # only needed by this path
    # unasync: sync-only return boto3.client("sqs", region_name=region)


class AsyncVideoJob(_VideoJobCore[JobPageT, ItemT]):
    """A handle on one Rekognition Video job, known by its job id.

    Build it through the client (``await rk.jobs.start_face_search(...)`` or, to attach to an
    existing job, ``rk.jobs.face_search(job_id)``); save :meth:`continuation_token` (the job
    id) to attach again elsewhere::

        job = await rk.jobs.start_face_search(video="s3://bucket/v.mp4", collection_id="c")
        await job.wait(timeout=600)          # or: await job.wait_for_notification(queue_url)
        async for person in job.results():   # every item, across pages
            ...

    Args:
        job_id: the job id returned by the ``Start*`` operation.
        kind: which ``Start*``/``Get*`` pair.
        get: calls the ``Get*`` operation for this job (retrying per the client's policy) with
            the extra wire parameters given, and returns the typed response.
        pager: builds the results :class:`~rekog.aio.AsyncPager`; receives :meth:`results`'
            keyword arguments.
        sqs_client_factory: creates the SQS client for :meth:`wait_for_notification`, given
            the queue's region from its URL (or ``None``); by default one from a new session
            (boto3 for the sync handle, aiobotocore for the async one, which expects an async
            context manager).
        poll: the default :class:`~rekog.PollPolicy` of :meth:`wait`.
        clock: monotonic seconds (tests pass a fake).
        sleep: sleeps that many seconds (tests pass a fake; the async handle also takes a
            plain function).
    """

    _get: Callable[[dict[str, Any]], Awaitable[JobPageT]]
    _pager: Callable[..., AsyncPager[JobPageT, ItemT]]

    async def _pause(self, seconds: float) -> None:
        if self._sleep is None:
            await asyncio.sleep(seconds)
            return
        # unasync: sync-only self._sleep(seconds)
        result = self._sleep(seconds)  # unasync: async-only
        if inspect.isawaitable(result):  # unasync: async-only
            await result  # unasync: async-only

    # -- status --------------------------------------------------------------------------

    async def status(self) -> VideoJobStatus:
        """The job status: ``VideoJobStatus.IN_PROGRESS``, ``SUCCEEDED`` or ``FAILED``.

        A :class:`~rekog.models.VideoJobStatus` (a ``str`` enum: ``== "SUCCEEDED"`` works
        too). Asks the service (one ``Get*`` call with ``MaxResults=1``, so a poll stays
        cheap) until the job has finished; a finished job's status is remembered. A status
        this SDK does not know (``is_known`` is false) is returned as is and treated as still
        running.
        """
        if self._final is not None:
            return self._final
        return self._record(await self._get({"MaxResults": 1}))

    async def done(self) -> bool:
        """Whether the job has finished, successfully or not."""
        return await self.status() in (SUCCEEDED, FAILED)

    # -- waiting -------------------------------------------------------------------------

    async def wait(
        self, timeout: float | None = None, *, poll: PollPolicy | None = None
    ) -> AsyncVideoJob[JobPageT, ItemT]:
        """Poll until the job finishes; return the job.

        Polls at once, then after growing delays (``poll``, default the job's policy). It
        never sleeps past the deadline and polls one last time at it; a poll itself may
        overrun the deadline by the duration of one ``Get*`` call (with its retries).
        Cancelling an async wait stops it at once (mid-sleep or mid-request).

        Raises:
            JobFailedError: the job ended ``FAILED`` (carries ``StatusMessage`` and job id).
            JobTimeoutError: still running at the deadline (carries the job id to resume).
        """
        timeout = check_timeout(timeout)
        if poll is not None and not isinstance(poll, PollPolicy):
            raise InvalidRequestError("poll", "must be a PollPolicy", type(poll).__name__)
        deadline = Deadline(
            timeout,
            self._clock,
            lambda status, waited: JobTimeoutError(self.job_id, status, waited),
            f"video job {self.job_id}",
        )
        delays = (poll or self._poll).delays()
        while True:
            status = await self.status()
            if status == SUCCEEDED:
                return self
            if status == FAILED:
                raise self._failed()
            await self._pause(deadline.next_sleep(delays, status))

    def results(self, timeout: float | None = None, **kwargs: Any) -> AsyncPager[JobPageT, ItemT]:
        """The job's results as a pager, once the job has succeeded.

        An unfinished job's ``Get*`` returns no items, which would silently read as "nothing
        found", so the job is waited for first (:meth:`wait` with ``timeout``; no call at all
        when it is known to have succeeded): by the sync handle here, by the async one when
        iteration starts (the pager is returned at once, so ``async for x in job.results()``
        needs no ``await``). Other keyword arguments go to the pager (``page_size``,
        ``max_items``, ``starting_token``, ``sort_by``, ...) and are checked now.

        Raises:
            JobFailedError: the job failed.
            JobTimeoutError: still running at the deadline.
        """
        timeout = check_timeout(timeout)
        # unasync: sync-only self.wait(timeout)
        pager = self._pager(**kwargs)
        fetch = pager._fetch  # unasync: async-only

        async def fetch_when_done(extra: dict[str, Any]) -> JobPageT:  # unasync: async-only
            await self.wait(timeout)  # unasync: async-only
            return await fetch(extra)  # unasync: async-only

        pager._fetch = fetch_when_done  # unasync: async-only
        return pager

    async def wait_for_notification(
        self,
        queue_url: str,
        timeout: float | None = None,
        *,
        wait_time_seconds: int = 20,
        foreign_visibility_timeout: int = 5,
    ) -> AsyncVideoJob[JobPageT, ItemT]:
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
        async with self._sqs_session(queue_url) as sqs:
            while True:
                wait = self._long_poll_seconds(wait_time_seconds, deadline)
                response = await sqs.receive_message(
                    QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=wait
                )
                mine = await self._sort_messages(
                    sqs, queue_url, response.get("Messages", []), foreign_visibility_timeout
                )
                if mine is not None:
                    return await self._finish(mine)
                if deadline is not None and (wait == 0 or self._clock() >= deadline):
                    break
        status = await self.status()
        if status == SUCCEEDED:
            return self
        if status == FAILED:
            raise self._failed()
        raise JobTimeoutError(self.job_id, status, self._clock() - started)

    def _sqs_session(self, queue_url: str) -> AbstractAsyncContextManager[Any]:
        """The SQS client of the queue's region, as a context manager (an aiobotocore client
        is one; a boto3 client, which needs no closing, is wrapped)."""
        client = (self._sqs_client_factory or _default_sqs)(self._queue_region(queue_url))
        # unasync: sync-only import contextlib
        # unasync: sync-only return contextlib.nullcontext(client)
        return client  # type: ignore[no-any-return]  # unasync: async-only

    async def _sort_messages(
        self, sqs: Any, queue_url: str, messages: list[dict[str, Any]], foreign_visibility: int
    ) -> JobNotification | None:
        """Delete this job's messages, hand the others back; return this job's notification."""
        mine, handles, others = self._split_messages(messages)
        for handle in handles:
            await sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
        for message in others:
            try:
                await sqs.change_message_visibility(
                    QueueUrl=queue_url,
                    ReceiptHandle=message["ReceiptHandle"],
                    VisibilityTimeout=foreign_visibility,
                )
            except Exception:  # best effort: it becomes visible anyway after its timeout
                logger.debug("could not release message %s", message.get("MessageId"))
        return mine

    async def _finish(self, note: JobNotification) -> AsyncVideoJob[JobPageT, ItemT]:
        if self._after_notification(note):
            return self
        # FAILED or ERROR: the message carries no reason; the Get* response does.
        if await self.status() == SUCCEEDED:
            return self
        raise self._failed_from_notification(note)
