"""Retries never blindly repeat a call that may have taken effect (issue 8, item 4)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rekog import RetryPolicy, models
from rekog._generated.operations import OPERATIONS
from rekog.errors import (
    ConnectionFailedError,
    EndpointUnreachableError,
    OutcomeUnknownError,
    ResourceAlreadyExistsException,
    ResourceNotFoundException,
    ServiceError,
)
from rekog.idempotency import (
    _RECOVERIES,
    RETRY_RULES,
    Safety,
    may_have_taken_effect,
    retry_rule,
    retry_table_markdown,
)
from rekog.local import make_face_image, make_video

from .faulty import (
    DROP_AFTER,
    ERROR_500_AFTER,
    NOT_FOUND,
    REFUSED,
    THROTTLED,
    TIMEOUT_AFTER,
    scripted,
)

ROOT = Path(__file__).resolve().parents[2]


def faces_of(emulator: Any, collection: str = "c") -> list[Any]:
    return list(emulator.call("ListFaces", CollectionId=collection)["Faces"])


# -- creates and deletes: made safe ----------------------------------------------------


@pytest.mark.parametrize("fault", [DROP_AFTER, TIMEOUT_AFTER, ERROR_500_AFTER])
def test_create_collection_retried_after_it_succeeded_is_that_success(fault: str) -> None:
    with scripted() as (rk, faults, emulator):
        faults.plan["CreateCollection"] = [fault]
        response = rk.create_collection(collection_id="c")
        assert response.status_code == 200
        assert response.collection_arn and response.collection_arn.endswith("collection/c")
        assert response.face_model_version
        assert faults.sent == ["CreateCollection", "CreateCollection", "DescribeCollection"]
        assert list(emulator.call("ListCollections")["CollectionIds"]) == ["c"]


def test_create_collection_success_path_makes_one_call() -> None:
    with scripted() as (rk, faults, _):
        rk.create_collection(collection_id="c")
        assert faults.sent == ["CreateCollection"]


def test_existing_collection_without_an_unknown_attempt_is_still_an_error() -> None:
    with scripted() as (rk, faults, _):
        rk.create_collection(collection_id="c")
        with pytest.raises(ResourceAlreadyExistsException):
            rk.create_collection(collection_id="c")
        # Throttling proves nothing was done: "already exists" after it is a real conflict.
        faults.plan["CreateCollection"] = [THROTTLED]
        with pytest.raises(ResourceAlreadyExistsException):
            rk.create_collection(collection_id="c")


def test_delete_collection_retried_after_it_succeeded_is_that_success() -> None:
    with scripted() as (rk, faults, emulator):
        rk.create_collection(collection_id="c")
        faults.plan["DeleteCollection"] = [DROP_AFTER]
        assert rk.delete_collection(collection_id="c").status_code == 200
        assert list(emulator.call("ListCollections")["CollectionIds"]) == []
        with pytest.raises(ResourceNotFoundException):
            rk.delete_collection(collection_id="c")


def test_create_that_keeps_failing_after_an_unknown_attempt_is_outcome_unknown() -> None:
    with scripted() as (rk, faults, emulator):
        faults.plan["CreateCollection"] = [DROP_AFTER] * 4
        with pytest.raises(OutcomeUnknownError, match="DescribeCollection") as info:
            rk.create_collection(collection_id="c")
        assert info.value.operation == "CreateCollection"
        assert faults.count("CreateCollection") == 4


def test_a_recovery_that_finds_nothing_is_outcome_unknown() -> None:
    with scripted() as (rk, faults, _):
        faults.plan["CreateCollection"] = [DROP_AFTER]
        faults.plan["DescribeCollection"] = [NOT_FOUND]
        with pytest.raises(OutcomeUnknownError) as info:
            rk.create_collection(collection_id="c")
        assert info.value.operation == "CreateCollection"
        assert isinstance(info.value.__cause__, ResourceNotFoundException)


# -- operations that are not repeated ----------------------------------------------------


@pytest.mark.parametrize("fault", [DROP_AFTER, TIMEOUT_AFTER, ERROR_500_AFTER])
def test_index_faces_is_never_repeated_after_it_may_have_happened(fault: str) -> None:
    with scripted() as (rk, faults, emulator):
        rk.create_collection(collection_id="c")
        faults.plan["IndexFaces"] = [fault]
        with pytest.raises(OutcomeUnknownError) as info:
            rk.index_faces(collection_id="c", image=make_face_image("ann"), external_image_id="ann")
        assert faults.count("IndexFaces") == 1
        assert "ListFaces" in str(info.value) and "ExternalImageId" in str(info.value)
        assert info.value.__cause__ is not None
        assert len(faces_of(emulator)) == 1  # the first attempt did index it: once


@pytest.mark.parametrize("fault", [REFUSED, THROTTLED])
def test_index_faces_is_retried_when_nothing_was_processed(fault: str) -> None:
    with scripted() as (rk, faults, emulator):
        rk.create_collection(collection_id="c")
        faults.plan["IndexFaces"] = [fault, fault]
        response = rk.index_faces(
            collection_id="c", image=make_face_image("ann"), external_image_id="ann"
        )
        assert len(response.face_records) == 1
        assert faults.count("IndexFaces") == 3
        assert len(faces_of(emulator)) == 1


# -- token operations and reads: retried as before --------------------------------------


def test_create_user_retried_with_its_token() -> None:
    with scripted() as (rk, faults, emulator):
        rk.create_collection(collection_id="c")
        faults.plan["CreateUser"] = [DROP_AFTER, ERROR_500_AFTER]
        rk.create_user(collection_id="c", user_id="u1")
        assert faults.count("CreateUser") == 3
        users = emulator.call("ListUsers", CollectionId="c")["Users"]
        assert [u["UserId"] for u in users] == ["u1"]


def test_start_job_retried_with_its_token_starts_one_job() -> None:
    with scripted() as (rk, faults, emulator):
        rk.create_collection(collection_id="c")
        emulator.backend.put_object("bucket", "video.mp4", make_video())  # Start* reads it
        faults.plan["StartTextDetection"] = [DROP_AFTER]
        job = rk.start_text_detection(video="s3://bucket/video.mp4")
        assert faults.count("StartTextDetection") == 2
        assert len(emulator.backend.state.jobs) == 1
        assert job.job_id in emulator.backend.state.jobs


def test_reads_are_retried() -> None:
    with scripted() as (rk, faults, _):
        rk.create_collection(collection_id="c")
        faults.plan["DescribeCollection"] = [DROP_AFTER, TIMEOUT_AFTER, ERROR_500_AFTER]
        assert rk.describe_collection(collection_id="c").face_count == 0
        assert faults.count("DescribeCollection") == 4


# -- the rules ------------------------------------------------------------------------


def test_every_operation_has_a_rule_and_token_operations_are_token_safe() -> None:
    assert set(RETRY_RULES) == set(OPERATIONS)
    for name, spec in OPERATIONS.items():
        rule = RETRY_RULES[name]
        assert (rule.safety is Safety.TOKEN) == (spec.token_param is not None), name
    assert RETRY_RULES["IndexFaces"].safety is Safety.NOT_RETRIED
    assert RETRY_RULES["CreateCollection"].safety is Safety.EXISTS_IS_SUCCESS
    assert RETRY_RULES["DeleteCollection"].safety is Safety.GONE_IS_SUCCESS
    assert retry_rule("SomeFutureOperation").safety is Safety.NOT_RETRIED


def test_read_rules_cover_only_operations_without_side_effects() -> None:
    import botocore.session

    model = botocore.session.get_session().get_service_model("rekognition")
    for name, rule in RETRY_RULES.items():
        if rule.safety is Safety.READ:
            assert model.operation_model(name).http["method"] == "POST"
            assert re.match(r"(Describe|Detect|Get|List|Search|Compare|Recognize)", name), name


def _model_from_wire(model: str, data: dict[str, Any]) -> Any:
    return getattr(models, model).from_response(data)


RECOVERY_CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "CreateCollection": (
        {"CollectionId": "c"},
        {"CollectionARN": "arn:c", "FaceModelVersion": "7.0", "FaceCount": 0},
    ),
    "CreateProject": (
        {"ProjectName": "p"},
        {"ProjectDescriptions": [{"ProjectArn": "arn:aws:rekognition:r:1:project/p/1"}]},
    ),
    "CreateDataset": (
        {"ProjectArn": "arn:aws:rekognition:r:1:project/p/1", "DatasetType": "TEST"},
        {
            "ProjectDescriptions": [
                {
                    "ProjectArn": "arn:aws:rekognition:r:1:project/p/1",
                    "Datasets": [
                        {"DatasetType": "TRAIN", "DatasetArn": "arn:train"},
                        {"DatasetType": "TEST", "DatasetArn": "arn:test"},
                    ],
                }
            ]
        },
    ),
    "CreateProjectVersion": (
        {"ProjectArn": "arn:aws:rekognition:r:1:project/p/1", "VersionName": "v1"},
        {"ProjectVersionDescriptions": [{"ProjectVersionArn": "arn:v1"}]},
    ),
    "CopyProjectVersion": (
        {"DestinationProjectArn": "arn:aws:rekognition:r:1:project/p2/1", "VersionName": "v1"},
        {"ProjectVersionDescriptions": [{"ProjectVersionArn": "arn:v1"}]},
    ),
    "CreateStreamProcessor": ({"Name": "sp"}, {"StreamProcessorArn": "arn:sp"}),
}


@pytest.mark.parametrize("operation", sorted(_RECOVERIES))
def test_recovered_responses_are_valid_typed_responses(operation: str) -> None:
    recovery = _RECOVERIES[operation]
    spec = OPERATIONS[operation]
    found = None
    if recovery.describe is not None:
        wire, described = RECOVERY_CASES[operation]
        request = recovery.request(wire)
        # The describe request is valid for botocore's service model.
        import botocore.session
        from botocore.validate import validate_parameters

        model = botocore.session.get_session().get_service_model("rekognition")
        validate_parameters(request, model.operation_model(recovery.describe).input_shape)
        found = _model_from_wire(OPERATIONS[recovery.describe].response, described)
    else:
        wire = {}
    response = _model_from_wire(spec.response, recovery.response(wire, found))
    dumped = response.model_dump(by_alias=True, exclude_none=True)
    if recovery.describe is not None:
        assert any(str(v).startswith("arn:") for v in dumped.values()), dumped
    if operation == "CreateDataset":
        assert dumped == {"DatasetArn": "arn:test"}


def test_what_may_have_taken_effect() -> None:
    from botocore.exceptions import (
        ConnectionClosedError,
        ConnectTimeoutError,
        EndpointConnectionError,
        ReadTimeoutError,
    )

    def service(code: str, status: int) -> ServiceError:
        meta = {"HTTPStatusCode": status}
        return ServiceError({"Error": {"Code": code}, "ResponseMetadata": meta}, "X")

    assert may_have_taken_effect(ConnectionClosedError(endpoint_url="u"))
    assert may_have_taken_effect(ReadTimeoutError(endpoint_url="u"))
    assert may_have_taken_effect(service("InternalServerError", 500))
    assert not may_have_taken_effect(EndpointConnectionError(endpoint_url="u"))
    assert not may_have_taken_effect(ConnectTimeoutError(endpoint_url="u"))
    assert not may_have_taken_effect(service("ThrottlingException", 500))
    assert not may_have_taken_effect(service("ResourceNotFoundException", 400))


def test_docs_table_is_the_table_in_code() -> None:
    docs = (ROOT / "docs" / "client.md").read_text()
    assert retry_table_markdown() in docs


# -- connection failures and messages -------------------------------------------------


def test_unreachable_endpoint_is_a_rekog_error_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from rekog import Rekognition

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}"
    slept: list[float] = []
    rk = Rekognition(
        region="us-east-1",
        endpoint_url=endpoint,
        retry=RetryPolicy(max_attempts=3, sleep=slept.append),
    )
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    with pytest.raises(EndpointUnreachableError) as info:
        rk.list_collections()
    assert isinstance(info.value, ConnectionFailedError)
    assert endpoint in str(info.value) and "3 attempts" in str(info.value)
    assert info.value.endpoint_url == endpoint
    assert len(slept) == 2  # it did retry


def test_read_timeouts_that_never_end_are_a_connection_failure() -> None:
    with scripted() as (rk, faults, _):
        faults.plan["ListCollections"] = [TIMEOUT_AFTER] * 4
        with pytest.raises(ConnectionFailedError) as info:
            rk.list_collections()
        assert not isinstance(info.value, EndpointUnreachableError)
        assert info.value.attempts == 4


def test_service_errors_never_mention_botocores_retry_count() -> None:
    with scripted() as (rk, faults, _):
        faults.plan["DescribeCollection"] = [THROTTLED]
        with pytest.raises(ResourceNotFoundException) as info:
            rk.describe_collection(collection_id="missing")
        assert "reached max retries" not in str(info.value)
        assert "after 2 attempts" in str(info.value)
        assert "ResourceNotFoundException" in str(info.value)


def test_service_error_message_drops_botocores_retry_info() -> None:
    response = {
        "Error": {"Code": "ResourceNotFoundException", "Message": "nope"},
        "ResponseMetadata": {
            "MaxAttemptsReached": True,
            "RetryAttempts": 0,
            "HTTPStatusCode": 400,
            "RequestId": "r1",
        },
    }
    error = ResourceNotFoundException(response, "DescribeCollection", attempts=3)
    assert "reached max retries" not in str(error)
    assert str(error) == (
        "An error occurred (ResourceNotFoundException) when calling the DescribeCollection "
        "operation: nope [request id r1, after 3 attempts]"
    )


def test_new_errors_pickle() -> None:
    import pickle

    unknown = OutcomeUnknownError("IndexFaces", "list the faces", ValueError("x"))
    again = pickle.loads(pickle.dumps(unknown))
    assert str(again) == str(unknown) and again.operation == "IndexFaces"
    failed = EndpointUnreachableError("ListFaces", "http://127.0.0.1:1", 3, "refused")
    copy = pickle.loads(pickle.dumps(failed))
    assert type(copy) is EndpointUnreachableError and str(copy) == str(failed)
    assert isinstance(copy, ConnectionError)
