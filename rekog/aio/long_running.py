"""Handles on Rekognition's long-running operations other than video jobs:
``await handle.wait()``, ``async for result in job.results()``.

The async handles are the one source: ``tools/unasync.py`` writes the sync flavour
(``rekog/jobs/long_running.py``, the public home of the sync handles) from this module.
What each status means, the remembered final status, the errors and the parsing of
descriptions and result lines are I/O-free and shared (:mod:`rekog.jobs.lifecycles`); what differs is only how a flavour calls the service, reads
S3 and sleeps. A handle:

* asks the service once with :meth:`AsyncOperationHandle.status` /
  :meth:`~AsyncOperationHandle.done` (one ``Describe*``/``Get*`` call, retried by the
  client's retry policy);
* polls with :meth:`AsyncOperationHandle.wait` under a :class:`~rekog.PollPolicy` until the
  work has finished, never sleeping past its deadline, and returns the final description --
  or raises :class:`~rekog.errors.OperationFailedError` with the service's status
  message, or :class:`~rekog.errors.OperationTimeoutError` at the deadline;
* is rebuilt from its identifier alone, in any process (``rk.jobs.dataset(arn)``).

A handle created by the operation that starts the work waits for that operation's goal
(``StartProjectVersion``: ``RUNNING`` or ``FAILED``), so a status from before the call
(``STOPPED``) reads as "not there yet"; a handle built from an identifier adopts the goal of
the status it first sees. A deletion has no status to end in: waiting on one ends with
``ResourceNotFoundException`` once the resource is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import time  # unasync: async-only
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import InvalidRequestError, RekognitionError
from ..jobs.entry_points import ENTRY_POINTS
from ..jobs.lifecycles import (
    NO_S3,
    RUNNING,
    DatasetCore,
    MediaAnalysisCore,
    MediaAnalysisResult,
    OperationCore,
    ProjectVersionCore,
    StreamProcessorCore,
    check_async_s3,  # unasync: async-only
    check_poll,
    dataset_description,
    distribution_arns,
    distribution_timed_out,
    found_project,
    found_version,
    get_object_arguments,
    parse_project_version_arn,
    parse_result_line,
    s3_address,
)
from ..jobs.polling import Deadline, PollPolicy, check_timeout

# unasync: sync-only from .lifecycles import LIFECYCLES, Goal, Lifecycle

if TYPE_CHECKING:
    from .._generated.aio_client_ops import AsyncOperationMethods  # unasync: async-only

    # unasync: sync-only from .._generated.client_ops import OperationMethods
    from ..models import (
        DatasetDescription,
        DescribeStreamProcessorResponse,
        GetMediaAnalysisJobResponse,
        ProjectVersionDescription,
        S3Object,
    )

# By kind, the order of this module (the sync one is also the public home of the
# lifecycle table's names).
__all__ = [
    # unasync: sync-only "LIFECYCLES",
    # unasync: sync-only "Goal",
    # unasync: sync-only "Lifecycle",
    # unasync: sync-only "MediaAnalysisResult",
    "AsyncOperationHandle",
    "AsyncProjectVersionHandle",
    "AsyncDatasetHandle",
    "AsyncDatasetDistribution",
    "AsyncMediaAnalysisJob",
    "AsyncStreamProcessorHandle",
]

DescT = TypeVar("DescT")


class AsyncOperationHandle(OperationCore[DescT]):
    """A handle on one long-running operation's work, known by an identifier.

    Subclasses name their :data:`~rekog.jobs.lifecycles.LIFECYCLES` entry (and, where it
    differs, how the description words its status message).

    Args:
        identifier: the ARN, job id or name.
        describe: fetches the current description (one service call, retried by the
            client's policy).
        goal: the goal to wait for (a name in the lifecycle's ``goals``); ``None`` adopts
            the goal of the first transitional status seen.
        poll: the default :class:`~rekog.PollPolicy` of :meth:`wait`.
        clock: monotonic seconds (tests pass a fake).
        sleep: sleeps that many seconds (tests pass a fake; the async handle also takes a
            plain function).
    """

    _describe: Callable[[], Awaitable[DescT]]

    async def _pause(self, seconds: float) -> None:
        if self._sleep is None:
            await asyncio.sleep(seconds)
            return
        # unasync: sync-only self._sleep(seconds)
        slept = self._sleep(seconds)  # unasync: async-only
        if inspect.isawaitable(slept):  # unasync: async-only
            await slept  # unasync: async-only

    async def describe(self) -> DescT:
        """Fetch the current description (always one call)."""
        self._last = await self._describe()
        return self._last

    async def status(self) -> str:
        """The current status; once the work has ended, that final status (no more calls).

        A status this SDK does not know is returned as is and treated as still moving.
        """
        if self._final is not None:
            return self._final
        return self._settle(await self.describe())

    async def done(self) -> bool:
        """Whether the work has ended, successfully or not."""
        return self._verdict(await self.status()) != RUNNING

    async def _step(self) -> str | None:
        """One poll: ``None`` once succeeded, the status while moving; raises on failure."""
        return self._judge(await self.status())

    async def wait(self, timeout: float | None = None, *, poll: PollPolicy | None = None) -> DescT:
        """Poll until the work ends; return the final description.

        Polls at once, then after growing delays (``poll``, default the handle's policy).
        It never sleeps past the deadline and polls one last time at it; a poll itself may
        overrun the deadline by the duration of one call (with its retries). Cancelling an
        async wait stops it at once.

        Raises:
            OperationFailedError: the work ended in failure (with the service's message).
            OperationTimeoutError: still going at the deadline (attach again later with
                :meth:`continuation_token`).
        """
        deadline = Deadline(check_timeout(timeout), self._clock, self._timed_out, self._what)
        delays = (check_poll(poll) or self._poll).delays()
        while True:
            status = await self._step()
            if status is None:
                return self._final_description()
            await self._pause(deadline.next_sleep(delays, status))


# -- reading result files from S3 ----------------------------------------------------------


async def read_lines(s3: Any, location: S3Object) -> AsyncIterator[bytes]:
    """Stream the lines of an S3 object.

    ``s3`` is an S3 client (aiobotocore for the async handles, boto3 for the sync ones; the
    body is streamed, never read whole) or any object with ``read(bucket, key, version)``
    returning bytes (e.g. ``rekog.local``'s object store).
    """
    check_async_s3(s3)  # unasync: async-only
    bucket, key, version = s3_address(location)
    if not hasattr(s3, "get_object"):
        data = s3.read(bucket, key, version)
        if inspect.isawaitable(data):  # unasync: async-only
            data = await data  # unasync: async-only
        for line in data.splitlines():
            yield line
        return
    body = (await s3.get_object(**get_object_arguments(bucket, key, version)))["Body"]
    try:
        async for line in body.iter_lines():
            yield line
    finally:
        body.close()


async def read_json(s3: Any, location: S3Object) -> Any:
    """Read a (small) JSON document from S3; ``s3`` as for :func:`read_lines`."""
    return json.loads(b"\n".join([line async for line in read_lines(s3, location)]))


# -- Custom Labels model versions -----------------------------------------------------------


class AsyncProjectVersionHandle(
    ProjectVersionCore, AsyncOperationHandle["ProjectVersionDescription"]
):
    """A Custom Labels model version: training, copying, or hosting start/stop.

    ``await wait()`` returns the final :class:`~rekog.models.ProjectVersionDescription`; the
    evaluation result and the manifest summary are at hand on the handle.
    """

    async def evaluation_summary(self, s3: Any) -> Any:
        """Read the evaluation summary JSON file (``s3``: an S3 client or a reader)."""
        return await read_json(s3, self._evaluation_location())


def project_version_handle(
    client: AsyncOperationMethods,
    arn: str,
    *,
    project_arn: str | None = None,
    goal: str | None = None,
    poll: PollPolicy | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Any] | None = None,
) -> AsyncProjectVersionHandle:
    """A handle on model version ``arn`` through ``client``.

    The version is described with ``DescribeProjectVersions``, which needs the project ARN:
    without ``project_arn`` it is looked up once by project name (``DescribeProjects``).
    """
    project_name, version_name = parse_project_version_arn(arn)
    project: list[str] = [project_arn] if project_arn else []

    async def describe() -> ProjectVersionDescription:
        if not project:
            found = await client.describe_projects(project_names=[project_name])
            project.append(found_project(found.project_descriptions, project_name))
        response = await client.describe_project_versions(
            project_arn=project[0], version_names=[version_name]
        )
        return found_version(response, arn)

    return AsyncProjectVersionHandle(
        arn, describe=describe, goal=goal, poll=poll, clock=clock, sleep=sleep
    )


# -- datasets --------------------------------------------------------------------------------


class AsyncDatasetHandle(DatasetCore, AsyncOperationHandle["DatasetDescription"]):
    """A Custom Labels dataset being created or updated.

    ``await wait()`` returns the final :class:`~rekog.models.DatasetDescription` (with its
    ``dataset_stats``); a failure carries ``StatusMessage`` and ``StatusMessageCode``.
    """


def dataset_handle(
    client: AsyncOperationMethods,
    arn: str,
    *,
    goal: str | None = None,
    poll: PollPolicy | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Any] | None = None,
) -> AsyncDatasetHandle:
    """A handle on dataset ``arn`` through ``client`` (``DescribeDataset``)."""

    async def describe() -> DatasetDescription:
        response = await client.describe_dataset(dataset_arn=arn)
        return dataset_description(response.dataset_description)

    return AsyncDatasetHandle(
        arn, describe=describe, goal=goal, poll=poll, clock=clock, sleep=sleep
    )


class AsyncDatasetDistribution:
    """``DistributeDatasetEntries`` at work: both datasets go ``UPDATE_IN_PROGRESS`` →
    ``UPDATE_COMPLETE`` (or ``UPDATE_FAILED``).

    Args:
        train: the handle on the training dataset (goal ``"update"``).
        test: the handle on the test dataset (goal ``"update"``).
    """

    def __init__(self, train: AsyncDatasetHandle, test: AsyncDatasetHandle) -> None:
        self.train = train
        self.test = test

    async def done(self) -> bool:
        """Whether both datasets have finished."""
        return await self.train.done() and await self.test.done()

    async def wait(
        self, timeout: float | None = None, *, poll: PollPolicy | None = None
    ) -> tuple[DatasetDescription, DatasetDescription]:
        """Poll both datasets until both finish; return their final descriptions.

        Raises:
            OperationFailedError: either dataset ended ``UPDATE_FAILED``.
            OperationTimeoutError: still going at the deadline.
        """
        train, test = self.train, self.test
        timed_out = distribution_timed_out(train.arn, test.arn)
        deadline = Deadline(
            check_timeout(timeout), train._clock, timed_out, f"distribution of {train.arn}"
        )
        delays = (check_poll(poll) or train._poll).delays()
        while True:
            moving = [status for status in (await train._step(), await test._step()) if status]
            if not moving:
                return train._final_description(), test._final_description()
            await train._pause(deadline.next_sleep(delays, moving[0]))


# -- media analysis jobs ---------------------------------------------------------------------


class AsyncMediaAnalysisJob(MediaAnalysisCore, AsyncOperationHandle["GetMediaAnalysisJobResponse"]):
    """A media analysis (bulk) job: ``IN_PROGRESS`` → ``SUCCEEDED`` / ``FAILED``.

    ``await wait()`` returns the final :class:`~rekog.models.GetMediaAnalysisJobResponse`; a
    failure carries ``FailureDetails`` (code and message). :meth:`results` streams the
    per-image results from the results file.

    Args:
        s3_client_factory: creates the S3 client that reads the job's files when no ``s3=``
            is given (for the async handle, an async context manager such as aiobotocore's
            ``create_client``); the other arguments are those of
            :class:`AsyncOperationHandle`.
    """

    def _s3_session(self, s3: Any) -> AbstractAsyncContextManager[Any]:
        """The S3 reader as a context manager: a given one as is, or a new client."""
        if s3 is not None:
            return contextlib.nullcontext(s3)
        if self._s3_client_factory is None:
            raise RekognitionError(NO_S3)
        # unasync: sync-only return contextlib.nullcontext(self._s3_client_factory())
        return self._s3_client_factory()  # type: ignore[no-any-return]  # unasync: async-only

    async def results(
        self, timeout: float | None = None, *, s3: Any = None
    ) -> AsyncIterator[MediaAnalysisResult]:
        """The per-image results, streamed line by line from the results file.

        Waits for the job first (:meth:`wait` with ``timeout``). ``s3`` reads the file: an
        S3 client (default: one from the client's session; aiobotocore for the async
        handle) or any object with ``read(bucket, key, version)``.

        Raises:
            OperationFailedError: the job failed.
            OperationTimeoutError: still running at the deadline.
        """
        check_async_s3(s3)  # unasync: async-only
        await self.wait(timeout)
        location = self._results_file()
        async with self._s3_session(s3) as reader:
            async for line in read_lines(reader, location):
                result = parse_result_line(line)
                if result is not None:
                    yield result

    async def manifest_summary(self, *, s3: Any = None) -> Any:
        """The manifest summary JSON (statistics and per-line errors) of a finished job."""
        location = self._summary_file()
        async with self._s3_session(s3) as reader:
            return await read_json(reader, location)


def media_analysis_job_handle(
    client: AsyncOperationMethods,
    job_id: str,
    *,
    s3_client_factory: Callable[[], Any] | None = None,
    poll: PollPolicy | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Any] | None = None,
) -> AsyncMediaAnalysisJob:
    """A handle on media analysis job ``job_id`` through ``client`` (``GetMediaAnalysisJob``);
    its files are read with ``s3_client_factory`` (default: S3 from the client's session)."""

    async def describe() -> GetMediaAnalysisJobResponse:
        return await client.get_media_analysis_job(job_id=job_id)

    return AsyncMediaAnalysisJob(
        job_id,
        describe=describe,
        s3_client_factory=s3_client_factory or client._s3_client,
        goal="job",
        poll=poll,
        clock=clock,
        sleep=sleep,
    )


# -- stream processors -----------------------------------------------------------------------


class AsyncStreamProcessorHandle(
    StreamProcessorCore, AsyncOperationHandle["DescribeStreamProcessorResponse"]
):
    """A stream processor starting or stopping (``RUNNING`` / ``STOPPED`` / ``FAILED``).

    ``await wait()`` returns the final :class:`~rekog.models.DescribeStreamProcessorResponse`.
    """


def stream_processor_handle(
    client: AsyncOperationMethods,
    name: str,
    *,
    goal: str | None = None,
    poll: PollPolicy | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Any] | None = None,
) -> AsyncStreamProcessorHandle:
    """A handle on stream processor ``name`` through ``client`` (``DescribeStreamProcessor``)."""

    async def describe() -> DescribeStreamProcessorResponse:
        return await client.describe_stream_processor(name=name)

    return AsyncStreamProcessorHandle(
        name, describe=describe, goal=goal, poll=poll, clock=clock, sleep=sleep
    )


# -- the rk.jobs entry points ----------------------------------------------------------------


def attach(
    client: AsyncOperationMethods,
    kind: str,
    identifier: str,
    *,
    goal: str | None = None,
    poll: PollPolicy | None = None,
    project_arn: str | None = None,
) -> AsyncOperationHandle[Any]:
    """A handle on existing work of ``kind`` (a :data:`~rekog.jobs.lifecycles.LIFECYCLES`
    key) by its identifier: what the ``rk.jobs`` attach methods return."""
    if kind == "project_version":
        return project_version_handle(
            client, identifier, project_arn=project_arn, goal=goal, poll=poll
        )
    if kind == "dataset":
        return dataset_handle(client, identifier, goal=goal, poll=poll)
    if kind == "media_analysis_job":
        return media_analysis_job_handle(client, identifier, poll=poll)
    return stream_processor_handle(client, identifier, goal=goal, poll=poll)


async def start_work(
    client: AsyncOperationMethods,
    method: str,
    arguments: dict[str, Any],
    *,
    poll: PollPolicy | None = None,
    project_arn: str | None = None,
) -> AsyncOperationHandle[Any] | AsyncDatasetDistribution:
    """Run the ``rk.jobs`` entry point ``method`` (an :data:`~rekog.jobs.entry_points.ENTRY_POINTS`
    row): call its operation with ``arguments``, return the handle on the work it started.

    An identifier the request carries is checked, and its handle built, before anything is
    sent; one the response carries is read from it.
    """
    entry = ENTRY_POINTS[method]
    check_poll(poll)
    call = getattr(client, method)
    if entry.pair:
        arns = distribution_arns(arguments[entry.identifier])
        train, test = (dataset_handle(client, arn, goal=entry.goal, poll=poll) for arn in arns)
        await call(**arguments)
        return AsyncDatasetDistribution(train, test)
    if entry.project is not None:
        project_arn = arguments[entry.project]
    if entry.in_response:
        response = await call(**arguments)
        started = getattr(response, entry.identifier)
        if not started:  # pragma: no cover (the service always sets it)
            raise RekognitionError(f"{entry.operation} returned no {entry.identifier}")
        return attach(
            client, entry.kind, started, goal=entry.goal, poll=poll, project_arn=project_arn
        )
    identifier = arguments[entry.identifier]
    if not isinstance(identifier, str) or not identifier:
        raise InvalidRequestError(
            entry.identifier, "must be a non-empty str", identifier, operation=entry.operation
        )
    handle = attach(
        client, entry.kind, identifier, goal=entry.goal, poll=poll, project_arn=project_arn
    )
    response = await call(**arguments)
    for member in entry.keep:
        setattr(handle, member, getattr(response, member))
    return handle


# unasync: sync-only # Their public home, for reprs, tracebacks and documentation.
# unasync: sync-only for _public in (Goal, Lifecycle, MediaAnalysisResult):
# unasync: sync-only     _public.__module__ = __name__
# unasync: sync-only del _public
