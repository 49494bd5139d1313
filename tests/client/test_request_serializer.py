"""The clients rekog creates write request bodies in one pass; anything else is botocore's."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import boto3
import botocore.serialize
import pytest
from support.stub_server import Reply, StubServer

from rekog import Rekognition
from rekog._request_serializer import _Serializer

SERVICE = boto3.client("rekognition", region_name="us-east-1").meta.service_model


class _Counting:
    """botocore's serializer, counting the requests it serializes."""

    def __init__(self) -> None:
        self.serializer = botocore.serialize.create_serializer("json", include_validation=False)
        self.calls = 0

    def serialize_to_request(self, parameters: Any, operation_model: Any) -> Any:
        self.calls += 1
        return self.serializer.serialize_to_request(parameters, operation_model)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.serializer, name)


def _both(operation: str, parameters: Any) -> tuple[Any, Any, int]:
    """(rekog's result or error, botocore's result or error, botocore calls by rekog's);
    ``parameters`` may be a function making them (a generator is read once)."""
    model = SERVICE.operation_model(operation)
    counting = _Counting()
    ours = _Serializer(counting)
    counting.calls = 0

    def run(serializer: Any) -> Any:
        try:
            made = parameters() if callable(parameters) else parameters
            return serializer.serialize_to_request(made, model)
        except Exception as error:
            return (type(error), str(error))

    result = run(ours)
    used_botocore = counting.calls
    return result, run(counting.serializer), used_botocore


def test_a_plain_request_is_written_without_botocores_walk() -> None:
    ours, botocores, used = _both(
        "DetectFaces", {"Image": {"Bytes": b"\x00\xffimage"}, "Attributes": ["ALL"]}
    )
    assert ours == botocores
    assert ours["body"] == b'{"Image": {"Bytes": "AP9pbWFnZQ=="}, "Attributes": ["ALL"]}'
    # The plan is made from botocore's template for an empty request: one call, once.
    assert used == 1


class _Mapping(Mapping[str, Any]):
    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


@pytest.mark.parametrize(
    ("operation", "parameters"),
    [
        # Not plain JSON: botocore converts or refuses it, so botocore serializes it.
        ("CompareFaces", {"SimilarityThreshold": Decimal("80.5")}),
        ("CompareFaces", {"SimilarityThreshold": math.inf}),
        ("CompareFaces", {"SimilarityThreshold": math.nan}),
        ("DetectFaces", {"Image": _Mapping({"S3Object": {"Bucket": "b", "Name": "k"}})}),
        ("DetectFaces", {"Image": {"Bytes": 5}}),
        ("DetectFaces", {"Image": None}),
        ("DetectFaces", {"Attributes": {"ALL"}}),
        ("DetectFaces", lambda: {"Attributes": (a for a in ["ALL"])}),
        ("DescribeCollection", {"CollectionId": b"bytes for a string"}),
        # A member the shape lacks: botocore's KeyError.
        ("DescribeCollection", {"CollectionId": "c", "Unknown": 1}),
    ],
)
def test_anything_else_is_botocores_to_serialize(operation: str, parameters: Any) -> None:
    ours, botocores, used = _both(operation, parameters)
    assert used == 2  # the template, then the request itself
    assert type(ours) is type(botocores)
    if isinstance(ours, dict):
        assert ours == botocores
    else:
        assert ours[0] is botocores[0]


@pytest.mark.parametrize(
    "parameters",
    [
        {"SourceImage": {"Bytes": "text blob"}, "TargetImage": {"Bytes": bytearray(b"x")}},
        {"SourceImage": {"S3Object": {"Bucket": "b", "Name": "é"}}, "QualityFilter": None},
        {"SourceImage": {"Bytes": b"a"}, "SimilarityThreshold": 1e-05},
    ],
)
def test_blobs_given_as_text_and_non_ascii_text_match_botocore(parameters: Any) -> None:
    ours, botocores, used = _both("CompareFaces", parameters)
    assert ours == botocores
    assert used == 1


def test_the_callers_parameters_are_left_as_they_were() -> None:
    parameters = {"Image": {"Bytes": b"img"}}
    _both("DetectFaces", parameters)
    assert parameters == {"Image": {"Bytes": b"img"}}


def test_clients_rekog_creates_have_it_and_a_passed_client_keeps_its_own(
    server: StubServer,
) -> None:
    server.script(Reply(body={"StatusCode": 200, "CollectionArn": "arn", "FaceModelVersion": "7"}))
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    assert rk.create_collection(collection_id="c").collection_arn == "arn"
    assert isinstance(rk.client._serializer, _Serializer)
    assert server.requests[-1].body == {"CollectionId": "c"}
    passed = boto3.client("rekognition", region_name="us-east-1")
    Rekognition(client=passed)
    assert not isinstance(passed._serializer, _Serializer)
