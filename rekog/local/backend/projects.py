"""Custom Labels projects and model versions.

CreateProject, DescribeProjects, DeleteProject, CreateProjectVersion, CopyProjectVersion,
StartProjectVersion, StopProjectVersion, DescribeProjectVersions, DeleteProjectVersion.

Every step takes ``lifecycle_seconds`` of the backend clock:

* training: ``TRAINING_IN_PROGRESS`` → ``TRAINING_COMPLETED`` (with an ``EvaluationResult``,
  whose summary file is written to the ``OutputConfig`` location, and a ``ManifestSummary``)
  or ``TRAINING_FAILED`` with a ``StatusMessage``: the training manifest could not be read,
  had no labeled entry, or declared ``"rekog:fail": "<message>"``; or the version was
  created with a ``rekog:fail-training`` tag;
* copying: ``COPYING_IN_PROGRESS`` → ``COPYING_COMPLETED`` (or ``COPYING_FAILED`` when the
  copy request or the source carries a ``rekog:fail-copying`` tag);
* hosting: ``STARTING`` → ``RUNNING`` (or ``FAILED`` with a ``rekog:fail-hosting`` tag),
  ``STOPPING`` → ``STOPPED``.

:func:`project_version_status` tells other handlers (``DetectCustomLabels``) a version's
status.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..errors import RekognitionError, invalid_parameter, not_found
from . import datasets, lifecycle
from .context import Context, Handler, Request, Response
from .lifecycle import ManifestLine, Record

PROJECTS = "cl_project"
VERSIONS = "cl_version"
#: Project policies (see :mod:`~rekog.local.backend.project_policies`), deleted with their project.
POLICIES = "project_policy"

#: Statuses of a trained model that can be started, copied or deleted.
_TRAINED = frozenset({"TRAINING_COMPLETED", "COPYING_COMPLETED", "STOPPED", "FAILED"})
_BUSY = frozenset(
    {"TRAINING_IN_PROGRESS", "COPYING_IN_PROGRESS", "STARTING", "RUNNING", "STOPPING"}
)
#: How many model versions may be hosted at once (``LimitExceededException`` beyond).
MAX_RUNNING_VERSIONS = 10


def project_version_status(ctx: Context, arn: str) -> str | None:
    """The current status of model version ``arn`` (``"RUNNING"``, ...), or ``None`` if unknown.

    For other handlers: ``DetectCustomLabels`` answers only for a ``RUNNING`` version.
    """
    settle(ctx)
    record = lifecycle.resources(ctx).table(VERSIONS).get(arn)
    return None if record is None else str(record["status"])


def settle(ctx: Context) -> None:
    """Apply the model versions' due transitions (writing the training outputs)."""
    store = lifecycle.resources(ctx)
    for arn, record in list(store.table(VERSIONS).items()):
        entered = lifecycle.due(ctx, record)
        if entered:
            if "TRAINING_COMPLETED" in entered or "TRAINING_FAILED" in entered:
                _write_training_outputs(ctx, record)
            store.put(VERSIONS, arn, record)


def project(ctx: Context, arn: str) -> Record:
    """The project or ``ResourceNotFoundException``."""
    return lifecycle.existing(ctx, PROJECTS, arn, "project")


def version(ctx: Context, arn: str) -> Record:
    """The model version (settled) or ``ResourceNotFoundException``."""
    settle(ctx)
    return lifecycle.existing(ctx, VERSIONS, arn, "project version")


def _millis(ctx: Context) -> int:
    return int(ctx.clock.now() * 1000)


# projects ----------------------------------------------------------------------------------


def create_project(ctx: Context, request: Request) -> Response:
    """Create a project; a name in use is ``ResourceInUseException``."""
    name = request["ProjectName"]
    table = lifecycle.resources(ctx).table(PROJECTS)
    if any(record["name"] == name for record in table.values()):
        raise RekognitionError("ResourceInUseException", f"The project {name} already exists")
    lifecycle.check_tag_count(dict(request.get("Tags") or {}), "LimitExceededException")
    feature = request.get("Feature", "CUSTOM_LABELS")
    if request.get("AutoUpdate") and feature != "CONTENT_MODERATION":
        raise invalid_parameter("AutoUpdate is only supported for CONTENT_MODERATION projects")
    arn = (
        f"arn:aws:rekognition:{ctx.config.region}:{ctx.config.account_id}:project/{name}/"
        f"{_millis(ctx)}"
    )
    record: Record = {
        "arn": arn,
        "name": name,
        "created": ctx.clock.now(),
        "status": "CREATED",
        "feature": feature,
        "auto_update": request.get("AutoUpdate"),
        "tags": dict(request.get("Tags") or {}),
    }
    lifecycle.resources(ctx).put(PROJECTS, arn, record)
    return {"ProjectArn": arn}


def _project_description(ctx: Context, record: Record) -> dict[str, Any]:
    description: dict[str, Any] = {
        "ProjectArn": record["arn"],
        "CreationTimestamp": record["created"],
        "Status": record["status"],
        "Datasets": [datasets.metadata(d) for d in datasets.project_datasets(ctx, record["arn"])],
        "Feature": record["feature"],
    }
    if record.get("auto_update"):
        description["AutoUpdate"] = record["auto_update"]
    return description


def describe_projects(ctx: Context, request: Request) -> Response:
    """Projects (newest first), filtered by ``ProjectNames`` and ``Features``."""
    names = set(request.get("ProjectNames") or [])
    features = set(request.get("Features") or [])
    projects = [
        record
        for record in reversed(list(lifecycle.resources(ctx).table(PROJECTS).values()))
        if (not names or record["name"] in names)
        and (not features or record["feature"] in features)
    ]
    scope = {"o": "DescribeProjects", "n": sorted(names), "f": sorted(features)}
    page, token = ctx.offset_page(request, scope, projects, 100, 100)
    response: Response = {"ProjectDescriptions": [_project_description(ctx, p) for p in page]}
    if token:
        response["NextToken"] = token
    return response


def delete_project(ctx: Context, request: Request) -> Response:
    """Delete a project with its datasets; one that still has model versions is in use."""
    record = project(ctx, request["ProjectArn"])
    if any(
        v["project_arn"] == record["arn"] for v in lifecycle.resources(ctx).table(VERSIONS).values()
    ):
        raise RekognitionError(
            "ResourceInUseException",
            f"The project {record['arn']} has model versions; delete them first",
        )
    for dataset in datasets.project_datasets(ctx, record["arn"]):
        lifecycle.resources(ctx).drop(datasets.KIND, dataset["arn"])
    for key, policy in list(lifecycle.resources(ctx).table(POLICIES).items()):
        if policy["project_arn"] == record["arn"]:
            lifecycle.resources(ctx).drop(POLICIES, key)
    lifecycle.resources(ctx).drop(PROJECTS, record["arn"])
    return {"Status": "DELETING"}


# training ----------------------------------------------------------------------------------


def _new_version(ctx: Context, owner: Record, request: Request, version_name: str) -> Record:
    lifecycle.check_tag_count(dict(request.get("Tags") or {}))
    for existing in lifecycle.resources(ctx).table(VERSIONS).values():
        if existing["project_arn"] == owner["arn"] and existing["name"] == version_name:
            raise RekognitionError(
                "ResourceInUseException",
                f"The version {version_name} already exists in project {owner['name']}",
            )
    arn = f"{owner['arn'].rsplit('/', 1)[0]}/version/{version_name}/{_millis(ctx)}"
    return {
        "arn": arn,
        "project_arn": owner["arn"],
        "project_name": owner["name"],
        "name": version_name,
        "created": ctx.clock.now(),
        "status_message": None,
        "output_config": request["OutputConfig"],
        "tags": dict(request.get("Tags") or {}),
        "kms_key_id": request.get("KmsKeyId"),
        "feature": owner["feature"],
    }


def _training_lines(
    ctx: Context, owner: Record, request: Request, kind: str
) -> tuple[list[ManifestLine], dict[str, Any] | None, str | None]:
    """(manifest lines, the wire data given, a reading failure) for TRAIN or TEST data."""
    given = request.get("TrainingData" if kind == "TRAIN" else "TestingData")
    if given and given.get("Assets"):
        lines: list[ManifestLine] = []
        for asset in given["Assets"]:
            s3 = (asset.get("GroundTruthManifest") or {}).get("S3Object") or {}
            try:
                lines += lifecycle.parse_manifest(ctx.read_object(s3))
            except RekognitionError:
                name = f"s3://{s3.get('Bucket')}/{s3.get('Name')}"
                return [], given, f"The manifest file {name} could not be read."
        return lines, given, None
    if given and given.get("AutoCreate"):
        return [], given, None
    for dataset in datasets.project_datasets(ctx, owner["arn"]):
        if dataset["type"] == kind:
            if dataset["status"] not in datasets.READY:
                raise RekognitionError(
                    "ResourceInUseException",
                    f"The dataset {dataset['arn']} is in status {dataset['status']}",
                )
            return lifecycle.parse_manifest("\n".join(dataset.get("entries", []))), given, None
    if kind == "TRAIN":
        raise invalid_parameter(
            f"TrainingData is required: project {owner['name']} has no TRAIN dataset"
        )
    return [], given, None


def _training_outcome(
    tags: dict[str, str], train: list[ManifestLine], failure: str | None
) -> str | None:
    if failure is not None:
        return failure
    declared = lifecycle.fail_tag(tags, "training") or lifecycle.declared_failure(train)
    if declared is not None:
        return declared
    if not any(line.labels for line in train):
        return "The training manifest has no labeled entries."
    return None


def create_project_version(ctx: Context, request: Request) -> Response:
    """Train a model version from the request's data or the project's datasets."""
    owner = project(ctx, request["ProjectArn"])
    record = _new_version(ctx, owner, request, request["VersionName"])
    train, train_given, train_failure = _training_lines(ctx, owner, request, "TRAIN")
    test, test_given, test_failure = _training_lines(ctx, owner, request, "TEST")
    failure = _training_outcome(record["tags"], train + test, train_failure or test_failure)
    labels = sorted({label for line in train + test for label in line.labels})
    record.update(
        status="TRAINING_IN_PROGRESS",
        description=request.get("VersionDescription"),
        feature_config=request.get("FeatureConfig"),
        training_data=train_given,
        testing_data=test_given,
        labels=labels,
        counts=[
            sum(1 for line in train if line.entry is not None),
            sum(1 for line in test if line.entry is not None),
            sum(1 for line in train + test if line.error is not None),
        ],
    )
    end = ctx.clock.now() + ctx.config.lifecycle_seconds
    finished = {"training_end": end, "billable": max(1, round(ctx.config.lifecycle_seconds))}
    if failure is None:
        finished["f1"] = _f1(record["arn"])
        lifecycle.schedule(ctx, record, [("TRAINING_COMPLETED", None, finished)])
    else:
        lifecycle.schedule(ctx, record, [("TRAINING_FAILED", failure, finished)])
    lifecycle.resources(ctx).put(VERSIONS, record["arn"], record)
    return {"ProjectVersionArn": record["arn"]}


def _f1(arn: str) -> float:
    """A deterministic F1 score in [0.85, 0.99]."""
    digest = int(hashlib.sha256(arn.encode()).hexdigest()[:8], 16)
    return round(0.85 + (digest % 141) / 1000, 3)


def _outputs(record: Record) -> tuple[str, str, str]:
    config = record["output_config"]
    stem = f"{record['project_name']}-{record['name']}"
    prefix = config.get("S3KeyPrefix")
    return (
        config["S3Bucket"],
        lifecycle.join_key(prefix, f"EvaluationResultSummary-{stem}.json"),
        lifecycle.join_key(prefix, f"ManifestSummary-{stem}.json"),
    )


def _write_training_outputs(ctx: Context, record: Record) -> None:
    """Write the manifest summary (and, when trained, the evaluation summary)."""
    bucket, evaluation_key, summary_key = _outputs(record)
    training, testing, errors = record.get("counts", [0, 0, 0])
    summary = {
        "version": 1,
        "statistics": {
            "total_json_lines": training + testing + errors,
            "valid_json_lines": training + testing,
            "invalid_json_lines": errors,
        },
        "errors": [],
    }
    version = lifecycle.write_object(ctx, bucket, summary_key, json.dumps(summary).encode())
    record["manifest_summary"] = lifecycle.s3_object(bucket, summary_key, version)
    if record["status"] != "TRAINING_COMPLETED":
        return
    f1 = float(record.get("f1", 0.0))
    evaluation = {
        "Version": 1,
        "AggregatedEvaluationResults": {"F1Score": f1, "Precision": f1, "Recall": f1},
        "EvaluationDetails": {
            "ProjectVersionArn": record["arn"],
            "EvaluationEndTimestamp": record.get("training_end"),
            "Labels": record.get("labels", []),
            "NumberOfTrainingImages": training,
            "NumberOfTestingImages": testing,
        },
        "LabelEvaluationResults": [
            {
                "Label": label,
                "Metrics": {"F1Score": f1, "Precision": f1, "Recall": f1, "Threshold": 0.5},
            }
            for label in record.get("labels", [])
        ],
    }
    version = lifecycle.write_object(ctx, bucket, evaluation_key, json.dumps(evaluation).encode())
    record["evaluation"] = lifecycle.s3_object(bucket, evaluation_key, version)


# copying -----------------------------------------------------------------------------------


def copy_project_version(ctx: Context, request: Request) -> Response:
    """Copy a trained version into another (or the same) project."""
    project(ctx, request["SourceProjectArn"])
    source = version(ctx, request["SourceProjectVersionArn"])
    if source["project_arn"] != request["SourceProjectArn"]:
        raise not_found(
            f"The project version {source['arn']} is not in project {request['SourceProjectArn']}"
        )
    if source["status"] not in _TRAINED | {"RUNNING"}:
        raise lifecycle.in_use(f"The project version {source['arn']}", source["status"], "copied")
    owner = project(ctx, request["DestinationProjectArn"])
    record = _new_version(ctx, owner, request, request["VersionName"])
    for key in (
        "description",
        "feature_config",
        "training_data",
        "testing_data",
        "labels",
        "counts",
        "f1",
    ):
        record[key] = source.get(key)
    record.update(status="COPYING_IN_PROGRESS", source_arn=source["arn"])
    failure = lifecycle.fail_tag(record["tags"], "copying") or lifecycle.fail_tag(
        source["tags"], "copying"
    )
    inherited = {
        "training_end": source.get("training_end"),
        "billable": source.get("billable"),
        "evaluation": source.get("evaluation"),
        "manifest_summary": source.get("manifest_summary"),
    }
    if failure is None:
        lifecycle.schedule(ctx, record, [("COPYING_COMPLETED", None, inherited)])
    else:
        lifecycle.schedule(ctx, record, [("COPYING_FAILED", failure, {})])
    lifecycle.resources(ctx).put(VERSIONS, record["arn"], record)
    return {"ProjectVersionArn": record["arn"]}


# hosting -----------------------------------------------------------------------------------


def start_project_version(ctx: Context, request: Request) -> Response:
    """Start hosting a trained version: ``STARTING``, then ``RUNNING`` (or ``FAILED``)."""
    record = version(ctx, request["ProjectVersionArn"])
    if record["status"] not in _TRAINED:
        raise lifecycle.in_use(f"The project version {record['arn']}", record["status"], "started")
    hosted = sum(
        1
        for other in lifecycle.resources(ctx).table(VERSIONS).values()
        if other["status"] in ("STARTING", "RUNNING")
    )
    if hosted >= MAX_RUNNING_VERSIONS:
        raise RekognitionError(
            "LimitExceededException",
            f"At most {MAX_RUNNING_VERSIONS} model versions can be running at a time",
        )
    minimum, maximum = request["MinInferenceUnits"], request.get("MaxInferenceUnits")
    if maximum is not None and maximum < minimum:
        raise invalid_parameter("MaxInferenceUnits must be at least MinInferenceUnits")
    record.update(status="STARTING", status_message=None, min_units=minimum, max_units=maximum)
    failure = lifecycle.fail_tag(record["tags"], "hosting")
    step: lifecycle.Step = ("RUNNING", None, {}) if failure is None else ("FAILED", failure, {})
    lifecycle.schedule(ctx, record, [step])
    lifecycle.resources(ctx).put(VERSIONS, record["arn"], record)
    return {"Status": "STARTING"}


def stop_project_version(ctx: Context, request: Request) -> Response:
    """Stop hosting: ``STOPPING``, then ``STOPPED``."""
    record = version(ctx, request["ProjectVersionArn"])
    if record["status"] not in ("RUNNING", "STARTING"):
        raise lifecycle.in_use(f"The project version {record['arn']}", record["status"], "stopped")
    record.update(status="STOPPING", status_message=None)
    lifecycle.schedule(ctx, record, [("STOPPED", None, {})])
    lifecycle.resources(ctx).put(VERSIONS, record["arn"], record)
    return {"Status": "STOPPING"}


def _version_description(record: Record) -> dict[str, Any]:
    found: dict[str, Any] = {
        "ProjectVersionArn": record["arn"],
        "CreationTimestamp": record["created"],
        "Status": record["status"],
        "OutputConfig": record["output_config"],
        "Feature": record["feature"],
    }
    optional = {
        "MinInferenceUnits": record.get("min_units"),
        "MaxInferenceUnits": record.get("max_units"),
        "StatusMessage": record.get("status_message"),
        "KmsKeyId": record.get("kms_key_id"),
        "SourceProjectVersionArn": record.get("source_arn"),
        "VersionDescription": record.get("description"),
        "FeatureConfig": record.get("feature_config"),
    }
    found.update({key: value for key, value in optional.items() if value is not None})
    if record.get("training_end") is not None and record["status"] not in (
        "TRAINING_IN_PROGRESS",
        "COPYING_IN_PROGRESS",
    ):
        found["TrainingEndTimestamp"] = record["training_end"]
        found["BillableTrainingTimeInSeconds"] = record.get("billable") or 0
    if record.get("training_data") is not None:
        found["TrainingDataResult"] = {"Input": record["training_data"]}
    if record.get("testing_data") is not None:
        found["TestingDataResult"] = {"Input": record["testing_data"]}
    if record.get("evaluation"):
        found["EvaluationResult"] = {
            "F1Score": record.get("f1"),
            "Summary": {"S3Object": record["evaluation"]},
        }
    if record.get("manifest_summary"):
        found["ManifestSummary"] = {"S3Object": record["manifest_summary"]}
    return found


def describe_project_versions(ctx: Context, request: Request) -> Response:
    """A project's versions (newest first), filtered by ``VersionNames``."""
    owner = project(ctx, request["ProjectArn"])
    settle(ctx)
    names = set(request.get("VersionNames") or [])
    versions = [
        record
        for record in reversed(list(lifecycle.resources(ctx).table(VERSIONS).values()))
        if record["project_arn"] == owner["arn"] and (not names or record["name"] in names)
    ]
    scope = {"o": "DescribeProjectVersions", "p": owner["arn"], "n": sorted(names)}
    page, token = ctx.offset_page(request, scope, versions, 100, 100)
    response: Response = {"ProjectVersionDescriptions": [_version_description(v) for v in page]}
    if token:
        response["NextToken"] = token
    return response


def delete_project_version(ctx: Context, request: Request) -> Response:
    """Delete a version that is neither training, copying nor hosted."""
    record = version(ctx, request["ProjectVersionArn"])
    if record["status"] in _BUSY:
        raise lifecycle.in_use(f"The project version {record['arn']}", record["status"], "deleted")
    lifecycle.resources(ctx).drop(VERSIONS, record["arn"])
    return {"Status": "DELETING"}


OPERATIONS: dict[str, Handler] = {
    "CreateProject": create_project,
    "DescribeProjects": describe_projects,
    "DeleteProject": delete_project,
    "CreateProjectVersion": create_project_version,
    "CopyProjectVersion": copy_project_version,
    "StartProjectVersion": start_project_version,
    "StopProjectVersion": stop_project_version,
    "DescribeProjectVersions": describe_project_versions,
    "DeleteProjectVersion": delete_project_version,
}
