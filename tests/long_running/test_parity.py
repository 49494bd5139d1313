"""Every long-running behaviour once, run on both clients (``clients``: sync and async).

The emulator is served over HTTP on 127.0.0.1 with a manual clock; handles wait on that
clock, which their (fake) sleeps advance: no test sleeps for real or reads the wall clock.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from support.custom_labels import STREAM, ground_truth, manifest
from support.fake_time import FakeTime
from support.flavours import Clients, on_clock
from support.stub_server import Reply, StubServer

from rekog import InvalidRequestError
from rekog.errors import OperationFailedError, OperationTimeoutError
from rekog.jobs import PollPolicy
from rekog.jobs.long_running import MediaAnalysisResult
from rekog.local import ManualClock, make_face_image, serve
from rekog.local.emulator import LocalServer
from rekog.models import DetectModerationLabelsResponse
from rekog.retry import RetryPolicy

BUCKET = "parity-bucket"
OUTPUT = {"S3Bucket": "parity-output", "S3KeyPrefix": "out"}
NO_JITTER = PollPolicy(initial=1.0, multiplier=1.5, maximum=30.0, jitter=0.0)


class Served:
    """The emulator over HTTP, its manual clock, and a way to put objects in its store."""

    def __init__(self, server: LocalServer, clock: ManualClock, clients: Clients) -> None:
        self.server = server
        self.clock = clock
        self.clients = clients
        self.sleeps: list[float] = []
        self.store = server.emulator.backend.object_store

    def client(self) -> Any:
        """A fresh client of the test's flavour (another process, as far as rekog knows)."""
        return self.clients(
            endpoint_url=self.server.endpoint_url, region="us-east-1", retry=RetryPolicy.none()
        )

    def put(self, bucket: str, key: str, data: bytes) -> None:
        self.server.emulator.backend.put_object(bucket, key, data)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(seconds)

    def timed(self, handle: Any) -> Any:
        """The handle, waiting on the emulator's clock (each poll sleep advances it)."""
        return on_clock(handle, self.clock.now, self.sleep)


def serving(clients: Clients, lifecycle_seconds: float) -> Iterator[Served]:
    clock = ManualClock()
    with serve(clock=clock, lifecycle_seconds=lifecycle_seconds) as server:
        yield Served(server, clock, clients)


@pytest.fixture
def served(clients: Clients) -> Iterator[Served]:
    yield from serving(clients, 2)


@pytest.fixture
def rk(served: Served) -> Any:
    return served.client()


def training_data(served: Served, key: str, data: bytes) -> dict[str, Any]:
    served.put(BUCKET, key, data)
    return ground_truth(BUCKET, key)


def new_project(rk: Any, name: str) -> str:
    arn = rk.create_project(project_name=name).project_arn
    assert arn is not None
    return str(arn)


def test_model_version_waits_to_success(rk: Any, served: Served) -> None:
    project = new_project(rk, "pets")
    training = rk.jobs.create_project_version(
        project_arn=project,
        version_name="v1",
        output_config=OUTPUT,
        training_data=training_data(served, "m", manifest(BUCKET, "cat", "dog")),
        testing_data={"AutoCreate": True},
        poll=NO_JITTER,
    )
    assert training.status() == "TRAINING_IN_PROGRESS" and not training.done()
    assert training.goal.name == "training" and training.continuation_token() == training.arn
    final = served.timed(training).wait(timeout=60)
    assert str(final.status) == "TRAINING_COMPLETED"
    assert served.sleeps == [1.0, 1.5]  # polls at 0, 1 and 2.5 (done at 2)
    assert training.last_description is final and training.done()
    assert training.evaluation_result.f1_score is not None
    summary = training.evaluation_summary(served.store)
    assert summary["EvaluationDetails"]["Labels"] == ["cat", "dog"]

    hosting = rk.jobs.start_project_version(
        project_version_arn=training.arn, min_inference_units=1, project_arn=project
    )
    assert hosting.status() == "STARTING"
    assert str(served.timed(hosting).wait().status) == "RUNNING"
    stopping = served.timed(rk.jobs.stop_project_version(project_version_arn=training.arn))
    assert str(stopping.wait().status) == "STOPPED"
    copying = rk.jobs.copy_project_version(
        source_project_arn=project,
        source_project_version_arn=training.arn,
        destination_project_arn=project,
        version_name="v1-copy",
        output_config=OUTPUT,
    )
    copied = served.timed(copying).wait()
    assert str(copied.status) == "COPYING_COMPLETED"
    assert copied.source_project_version_arn == training.arn


def test_failure_raises_operation_failed_with_the_service_message(rk: Any, served: Served) -> None:
    project = new_project(rk, "broken")
    failing = rk.jobs.create_project_version(
        project_arn=project,
        version_name="v1",
        output_config=OUTPUT,
        training_data=training_data(
            served, "bad", manifest(BUCKET, "cat", fail="Not enough images.")
        ),
        testing_data={"AutoCreate": True},
    )
    with pytest.raises(OperationFailedError) as info:
        served.timed(failing).wait()
    error = info.value
    assert (error.status, error.status_message) == ("TRAINING_FAILED", "Not enough images.")
    assert (error.identifier, error.resource) == (failing.arn, "project version")
    assert failing.done() and failing.status() == "TRAINING_FAILED"  # remembered

    rk.create_stream_processor(name="cam", tags={"rekog:fail-start": "Stream not found."}, **STREAM)
    processor = rk.jobs.start_stream_processor(name="cam")
    assert processor.session_id and processor.status() == "STARTING"
    with pytest.raises(OperationFailedError, match="Stream not found.") as stream_error:
        served.timed(processor).wait()
    assert stream_error.value.resource == "stream processor"


@pytest.fixture
def slow(clients: Clients) -> Iterator[Served]:
    yield from serving(clients, 10)


def test_timeout_then_attach_from_a_fresh_client(slow: Served) -> None:
    rk = slow.client()
    project = new_project(rk, "slow")
    handle = rk.jobs.create_project_version(
        project_arn=project,
        version_name="v",
        output_config=OUTPUT,
        training_data=training_data(slow, "m", manifest(BUCKET, "cat", "dog")),
        poll=NO_JITTER,
    )
    started = slow.clock.now()
    with pytest.raises(OperationTimeoutError) as info:
        slow.timed(handle).wait(timeout=4)
    # Polls at 0, 1, 2.5 and at the deadline 4 (the third delay, 2.25, is cut to 1.5).
    assert slow.sleeps == [1.0, 1.5, 1.5] and slow.clock.now() - started == 4.0
    error = info.value
    assert (error.waited, error.last_status) == (4.0, "TRAINING_IN_PROGRESS")
    assert isinstance(error, TimeoutError) and error.identifier == handle.continuation_token()

    # Later, from another client: attach by the identifier alone and keep waiting.
    again = slow.timed(slow.client().jobs.project_version(error.identifier, poll=NO_JITTER))
    assert str(again.wait(timeout=60).status) == "TRAINING_COMPLETED"
    assert again.goal.name == "training"  # adopted from the first status seen


def test_attach_to_every_kind_from_a_fresh_client(rk: Any, served: Served) -> None:
    project = new_project(rk, "attach")
    version = rk.jobs.create_project_version(
        project_arn=project,
        version_name="v",
        output_config=OUTPUT,
        training_data=training_data(served, "m", manifest(BUCKET, "cat", "dog")),
    )
    dataset = rk.jobs.create_dataset(project_arn=project, dataset_type="TRAIN")
    job = rk.jobs.start_media_analysis_job(**media_request(served))
    rk.create_stream_processor(name="door", **STREAM)
    rk.jobs.start_stream_processor(name="door")

    fresh = served.client().jobs
    handles = {
        "version": fresh.project_version(version.arn),
        "dataset": fresh.dataset(dataset.arn),
        "job": fresh.media_analysis_job(job.job_id),
        "processor": fresh.stream_processor("door"),
    }
    assert {name: h.status() for name, h in handles.items()} == {
        "version": "TRAINING_IN_PROGRESS",
        "dataset": "CREATE_IN_PROGRESS",
        "job": "IN_PROGRESS",
        "processor": "STARTING",
    }
    finals = {name: str(served.timed(h).wait().status) for name, h in handles.items()}
    assert finals == {
        "version": "TRAINING_COMPLETED",
        "dataset": "CREATE_COMPLETE",
        "job": "SUCCEEDED",
        "processor": "RUNNING",
    }
    assert [h.goal.name for h in handles.values()] == ["training", "create", "job", "start"]


def test_dataset_update_and_distribution_wait_for_both(rk: Any, served: Served) -> None:
    project = new_project(rk, "data")
    train = rk.jobs.create_dataset(project_arn=project, dataset_type="TRAIN")
    test = rk.jobs.create_dataset(project_arn=project, dataset_type="TEST")
    assert str(served.timed(train).wait().status) == "CREATE_COMPLETE" and test.done()
    update = rk.jobs.update_dataset_entries(
        dataset_arn=train.arn, changes={"GroundTruth": manifest(BUCKET, *["cat", "dog"] * 5)}
    )
    assert update.status() == "UPDATE_IN_PROGRESS"
    updated = served.timed(update).wait()
    assert updated.dataset_stats.total_entries == 10

    distribution = rk.jobs.distribute_dataset_entries(
        datasets=[{"Arn": train.arn}, {"Arn": test.arn}], poll=NO_JITTER
    )
    assert not distribution.done()
    served.timed(distribution.train)
    served.sleeps.clear()
    after_train, after_test = distribution.wait(timeout=60)
    assert served.sleeps == [1.0, 1.5]
    assert str(after_train.status) == str(after_test.status) == "UPDATE_COMPLETE"
    assert (after_train.dataset_stats.total_entries, after_test.dataset_stats.total_entries) == (
        8,
        2,
    )
    assert distribution.done()


def test_distribution_times_out_naming_both_datasets(rk: Any, served: Served) -> None:
    project = new_project(rk, "late")
    train = rk.jobs.create_dataset(project_arn=project, dataset_type="TRAIN")
    test = rk.jobs.create_dataset(project_arn=project, dataset_type="TEST")
    served.timed(train).wait()
    distribution = rk.jobs.distribute_dataset_entries(
        datasets=[{"Arn": train.arn}, {"Arn": test.arn}]
    )
    served.timed(distribution.train)
    with pytest.raises(OperationTimeoutError) as info:
        distribution.wait(timeout=0)
    assert info.value.identifier == f"{train.arn} + {test.arn}"
    assert info.value.last_status == "UPDATE_IN_PROGRESS"


def media_request(served: Served) -> dict[str, Any]:
    lines = [{"source-ref": f"s3://{BUCKET}/a.png"}, {"source-ref": f"s3://{BUCKET}/b.png"}]
    served.put(BUCKET, "a.png", make_face_image("alice"))
    served.put(BUCKET, "b.png", make_face_image("bob"))
    served.put(BUCKET, "bulk.jsonl", "\n".join(json.dumps(x) for x in lines).encode())
    return {
        "operations_config": {"DetectModerationLabels": {"MinConfidence": 50}},
        "input": {"S3Object": {"Bucket": BUCKET, "Name": "bulk.jsonl"}},
        "output_config": {"S3Bucket": "parity-output", "S3KeyPrefix": "bulk"},
    }


def test_media_analysis_results_are_read_typed(rk: Any, served: Served) -> None:
    job = served.timed(rk.jobs.start_media_analysis_job(job_name="n", **media_request(served)))
    assert job.status() == "IN_PROGRESS" and job.results_location is None
    results = list(job.results(timeout=60, s3=served.store))  # waits first
    assert [r.source_ref for r in results] == [f"s3://{BUCKET}/a.png", f"s3://{BUCKET}/b.png"]
    assert all(isinstance(r, MediaAnalysisResult) for r in results)
    assert all(isinstance(r.moderation, DetectModerationLabelsResponse) for r in results)
    assert job.results_location.name == f"bulk/{job.job_id}/results.jsonl"
    assert job.manifest_summary(s3=served.store)["statistics"]["valid-json-lines"] == 2

    failing = served.timed(
        rk.jobs.start_media_analysis_job(
            operations_config={"DetectModerationLabels": {}},
            input={"S3Object": {"Bucket": BUCKET, "Name": "missing.jsonl"}},
            output_config={"S3Bucket": "parity-output"},
        )
    )
    with pytest.raises(OperationFailedError, match=r"\(INVALID_S3_OBJECT\)") as info:
        list(failing.results(s3=served.store))
    assert info.value.resource == "media analysis job"


def test_media_analysis_results_stream_through_the_clients_own_s3(
    clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = ManualClock()
    with serve(clock=clock, lifecycle_seconds=1, aws_services=True) as server:
        # Both flavours create their S3 client from the session: point S3 at moto's.
        monkeypatch.setenv("AWS_ENDPOINT_URL_S3", server.endpoint_url)
        s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=server.endpoint_url)
        for bucket in (BUCKET, "parity-output"):
            s3.create_bucket(Bucket=bucket)
        served = Served(server, clock, clients)
        served.put = lambda b, k, d: s3.put_object(Bucket=b, Key=k, Body=d)  # type: ignore[method-assign]
        rk = served.client()
        job = served.timed(rk.jobs.start_media_analysis_job(**media_request(served)))
        results = list(job.results(timeout=10))
        summary = job.manifest_summary()
        if clients.flavour == "sync":
            assert list(job.results(s3=s3)) == results  # a boto3 client, given
        else:  # a boto3 client would block the event loop
            with pytest.raises(InvalidRequestError, match="aiobotocore") as info:
                list(job.results(s3=s3))
            assert info.value.parameter == "s3"
    assert [r.source_ref for r in results] == [f"s3://{BUCKET}/a.png", f"s3://{BUCKET}/b.png"]
    assert results[0].moderation is not None and results[0].moderation.moderation_model_version
    assert summary["statistics"]["valid-json-lines"] == 2


@pytest.fixture
def stub(clients: Clients) -> Iterator[tuple[Any, StubServer]]:
    with StubServer().running() as server:
        yield clients(endpoint_url=server.endpoint_url, region="us-east-1"), server


def test_a_throttled_poll_is_retried_by_the_retry_layer_not_the_poll_policy(
    clients: Clients,
) -> None:
    retry_time, poll_time = FakeTime(), FakeTime()
    policy = RetryPolicy(
        jitter=False, deadline=None, sleep=retry_time.sleep, clock=retry_time.clock
    )
    with StubServer().running() as server:
        server.script(
            Reply(body={"Name": "door", "Status": "STARTING"}),
            Reply.error("ThrottlingException"),
            Reply(body={"Name": "door", "Status": "RUNNING", "StatusMessage": "ok"}),
        )
        rk = clients(endpoint_url=server.endpoint_url, region="us-east-1", retry=policy)
        handle = on_clock(
            rk.jobs.stream_processor("door", goal="start", poll=NO_JITTER),
            poll_time.clock,
            poll_time.sleep,
        )
        final = handle.wait(timeout=60)
    assert str(final.status) == "RUNNING" and handle.status_message == "ok"
    assert server.count("DescribeStreamProcessor") == 3
    assert poll_time.sleeps == [1.0]  # one poll delay
    assert retry_time.sleeps == [0.2]  # one retry backoff, by the client's policy


VERSION = "arn:aws:rekognition:us-east-1:123456789012:project/p/version/v/1700000000000"


@pytest.mark.parametrize(
    ("call", "parameter"),
    [
        (
            lambda jobs: jobs.project_version("arn:aws:rekognition:us-east-1:1:project/p/1"),
            "project_version_arn",
        ),
        (lambda jobs: jobs.dataset("arn:x", goal="deleting"), "goal"),
        (lambda jobs: jobs.stream_processor(""), "identifier"),
        (lambda jobs: jobs.media_analysis_job("j", poll=1.0), "poll"),
        (lambda jobs: jobs.stream_processor("door").wait(timeout=math.nan), "timeout"),
        (lambda jobs: jobs.stream_processor("door").wait(timeout=-1.0), "timeout"),
        (lambda jobs: jobs.stream_processor("door").wait(timeout=math.inf), "timeout"),
        (lambda jobs: jobs.stream_processor("door").wait(poll="fast"), "poll"),
        (lambda jobs: jobs.distribute_dataset_entries(datasets=[{"Arn": "one"}]), "datasets"),
        (lambda jobs: jobs.update_dataset_entries(dataset_arn="", changes={}), "dataset_arn"),
        (lambda jobs: jobs.start_stream_processor(name="door", poll="fast"), "poll"),
        (
            lambda jobs: jobs.start_project_version(
                project_version_arn="v1", min_inference_units=1
            ),
            "project_version_arn",
        ),
        (lambda jobs: jobs.stop_project_version(ProjectVersionArn=VERSION), "project_version_arn"),
        (
            lambda jobs: jobs.create_dataset(project_arn="bad arn", dataset_type="TRAIN"),
            "project_arn",
        ),
    ],
)
def test_bad_arguments_are_rejected_before_any_request(
    stub: tuple[Any, StubServer], call: Any, parameter: str
) -> None:
    rk, server = stub
    with pytest.raises(InvalidRequestError) as info:
        call(rk.jobs)
    assert info.value.parameter == parameter
    assert server.count() == 0
