"""The exact Describe*/Get* calls and sleeps of each handle's wait(), against botocore Stubber."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.stub import Stubber

from rekog import Rekognition
from rekog.errors import (
    JobFailedError,
    JobTimeoutError,
    OperationFailedError,
    OperationTimeoutError,
    ResourceNotFoundException,
)
from rekog.jobs import PollPolicy
from rekog.jobs.long_running import (
    dataset_handle,
    media_analysis_job_handle,
    project_version_handle,
    stream_processor_handle,
)
from rekog.retry import RetryPolicy

NO_JITTER = PollPolicy(initial=1.0, multiplier=1.5, maximum=30.0, jitter=0.0)
PROJECT = "arn:aws:rekognition:us-east-1:123456789012:project/pets/1700000000000"
VERSION = "arn:aws:rekognition:us-east-1:123456789012:project/pets/version/v1/1700000001000"
DATASET = "arn:aws:rekognition:us-east-1:123456789012:project/pets/dataset/train/1700000002000"
JOB_ID = "b" * 64


class FakeClock:
    """Monotonic time that only moves when the handle sleeps; records the sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class Stubbed:
    """A Rekognition over a Stubber-driven boto3 client; rekog's retry layer sleeps fake."""

    def __init__(self) -> None:
        client = boto3.client(
            "rekognition",
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
            config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
        )
        self.stubber = Stubber(client)
        self.stubber.activate()
        self.retry_sleeps: list[float] = []
        policy = RetryPolicy(jitter=False, sleep=self.retry_sleeps.append, deadline=None)
        self.rk = Rekognition(client=client, retry=policy)
        self.clock = FakeClock()
        self.calls: list[str] = []
        client.meta.events.register(
            "before-parameter-build.rekognition", lambda model, **_: self.calls.append(model.name)
        )

    def version(self, status: str, message: str | None = None) -> None:
        description: dict[str, Any] = {"ProjectVersionArn": VERSION, "Status": status}
        if message:
            description["StatusMessage"] = message
        if status == "TRAINING_COMPLETED":
            description["EvaluationResult"] = {
                "F1Score": 0.9,
                "Summary": {"S3Object": {"Bucket": "out", "Name": "eval.json"}},
            }
            description["ManifestSummary"] = {"S3Object": {"Bucket": "out", "Name": "sum.json"}}
        self.stubber.add_response(
            "describe_project_versions",
            {"ProjectVersionDescriptions": [description]},
            {"ProjectArn": PROJECT, "VersionNames": ["v1"]},
        )


@pytest.fixture
def stubbed() -> Iterator[Stubbed]:
    setup = Stubbed()
    yield setup
    setup.stubber.deactivate()


def test_training_polls_then_returns_the_final_description(stubbed: Stubbed) -> None:
    for status in ("TRAINING_IN_PROGRESS", "TRAINING_IN_PROGRESS", "TRAINING_COMPLETED"):
        stubbed.version(status)
    handle = project_version_handle(
        stubbed.rk,
        VERSION,
        project_arn=PROJECT,
        goal="training",
        poll=NO_JITTER,
        clock=stubbed.clock,
        sleep=stubbed.clock.sleep,
    )

    final = handle.wait()

    assert stubbed.calls == ["DescribeProjectVersions"] * 3
    assert stubbed.clock.sleeps == [1.0, 1.5]
    assert str(final.status) == "TRAINING_COMPLETED"
    assert handle.evaluation_result is not None and handle.evaluation_result.f1_score == 0.9
    assert handle.manifest_summary is not None
    assert handle.done() and stubbed.calls == ["DescribeProjectVersions"] * 3  # remembered
    stubbed.stubber.assert_no_pending_responses()


def test_deadline_is_never_overslept_and_polled_at_once_more(stubbed: Stubbed) -> None:
    for _ in range(4):
        stubbed.version("STARTING")
    handle = project_version_handle(
        stubbed.rk,
        VERSION,
        project_arn=PROJECT,
        goal="start",
        poll=NO_JITTER,
        clock=stubbed.clock,
        sleep=stubbed.clock.sleep,
    )

    with pytest.raises(OperationTimeoutError) as info:
        handle.wait(timeout=4.0)

    # Polls at 0, 1, 2.5 and at the deadline 4 (the third delay, 2.25, is cut to 1.5).
    assert stubbed.clock.sleeps == [1.0, 1.5, 1.5]
    assert stubbed.calls == ["DescribeProjectVersions"] * 4
    error = info.value
    assert isinstance(error, TimeoutError) and not isinstance(error, JobTimeoutError)
    assert (error.identifier, error.last_status, error.waited) == (VERSION, "STARTING", 4.0)
    assert "project version" in str(error) and VERSION in str(error)
    stubbed.stubber.assert_no_pending_responses()


def test_zero_timeout_polls_exactly_once(stubbed: Stubbed) -> None:
    stubbed.version("STOPPING")
    handle = project_version_handle(
        stubbed.rk, VERSION, project_arn=PROJECT, clock=stubbed.clock, sleep=stubbed.clock.sleep
    )
    with pytest.raises(OperationTimeoutError):
        handle.wait(timeout=0)
    assert stubbed.calls == ["DescribeProjectVersions"] and stubbed.clock.sleeps == []
    assert handle.goal is not None and handle.goal.name == "stop"  # adopted from STOPPING


def test_without_the_project_arn_it_is_looked_up_once(stubbed: Stubbed) -> None:
    stubbed.stubber.add_response(
        "describe_projects",
        {"ProjectDescriptions": [{"ProjectArn": PROJECT, "Status": "CREATED"}]},
        {"ProjectNames": ["pets"]},
    )
    stubbed.version("COPYING_IN_PROGRESS")
    stubbed.version("COPYING_COMPLETED")
    handle = project_version_handle(
        stubbed.rk, VERSION, poll=NO_JITTER, clock=stubbed.clock, sleep=stubbed.clock.sleep
    )
    handle.wait()
    assert stubbed.calls == [
        "DescribeProjects",
        "DescribeProjectVersions",
        "DescribeProjectVersions",
    ]
    assert stubbed.clock.sleeps == [1.0]


def test_failure_carries_the_status_message(stubbed: Stubbed) -> None:
    stubbed.version("TRAINING_IN_PROGRESS")
    stubbed.version("TRAINING_FAILED", "The manifest file has too few labels.")
    handle = project_version_handle(
        stubbed.rk,
        VERSION,
        project_arn=PROJECT,
        goal="training",
        poll=NO_JITTER,
        clock=stubbed.clock,
        sleep=stubbed.clock.sleep,
    )
    with pytest.raises(OperationFailedError) as info:
        handle.wait()
    error = info.value
    assert not isinstance(error, JobFailedError)  # that is the video jobs' kind
    assert error.status == "TRAINING_FAILED"
    assert error.status_message == "The manifest file has too few labels."
    assert error.operation == "DescribeProjectVersions"
    assert "The manifest file has too few labels." in str(error)


def test_a_start_handle_does_not_mistake_the_status_before_the_start(stubbed: Stubbed) -> None:
    stubbed.version("STOPPED")  # the service has not yet applied the start
    stubbed.version("STARTING")
    stubbed.version("RUNNING")
    handle = project_version_handle(
        stubbed.rk,
        VERSION,
        project_arn=PROJECT,
        goal="start",
        poll=NO_JITTER,
        clock=stubbed.clock,
        sleep=stubbed.clock.sleep,
    )
    assert str(handle.wait().status) == "RUNNING"
    assert stubbed.clock.sleeps == [1.0, 1.5]


def test_dataset_media_job_and_stream_processor_sequences(stubbed: Stubbed) -> None:
    stub = stubbed.stubber
    for status in ("UPDATE_IN_PROGRESS", "UPDATE_COMPLETE"):
        stub.add_response(
            "describe_dataset",
            {"DatasetDescription": {"Status": status, "StatusMessageCode": "SUCCESS"}},
            {"DatasetArn": DATASET},
        )
    job: dict[str, Any] = {
        "JobId": JOB_ID,
        "OperationsConfig": {"DetectModerationLabels": {}},
        "CreationTimestamp": 1_700_000_000,
        "Input": {"S3Object": {"Bucket": "input", "Name": "m.jsonl"}},
        "OutputConfig": {"S3Bucket": "output"},
    }
    for status in ("QUEUED", "IN_PROGRESS", "IN_PROGRESS", "FAILED"):
        extra = {"FailureDetails": {"Code": "INVALID_MANIFEST", "Message": "Bad manifest."}}
        response = {**job, "Status": status, **(extra if status == "FAILED" else {})}
        stub.add_response("get_media_analysis_job", response, {"JobId": JOB_ID})
    for status in ("STOPPING", "STOPPED"):
        stub.add_response(
            "describe_stream_processor", {"Name": "door", "Status": status}, {"Name": "door"}
        )
    timing = {"poll": NO_JITTER, "clock": stubbed.clock, "sleep": stubbed.clock.sleep}

    dataset = dataset_handle(stubbed.rk, DATASET, goal="update", **timing)
    assert str(dataset.wait().status) == "UPDATE_COMPLETE"
    media = media_analysis_job_handle(stubbed.rk, JOB_ID, **timing)
    with pytest.raises(OperationFailedError) as info:
        media.wait()
    assert info.value.status_message == "Bad manifest. (INVALID_MANIFEST)"
    processor = stream_processor_handle(stubbed.rk, "door", **timing)
    assert str(processor.wait().status) == "STOPPED"

    assert stubbed.calls == (
        ["DescribeDataset"] * 2 + ["GetMediaAnalysisJob"] * 4 + ["DescribeStreamProcessor"] * 2
    )
    assert stubbed.clock.sleeps == [1.0] + [1.0, 1.5, 2.25] + [1.0]
    stub.assert_no_pending_responses()


def test_waiting_on_a_deletion_ends_when_the_version_is_gone(stubbed: Stubbed) -> None:
    stubbed.version("DELETING")
    stubbed.stubber.add_response(
        "describe_project_versions",
        {"ProjectVersionDescriptions": []},
        {"ProjectArn": PROJECT, "VersionNames": ["v1"]},
    )
    handle = project_version_handle(
        stubbed.rk,
        VERSION,
        project_arn=PROJECT,
        poll=NO_JITTER,
        clock=stubbed.clock,
        sleep=stubbed.clock.sleep,
    )
    with pytest.raises(ResourceNotFoundException, match="does not exist"):
        handle.wait()
    assert handle.goal is not None and handle.goal.name == "delete"
    assert stubbed.clock.sleeps == [1.0]
