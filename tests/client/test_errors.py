"""Every service error code maps to its class; errors and clients pickle."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import servicemodel  # noqa: E402
from support.stub_server import Reply, StubServer  # noqa: E402

from rekog import (  # noqa: E402
    InvalidRequestError,
    JobFailedError,
    JobTimeoutError,
    OperationFailedError,
    OperationTimeoutError,
    Rekognition,
    RekognitionError,
    ServiceError,
    errors,  # noqa: E402
)

CODES = servicemodel.error_names(servicemodel.load_service_model())


def test_there_is_a_class_for_every_code() -> None:
    assert len(CODES) == 23
    assert sorted(errors.ERROR_CLASSES) == CODES


@pytest.mark.parametrize("code", CODES)
def test_code_maps_to_its_class(code: str) -> None:
    client = boto3.client("rekognition", region_name="us-east-1")
    rk = Rekognition(client=client, retry=None)
    with Stubber(client) as stubber:
        stubber.add_client_error(
            "list_collections", service_error_code=code, service_message="m", http_status_code=400
        )
        with pytest.raises(ServiceError) as caught:
            # A retrying user client: botocore stubs do not retry, one answer is enough.
            rk.list_collections()
    error = caught.value
    # rekog's class for the code, and the botocore client's own (boto3's idiom), both catch it.
    assert isinstance(error, getattr(errors, code))
    assert isinstance(error, getattr(client.exceptions, code))
    assert isinstance(error, getattr(rk.exceptions, code))
    assert type(error).__name__ == code
    assert isinstance(error, ClientError) and isinstance(error, RekognitionError)
    assert (error.code, error.message, error.operation, error.status_code) == (
        code,
        "m",
        "ListCollections",
        400,
    )


def test_unknown_code_maps_to_service_error() -> None:
    client = boto3.client("rekognition", region_name="us-east-1")
    with Stubber(client) as stubber:
        stubber.add_client_error(
            "list_collections", service_error_code="BrandNewException", http_status_code=409
        )
        with pytest.raises(ServiceError) as caught:
            Rekognition(client=client).list_collections()
    assert type(caught.value) is ServiceError
    assert caught.value.code == "BrandNewException"


def test_existing_except_client_error_code_keeps_working() -> None:
    client = boto3.client("rekognition", region_name="us-east-1")
    with Stubber(client) as stubber:
        stubber.add_client_error(
            "describe_collection", service_error_code="ResourceNotFoundException"
        )
        try:
            Rekognition(client=client).describe_collection(collection_id="gone")
        except ClientError as error:
            assert error.response["Error"]["Code"] == "ResourceNotFoundException"
        else:
            pytest.fail("no error raised")


def test_errors_pickle_intact() -> None:
    response = {
        "Error": {"Code": "ThrottlingException", "Message": "slow"},
        "ResponseMetadata": {"RequestId": "r-1", "HTTPStatusCode": 400},
    }
    original = errors.ThrottlingException(response, "SearchFaces", attempts=3)
    copy = pickle.loads(pickle.dumps(original))
    assert type(copy) is errors.ThrottlingException
    assert (
        copy.code,
        copy.message,
        copy.request_id,
        copy.status_code,
        copy.operation,
        copy.attempts,
    ) == (
        "ThrottlingException",
        "slow",
        "r-1",
        400,
        "SearchFaces",
        3,
    )
    assert str(copy) == str(original)
    for other in (
        InvalidRequestError("collection_id", "is required", operation="SearchUsers"),
        JobFailedError("job-1", "video unreadable", "GetFaceSearch"),
        JobTimeoutError("job-1", "IN_PROGRESS", 12.5),
    ):
        again = pickle.loads(pickle.dumps(other))
        assert type(again) is type(other) and str(again) == str(other)
    assert isinstance(JobTimeoutError("j", None, 1.0), TimeoutError)


def test_client_pickles_without_credentials_and_works(
    server: StubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Environment credentials: the copy resolves the same ones in the new process.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLESECRETKEY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrSECRETSECRET")
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    server.script(Reply(body={"CollectionIds": ["c1"], "FaceModelVersions": ["7.0"]}))
    rk.list_collections()
    data = pickle.dumps(rk)
    assert b"AKIAEXAMPLESECRETKEY" not in data and b"wJalrSECRETSECRET" not in data
    copy = pickle.loads(data)
    assert copy.list_collections().collection_ids == ["c1"]
    assert copy.client.meta.region_name == "us-east-1"
    assert copy.client.meta.endpoint_url == server.endpoint_url
    assert copy.client is not rk.client


def test_the_long_running_errors_run_general_to_specific() -> None:
    # The general error covers every handle; the video jobs' errors are a kind of it.
    assert JobFailedError.__mro__[1] is OperationFailedError
    assert JobTimeoutError.__mro__[1] is OperationTimeoutError
    assert not issubclass(OperationFailedError, JobFailedError)
    assert not issubclass(OperationTimeoutError, JobTimeoutError)
    assert issubclass(OperationTimeoutError, TimeoutError)
    video = JobFailedError("job-1", "video unreadable", "GetFaceSearch")
    assert (video.resource, video.identifier, video.status) == ("video job", "job-1", "FAILED")
    assert str(video) == "video job job-1 failed: video unreadable"
    waited = JobTimeoutError("job-1", "IN_PROGRESS", 12.5)
    assert (waited.resource, waited.identifier) == ("video job", "job-1")
    assert str(waited) == "video job job-1 still IN_PROGRESS after 12.5s; resume with its job id"
    for error in (
        OperationFailedError("dataset", "arn:d", "UPDATE_FAILED", "bad", "DescribeDataset"),
        OperationTimeoutError("stream processor", "sp", "STARTING", 3.0),
    ):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and str(again) == str(error)
        assert again.job_id == error.identifier


def test_every_error_class_is_defined_in_rekog_errors() -> None:
    # Tracebacks, reprs and pickles read __module__; type checkers the defining module.
    classes = [v for v in vars(errors).values() if isinstance(v, type)]
    own = [c for c in classes if issubclass(c, RekognitionError)]
    assert len(own) == len(CODES) + 13
    assert {c.__module__ for c in own} == {"rekog.errors"}
    source = Path(errors.__file__).read_text()
    assert all(f"\nclass {c.__name__}(" in source for c in own)
