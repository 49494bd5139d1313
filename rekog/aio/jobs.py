"""Async handles on Rekognition Video jobs: ``await job.wait()``, ``async for x in job.results()``.

:class:`AsyncVideoJob` is :class:`rekog.VideoJob` for an event loop, with the same poll
policy, deadline rules and SNS→SQS completion (over an aiobotocore SQS client); the status
bookkeeping (``rekog.jobs``) and the poll step (``rekog.waiting.Deadline``) are shared.
Sleeping is ``asyncio.sleep``: cancelling :meth:`AsyncVideoJob.wait` stops it at once, and it never
starts a task of its own.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from .._exceptions import InvalidRequestError, JobTimeoutError
from ..jobs import (
    FAILED,
    SUCCEEDED,
    JobKind,
    JobNotification,
    JobPageT,
    PollPolicy,
    _VideoJobCore,
    check_notification_arguments,
    check_timeout,
)
from ..models import VideoJobStatus
from ..paging import ItemT
from ..waiting import Deadline
from .paging import AsyncPager

__all__ = ["AsyncVideoJob"]

logger: logging.Logger = logging.getLogger("rekog")

_DEFAULT_POLL = PollPolicy()

SqsFactory = Callable[[str | None], AbstractAsyncContextManager[Any]]


def _default_sqs(region: str | None) -> AbstractAsyncContextManager[Any]:
    from aiobotocore.session import get_session

    return get_session().create_client("sqs", region_name=region)


class AsyncVideoJob(_VideoJobCore[JobPageT, ItemT]):
    """A handle on one Rekognition Video job, for asyncio code.

    Build it through the client (``await rk.jobs.start_face_search(...)`` or, to attach to
    an existing job, ``rk.jobs.face_search(job_id)``)::

        job = await rk.jobs.start_face_search(video="s3://bucket/v.mp4", collection_id="c")
        await job.wait(timeout=600)          # or: await job.wait_for_notification(queue_url)
        async for person in job.results():   # every item, across pages
            ...

    :meth:`results` returns an :class:`~rekog.aio.AsyncPager` at once (no ``await``): it
    waits for the job when iteration starts, so ``async for x in job.results()`` reads like
    the sync ``for x in job.results()``.

    Args:
        job_id, kind, poll, clock: as for :class:`rekog.VideoJob`.
        get: awaits the ``Get*`` call for this job with the extra wire parameters given.
        pager: builds the results :class:`~rekog.aio.AsyncPager` from :meth:`results`'
            keyword arguments.
        sqs_client_factory: an async context manager of an SQS client for the queue's region
            (default: an aiobotocore client from a new session).
        sleep: awaits that many seconds (default ``asyncio.sleep``; tests pass a fake, which
            may be a plain function).
    """

    _get: Callable[[dict[str, Any]], Awaitable[JobPageT]]
    _pager: Callable[..., AsyncPager[JobPageT, ItemT]]

    def __init__(
        self,
        job_id: str,
        *,
        kind: JobKind,
        get: Callable[[dict[str, Any]], Awaitable[JobPageT]],
        pager: Callable[..., AsyncPager[JobPageT, ItemT]],
        sqs_client_factory: SqsFactory | None = None,
        poll: PollPolicy = _DEFAULT_POLL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        super().__init__(
            job_id,
            kind=kind,
            get=get,
            pager=pager,
            sqs_client_factory=sqs_client_factory,
            poll=poll,
            clock=clock,
            sleep=sleep,
        )

    async def _pause(self, seconds: float) -> None:
        result = self._sleep(seconds)
        if inspect.isawaitable(result):
            await result

    # -- status --------------------------------------------------------------------------

    async def status(self) -> VideoJobStatus:
        """The job status (one cheap ``Get*`` call until it has finished; see
        :meth:`rekog.VideoJob.status`)."""
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
        """Poll until the job finishes; return the job (rules of :meth:`rekog.VideoJob.wait`).

        Cancelling the awaiting task stops the wait at once (mid-sleep or mid-request).

        Raises:
            JobFailedError: the job ended ``FAILED``.
            JobTimeoutError: still running at the deadline.
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
        """The job's results as an :class:`~rekog.aio.AsyncPager`, returned at once.

        Iterating it first waits for the job (:meth:`wait` with ``timeout``; no call when it
        is known to have succeeded), so ``async for x in job.results()`` never reads the
        empty pages of an unfinished job. Keyword arguments go to the pager (``page_size``,
        ``max_items``, ``starting_token``, ``sort_by``, ...) and are validated now.

        Raises (while iterating):
            JobFailedError: the job failed.
            JobTimeoutError: still running at the deadline.
        """
        timeout = check_timeout(timeout)
        pager = self._pager(**kwargs)
        fetch = pager._fetch

        async def fetch_when_done(extra: dict[str, Any]) -> JobPageT:
            await self.wait(timeout)  # returns at once once the job is known to have succeeded
            return await fetch(extra)

        pager._fetch = fetch_when_done
        return pager

    async def wait_for_notification(
        self,
        queue_url: str,
        timeout: float | None = None,
        *,
        wait_time_seconds: int = 20,
        foreign_visibility_timeout: int = 5,
    ) -> AsyncVideoJob[JobPageT, ItemT]:
        """Wait for the job's completion message on an SQS queue subscribed to the job's SNS
        topic (an aiobotocore SQS client, long polls). Same rules as
        :meth:`rekog.VideoJob.wait_for_notification`.

        Raises:
            JobFailedError: the job ended ``FAILED`` or ``ERROR``.
            JobTimeoutError: no completion by the deadline.
        """
        timeout = check_notification_arguments(
            queue_url, timeout, wait_time_seconds, foreign_visibility_timeout
        )
        if self._known_outcome():
            return self
        started = self._clock()
        deadline = None if timeout is None else started + timeout
        factory = self._sqs_client_factory or _default_sqs
        async with factory(self._queue_region(queue_url)) as sqs:
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

    async def _sort_messages(
        self, sqs: Any, queue_url: str, messages: list[dict[str, Any]], foreign_visibility: int
    ) -> JobNotification | None:
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
        if await self.status() == SUCCEEDED:
            return self
        raise self._failed_from_notification(note)
