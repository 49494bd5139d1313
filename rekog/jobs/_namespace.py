"""``rk.jobs``: the generated video job entry points plus the other long-running operations.

The generated :class:`rekog._generated.namespaces.Jobs` covers the eight video job kinds. This
hand-written subclass adds an entry point per operation that starts other long-running
work, named after that operation, each returning a handle from :mod:`rekog.jobs.long_running`
(whose ``wait()`` returns the final description), and one per resource to attach to
existing work by its identifier.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from .._exceptions import InvalidRequestError, RekognitionError
from .._generated.namespaces import Jobs as GeneratedJobs
from .._generated.sync.long_running import (
    DatasetDistribution,
    DatasetHandle,
    MediaAnalysisJob,
    ProjectVersionHandle,
    StreamProcessorHandle,
    dataset_handle,
    media_analysis_job_handle,
    project_version_handle,
    stream_processor_handle,
)

if TYPE_CHECKING:
    from .._client import Rekognition
    from ..models import (
        CustomizationFeatureConfig,
        DatasetChanges,
        DatasetSource,
        DatasetType,
        DistributeDataset,
        MediaAnalysisInput,
        MediaAnalysisOperationsConfig,
        MediaAnalysisOutputConfig,
        OutputConfig,
        StreamProcessingStartSelector,
        StreamProcessingStopSelector,
        TestingData,
        TrainingData,
    )
    from .polling import PollPolicy

__all__ = ["Jobs"]


def _started(value: str | None, operation: str, member: str) -> str:
    if not value:  # pragma: no cover (the service always sets it)
        raise RekognitionError(f"{operation} returned no {member}")
    return value


class Jobs(GeneratedJobs):
    """Long-running work: video jobs (``rk.jobs.start_face_search(...)``), Custom Labels
    model versions, datasets, media analysis jobs and stream processors.

    Every ``start``-style method calls the operation and returns a handle; the
    identifier-taking methods (``project_version(arn)``, ``dataset(arn)``,
    ``media_analysis_job(job_id)``, ``stream_processor(name)``) attach to existing work,
    from any process.
    """

    def __init__(self, client: Rekognition) -> None:
        super().__init__(client)
        # The whole client (session, profile, boto3 client), not just its operations.
        self._rk = client

    # -- Custom Labels model versions ------------------------------------------------------

    def create_project_version(
        self,
        *,
        project_arn: str,
        version_name: str,
        output_config: OutputConfig | Mapping[str, Any],
        training_data: TrainingData | Mapping[str, Any] | None = None,
        testing_data: TestingData | Mapping[str, Any] | None = None,
        tags: Mapping[str, str] | None = None,
        kms_key_id: str | None = None,
        version_description: str | None = None,
        feature_config: CustomizationFeatureConfig | Mapping[str, Any] | None = None,
        poll: PollPolicy | None = None,
    ) -> ProjectVersionHandle:
        """Start training a model version (`CreateProjectVersion`); return its handle.

        `wait()` returns the description once `TRAINING_COMPLETED` (evaluation result and
        manifest summary on the handle) or raises `OperationFailedError` on
        `TRAINING_FAILED` with the service's `StatusMessage`. Arguments are those of
        `Rekognition.create_project_version`; `poll` is how `wait()` polls.
        """
        started = self._rk.create_project_version(
            project_arn=project_arn,
            version_name=version_name,
            output_config=output_config,
            training_data=training_data,
            testing_data=testing_data,
            tags=tags,
            kms_key_id=kms_key_id,
            version_description=version_description,
            feature_config=feature_config,
        )
        arn = _started(started.project_version_arn, "CreateProjectVersion", "ProjectVersionArn")
        return project_version_handle(
            self._rk, arn, project_arn=project_arn, goal="training", poll=poll
        )

    def copy_project_version(
        self,
        *,
        source_project_arn: str,
        source_project_version_arn: str,
        destination_project_arn: str,
        version_name: str,
        output_config: OutputConfig | Mapping[str, Any],
        tags: Mapping[str, str] | None = None,
        kms_key_id: str | None = None,
        poll: PollPolicy | None = None,
    ) -> ProjectVersionHandle:
        """Copy a model version (`CopyProjectVersion`); return the new version's handle.

        `wait()` ends on `COPYING_COMPLETED` or raises on `COPYING_FAILED`.
        """
        started = self._rk.copy_project_version(
            source_project_arn=source_project_arn,
            source_project_version_arn=source_project_version_arn,
            destination_project_arn=destination_project_arn,
            version_name=version_name,
            output_config=output_config,
            tags=tags,
            kms_key_id=kms_key_id,
        )
        arn = _started(started.project_version_arn, "CopyProjectVersion", "ProjectVersionArn")
        return project_version_handle(
            self._rk, arn, project_arn=destination_project_arn, goal="copying", poll=poll
        )

    def start_project_version(
        self,
        *,
        project_version_arn: str,
        min_inference_units: int,
        max_inference_units: int | None = None,
        project_arn: str | None = None,
        poll: PollPolicy | None = None,
    ) -> ProjectVersionHandle:
        """Start hosting a model version (`StartProjectVersion`); return its handle.

        `wait()` ends on `RUNNING` or raises on `FAILED`. `project_arn` (optional) saves
        one `DescribeProjects` lookup.
        """
        handle = self.project_version(
            project_version_arn, project_arn=project_arn, goal="start", poll=poll
        )
        self._rk.start_project_version(
            project_version_arn=project_version_arn,
            min_inference_units=min_inference_units,
            max_inference_units=max_inference_units,
        )
        return handle

    def stop_project_version(
        self,
        *,
        project_version_arn: str,
        project_arn: str | None = None,
        poll: PollPolicy | None = None,
    ) -> ProjectVersionHandle:
        """Stop hosting a model version (`StopProjectVersion`); return its handle.

        `wait()` ends on `STOPPED`.
        """
        handle = self.project_version(
            project_version_arn, project_arn=project_arn, goal="stop", poll=poll
        )
        self._rk.stop_project_version(project_version_arn=project_version_arn)
        return handle

    def project_version(
        self,
        arn: str,
        *,
        project_arn: str | None = None,
        goal: str | None = None,
        poll: PollPolicy | None = None,
    ) -> ProjectVersionHandle:
        """Attach to a model version by its ARN (from any process).

        Args:
            arn: the `ProjectVersionArn`.
            project_arn: its project's ARN; looked up by name when omitted.
            goal: `"training"`, `"copying"`, `"start"` or `"stop"`; by default the goal of
                the first transitional status seen (a settled version: `wait()` returns).
            poll: how `wait()` polls (default `PollPolicy()`).
        """
        return project_version_handle(self._rk, arn, project_arn=project_arn, goal=goal, poll=poll)

    # -- datasets --------------------------------------------------------------------------

    def create_dataset(
        self,
        *,
        dataset_type: DatasetType | Literal["TRAIN", "TEST"],
        project_arn: str,
        dataset_source: DatasetSource | Mapping[str, Any] | None = None,
        tags: Mapping[str, str] | None = None,
        poll: PollPolicy | None = None,
    ) -> DatasetHandle:
        """Create a dataset (`CreateDataset`); return its handle.

        `wait()` returns the description on `CREATE_COMPLETE` or raises on `CREATE_FAILED`
        with `StatusMessage` and `StatusMessageCode`.
        """
        started = self._rk.create_dataset(
            dataset_type=dataset_type,
            project_arn=project_arn,
            dataset_source=dataset_source,
            tags=tags,
        )
        arn = _started(started.dataset_arn, "CreateDataset", "DatasetArn")
        return dataset_handle(self._rk, arn, goal="create", poll=poll)

    def update_dataset_entries(
        self,
        *,
        dataset_arn: str,
        changes: DatasetChanges | Mapping[str, Any],
        poll: PollPolicy | None = None,
    ) -> DatasetHandle:
        """Add or change dataset entries (`UpdateDatasetEntries`); return the dataset's handle.

        `wait()` ends on `UPDATE_COMPLETE` or raises on `UPDATE_FAILED`.
        """
        self._rk.update_dataset_entries(dataset_arn=dataset_arn, changes=changes)
        return dataset_handle(self._rk, dataset_arn, goal="update", poll=poll)

    def distribute_dataset_entries(
        self,
        *,
        datasets: Sequence[DistributeDataset | Mapping[str, Any]],
        poll: PollPolicy | None = None,
    ) -> DatasetDistribution:
        """Split training entries into the test dataset (`DistributeDatasetEntries`).

        Args:
            datasets: the training and the test dataset, in that order (`{"Arn": ...}`).
            poll: how `wait()` polls.

        `wait()` returns both final descriptions once both are `UPDATE_COMPLETE`.
        """
        arns = [
            item.get("Arn") if isinstance(item, Mapping) else getattr(item, "arn", None)
            for item in datasets
        ]
        if len(arns) != 2 or not all(isinstance(arn, str) and arn for arn in arns):
            raise InvalidRequestError(
                "datasets",
                "must be the training and the test dataset, each with an Arn",
                operation="DistributeDatasetEntries",
            )
        self._rk.distribute_dataset_entries(datasets=datasets)
        train, test = (dataset_handle(self._rk, str(arn), goal="update", poll=poll) for arn in arns)
        return DatasetDistribution(train, test)

    def dataset(
        self, arn: str, *, goal: str | None = None, poll: PollPolicy | None = None
    ) -> DatasetHandle:
        """Attach to a dataset by its ARN (from any process).

        Args:
            arn: the `DatasetArn`.
            goal: `"create"` or `"update"`; by default the goal of the first transitional
                status seen.
            poll: how `wait()` polls (default `PollPolicy()`).
        """
        return dataset_handle(self._rk, arn, goal=goal, poll=poll)

    # -- media analysis jobs -----------------------------------------------------------------

    def start_media_analysis_job(
        self,
        *,
        operations_config: MediaAnalysisOperationsConfig | Mapping[str, Any],
        input: MediaAnalysisInput | Mapping[str, Any],
        output_config: MediaAnalysisOutputConfig | Mapping[str, Any],
        client_request_token: str | None = None,
        job_name: str | None = None,
        kms_key_id: str | None = None,
        poll: PollPolicy | None = None,
    ) -> MediaAnalysisJob:
        """Start a bulk analysis job (`StartMediaAnalysisJob`); return its handle.

        `wait()` returns the `GetMediaAnalysisJob` description on `SUCCEEDED` or raises on
        `FAILED` with `FailureDetails`; `results()` streams the per-image results.
        `client_request_token` is generated when omitted and reused on retries.
        """
        started = self._rk.start_media_analysis_job(
            operations_config=operations_config,
            input=input,
            output_config=output_config,
            client_request_token=client_request_token,
            job_name=job_name,
            kms_key_id=kms_key_id,
        )
        return self.media_analysis_job(
            _started(started.job_id, "StartMediaAnalysisJob", "JobId"), poll=poll
        )

    def media_analysis_job(
        self, job_id: str, *, poll: PollPolicy | None = None
    ) -> MediaAnalysisJob:
        """Attach to a media analysis job by its id (from any process)."""
        return media_analysis_job_handle(
            self._rk, job_id, s3_client_factory=self._s3_client, poll=poll
        )

    def _s3_client(self) -> Any:
        """An S3 client from the client's session, for reading result files."""
        client = self._rk
        return client._service_client("s3", client.client.meta.region_name)

    # -- stream processors -------------------------------------------------------------------

    def start_stream_processor(
        self,
        *,
        name: str,
        start_selector: StreamProcessingStartSelector | Mapping[str, Any] | None = None,
        stop_selector: StreamProcessingStopSelector | Mapping[str, Any] | None = None,
        poll: PollPolicy | None = None,
    ) -> StreamProcessorHandle:
        """Start a stream processor (`StartStreamProcessor`); return its handle.

        `wait()` ends on `RUNNING` or raises on `FAILED` with `StatusMessage`. The
        `SessionId` of the start is the handle's `session_id`.
        """
        handle = self.stream_processor(name, goal="start", poll=poll)
        started = self._rk.start_stream_processor(
            name=name, start_selector=start_selector, stop_selector=stop_selector
        )
        handle.session_id = started.session_id
        return handle

    def stop_stream_processor(
        self, *, name: str, poll: PollPolicy | None = None
    ) -> StreamProcessorHandle:
        """Stop a stream processor (`StopStreamProcessor`); return its handle.

        `wait()` ends on `STOPPED`.
        """
        handle = self.stream_processor(name, goal="stop", poll=poll)
        self._rk.stop_stream_processor(name=name)
        return handle

    def stream_processor(
        self, name: str, *, goal: str | None = None, poll: PollPolicy | None = None
    ) -> StreamProcessorHandle:
        """Attach to a stream processor by its name (from any process).

        Args:
            name: the stream processor's name.
            goal: `"start"`, `"stop"` or `"update"`; by default the goal of the first
                transitional status seen.
            poll: how `wait()` polls (default `PollPolicy()`).
        """
        return stream_processor_handle(self._rk, name, goal=goal, poll=poll)
