"""Custom Labels, dataset, media analysis and stream processor lifecycles, every status observed
through a plain boto3 client (in-process and over HTTP) on a manual clock."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from rekog.local import LocalRekognition, ManualClock, make_face_image
from rekog.models import (
    DescribeDatasetResponse,
    DescribeProjectsResponse,
    DescribeProjectVersionsResponse,
    DescribeStreamProcessorResponse,
    GetMediaAnalysisJobResponse,
    ListMediaAnalysisJobsResponse,
)

from .helpers import error_code

BUCKET = "training-bucket"
OUTPUT = {"S3Bucket": "model-output", "S3KeyPrefix": "models"}


def manifest(*labels: str, extra: dict[str, Any] | None = None) -> bytes:
    """A Ground Truth classification manifest: one image per label."""
    lines = []
    for index, label in enumerate(labels):
        line: dict[str, Any] = {
            "source-ref": f"s3://{BUCKET}/images/{index}.png",
            "class": 1,
            "class-metadata": {"class-name": label, "type": "groundtruth/image-classification"},
        }
        lines.append(json.dumps(line))
    if extra is not None:
        lines.append(json.dumps({"source-ref": f"s3://{BUCKET}/images/x.png", **extra}))
    return "\n".join(lines).encode()


def put(emulator: LocalRekognition, key: str, data: bytes) -> dict[str, str]:
    emulator.backend.put_object(BUCKET, key, data)
    return {"Bucket": BUCKET, "Name": key}


def version_of(client: Any, project_arn: str, arn: str) -> dict[str, Any]:
    response = client.describe_project_versions(ProjectArn=project_arn)
    DescribeProjectVersionsResponse.from_response(response)  # the typed model accepts it
    (found,) = [v for v in response["ProjectVersionDescriptions"] if v["ProjectVersionArn"] == arn]
    return found


def dataset_of(client: Any, arn: str) -> dict[str, Any]:
    response = client.describe_dataset(DatasetArn=arn)
    DescribeDatasetResponse.from_response(response)
    description: dict[str, Any] = response["DatasetDescription"]
    return description


def test_custom_labels_lifecycle_through_every_status(
    rekognition: Any, emulator: LocalRekognition, clock: ManualClock
) -> None:
    client = rekognition
    project = client.create_project(ProjectName="pets")["ProjectArn"]
    assert project.startswith("arn:aws:rekognition:us-east-1:123456789012:project/pets/")
    assert error_code(client.create_project, ProjectName="pets") == "ResourceInUseException"

    source = put(emulator, "train.manifest", manifest("cat", "dog", "cat", "dog", "cat"))
    train = client.create_dataset(
        ProjectArn=project,
        DatasetType="TRAIN",
        DatasetSource={"GroundTruthManifest": {"S3Object": source}},
    )["DatasetArn"]
    assert "/dataset/train/" in train
    assert dataset_of(client, train)["Status"] == "CREATE_IN_PROGRESS"
    assert error_code(client.list_dataset_entries, DatasetArn=train) == "ResourceNotReadyException"
    assert (
        error_code(client.create_dataset, ProjectArn=project, DatasetType="TRAIN")
        == "ResourceAlreadyExistsException"
    )
    clock.advance(2)
    created = dataset_of(client, train)
    assert created["Status"] == "CREATE_COMPLETE"
    assert created["StatusMessageCode"] == "SUCCESS"
    assert created["DatasetStats"] == {
        "LabeledEntries": 5,
        "TotalEntries": 5,
        "TotalLabels": 2,
        "ErrorEntries": 0,
    }
    labels = client.list_dataset_labels(DatasetArn=train)["DatasetLabelDescriptions"]
    assert [(d["LabelName"], d["LabelStats"]["EntryCount"]) for d in labels] == [
        ("cat", 3),
        ("dog", 2),
    ]
    first = client.list_dataset_entries(DatasetArn=train, MaxResults=2)
    rest = client.list_dataset_entries(DatasetArn=train, NextToken=first["NextToken"])
    assert len(first["DatasetEntries"]) + len(rest["DatasetEntries"]) == 5
    assert "NextToken" not in rest
    dogs = client.list_dataset_entries(DatasetArn=train, ContainsLabels=["dog"])
    assert len(dogs["DatasetEntries"]) == 2

    # Training: from the project's datasets.
    arn = client.create_project_version(ProjectArn=project, VersionName="v1", OutputConfig=OUTPUT)[
        "ProjectVersionArn"
    ]
    assert arn.startswith(project.rsplit("/", 1)[0] + "/version/v1/")
    assert version_of(client, project, arn)["Status"] == "TRAINING_IN_PROGRESS"
    assert (
        error_code(client.start_project_version, ProjectVersionArn=arn, MinInferenceUnits=1)
        == "ResourceInUseException"
    )
    assert (
        error_code(
            client.create_project_version, ProjectArn=project, VersionName="v1", OutputConfig=OUTPUT
        )
        == "ResourceInUseException"
    )
    clock.advance(2)
    trained = version_of(client, project, arn)
    assert trained["Status"] == "TRAINING_COMPLETED"
    assert 0.85 <= trained["EvaluationResult"]["F1Score"] <= 0.99
    summary = trained["EvaluationResult"]["Summary"]["S3Object"]
    assert summary["Bucket"] == "model-output" and summary["Name"].startswith("models/")
    evaluation = json.loads(emulator.backend.object_store.read(summary["Bucket"], summary["Name"]))
    assert evaluation["EvaluationDetails"]["Labels"] == ["cat", "dog"]
    manifest_summary = trained["ManifestSummary"]["S3Object"]
    assert emulator.backend.object_store.read(manifest_summary["Bucket"], manifest_summary["Name"])
    assert trained["BillableTrainingTimeInSeconds"] == 2

    # Hosting.
    started = client.start_project_version(ProjectVersionArn=arn, MinInferenceUnits=1)
    assert started["Status"] == "STARTING"
    assert version_of(client, project, arn)["Status"] == "STARTING"
    clock.advance(2)
    running = version_of(client, project, arn)
    assert running["Status"] == "RUNNING" and running["MinInferenceUnits"] == 1
    assert (
        error_code(client.delete_project_version, ProjectVersionArn=arn) == "ResourceInUseException"
    )
    assert client.stop_project_version(ProjectVersionArn=arn)["Status"] == "STOPPING"
    assert version_of(client, project, arn)["Status"] == "STOPPING"
    assert (
        error_code(client.stop_project_version, ProjectVersionArn=arn) == "ResourceInUseException"
    )
    clock.advance(2)
    assert version_of(client, project, arn)["Status"] == "STOPPED"

    # Copying into another project.
    other = client.create_project(ProjectName="pets-prod")["ProjectArn"]
    copy = client.copy_project_version(
        SourceProjectArn=project,
        SourceProjectVersionArn=arn,
        DestinationProjectArn=other,
        VersionName="v1-copy",
        OutputConfig=OUTPUT,
    )["ProjectVersionArn"]
    copying = version_of(client, other, copy)
    assert copying["Status"] == "COPYING_IN_PROGRESS"
    assert copying["SourceProjectVersionArn"] == arn
    clock.advance(2)
    copied = version_of(client, other, copy)
    assert copied["Status"] == "COPYING_COMPLETED"
    assert copied["EvaluationResult"] == trained["EvaluationResult"]

    projects = client.describe_projects()
    DescribeProjectsResponse.from_response(projects)
    assert [p["ProjectArn"] for p in projects["ProjectDescriptions"]] == [other, project]
    (pets,) = client.describe_projects(ProjectNames=["pets"])["ProjectDescriptions"]
    assert [(d["DatasetType"], d["Status"]) for d in pets["Datasets"]] == [
        ("TRAIN", "CREATE_COMPLETE")
    ]

    # Deleting: versions first, then the project.
    assert error_code(client.delete_project, ProjectArn=project) == "ResourceInUseException"
    assert client.delete_project_version(ProjectVersionArn=arn)["Status"] == "DELETING"
    assert client.delete_project(ProjectArn=project)["Status"] == "DELETING"
    assert error_code(client.describe_project_versions, ProjectArn=project) == (
        "ResourceNotFoundException"
    )
    assert error_code(client.describe_dataset, DatasetArn=train) == "ResourceNotFoundException"
    assert (
        error_code(client.start_project_version, ProjectVersionArn=arn, MinInferenceUnits=1)
        == "ResourceNotFoundException"
    )


def test_training_copying_and_hosting_failures_carry_their_message(
    rekognition: Any, emulator: LocalRekognition, clock: ManualClock
) -> None:
    client = rekognition
    project = client.create_project(ProjectName="failures")["ProjectArn"]
    declared = put(
        emulator, "bad.manifest", manifest("cat", extra={"rekog:fail": "Too few images per label."})
    )
    data = {"Assets": [{"GroundTruthManifest": {"S3Object": declared}}]}
    failing = client.create_project_version(
        ProjectArn=project,
        VersionName="declared",
        OutputConfig=OUTPUT,
        TrainingData=data,
        TestingData={"AutoCreate": True},
    )["ProjectVersionArn"]
    missing = {
        "Assets": [{"GroundTruthManifest": {"S3Object": {"Bucket": BUCKET, "Name": "nope"}}}]
    }
    unreadable = client.create_project_version(
        ProjectArn=project, VersionName="missing", OutputConfig=OUTPUT, TrainingData=missing
    )["ProjectVersionArn"]
    good = put(emulator, "good.manifest", manifest("cat", "dog"))
    hosting = client.create_project_version(
        ProjectArn=project,
        VersionName="hosting",
        OutputConfig=OUTPUT,
        TrainingData={"Assets": [{"GroundTruthManifest": {"S3Object": good}}]},
        TestingData={"AutoCreate": True},
        Tags={"rekog:fail-hosting": "Not enough inference capacity."},
    )["ProjectVersionArn"]
    clock.advance(2)

    failed = version_of(client, project, failing)
    assert failed["Status"] == "TRAINING_FAILED"
    assert failed["StatusMessage"] == "Too few images per label."
    assert "EvaluationResult" not in failed and "ManifestSummary" in failed
    assert failed["TrainingDataResult"]["Input"] == data
    not_read = version_of(client, project, unreadable)
    assert not_read["Status"] == "TRAINING_FAILED"
    assert f"s3://{BUCKET}/nope could not be read" in not_read["StatusMessage"]
    assert (
        error_code(client.start_project_version, ProjectVersionArn=failing, MinInferenceUnits=1)
        == "ResourceInUseException"
    )

    assert version_of(client, project, hosting)["Status"] == "TRAINING_COMPLETED"
    client.start_project_version(ProjectVersionArn=hosting, MinInferenceUnits=1)
    clock.advance(2)
    down = version_of(client, project, hosting)
    assert (down["Status"], down["StatusMessage"]) == ("FAILED", "Not enough inference capacity.")

    copy = client.copy_project_version(
        SourceProjectArn=project,
        SourceProjectVersionArn=hosting,
        DestinationProjectArn=project,
        VersionName="copy",
        OutputConfig=OUTPUT,
        Tags={"rekog:fail-copying": "The destination bucket is not accessible."},
    )["ProjectVersionArn"]
    assert version_of(client, project, copy)["Status"] == "COPYING_IN_PROGRESS"
    clock.advance(2)
    copy_failed = version_of(client, project, copy)
    assert copy_failed["Status"] == "COPYING_FAILED"
    assert copy_failed["StatusMessage"] == "The destination bucket is not accessible."


def test_dataset_updates_failures_and_distribution(
    rekognition: Any, emulator: LocalRekognition, clock: ManualClock
) -> None:
    client = rekognition
    project = client.create_project(ProjectName="datasets")["ProjectArn"]
    assert (
        error_code(
            client.create_dataset,
            ProjectArn=project,
            DatasetType="TRAIN",
            DatasetSource={"GroundTruthManifest": {"S3Object": {"Bucket": BUCKET, "Name": "no"}}},
        )
        == "InvalidS3ObjectException"
    )
    junk = put(emulator, "junk.manifest", b'not json\n{"no-source": 1}\n')
    broken = client.create_dataset(
        ProjectArn=project,
        DatasetType="TEST",
        DatasetSource={"GroundTruthManifest": {"S3Object": junk}},
    )["DatasetArn"]
    clock.advance(2)
    failed = dataset_of(client, broken)
    assert failed["Status"] == "CREATE_FAILED"
    assert failed["StatusMessageCode"] == "CLIENT_ERROR"
    assert failed["StatusMessage"] == "The manifest file contains no valid JSON lines."
    client.delete_dataset(DatasetArn=broken)

    train = client.create_dataset(ProjectArn=project, DatasetType="TRAIN")["DatasetArn"]
    changes = {"GroundTruth": manifest(*["cat", "dog"] * 5)}
    assert (
        error_code(client.update_dataset_entries, DatasetArn=train, Changes=changes)
        == "ResourceInUseException"
    )
    clock.advance(2)
    assert dataset_of(client, train)["DatasetStats"]["TotalEntries"] == 0
    client.update_dataset_entries(DatasetArn=train, Changes=changes)
    assert dataset_of(client, train)["Status"] == "UPDATE_IN_PROGRESS"
    clock.advance(2)
    updated = dataset_of(client, train)
    assert updated["Status"] == "UPDATE_COMPLETE"
    assert updated["DatasetStats"]["TotalEntries"] == 10

    bad = {"GroundTruth": manifest("cat", extra={"rekog:fail": "Invalid bounding box."})}
    client.update_dataset_entries(DatasetArn=train, Changes=bad)
    clock.advance(2)
    rejected = dataset_of(client, train)
    assert (rejected["Status"], rejected["StatusMessage"]) == (
        "UPDATE_FAILED",
        "Invalid bounding box.",
    )
    assert rejected["DatasetStats"]["TotalEntries"] == 10  # a failed update changes nothing

    test = client.create_dataset(ProjectArn=project, DatasetType="TEST")["DatasetArn"]
    pair = [{"Arn": train}, {"Arn": test}]
    assert (
        error_code(client.distribute_dataset_entries, Datasets=pair) == "ResourceNotReadyException"
    )
    clock.advance(2)
    client.distribute_dataset_entries(Datasets=pair)
    assert (
        dataset_of(client, train)["Status"]
        == dataset_of(client, test)["Status"]
        == "UPDATE_IN_PROGRESS"
    )
    clock.advance(2)
    after_train, after_test = dataset_of(client, train), dataset_of(client, test)
    assert after_train["Status"] == after_test["Status"] == "UPDATE_COMPLETE"
    assert after_train["DatasetStats"]["TotalEntries"] == 8
    assert after_test["DatasetStats"]["TotalEntries"] == 2


def test_media_analysis_job_reads_the_manifest_and_writes_results(
    rekognition: Any, emulator: LocalRekognition, clock: ManualClock
) -> None:
    client = rekognition
    put(emulator, "images/a.png", make_face_image("alice"))
    put(emulator, "images/b.png", make_face_image("bob"))
    put(emulator, "images/broken.png", b"not an image")
    lines = [
        {"source-ref": f"s3://{BUCKET}/images/a.png"},
        {"source-ref": f"s3://{BUCKET}/images/b.png"},
        {"source-ref": f"s3://{BUCKET}/images/broken.png"},
    ]
    source = put(
        emulator, "bulk.jsonl", "\n".join(json.dumps(x) for x in lines).encode() + b"\nnope\n"
    )
    request = {
        "OperationsConfig": {"DetectModerationLabels": {"MinConfidence": 60}},
        "Input": {"S3Object": source},
        "OutputConfig": {"S3Bucket": "bulk-output", "S3KeyPrefix": "runs"},
        "JobName": "nightly",
        "ClientRequestToken": "token-1",
    }
    job_id = client.start_media_analysis_job(**request)["JobId"]
    assert client.start_media_analysis_job(**request)["JobId"] == job_id  # idempotent
    running = client.get_media_analysis_job(JobId=job_id)
    GetMediaAnalysisJobResponse.from_response(running)
    assert running["Status"] == "IN_PROGRESS" and "Results" not in running
    clock.advance(2)
    done = client.get_media_analysis_job(JobId=job_id)
    assert done["Status"] == "SUCCEEDED" and done["JobName"] == "nightly"
    assert done["Results"]["ModelVersions"]["Moderation"]
    results = done["Results"]["S3Object"]
    assert results["Name"] == f"runs/{job_id}/results.jsonl"
    written = emulator.backend.object_store.read("bulk-output", results["Name"]).splitlines()
    assert [json.loads(line)["source-ref"] for line in written] == [
        f"s3://{BUCKET}/images/a.png",
        f"s3://{BUCKET}/images/b.png",
    ]
    assert all(
        "ModerationLabels" in json.loads(line)["detect-moderation-labels"] for line in written
    )
    summary = json.loads(
        emulator.backend.object_store.read(
            "bulk-output", done["ManifestSummary"]["S3Object"]["Name"]
        )
    )
    assert summary["statistics"] == {
        "total-json-lines": 4,
        "valid-json-lines": 2,
        "invalid-json-lines": 2,
    }
    assert [error["line-number"] for error in summary["errors"]] == [3, 4]

    missing = dict(request, Input={"S3Object": {"Bucket": BUCKET, "Name": "none"}})
    del missing["ClientRequestToken"]
    failed_id = client.start_media_analysis_job(**missing)["JobId"]
    clock.advance(2)
    failed = client.get_media_analysis_job(JobId=failed_id)
    assert failed["Status"] == "FAILED"
    assert failed["FailureDetails"]["Code"] == "INVALID_S3_OBJECT"
    assert failed["FailureDetails"]["Message"].startswith("Unable to get object metadata")

    listed = client.list_media_analysis_jobs(MaxResults=1)
    ListMediaAnalysisJobsResponse.from_response(listed)
    assert [j["JobId"] for j in listed["MediaAnalysisJobs"]] == [failed_id]  # newest first
    rest = client.list_media_analysis_jobs(NextToken=listed["NextToken"])
    assert [j["JobId"] for j in rest["MediaAnalysisJobs"]] == [job_id]
    assert error_code(client.get_media_analysis_job, JobId="unknown") == "ResourceNotFoundException"


STREAM = {
    "Input": {
        "KinesisVideoStream": {"Arn": "arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam/1"}
    },
    "Output": {"KinesisDataStream": {"Arn": "arn:aws:kinesis:us-east-1:123456789012:stream/out"}},
    "Settings": {"ConnectedHome": {"Labels": ["PERSON"]}},
    "RoleArn": "arn:aws:iam::123456789012:role/rekognition",
}


def test_stream_processor_lifecycle_through_every_status(
    rekognition: Any, clock: ManualClock
) -> None:
    client = rekognition
    arn = client.create_stream_processor(Name="door", **STREAM)["StreamProcessorArn"]
    assert arn == "arn:aws:rekognition:us-east-1:123456789012:streamprocessor/door"
    assert (
        error_code(client.create_stream_processor, Name="door", **STREAM)
        == "ResourceInUseException"
    )

    def status() -> str:
        response = client.describe_stream_processor(Name="door")
        DescribeStreamProcessorResponse.from_response(response)
        return str(response["Status"])

    assert status() == "STOPPED"
    assert error_code(client.stop_stream_processor, Name="door") == "ResourceInUseException"
    assert client.start_stream_processor(Name="door")["SessionId"]
    assert status() == "STARTING"
    assert error_code(client.delete_stream_processor, Name="door") == "ResourceInUseException"
    clock.advance(2)
    assert status() == "RUNNING"
    assert error_code(client.start_stream_processor, Name="door") == "ResourceInUseException"
    client.stop_stream_processor(Name="door")
    assert status() == "STOPPING"
    clock.advance(2)
    assert status() == "STOPPED"

    client.create_stream_processor(
        Name="broken", Tags={"rekog:fail-start": "Kinesis stream not found."}, **STREAM
    )
    client.start_stream_processor(Name="broken")
    clock.advance(2)
    broken = client.describe_stream_processor(Name="broken")
    assert (broken["Status"], broken["StatusMessage"]) == ("FAILED", "Kinesis stream not found.")
    described = client.describe_stream_processor(Name="door")
    assert described["Settings"] == STREAM["Settings"] and described["RoleArn"] == STREAM["RoleArn"]

    first = client.list_stream_processors(MaxResults=1)
    rest = client.list_stream_processors(NextToken=first["NextToken"])
    assert first["StreamProcessors"] + rest["StreamProcessors"] == [
        {"Name": "door", "Status": "STOPPED"},
        {"Name": "broken", "Status": "FAILED"},
    ]
    client.delete_stream_processor(Name="door")
    assert error_code(client.describe_stream_processor, Name="door") == "ResourceNotFoundException"


def test_lifecycles_continue_across_a_restart(tmp_path: Path) -> None:
    clock = ManualClock()
    data = tmp_path / "state.db"
    with LocalRekognition(clock=clock, data=data, lifecycle_seconds=5) as local:
        client = local.client()
        project = client.create_project(ProjectName="kept")["ProjectArn"]
        local.backend.put_object(BUCKET, "m", manifest("cat", "dog"))
        data_given = {
            "Assets": [{"GroundTruthManifest": {"S3Object": {"Bucket": BUCKET, "Name": "m"}}}]
        }
        arn = client.create_project_version(
            ProjectArn=project, VersionName="v", OutputConfig=OUTPUT, TrainingData=data_given
        )["ProjectVersionArn"]
        client.create_stream_processor(Name="kept", **STREAM)
        client.start_stream_processor(Name="kept")
    clock.advance(5)
    with LocalRekognition(clock=clock, data=data, lifecycle_seconds=5) as local:
        client = local.client()
        assert version_of(client, project, arn)["Status"] == "TRAINING_COMPLETED"
        assert client.describe_stream_processor(Name="kept")["Status"] == "RUNNING"


def test_update_changes_are_base64_on_the_wire(
    emulator: LocalRekognition, clock: ManualClock
) -> None:
    # The backend accepts GroundTruth as base64 text, as the JSON protocol sends it.
    project = emulator.call("CreateProject", ProjectName="wire")["ProjectArn"]
    train = emulator.call("CreateDataset", ProjectArn=project, DatasetType="TRAIN")["DatasetArn"]
    clock.advance(2)
    blob = base64.b64encode(manifest("cat")).decode()
    emulator.call("UpdateDatasetEntries", DatasetArn=train, Changes={"GroundTruth": blob})
    clock.advance(2)
    stats = emulator.call("DescribeDataset", DatasetArn=train)["DatasetDescription"]["DatasetStats"]
    assert stats["TotalEntries"] == 1


def test_limits_and_project_filters(emulator: LocalRekognition, clock: ManualClock) -> None:
    for index in range(20):
        emulator.call("CreateStreamProcessor", Name=f"sp{index}", **STREAM)
    assert error_code(emulator.client().create_stream_processor, Name="sp20", **STREAM) == (
        "LimitExceededException"
    )

    project = emulator.call("CreateProject", ProjectName="many")["ProjectArn"]
    emulator.call("CreateProject", ProjectName="moderation", Feature="CONTENT_MODERATION")
    put(emulator, "m", manifest("cat", "dog"))
    data = {"Assets": [{"GroundTruthManifest": {"S3Object": {"Bucket": BUCKET, "Name": "m"}}}]}
    arns = [
        emulator.call(
            "CreateProjectVersion",
            ProjectArn=project,
            VersionName=f"v{index}",
            OutputConfig=OUTPUT,
            TrainingData=data,
        )["ProjectVersionArn"]
        for index in range(11)
    ]
    clock.advance(2)
    for arn in arns[:10]:
        emulator.call("StartProjectVersion", ProjectVersionArn=arn, MinInferenceUnits=1)
    client = emulator.client()
    assert (
        error_code(client.start_project_version, ProjectVersionArn=arns[10], MinInferenceUnits=1)
        == "LimitExceededException"
    )

    page = client.describe_project_versions(ProjectArn=project, MaxResults=4)
    assert len(page["ProjectVersionDescriptions"]) == 4 and page["NextToken"]
    named = client.describe_project_versions(ProjectArn=project, VersionNames=["v3"])
    assert [v["ProjectVersionArn"] for v in named["ProjectVersionDescriptions"]] == [arns[3]]
    moderation = client.describe_projects(Features=["CONTENT_MODERATION"])["ProjectDescriptions"]
    assert [p["Feature"] for p in moderation] == ["CONTENT_MODERATION"]
    first = client.describe_projects(MaxResults=1)
    assert client.describe_projects(NextToken=first["NextToken"])["ProjectDescriptions"]
    assert (
        error_code(client.describe_projects, NextToken=first["NextToken"], ProjectNames=["many"])
        == "InvalidPaginationTokenException"
    )
