"""Which operation starts which long-running work: the table ``rk.jobs`` is generated from.

``tools/generate.py`` writes one ``rk.jobs`` method per :data:`ENTRY_POINTS` row (for both
clients), taking the operation's own parameters from the generated signatures, and one
attach method per :data:`ATTACH_POINTS` row. Both flavours run a row with the same code
(``start_work`` in :mod:`rekog.aio.long_running`, whose sync flavour is generated).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ATTACH_POINTS", "ENTRY_POINTS", "AttachPoint", "EntryPoint"]


@dataclass(frozen=True)
class EntryPoint:
    """One operation that starts long-running work, as an ``rk.jobs`` method of its name.

    Attributes:
        operation: the operation (``"CreateProjectVersion"``).
        kind: the :data:`~rekog.jobs.lifecycles.LIFECYCLES` kind of the handle it returns.
        goal: the goal that handle waits for.
        identifier: the snake_case member carrying the work's identifier.
        in_response: the identifier is in the response (the handle is built after the
            call); otherwise it is a request argument and the handle is built (and the
            identifier checked) before anything is sent.
        project: the request member naming a model version's project, if any.
        extra: keyword parameters the method adds to the operation's own (``poll`` aside).
        keep: response members kept on the handle (``session_id``).
        pair: the identifier is a list of two datasets; a
            :class:`~rekog.jobs.long_running.DatasetDistribution` is returned.
        ends: what ``wait()`` ends on, for the docstring.
    """

    operation: str
    kind: str
    goal: str
    identifier: str
    in_response: bool
    ends: str
    project: str | None = None
    extra: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    pair: bool = False


@dataclass(frozen=True)
class AttachPoint:
    """The ``rk.jobs`` method attaching to existing work of one kind by its identifier.

    Attributes:
        kind: the :data:`~rekog.jobs.lifecycles.LIFECYCLES` kind.
        method: the method's name (``"project_version"``).
        parameter: its identifier parameter (``"arn"``).
        handle: the handle class's name.
        what: the identifier, for the docstring.
        goals: the goals ``goal=`` accepts (empty: the method takes no ``goal``).
        extra: keyword parameters the method adds (``poll`` and ``goal`` aside), as in
            :attr:`EntryPoint.extra`.
    """

    kind: str
    method: str
    parameter: str
    handle: str
    what: str
    goals: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()


#: Every operation ``rk.jobs`` starts long-running work with, by method name.
ENTRY_POINTS: dict[str, EntryPoint] = {
    "create_project_version": EntryPoint(
        "CreateProjectVersion",
        "project_version",
        "training",
        "project_version_arn",
        in_response=True,
        project="project_arn",
        ends="`TRAINING_COMPLETED` (evaluation result and manifest summary on the handle) "
        "or raises `OperationFailedError` on `TRAINING_FAILED` with the service's "
        "`StatusMessage`",
    ),
    "copy_project_version": EntryPoint(
        "CopyProjectVersion",
        "project_version",
        "copying",
        "project_version_arn",
        in_response=True,
        project="destination_project_arn",
        ends="`COPYING_COMPLETED` or raises `OperationFailedError` on `COPYING_FAILED`",
    ),
    "start_project_version": EntryPoint(
        "StartProjectVersion",
        "project_version",
        "start",
        "project_version_arn",
        in_response=False,
        extra=("project_arn",),
        ends="`RUNNING` or raises `OperationFailedError` on `FAILED`",
    ),
    "stop_project_version": EntryPoint(
        "StopProjectVersion",
        "project_version",
        "stop",
        "project_version_arn",
        in_response=False,
        extra=("project_arn",),
        ends="`STOPPED`",
    ),
    "create_dataset": EntryPoint(
        "CreateDataset",
        "dataset",
        "create",
        "dataset_arn",
        in_response=True,
        ends="`CREATE_COMPLETE` or raises `OperationFailedError` on `CREATE_FAILED` with "
        "`StatusMessage` and `StatusMessageCode`",
    ),
    "update_dataset_entries": EntryPoint(
        "UpdateDatasetEntries",
        "dataset",
        "update",
        "dataset_arn",
        in_response=False,
        ends="`UPDATE_COMPLETE` or raises `OperationFailedError` on `UPDATE_FAILED`",
    ),
    "distribute_dataset_entries": EntryPoint(
        "DistributeDatasetEntries",
        "dataset",
        "update",
        "datasets",
        in_response=False,
        pair=True,
        ends="both final descriptions once both datasets (the training one, then the test "
        "one, in `datasets`) are `UPDATE_COMPLETE`",
    ),
    "start_media_analysis_job": EntryPoint(
        "StartMediaAnalysisJob",
        "media_analysis_job",
        "job",
        "job_id",
        in_response=True,
        ends="`SUCCEEDED` or raises `OperationFailedError` on `FAILED` with `FailureDetails`; "
        "`results()` streams the per-image results",
    ),
    "start_stream_processor": EntryPoint(
        "StartStreamProcessor",
        "stream_processor",
        "start",
        "name",
        in_response=False,
        keep=("session_id",),
        ends="`RUNNING` or raises `OperationFailedError` on `FAILED` with `StatusMessage`; "
        "the start's `SessionId` is the handle's `session_id`",
    ),
    "stop_stream_processor": EntryPoint(
        "StopStreamProcessor",
        "stream_processor",
        "stop",
        "name",
        in_response=False,
        ends="`STOPPED`",
    ),
}

#: How ``rk.jobs`` attaches to existing work of each kind (from any process).
ATTACH_POINTS: dict[str, AttachPoint] = {
    "project_version": AttachPoint(
        "project_version",
        "project_version",
        "arn",
        "ProjectVersionHandle",
        "the `ProjectVersionArn`",
        goals=("training", "copying", "start", "stop"),
        extra=("project_arn",),
    ),
    "dataset": AttachPoint(
        "dataset", "dataset", "arn", "DatasetHandle", "the `DatasetArn`", goals=("create", "update")
    ),
    "media_analysis_job": AttachPoint(
        "media_analysis_job",
        "media_analysis_job",
        "job_id",
        "MediaAnalysisJob",
        "the `JobId` the start returned",
    ),
    "stream_processor": AttachPoint(
        "stream_processor",
        "stream_processor",
        "name",
        "StreamProcessorHandle",
        "the stream processor's name",
        goals=("start", "stop", "update"),
    ),
}
