"""The clients rekog creates keep a 2xx body for the typed parse: botocore parses the rest."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.awsrequest import HeadersDict, HTTPHeaders
from botocore.parsers import create_parser
from support.stub_server import Reply, StubServer

from rekog import Rekognition
from rekog._parsing import RAW_BODY_KEY
from rekog._raw_body_parser import response_metadata
from rekog.errors import ResourceNotFoundException


def _response(
    headers: list[tuple[str, str]], container: type[Any] = HTTPHeaders, status: int = 200
) -> dict[str, Any]:
    held = container()
    for name, value in headers:
        held[name] = value
    return {"headers": held, "status_code": status, "body": b"{}", "context": {}}


@pytest.mark.parametrize(
    "headers",
    [
        [("x-amzn-RequestId", "req-1"), ("Content-Type", "application/x-amz-json-1.1")],
        [("Content-Type", "application/x-amz-json-1.1")],  # no request id header
        # A name given twice (in two cases) and a value that is not ASCII.
        [("x-amzn-RequestId", "r"), ("Date", "d"), ("date", "é"), ("X-Note", "ü")],
    ],
)
# A response's headers are a HeadersDict (botocore.awsrequest.AWSResponse); HTTPHeaders as well.
@pytest.mark.parametrize("container", [HeadersDict, HTTPHeaders])
def test_the_metadata_is_what_botocore_parses(
    headers: list[tuple[str, str]], container: type[Any]
) -> None:
    # The installed botocore is the oracle: a botocore that changes what it returns for an
    # empty 2xx body fails here, in every session of the version matrix.
    service = boto3.client("rekognition", region_name="us-east-1").meta.service_model
    shape = service.operation_model("ListCollections").output_shape
    expected = create_parser(service.protocol).parse(_response(headers, container), shape)
    assert {"ResponseMetadata": response_metadata(_response(headers, container))} == expected


class _CountingFactory:
    """Wraps an endpoint's parser factory and counts the botocore parsers it creates."""

    def __init__(self, factory: Any) -> None:
        self.factory = factory
        self.created = 0

    def create_parser(self, protocol: str) -> Any:
        self.created += 1
        return self.factory.create_parser(protocol)


def _count_botocore_parsers(rk: Rekognition) -> _CountingFactory:
    bypass = rk.client._endpoint._response_parser_factory
    counting = _CountingFactory(bypass._factory)
    bypass._factory = counting
    return counting


def test_a_successful_call_runs_no_botocore_parser(server: StubServer) -> None:
    server.script(Reply(body={"CollectionIds": ["c1"], "FaceModelVersions": ["7.0"]}))
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    counting = _count_botocore_parsers(rk)
    page = rk.list_collections()
    assert page.collection_ids == ["c1"]
    assert counting.created == 0
    metadata = page.response_metadata
    assert metadata is not None
    assert metadata.http_status_code == 200
    assert metadata.retry_attempts == 0


def test_an_error_is_parsed_by_botocore(server: StubServer) -> None:
    server.script(Reply.error("ResourceNotFoundException", message="no collection"))
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    counting = _count_botocore_parsers(rk)
    with pytest.raises(ResourceNotFoundException) as caught:
        rk.describe_collection(collection_id="gone")
    assert caught.value.message == "no collection"
    assert counting.created >= 1


def test_the_raw_client_answer_keeps_botocores_metadata(server: StubServer) -> None:
    server.script(Reply(body={"CollectionIds": []}))
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    answer = rk.client.list_collections()
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert answer["ResponseMetadata"]["RetryAttempts"] == 0
    assert "content-type" in answer["ResponseMetadata"]["HTTPHeaders"]


def test_only_the_fast_parse_path_skips_botocores_parser(server: StubServer) -> None:
    server.script(Reply(body={"CollectionIds": ["c1"]}))
    slow = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url, fast_parse=False)
    factory = slow.client._endpoint._response_parser_factory
    assert not hasattr(factory, "_parser_class")  # botocore's own factory
    assert slow.list_collections().collection_ids == ["c1"]


def test_only_a_successful_body_is_kept() -> None:
    rk = Rekognition(region="us-east-1", endpoint_url="http://127.0.0.1:9")
    factory = rk.client._endpoint._response_parser_factory
    service = rk.client.meta.service_model
    shape = service.operation_model("ListCollections").output_shape
    response = _response([("x-amzn-RequestId", "r")])
    response["body"] = b'{"CollectionIds": ["c9"]}'
    kept = factory.create_parser(service.protocol).parse(response, shape)
    assert kept[RAW_BODY_KEY] == b'{"CollectionIds": ["c9"]}'
    assert kept["ResponseMetadata"]["RequestId"] == "r"
    assert "CollectionIds" not in kept
    response["status_code"] = 400
    response["body"] = b'{"__type": "ResourceNotFoundException", "message": "gone"}'
    parsed = factory.create_parser(service.protocol).parse(response, shape)
    assert parsed["Error"]["Code"] == "ResourceNotFoundException"
    assert RAW_BODY_KEY not in parsed
