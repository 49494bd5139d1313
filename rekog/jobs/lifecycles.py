"""What the statuses of Rekognition's long-running resources mean, and the I/O-free core of
their handles.

Custom Labels model versions (training, copying, hosting), datasets (create, update,
distribute), media analysis jobs and stream processors all answer at once and finish later.
:data:`LIFECYCLES` is one table: for every resource, which statuses are still moving, what
each is moving towards (its :class:`Goal`), and which settled statuses are failures.

The handles (:mod:`rekog.jobs.long_running`, :mod:`rekog.aio.long_running`) drive the cores
here: the remembered status, the verdict on a status, the deadline arithmetic's errors, the
reading of each kind's description, ARN parsing and the parsing of result lines. What
differs between the flavours is only how they call the service, read S3 and sleep.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
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
from .polling import PollPolicy

if TYPE_CHECKING:
    # Models load on first use: the handles' modules are imported with every client.
    from ..models import (
        DatasetDescription,
        DescribeProjectVersionsResponse,
        DescribeStreamProcessorResponse,  # noqa: F401 (named by StreamProcessorCore's base)
        DetectModerationLabelsResponse,
        EvaluationResult,
        GetMediaAnalysisJobResponse,
        GroundTruthManifest,
        ProjectVersionDescription,
        S3Object,
    )

__all__ = ["LIFECYCLES", "Goal", "Lifecycle", "MediaAnalysisResult", "parse_project_version_arn"]

DescT = TypeVar("DescT")

RUNNING, SUCCEEDED, FAILED = "running", "succeeded", "failed"


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


def check_poll(poll: Any) -> PollPolicy | None:
    """``None`` or a :class:`~rekog.PollPolicy`."""
    if poll is not None and not isinstance(poll, PollPolicy):
        raise InvalidRequestError("poll", "must be a PollPolicy", type(poll).__name__)
    return poll


class OperationCore(Generic[DescT]):
    """State and rules shared by the sync and async handles: the goal, the remembered final
    status, the verdict on a status and the errors of a failure or a deadline; no I/O.

    Subclasses name their :data:`LIFECYCLES` entry; every description has its status in
    ``status`` and, unless a subclass says otherwise, its message in ``status_message``.
    """

    kind: ClassVar[str]

    def __init__(
        self,
        identifier: str,
        *,
        describe: Callable[[], Any],
        goal: str | None = None,
        poll: PollPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] | None = None,
    ) -> None:
        if not isinstance(identifier, str) or not identifier:
            raise InvalidRequestError("identifier", "must not be empty", identifier)
        self.identifier = identifier
        self.lifecycle: Lifecycle = LIFECYCLES[self.kind]
        if goal is not None and goal not in self.lifecycle.goals:
            raise InvalidRequestError(
                "goal", f"must be one of {sorted(self.lifecycle.goals)}", goal
            )
        self._goal = None if goal is None else self.lifecycle.goals[goal]
        self._describe = describe
        self._poll = check_poll(poll) or PollPolicy()
        self._clock = clock
        self._sleep = sleep  # None: the flavour's own (time.sleep, asyncio.sleep)
        self._last: DescT | None = None
        self._final: str | None = None  # the status that ended the goal, once seen

    # -- what the description says -------------------------------------------------------

    def _status_of(self, description: DescT) -> str | None:
        status = getattr(description, "status", None)
        return None if status is None else str(status)

    def _message_of(self, description: DescT) -> str | None:
        message: str | None = getattr(description, "status_message", None)
        return message

    # -- status --------------------------------------------------------------------------

    @property
    def goal(self) -> Goal | None:
        """What ``wait()`` waits for (``None`` until a transitional status was seen)."""
        return self._goal

    @property
    def last_description(self) -> DescT | None:
        """The description fetched by the latest poll, if any."""
        return self._last

    @property
    def status_message(self) -> str | None:
        """The service's status message from the latest poll (set on failure)."""
        return None if self._last is None else self._message_of(self._last)

    def _settle(self, description: DescT) -> str:
        """The status of a fresh description; remembered for good once the work has ended.

        A status this SDK does not know is returned as is and treated as still moving.
        """
        status = self._status_of(description) or "UNKNOWN"
        if self._verdict(status) != RUNNING:
            self._final = status
        return status

    def _verdict(self, status: str) -> str:
        goal = self._goal
        if goal is None:
            moving = self.lifecycle.moving.get(status)
            if moving is not None:
                self._goal = self.lifecycle.goals[moving]
                return RUNNING
            if status in self.lifecycle.failed:
                return FAILED
            return SUCCEEDED if status != "UNKNOWN" else RUNNING
        if status in goal.succeeded:
            return SUCCEEDED
        if status in goal.failed:
            return FAILED
        return RUNNING

    def _judge(self, status: str) -> str | None:
        """One poll's outcome: ``None`` once succeeded, the status while moving; raises
        :class:`~rekog.errors.OperationFailedError` on failure."""
        verdict = self._verdict(status)
        if verdict == FAILED:
            raise self._failed(status)
        return None if verdict == SUCCEEDED else status

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

    @property
    def _what(self) -> str:
        return f"{self.lifecycle.resource} {self.identifier}"

    def _final_description(self) -> DescT:
        assert self._last is not None  # a finished status came from a poll
        return self._last

    # -- resuming ------------------------------------------------------------------------

    def continuation_token(self) -> str:
        """What to save to attach to this work again anywhere: its identifier."""
        return self.identifier

    def __repr__(self) -> str:
        status = self._final or (None if self._last is None else self._status_of(self._last))
        goal = None if self._goal is None else self._goal.name
        return f"{type(self).__name__}({self.identifier!r}, goal={goal!r}, status={status!r})"


def distribution_timed_out(train: str, test: str) -> Callable[[str, float], BaseException]:
    """The deadline error of a dataset distribution."""
    return lambda status, waited: OperationTimeoutError(
        "dataset distribution", f"{train} + {test}", status, waited
    )


# -- reading result files from S3 ----------------------------------------------------------


def s3_address(location: S3Object) -> tuple[str, str, str | None]:
    """``(bucket, key, version)`` of a file the service reported."""
    if location.bucket is None or location.name is None:
        raise RekognitionError("the service gave no location for the file")
    return location.bucket, location.name, location.version or None


def check_async_s3(s3: Any) -> None:
    """An async handle reads with an aiobotocore S3 client or a reader: a boto3 client would
    block the event loop (and its answers cannot be awaited)."""
    if type(s3).__module__.startswith("botocore."):
        raise InvalidRequestError(
            "s3",
            "must be an aiobotocore S3 client, or have read(bucket, key, version), for an "
            "async handle",
            type(s3).__name__,
        )


def get_object_arguments(bucket: str, key: str, version: str | None) -> dict[str, Any]:
    """The ``GetObject`` arguments of one file."""
    arguments: dict[str, Any] = {"Bucket": bucket, "Key": key}
    if version:
        arguments["VersionId"] = version
    return arguments


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
    match = _VERSION_ARN.match(arn if isinstance(arn, str) else "")
    if match is None:
        raise InvalidRequestError(
            "project_version_arn",
            "must be a project version ARN (arn:aws:rekognition:REGION:ACCOUNT:"
            "project/NAME/version/VERSION/NUMBER)",
            arn,
        )
    return match.group("project"), match.group("version")


def not_found(operation: str, message: str) -> ResourceNotFoundException:
    """The error of a resource the service no longer lists."""
    error = {"Error": {"Code": "ResourceNotFoundException", "Message": message}}
    return ResourceNotFoundException(error, operation)


def found_project(descriptions: list[Any], name: str) -> str:
    """The ARN of project ``name`` from a ``DescribeProjects`` answer."""
    if not descriptions or descriptions[0].project_arn is None:
        raise not_found("DescribeProjects", f"The project {name} does not exist")
    return str(descriptions[0].project_arn)


def found_version(response: DescribeProjectVersionsResponse, arn: str) -> ProjectVersionDescription:
    """Model version ``arn`` from a ``DescribeProjectVersions`` answer."""
    for description in response.project_version_descriptions:
        if description.project_version_arn == arn:
            return description
    raise not_found("DescribeProjectVersions", f"The project version {arn} does not exist")


class ProjectVersionCore(OperationCore["ProjectVersionDescription"]):
    """What a model version's description says (shared by both flavours)."""

    kind = "project_version"

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

    def _evaluation_location(self) -> S3Object:
        result = self.evaluation_result
        if result is None or result.summary is None or result.summary.s3_object is None:
            raise RekognitionError(f"model version {self.arn} has no evaluation result yet")
        return result.summary.s3_object


# -- datasets --------------------------------------------------------------------------------


class DatasetCore(OperationCore["DatasetDescription"]):
    """What a dataset's description says (shared by both flavours)."""

    kind = "dataset"

    def _message_of(self, description: DatasetDescription) -> str | None:
        message, code = description.status_message, description.status_message_code
        if message and code and str(code) != "SUCCESS":
            return f"{message} ({code})"
        return message

    @property
    def arn(self) -> str:
        """The dataset ARN."""
        return self.identifier


def dataset_description(description: DatasetDescription | None) -> DatasetDescription:
    """A ``DescribeDataset`` answer's description (an empty one when it has none)."""
    return description if description is not None else models.DatasetDescription()


def distribution_arns(datasets: Any) -> tuple[str, str]:
    """The training and the test dataset ARN of a ``DistributeDatasetEntries`` request.

    Raises:
        InvalidRequestError: not two datasets, each with an ``Arn``.
    """
    items = list(datasets) if isinstance(datasets, (list, tuple)) else []
    arns = [
        item.get("Arn") if isinstance(item, Mapping) else getattr(item, "arn", None)
        for item in items
    ]
    if len(arns) != 2 or not all(isinstance(arn, str) and arn for arn in arns):
        raise InvalidRequestError(
            "datasets",
            "must be the training and the test dataset, each with an Arn",
            operation="DistributeDatasetEntries",
        )
    return str(arns[0]), str(arns[1])


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


def parse_result_line(line: bytes) -> MediaAnalysisResult | None:
    """One line of a results file, typed (``None`` for a blank line)."""
    if not line.strip():
        return None
    raw = json.loads(line)
    found = raw.get("detect-moderation-labels")
    return MediaAnalysisResult(
        source_ref=raw.get("source-ref"),
        moderation=None
        if found is None
        else models.DetectModerationLabelsResponse.from_response(found),
        raw=raw,
    )


class MediaAnalysisCore(OperationCore["GetMediaAnalysisJobResponse"]):
    """What a media analysis job's description says (shared by both flavours)."""

    kind = "media_analysis_job"

    def __init__(
        self,
        identifier: str,
        *,
        describe: Callable[[], Any],
        s3_client_factory: Callable[[], Any] | None = None,
        goal: str | None = None,
        poll: PollPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] | None = None,
    ) -> None:
        super().__init__(
            identifier, describe=describe, goal=goal, poll=poll, clock=clock, sleep=sleep
        )
        self._s3_client_factory = s3_client_factory

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

    def _results_file(self) -> S3Object:
        location = self.results_location
        if location is None:
            raise RekognitionError(f"media analysis job {self.job_id} reported no results file")
        return location

    def _summary_file(self) -> S3Object:
        location = self.manifest_summary_location
        if location is None:
            raise RekognitionError(f"media analysis job {self.job_id} has no manifest summary")
        return location


NO_S3 = "pass s3= (an S3 client) to read the job's files"


# -- stream processors -----------------------------------------------------------------------


class StreamProcessorCore(OperationCore["DescribeStreamProcessorResponse"]):
    """What a stream processor's description says (shared by both flavours)."""

    kind = "stream_processor"
    #: The ``SessionId`` of the start that created this handle, if it did.
    session_id: str | None = None

    @property
    def name(self) -> str:
        """The stream processor's name."""
        return self.identifier
