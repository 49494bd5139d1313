"""Every handle against the emulator: every status, failures with the service's message,
the deadline, typed media analysis results, and resuming in a second process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from support.custom_labels import STREAM, ground_truth, manifest

from rekog import Rekognition
from rekog.errors import JobFailedError, OperationFailedError
from rekog.jobs import PollPolicy
from rekog.jobs.long_running import MediaAnalysisResult
from rekog.local import LocalRekognition, ManualClock, make_face_image, serve
from rekog.models import DetectModerationLabelsResponse
from rekog.retry import RetryPolicy

BUCKET = "handles-bucket"
OUTPUT = {"S3Bucket": "handles-output", "S3KeyPrefix": "out"}
FAST = PollPolicy(initial=0.02, multiplier=1.5, maximum=0.1, jitter=0.0)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def local(clock: ManualClock) -> Iterator[LocalRekognition]:
    with LocalRekognition(clock=clock, lifecycle_seconds=2) as emulator:
        yield emulator


@pytest.fixture
def rk(local: LocalRekognition) -> Rekognition:
    return Rekognition(client=local.client(), retry=RetryPolicy.none())


def training_data(local: LocalRekognition, key: str, data: bytes) -> dict[str, Any]:
    local.backend.put_object(BUCKET, key, data)
    return ground_truth(BUCKET, key)


def test_model_version_handles_through_training_hosting_and_copying(
    rk: Rekognition, local: LocalRekognition, clock: ManualClock
) -> None:
    project = rk.create_project(project_name="pets").project_arn
    assert project is not None
    training = rk.jobs.create_project_version(
        project_arn=project,
        version_name="v1",
        output_config=OUTPUT,
        training_data=training_data(local, "m", manifest(BUCKET, "cat", "dog")),
        testing_data={"AutoCreate": True},
    )
    assert training.status() == "TRAINING_IN_PROGRESS" and not training.done()
    assert training.goal is not None and training.goal.name == "training"
    clock.advance(2)
    trained = training.wait()
    assert str(trained.status) == "TRAINING_COMPLETED"
    assert training.evaluation_result is not None
    assert training.evaluation_result.f1_score is not None
    assert training.manifest_summary is not None and training.manifest_summary.s3_object is not None
    summary = training.evaluation_summary(local.backend.object_store)
    assert summary["EvaluationDetails"]["Labels"] == ["cat", "dog"]

    hosting = rk.jobs.start_project_version(project_version_arn=training.arn, min_inference_units=1)
    assert hosting.status() == "STARTING"
    clock.advance(2)
    assert str(hosting.wait().status) == "RUNNING"

    stopping = rk.jobs.stop_project_version(project_version_arn=training.arn, project_arn=project)
    assert stopping.status() == "STOPPING"
    clock.advance(2)
    assert str(stopping.wait().status) == "STOPPED"

    copying = rk.jobs.copy_project_version(
        source_project_arn=project,
        source_project_version_arn=training.arn,
        destination_project_arn=project,
        version_name="v1-copy",
        output_config=OUTPUT,
    )
    assert copying.status() == "COPYING_IN_PROGRESS"
    clock.advance(2)
    copied = copying.wait()
    assert str(copied.status) == "COPYING_COMPLETED"
    assert copied.source_project_version_arn == training.arn
    assert copying.evaluation_result == training.evaluation_result

    # Attaching by ARN alone: a settled version returns at once.
    attached = rk.jobs.project_version(training.arn)
    assert str(attached.wait(timeout=0).status) == "STOPPED"


def test_failures_raise_with_the_service_message(
    rk: Rekognition, local: LocalRekognition, clock: ManualClock
) -> None:
    project = rk.create_project(project_name="broken").project_arn
    assert project is not None
    failing = rk.jobs.create_project_version(
        project_arn=project,
        version_name="v1",
        output_config=OUTPUT,
        training_data=training_data(
            local, "bad", manifest(BUCKET, "cat", fail="Not enough images.")
        ),
        testing_data={"AutoCreate": True},
    )
    hosting_fails = rk.jobs.create_project_version(
        project_arn=project,
        version_name="v2",
        output_config=OUTPUT,
        training_data=training_data(local, "good", manifest(BUCKET, "cat", "dog")),
        testing_data={"AutoCreate": True},
        tags={"rekog:fail-hosting": "No capacity."},
    )
    clock.advance(2)
    with pytest.raises(OperationFailedError) as info:
        failing.wait()
    # The general error, not the video jobs' kind of it.
    assert not isinstance(info.value, JobFailedError)
    assert (info.value.status, info.value.status_message) == (
        "TRAINING_FAILED",
        "Not enough images.",
    )
    assert info.value.identifier == failing.arn

    hosting_fails.wait()
    starting = rk.jobs.start_project_version(
        project_version_arn=hosting_fails.arn, min_inference_units=1
    )
    clock.advance(2)
    with pytest.raises(OperationFailedError, match="No capacity.") as hosting_error:
        starting.wait()
    assert hosting_error.value.status == "FAILED"

    copy = rk.jobs.copy_project_version(
        source_project_arn=project,
        source_project_version_arn=hosting_fails.arn,
        destination_project_arn=project,
        version_name="v3",
        output_config=OUTPUT,
        tags={"rekog:fail-copying": "Access denied to the output bucket."},
    )
    clock.advance(2)
    with pytest.raises(OperationFailedError, match="Access denied") as copy_error:
        copy.wait()
    assert copy_error.value.status == "COPYING_FAILED"

    local.backend.put_object(BUCKET, "junk", b"not json")
    dataset = rk.jobs.create_dataset(
        project_arn=project,
        dataset_type="TRAIN",
        dataset_source={"GroundTruthManifest": {"S3Object": {"Bucket": BUCKET, "Name": "junk"}}},
    )
    assert dataset.status() == "CREATE_IN_PROGRESS"
    clock.advance(2)
    with pytest.raises(OperationFailedError) as dataset_error:
        dataset.wait()
    assert dataset_error.value.status == "CREATE_FAILED"
    assert dataset_error.value.status_message == (
        "The manifest file contains no valid JSON lines. (CLIENT_ERROR)"
    )

    rk.create_stream_processor(name="cam", tags={"rekog:fail-start": "Stream not found."}, **STREAM)
    processor = rk.jobs.start_stream_processor(name="cam")
    assert processor.status() == "STARTING" and processor.session_id
    clock.advance(2)
    with pytest.raises(OperationFailedError, match="Stream not found.") as stream_error:
        processor.wait()
    assert stream_error.value.resource == "stream processor"


def test_dataset_handles_create_update_and_distribute(
    rk: Rekognition, local: LocalRekognition, clock: ManualClock
) -> None:
    project = rk.create_project(project_name="data").project_arn
    assert project is not None
    train = rk.jobs.create_dataset(project_arn=project, dataset_type="TRAIN")
    test = rk.jobs.create_dataset(project_arn=project, dataset_type="TEST")
    assert train.status() == "CREATE_IN_PROGRESS"
    clock.advance(2)
    assert str(train.wait().status) == "CREATE_COMPLETE" and test.done()

    update = rk.jobs.update_dataset_entries(
        dataset_arn=train.arn, changes={"GroundTruth": manifest(BUCKET, *["cat", "dog"] * 5)}
    )
    assert update.status() == "UPDATE_IN_PROGRESS"
    clock.advance(2)
    updated = update.wait()
    assert str(updated.status) == "UPDATE_COMPLETE"
    assert updated.dataset_stats is not None and updated.dataset_stats.total_entries == 10

    failing = rk.jobs.update_dataset_entries(
        dataset_arn=train.arn, changes={"GroundTruth": manifest(BUCKET, "cat", fail="Bad label.")}
    )
    clock.advance(2)
    with pytest.raises(OperationFailedError, match="Bad label.") as info:
        failing.wait()
    assert info.value.status == "UPDATE_FAILED"

    distribution = rk.jobs.distribute_dataset_entries(
        datasets=[{"Arn": train.arn}, {"Arn": test.arn}]
    )
    assert not distribution.done()
    clock.advance(2)
    after_train, after_test = distribution.wait()
    assert str(after_train.status) == str(after_test.status) == "UPDATE_COMPLETE"
    assert after_train.dataset_stats is not None and after_test.dataset_stats is not None
    assert (after_train.dataset_stats.total_entries, after_test.dataset_stats.total_entries) == (
        8,
        2,
    )


def media_request(bucket_objects: Any) -> dict[str, Any]:
    lines = [{"source-ref": f"s3://{BUCKET}/a.png"}, {"source-ref": f"s3://{BUCKET}/b.png"}]
    bucket_objects(BUCKET, "a.png", make_face_image("alice"))
    bucket_objects(BUCKET, "b.png", make_face_image("bob"))
    bucket_objects(BUCKET, "bulk.jsonl", "\n".join(json.dumps(x) for x in lines).encode())
    return {
        "operations_config": {"DetectModerationLabels": {"MinConfidence": 50}},
        "input": {"S3Object": {"Bucket": BUCKET, "Name": "bulk.jsonl"}},
        "output_config": {"S3Bucket": "handles-output", "S3KeyPrefix": "bulk"},
    }


def test_media_analysis_job_results_are_typed_and_streamed(
    rk: Rekognition, local: LocalRekognition, clock: ManualClock
) -> None:
    job = rk.jobs.start_media_analysis_job(
        job_name="nightly", **media_request(local.backend.put_object)
    )
    assert job.status() == "IN_PROGRESS" and job.results_location is None
    clock.advance(2)
    final = job.wait()
    assert str(final.status) == "SUCCEEDED" and final.job_name == "nightly"
    assert job.results_location is not None
    assert job.results_location.name == f"bulk/{job.job_id}/results.jsonl"
    results = list(job.results(s3=local.backend.object_store))
    assert [r.source_ref for r in results] == [f"s3://{BUCKET}/a.png", f"s3://{BUCKET}/b.png"]
    assert all(isinstance(r, MediaAnalysisResult) for r in results)
    assert all(isinstance(r.moderation, DetectModerationLabelsResponse) for r in results)
    summary = job.manifest_summary(s3=local.backend.object_store)
    assert summary["statistics"]["valid-json-lines"] == 2

    failing = rk.jobs.start_media_analysis_job(
        operations_config={"DetectModerationLabels": {}},
        input={"S3Object": {"Bucket": BUCKET, "Name": "missing.jsonl"}},
        output_config={"S3Bucket": "handles-output"},
    )
    clock.advance(2)
    with pytest.raises(OperationFailedError, match=r"\(INVALID_S3_OBJECT\)") as info:
        list(failing.results(s3=local.backend.object_store))
    assert info.value.resource == "media analysis job"


def test_media_analysis_results_stream_from_s3_with_a_boto3_client() -> None:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        for bucket in (BUCKET, "handles-output"):
            s3.create_bucket(Bucket=bucket)
        clock = ManualClock()
        with LocalRekognition(clock=clock, s3=s3, lifecycle_seconds=1) as local:
            rk = Rekognition(client=local.client(), retry=RetryPolicy.none())
            put = lambda bucket, key, data: s3.put_object(Bucket=bucket, Key=key, Body=data)  # noqa: E731
            job = rk.jobs.start_media_analysis_job(**media_request(put))
            clock.advance(1)
            results = list(job.results(s3=s3))
    assert len(results) == 2 and results[0].moderation is not None
    assert results[0].moderation.moderation_model_version


def test_stream_processor_handles_start_and_stop(rk: Rekognition, clock: ManualClock) -> None:
    rk.create_stream_processor(name="door", **STREAM)
    starting = rk.jobs.start_stream_processor(name="door")
    assert starting.status() == "STARTING"
    clock.advance(2)
    assert str(starting.wait().status) == "RUNNING"
    stopping = rk.jobs.stop_stream_processor(name="door")
    assert stopping.status() == "STOPPING"
    clock.advance(2)
    assert str(stopping.wait().status) == "STOPPED"
    assert str(rk.jobs.stream_processor("door").wait(timeout=0).status) == "STOPPED"


def test_wait_really_sleeps_with_the_poll_policy() -> None:
    with serve(lifecycle_seconds=0.2) as server:
        rk = Rekognition(endpoint_url=server.endpoint_url, region="us-east-1")
        rk.create_stream_processor(name="live", **STREAM)
        handle = rk.jobs.start_stream_processor(name="live", poll=FAST)
        assert str(handle.wait(timeout=20).status) == "RUNNING"


RESUME = textwrap.dedent(
    """
    import json, sys
    from rekog import Rekognition
    from rekog.errors import OperationFailedError
    from rekog.jobs import PollPolicy

    endpoint, version, job, dataset = sys.argv[1:5]
    rk = Rekognition(endpoint_url=endpoint, region="us-east-1")
    poll = PollPolicy(initial=0.05, maximum=0.2, jitter=0)
    handles = {
        "version": rk.jobs.project_version(version, poll=poll),
        "job": rk.jobs.media_analysis_job(job, poll=poll),
        "processor": rk.jobs.stream_processor("resumed", poll=poll),
        "dataset": rk.jobs.dataset(dataset, poll=poll),
    }
    print(json.dumps({name: handle.status() for name, handle in handles.items()}), flush=True)
    sys.stdin.readline()  # the parent moves the emulator's clock on
    out = {}
    for name, handle in handles.items():
        try:
            final = handle.wait(timeout=60)
            out[name] = [str(final.status), handle.goal.name]
        except OperationFailedError as error:
            out[name] = [error.status, error.status_message]
    out["f1"] = handles["version"].evaluation_result.f1_score
    print(json.dumps(out))
    """
)


def test_resume_in_a_second_process_over_http() -> None:
    clock = ManualClock()
    with serve(clock=clock, lifecycle_seconds=5) as server:
        rk = Rekognition(endpoint_url=server.endpoint_url, region="us-east-1")
        project = rk.create_project(project_name="resume").project_arn
        assert project is not None
        objects = boto3_objects(server)
        objects(BUCKET, "m", manifest(BUCKET, "cat", "dog"))
        objects(BUCKET, "junk", b"not json")
        data = {"Assets": [{"GroundTruthManifest": {"S3Object": {"Bucket": BUCKET, "Name": "m"}}}]}
        version = rk.jobs.create_project_version(
            project_arn=project, version_name="v", output_config=OUTPUT, training_data=data
        )
        job = rk.jobs.start_media_analysis_job(**media_request(objects))
        rk.create_stream_processor(name="resumed", **STREAM)
        rk.jobs.start_stream_processor(name="resumed")
        dataset = rk.jobs.create_dataset(
            project_arn=project,
            dataset_type="TRAIN",
            dataset_source={
                "GroundTruthManifest": {"S3Object": {"Bucket": BUCKET, "Name": "junk"}}
            },
        )
        argv = [server.endpoint_url, version.arn, job.job_id, dataset.arn]
        with subprocess.Popen(
            [sys.executable, "-c", RESUME, *argv],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as child:
            assert child.stdout is not None and child.stdin is not None
            seen = json.loads(child.stdout.readline() or "null")
            clock.advance(5)
            out, errors = child.communicate("go\n", timeout=120)
    assert child.returncode == 0, errors
    assert seen == {
        "version": "TRAINING_IN_PROGRESS",
        "job": "IN_PROGRESS",
        "processor": "STARTING",
        "dataset": "CREATE_IN_PROGRESS",
    }
    final = json.loads(out)
    assert final["version"] == ["TRAINING_COMPLETED", "training"]
    assert final["f1"] > 0.8
    assert final["job"] == ["SUCCEEDED", "job"]
    assert final["processor"] == ["RUNNING", "start"]
    assert final["dataset"] == [
        "CREATE_FAILED",
        "The manifest file contains no valid JSON lines. (CLIENT_ERROR)",
    ]


def boto3_objects(server: Any) -> Any:
    """Put objects into the served emulator's built-in object store."""
    return server.emulator.backend.put_object
