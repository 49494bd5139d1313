"""A boto3 user's habits, on both clients: the error idioms, response metadata, boto3's
construction names, a warned-about retry Config and AWS-cased keywords."""

from __future__ import annotations

import pickle
import warnings
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from support.stub_server import Reply, StubServer

from rekog import InvalidRequestError, Rekognition, ServiceError
from rekog.errors import ResourceNotFoundException
from rekog.models import ListCollectionsResponse

from .conftest import MakeClient

COLLECTIONS = {"CollectionIds": ["c1"], "FaceModelVersions": ["7.0"]}


def test_the_botocore_clients_own_exception_class_catches_rekogs_error(
    rk: Any, server: StubServer
) -> None:
    server.script(Reply.error("ResourceNotFoundException", message="no such collection"))
    with pytest.raises(rk.client.exceptions.ResourceNotFoundException) as caught:
        rk.describe_collection(collection_id="missing")
    error = caught.value
    assert isinstance(error, ResourceNotFoundException)
    assert isinstance(error, rk.exceptions.ResourceNotFoundException)
    assert rk.exceptions.from_code("ResourceNotFoundException") is ResourceNotFoundException
    assert rk.exceptions.from_code("BrandNew") is ServiceError
    assert error.message == "no such collection" and error.request_id == "req-1"
    # The same classes the second time (cached per botocore class, not rebuilt per error).
    with pytest.raises(ResourceNotFoundException) as again:
        rk.describe_collection(collection_id="missing")
    assert type(again.value) is type(error)
    # Another process has no such botocore class: a copy is rekog's own class.
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ResourceNotFoundException and str(copy) == str(error)


def test_a_code_the_client_does_not_model_is_still_a_client_error(
    rk: Any, server: StubServer
) -> None:
    server.script(Reply.error("BrandNewException", status=409))
    with pytest.raises(rk.client.exceptions.ClientError) as caught:
        rk.list_collections()
    assert type(caught.value) is ServiceError and isinstance(caught.value, ClientError)


def test_invalid_request_is_botocores_param_validation_error(rk: Any, server: StubServer) -> None:
    with pytest.raises(ParamValidationError) as caught:
        rk.describe_collection(collection_id="not allowed!")
    assert isinstance(caught.value, InvalidRequestError) and isinstance(caught.value, ValueError)
    assert caught.value.parameter == "collection_id"
    assert caught.value.kwargs == {"report": str(caught.value)}
    copy = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(copy, ParamValidationError) and str(copy) == str(caught.value)
    assert server.count() == 0


def test_every_result_carries_its_response_metadata(rk: Any, server: StubServer) -> None:
    server.script(Reply.error("ThrottlingException"), Reply(body=COLLECTIONS))
    result = rk.list_collections()
    metadata = result.response_metadata
    assert metadata is not None
    # The second request answered (the stub numbers its request ids).
    assert metadata.request_id == "req-2"
    assert metadata.http_status_code == 200
    assert metadata.http_headers["x-amzn-requestid"] == "req-2"
    assert metadata.retry_attempts == 1  # one retry, by rekog's layer
    assert result.response_metadata is metadata  # built on the first read, then kept
    # Outside the fields: not dumped, not in the JSON, not compared.
    assert "response_metadata" not in result.model_dump()
    assert "Request" not in result.model_dump_json(by_alias=True)
    assert result == ListCollectionsResponse.from_response(COLLECTIONS)
    assert ListCollectionsResponse.from_response(COLLECTIONS).response_metadata is None


def test_pagers_expose_the_metadata_of_each_page(rk: Any, server: StubServer) -> None:
    server.script(
        Reply(body={"CollectionIds": ["a"], "NextToken": "t1"}),
        Reply(body={"CollectionIds": ["b"]}),
    )
    pages = list(rk.paginate.list_collections().pages())
    assert [page.response_metadata.request_id for page in pages] == ["req-1", "req-2"]
    assert [page.response_metadata.retry_attempts for page in pages] == [0, 0]


def test_boto3_construction_names(make_client: MakeClient, server: StubServer) -> None:
    rk = make_client(region_name="eu-west-1", endpoint_url=server.endpoint_url)
    server.script(Reply(body=COLLECTIONS))
    rk.list_collections()
    assert rk.client.meta.region_name == "eu-west-1"
    with pytest.raises(InvalidRequestError, match="region_name"):
        make_client(region="us-east-1", region_name="eu-west-1")


def test_profile_name_selects_a_profile(
    make_client: MakeClient, server: StubServer, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.write_text(
        "[profile other]\nregion = ap-south-1\naws_access_key_id = a\naws_secret_access_key = b\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    for variable in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)  # the environment's region wins otherwise
    rk = make_client(profile_name="other", endpoint_url=server.endpoint_url)
    server.script(Reply(body=COLLECTIONS))
    rk.list_collections()
    assert rk.client.meta.region_name == "ap-south-1"


def test_profile_name_and_session_together_are_refused() -> None:
    import boto3

    with pytest.raises(InvalidRequestError, match="profile_name"):
        Rekognition(session=boto3.session.Session(), profile_name="x")


def test_a_retrying_config_is_warned_about(make_client: MakeClient, server: StubServer) -> None:
    with pytest.warns(UserWarning, match=r"RetryPolicy\(max_attempts=10\)"):
        make_client(
            region="us-east-1",
            endpoint_url=server.endpoint_url,
            config=Config(retries={"max_attempts": 10}),
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # Settings that do not ask for retries are not warned about.
        make_client(
            region="us-east-1",
            endpoint_url=server.endpoint_url,
            config=Config(connect_timeout=3, retries={"total_max_attempts": 1}),
        )


@pytest.mark.parametrize(
    ("arguments", "parameter", "rule"),
    [
        ({"CollectionId": "c1"}, "collection_id", "write collection_id= instead of CollectionId="),
        ({"collection": "c1"}, "collection", "it takes: collection_id"),
        ({}, "collection_id", "is required"),
    ],
)
def test_keywords_that_do_not_bind_are_invalid_requests(
    rk: Any, server: StubServer, arguments: dict[str, Any], parameter: str, rule: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        rk.describe_collection(**arguments)
    assert caught.value.parameter == parameter and rule in caught.value.rule
    assert caught.value.operation == "DescribeCollection"
    assert server.count() == 0


def test_positional_arguments_are_invalid_requests(rk: Any, server: StubServer) -> None:
    with pytest.raises(InvalidRequestError, match="keyword arguments only"):
        rk.describe_collection("c1")
    assert server.count() == 0


def test_pagers_and_job_handles_name_the_snake_case_keyword_too(
    rk: Any, server: StubServer
) -> None:
    with pytest.raises(InvalidRequestError, match="write collection_id= instead of CollectionId="):
        rk.paginate.list_faces(CollectionId="c1")
    with pytest.raises(InvalidRequestError, match="write job_id= instead of JobId="):
        rk.jobs.face_search(JobId="j1")
    with pytest.raises(InvalidRequestError) as caught:
        rk.jobs.face_search("j1", "j2")
    assert "takes job_id by position" in caught.value.rule
    with pytest.raises(InvalidRequestError, match="write video= instead of Video="):
        rk.jobs.start_face_search(Video="s3://b/v.mp4", collection_id="c1")
    assert server.count() == 0
