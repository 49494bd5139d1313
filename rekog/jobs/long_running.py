"""Handles on Rekognition's long-running operations other than video jobs.

Custom Labels model versions (training, copying, hosting), datasets (create, update,
distribute), media analysis jobs and stream processors all answer at once and finish
later. A handle wraps one such piece of work, known by its identifier (ARN, job id or
name), in the style of :class:`~rekog.VideoJob`:

* :meth:`OperationHandle.status` / :meth:`~OperationHandle.done` ask the service once
  (one ``Describe*``/``Get*`` call, retried by the client's retry policy);
* :meth:`OperationHandle.wait` polls with a :class:`~rekog.PollPolicy` until the work has
  finished, never sleeping past its deadline, and returns the final description -- or
  raises :class:`~rekog.errors.OperationFailedError` with the service's status message,
  or :class:`~rekog.errors.OperationTimeoutError` at the deadline;
* a handle is rebuilt from its identifier alone, in any process (``rk.jobs.dataset(arn)``).

What each status means is one table, :data:`LIFECYCLES`: for every resource, which statuses
are still moving, what each is moving towards (its :class:`Goal`), and which settled
statuses are failures. A handle created by the operation that starts the work waits for
that operation's goal (``StartProjectVersion``: ``RUNNING`` or ``FAILED``), so a status
from before the call (``STOPPED``) reads as "not there yet"; a handle built from an
identifier adopts the goal of the status it first sees. A deletion has no status to end
in: waiting on one ends with ``ResourceNotFoundException`` once the resource is gone.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from .. import models
from ..errors import (
    InvalidRequestError,
    OperationFailedError,
    OperationTimeoutError,
    RekognitionError,
    ResourceNotFoundException,
)
from .polling import PollPolicy, check_timeout, poll_until_done

if TYPE_CHECKING:
    from .._client import Rekognition

    # Models load on first use: the handles' module is imported with every client.
    from ..models import (
        DatasetDescription,
        DescribeStreamProcessorResponse,
        DetectModerationLabelsResponse,
        EvaluationResult,
        GetMediaAnalysisJobResponse,
        GroundTruthManifest,
        ProjectVersionDescription,
        S3Object,
    )

__all__ = [
    "LIFECYCLES",
    "DatasetDistribution",
    "DatasetHandle",
    "Goal",
    "Lifecycle",
    "MediaAnalysisJob",
    "MediaAnalysisResult",
    "OperationHandle",
    "ProjectVersionHandle",
    "StreamProcessorHandle",
]

DescT = TypeVar("DescT")

_RUNNING, _SUCCEEDED, _FAILED = "running", "succeeded", "failed"


@dataclass(frozen=True)
class Goal:
    """What one operation's work ends in: the statuses of success and of failure."""

    name: str
    succeeded: frozenset[str]
    failed: frozenset[str]


@dataclass(frozen=True)
class Lifecycle:
    """The statuses of one kind of resource.

    Attributes:
        resource: its name in messages (``"project version"``).
        describe_operation: the operation a poll calls.
        goals: every :class:`Goal`, by name (``"training"``, ``"start"``, ...).
        moving: each transitional status and the name of the goal it moves towards.
        failed: settled statuses that mean the last operation failed.
    """

    resource: str
    describe_operation: str
    goals: Mapping[str, Goal]
    moving: Mapping[str, str]
    failed: frozenset[str]


def _goal(name: str, succeeded: set[str], failed: set[str]) -> tuple[str, Goal]:
    return name, Goal(name, frozenset(succeeded), frozenset(failed))


#: Every long-running resource's statuses, by resource kind.
LIFECYCLES: dict[str, Lifecycle] = {
    "project_version": Lifecycle(
        "project version",
        "DescribeProjectVersions",
        dict(
            [
                _goal("training", {"TRAINING_COMPLETED"}, {"TRAINING_FAILED"}),
                _goal("copying", {"COPYING_COMPLETED"}, {"COPYING_FAILED"}),
                _goal("start", {"RUNNING"}, {"FAILED"}),
                _goal("stop", {"STOPPED"}, {"FAILED"}),
                _goal("delete", set(), set()),
            ]
        ),
        {
            "TRAINING_IN_PROGRESS": "training",
            "COPYING_IN_PROGRESS": "copying",
            "STARTING": "start",
            "STOPPING": "stop",
            "DELETING": "delete",
        },
        frozenset({"TRAINING_FAILED", "COPYING_FAILED", "FAILED"}),
    ),
    "dataset": Lifecycle(
        "dataset",
        "DescribeDataset",
        dict(
            [
                _goal("create", {"CREATE_COMPLETE"}, {"CREATE_FAILED"}),
                _goal("update", {"UPDATE_COMPLETE"}, {"UPDATE_FAILED"}),
                _goal("delete", set(), set()),
            ]
        ),
        {
            "CREATE_IN_PROGRESS": "create",
            "UPDATE_IN_PROGRESS": "update",
            "DELETE_IN_PROGRESS": "delete",
        },
        frozenset({"CREATE_FAILED", "UPDATE_FAILED"}),
    ),
    "media_analysis_job": Lifecycle(
        "media analysis job",
        "GetMediaAnalysisJob",
        dict([_goal("job", {"SUCCEEDED"}, {"FAILED"})]),
        {"CREATED": "job", "QUEUED": "job", "IN_PROGRESS": "job"},
        frozenset({"FAILED"}),
    ),
    "stream_processor": Lifecycle(
        "stream processor",
        "DescribeStreamProcessor",
        dict(
            [
                _goal("start", {"RUNNING"}, {"FAILED"}),
                _goal("stop", {"STOPPED"}, {"FAILED"}),
                _goal("update", {"RUNNING", "STOPPED"}, {"FAILED"}),
            ]
        ),
        {"STARTING": "start", "STOPPING": "stop", "UPDATING": "update"},
        frozenset({"FAILED"}),
    ),
}


class OperationHandle(Generic[DescT]):
    """A handle on one long-running operation's work, known by an identifier.

    Subclasses name their :data:`LIFECYCLES` entry and say where status and message sit
    in the description.

    Args:
        identifier: the ARN, job id or name.
        describe: fetches the current description (one service call, retried by the
            client's policy).
        goal: the goal to wait for (a name in the lifecycle's ``goals``); ``None`` adopts
            the goal of the first transitional status seen.
        poll: the default :class:`~rekog.PollPolicy` of :meth:`wait`.
        clock: monotonic seconds (tests pass a fake).
        sleep: sleeps that many seconds (tests pass a fake).
    """

    kind: ClassVar[str]

    def __init__(
        self,
        identifier: str,
        *,
        describe: Callable[[], DescT],
        goal: str | None = None,
        poll: PollPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not identifier:
            raise InvalidRequestError("identifier", "must not be empty", identifier)
        self.identifier = identifier
        self.lifecycle: Lifecycle = LIFECYCLES[self.kind]
        if goal is not None and goal not in self.lifecycle.goals:
            raise InvalidRequestError(
                "goal", f"must be one of {sorted(self.lifecycle.goals)}", goal
            )
        self._goal = None if goal is None else self.lifecycle.goals[goal]
        self._describe = describe
        self._poll = poll or PollPolicy()
        self._clock = clock
        self._sleep = sleep
        self._last: DescT | None = None
        self._final: str | None = None  # the status that ended the goal, once seen

    # -- what subclasses say -------------------------------------------------------------

    def _status_of(self, description: DescT) -> str | None:
        raise NotImplementedError

    def _message_of(self, description: DescT) -> str | None:
        raise NotImplementedError

    # -- status --------------------------------------------------------------------------

    @property
    def goal(self) -> Goal | None:
        """What :meth:`wait` waits for (``None`` until a transitional status was seen)."""
        return self._goal

    @property
    def last_description(self) -> DescT | None:
        """The description fetched by the latest poll, if any."""
        return self._last

    def describe(self) -> DescT:
        """Fetch the current description (always one call)."""
        self._last = self._describe()
        return self._last

    def status(self) -> str:
        """The current status; once the work has ended, that final status (no more calls).

        A status this SDK does not know is returned as is and treated as still moving.
        """
        if self._final is not None:
            return self._final
        status = self._status_of(self.describe()) or "UNKNOWN"
        if self._verdict(status) != _RUNNING:
            self._final = status
        return status

    def done(self) -> bool:
        """Whether the work has ended, successfully or not."""
        return self._verdict(self.status()) != _RUNNING

    @property
    def status_message(self) -> str | None:
        """The service's status message from the latest poll (set on failure)."""
        return None if self._last is None else self._message_of(self._last)

    def _verdict(self, status: str) -> str:
        goal = self._goal
        if goal is None:
            moving = self.lifecycle.moving.get(status)
            if moving is not None:
                self._goal = self.lifecycle.goals[moving]
                return _RUNNING
            if status in self.lifecycle.failed:
                return _FAILED
            return _SUCCEEDED if status != "UNKNOWN" else _RUNNING
        if status in goal.succeeded:
            return _SUCCEEDED
        if status in goal.failed:
            return _FAILED
        return _RUNNING

    # -- waiting -------------------------------------------------------------------------

    def _step(self) -> str | None:
        """One poll for :func:`~rekog.jobs.polling.poll_until_done`."""
        status = self.status()
        verdict = self._verdict(status)
        if verdict == _FAILED:
            raise self._failed(status)
        return None if verdict == _SUCCEEDED else status

    def _failed(self, status: str) -> OperationFailedError:
        return OperationFailedError(
            self.lifecycle.resource,
            self.identifier,
            status,
            self.status_message,
            self.lifecycle.describe_operation,
        )

    def _timed_out(self, status: str, waited: float) -> OperationTimeoutError:
        return OperationTimeoutError(self.lifecycle.resource, self.identifier, status, waited)

    def wait(self, timeout: float | None = None, *, poll: PollPolicy | None = None) -> DescT:
        """Poll until the work ends; return the final description.

        Polls at once, then after growing delays (``poll``, default the handle's policy).
        It never sleeps past the deadline and polls one last time at it; a poll itself may
        overrun the deadline by the duration of one call (with its retries).

        Raises:
            OperationFailedError: the work ended in failure (with the service's message).
            OperationTimeoutError: still going at the deadline (attach again later with
                :meth:`continuation_token`).
        """
        check_timeout(timeout)
        poll_until_done(
            self._step,
            delays=(poll or self._poll).delays(),
            timeout=timeout,
            clock=self._clock,
            sleep=self._sleep,
            timed_out=self._timed_out,
            what=f"{self.lifecycle.resource} {self.identifier}",
        )
        if self._last is None:  # pragma: no cover (a finished status came from a poll)
            self.describe()
        assert self._last is not None
        return self._last

    # -- resuming ------------------------------------------------------------------------

    def continuation_token(self) -> str:
        """What to save to attach to this work again anywhere: its identifier."""
        return self.identifier

    def __repr__(self) -> str:
        status = self._final or (None if self._last is None else self._status_of(self._last))
        goal = None if self._goal is None else self._goal.name
        return f"{type(self).__name__}({self.identifier!r}, goal={goal!r}, status={status!r})"


# -- reading result files from S3 ----------------------------------------------------------


def read_lines(s3: Any, location: S3Object) -> Iterator[bytes]:
    """Stream the lines of an S3 object.

    ``s3`` is a boto3 S3 client (the body is streamed, never read whole) or any object
    with ``read(bucket, key, version)`` returning bytes (e.g. ``rekog.local``'s object store).
    """
    if location.bucket is None or location.name is None:
        raise RekognitionError("the service gave no location for the file")
    if hasattr(s3, "get_object"):
        kwargs: dict[str, Any] = {"Bucket": location.bucket, "Key": location.name}
        if location.version:
            kwargs["VersionId"] = location.version
        body = s3.get_object(**kwargs)["Body"]
        try:
            yield from body.iter_lines()
        finally:
            body.close()
    else:
        yield from s3.read(location.bucket, location.name, location.version).splitlines()


def read_json(s3: Any, location: S3Object) -> Any:
    """Read a (small) JSON document from S3; ``s3`` as for :func:`read_lines`."""
    return json.loads(b"\n".join(read_lines(s3, location)))


# -- Custom Labels model versions -----------------------------------------------------------

_VERSION_ARN = re.compile(
    r"^(?P<head>arn:[a-z\d-]+:rekognition:[a-z\d-]+:\d{12}:project/(?P<project>[a-zA-Z0-9_.\-]{1,255}))"
    r"/version/(?P<version>[a-zA-Z0-9_.\-]{1,255})/[0-9]+$"
)


def parse_project_version_arn(arn: str) -> tuple[str, str]:
    """``(project name, version name)`` of a model version ARN.

    Raises:
        InvalidRequestError: not a project version ARN.
    """
    match = _VERSION_ARN.match(arn or "")
    if match is None:
        raise InvalidRequestError(
            "project_version_arn",
            "must be a project version ARN (arn:aws:rekognition:REGION:ACCOUNT:"
            "project/NAME/version/VERSION/NUMBER)",
            arn,
        )
    return match.group("project"), match.group("version")


class ProjectVersionHandle(OperationHandle["ProjectVersionDescription"]):
    """A Custom Labels model version: training, copying, or hosting start/stop.

    ``wait()`` returns the final :class:`~rekog.models.ProjectVersionDescription`; the
    evaluation result and the manifest summary are at hand on the handle.
    """

    kind = "project_version"

    def _status_of(self, description: ProjectVersionDescription) -> str | None:
        return None if description.status is None else str(description.status)

    def _message_of(self, description: ProjectVersionDescription) -> str | None:
        return description.status_message

    @property
    def arn(self) -> str:
        """The model version ARN."""
        return self.identifier

    @property
    def evaluation_result(self) -> EvaluationResult | None:
        """The evaluation result (F1 score, summary file) of the latest description."""
        return None if self._last is None else self._last.evaluation_result

    @property
    def manifest_summary(self) -> GroundTruthManifest | None:
        """Where the training manifest summary is, per the latest description."""
        return None if self._last is None else self._last.manifest_summary

    def evaluation_summary(self, s3: Any) -> Any:
        """Read the evaluation summary JSON file (``s3``: a boto3 S3 client or a reader)."""
        result = self.evaluation_result
        if result is None or result.summary is None or result.summary.s3_object is None:
            raise RekognitionError(f"model version {self.arn} has no evaluation result yet")
        return read_json(s3, result.summary.s3_object)


def project_version_handle(
    client: Rekognition,
    arn: str,
    *,
    project_arn: str | None = None,
    goal: str | None = None,
    poll: PollPolicy | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> ProjectVersionHandle:
    """A handle on model version ``arn`` through ``client``.

    The version is described with ``DescribeProjectVersions``, which needs the project ARN:
    without ``project_arn`` it is looked up once by project name (``DescribeProjects``).
    """
    project_name, version_name = parse_project_version_arn(arn)
    project: list[str] = [project_arn] if project_arn else []

    def describe() -> ProjectVersionDescription:
        if not project:
            found = client.describe_projects(project_names=[project_name]).project_descriptions
            if not found or found[0].project_arn is None:
                raise _not_found("DescribeProjects", f"The project {project_name} does not exist")
            project.append(found[0].project_arn)
        response = client.describe_project_versions(
            project_arn=project[0], version_names=[version_name]
        )
        for description in response.project_version_descriptions:
            if description.project_version_arn == arn:
                return description
        raise _not_found("DescribeProjectVersions", f"The project version {arn} does not exist")

    return ProjectVersionHandle(
        arn, describe=describe, goal=goal, poll=poll, clock=clock, sleep=sleep
    )


def _not_found(operation: str, message: str) -> ResourceNotFoundException:
    error = {"Error": {"Code": "ResourceNotFoundException", "Message": message}}
    return ResourceNotFoundException(error, operation)


# -- datasets --------------------------------------------------------------------------------


class DatasetHandle(OperationHandle["DatasetDescription"]):
    """A Custom Labels dataset being created or updated.

    ``wait()`` returns the final :class:`~rekog.models.DatasetDescription` (with its
    ``dataset_stats``); a failure carries ``StatusMessage`` and ``StatusMessageCode``.
    """

    kind = "dataset"

    def _status_of(self, description: DatasetDescription) -> str | None:
        return None if description.status is None else str(description.status)

    def _message_of(self, description: DatasetDescription) -> str | None:
        message, code = description.status_message, description.status_message_code
        if message and code and str(code) != "SUCCESS":
            return f"{message} ({code})"
        return message

    @property
    def arn(self) -> str:
        """The dataset ARN."""
        return self.identifier


def dataset_handle(
    client: Rekognition,
    arn: str,
    *,
    goal: str | None = None,
    poll: PollPolicy | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> DatasetHandle:
    """A handle on dataset ``arn`` through ``client`` (``DescribeDataset``)."""

    def describe() -> DatasetDescription:
        description = client.describe_dataset(dataset_arn=arn).dataset_description
        return description if description is not None else models.DatasetDescription()

    return DatasetHandle(arn, describe=describe, goal=goal, poll=poll, clock=clock, sleep=sleep)


class DatasetDistribution:
    """``DistributeDatasetEntries`` at work: both datasets go ``UPDATE_IN_PROGRESS`` →
    ``UPDATE_COMPLETE`` (or ``UPDATE_FAILED``).

    Args:
        train: the handle on the training dataset (goal ``"update"``).
        test: the handle on the test dataset (goal ``"update"``).
    """

    def __init__(self, train: DatasetHandle, test: DatasetHandle) -> None:
        self.train = train
        self.test = test

    def done(self) -> bool:
        """Whether both datasets have finished."""
        return self.train.done() and self.test.done()

    def wait(
        self, timeout: float | None = None, *, poll: PollPolicy | None = None
    ) -> tuple[DatasetDescription, DatasetDescription]:
        """Poll both datasets until both finish; return their final descriptions.

        Raises:
            OperationFailedError: either dataset ended ``UPDATE_FAILED``.
            OperationTimeoutError: still going at the deadline.
        """
        check_timeout(timeout)

        def step() -> str | None:
            moving = [status for status in (self.train._step(), self.test._step()) if status]
            return moving[0] if moving else None

        poll_until_done(
            step,
            delays=(poll or self.train._poll).delays(),
            timeout=timeout,
            clock=self.train._clock,
            sleep=self.train._sleep,
            timed_out=lambda status, waited: OperationTimeoutError(
                "dataset distribution", f"{self.train.arn} + {self.test.arn}", status, waited
            ),
            what=f"distribution of {self.train.arn}",
        )
        assert self.train.last_description is not None and self.test.last_description is not None
        return self.train.last_description, self.test.last_description


# -- media analysis jobs ---------------------------------------------------------------------


@dataclass(frozen=True)
class MediaAnalysisResult:
    """One image's line of a media analysis job's results file.

    Attributes:
        source_ref: the image (``s3://bucket/key``).
        moderation: its ``DetectModerationLabels`` result, typed.
        raw: the whole JSON line.
    """

    source_ref: str | None
    moderation: DetectModerationLabelsResponse | None
    raw: Mapping[str, Any]


class MediaAnalysisJob(OperationHandle["GetMediaAnalysisJobResponse"]):
    """A media analysis (bulk) job: ``IN_PROGRESS`` → ``SUCCEEDED`` / ``FAILED``.

    ``wait()`` returns the final :class:`~rekog.models.GetMediaAnalysisJobResponse`; a
    failure carries ``FailureDetails`` (code and message). :meth:`results` streams the
    per-image results from the results file.
    """

    kind = "media_analysis_job"

    def __init__(
        self,
        identifier: str,
        *,
        describe: Callable[[], GetMediaAnalysisJobResponse],
        s3_client_factory: Callable[[], Any] | None = None,
        goal: str | None = None,
        poll: PollPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(
            identifier, describe=describe, goal=goal, poll=poll, clock=clock, sleep=sleep
        )
        self._s3_client_factory = s3_client_factory

    def _status_of(self, description: GetMediaAnalysisJobResponse) -> str | None:
        return None if description.status is None else str(description.status)

    def _message_of(self, description: GetMediaAnalysisJobResponse) -> str | None:
        details = description.failure_details
        if details is None:
            return None
        return (
            f"{details.message or 'no message'} ({details.code})"
            if details.code
            else details.message
        )

    @property
    def job_id(self) -> str:
        """The job id."""
        return self.identifier

    @property
    def results_location(self) -> S3Object | None:
        """Where the results file (JSON lines) is, per the latest description."""
        results = None if self._last is None else self._last.results
        return None if results is None else results.s3_object

    @property
    def manifest_summary_location(self) -> S3Object | None:
        """Where the manifest summary is, per the latest description."""
        summary = None if self._last is None else self._last.manifest_summary
        return None if summary is None else summary.s3_object

    def _s3(self, s3: Any) -> Any:
        if s3 is not None:
            return s3
        if self._s3_client_factory is None:
            raise RekognitionError("pass s3= (a boto3 S3 client) to read the job's files")
        return self._s3_client_factory()

    def results(
        self, timeout: float | None = None, *, s3: Any = None
    ) -> Iterator[MediaAnalysisResult]:
        """The per-image results, streamed line by line from the results file.

        Waits for the job first (:meth:`wait` with ``timeout``). ``s3`` reads the file: a
        boto3 S3 client (default: one from the client's session) or any object with
        ``read(bucket, key, version)``.

        Raises:
            OperationFailedError: the job failed.
            OperationTimeoutError: still running at the deadline.
        """
        self.wait(timeout)
        location = self.results_location
        if location is None:
            raise RekognitionError(f"media analysis job {self.job_id} reported no results file")
        for line in read_lines(self._s3(s3), location):
            if not line.strip():
                continue
            raw = json.loads(line)
            found = raw.get("detect-moderation-labels")
            yield MediaAnalysisResult(
                source_ref=raw.get("source-ref"),
                moderation=None
                if found is None
                else models.DetectModerationLabelsResponse.from_response(found),
                raw=raw,
            )

    def manifest_summary(self, *, s3: Any = None) -> Any:
        """The manifest summary JSON (statistics and per-line errors) of a finished job."""
        location = self.manifest_summary_location
        if location is None:
            raise RekognitionError(f"media analysis job {self.job_id} has no manifest summary")
        return read_json(self._s3(s3), location)


def media_analysis_job_handle(
    client: Rekognition,
    job_id: str,
    *,
    s3_client_factory: Callable[[], Any] | None = None,
    poll: PollPolicy | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> MediaAnalysisJob:
    """A handle on media analysis job ``job_id`` through ``client`` (``GetMediaAnalysisJob``)."""
    return MediaAnalysisJob(
        job_id,
        describe=lambda: client.get_media_analysis_job(job_id=job_id),
        s3_client_factory=s3_client_factory,
        goal="job",
        poll=poll,
        clock=clock,
        sleep=sleep,
    )


# -- stream processors -----------------------------------------------------------------------


class StreamProcessorHandle(OperationHandle["DescribeStreamProcessorResponse"]):
    """A stream processor starting or stopping (``RUNNING`` / ``STOPPED`` / ``FAILED``).

    ``wait()`` returns the final :class:`~rekog.models.DescribeStreamProcessorResponse`.
    """

    kind = "stream_processor"
    #: The ``SessionId`` of the start that created this handle, if it did.
    session_id: str | None = None

    def _status_of(self, description: DescribeStreamProcessorResponse) -> str | None:
        return None if description.status is None else str(description.status)

    def _message_of(self, description: DescribeStreamProcessorResponse) -> str | None:
        return description.status_message

    @property
    def name(self) -> str:
        """The stream processor's name."""
        return self.identifier


def stream_processor_handle(
    client: Rekognition,
    name: str,
    *,
    goal: str | None = None,
    poll: PollPolicy | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> StreamProcessorHandle:
    """A handle on stream processor ``name`` through ``client`` (``DescribeStreamProcessor``)."""
    return StreamProcessorHandle(
        name,
        describe=lambda: client.describe_stream_processor(name=name),
        goal=goal,
        poll=poll,
        clock=clock,
        sleep=sleep,
    )
