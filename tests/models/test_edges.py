"""Issue 8's reproducers on the models side: request types, unknown keys, enums, responses."""

from __future__ import annotations

import gc
import logging
import math
import tracemalloc
from typing import Any

import pytest
from pydantic import ValidationError

import rekog.models as models
from rekog._validation import invalid_request_from
from rekog.models import (
    DetectFacesRequest,
    EmotionName,
    GetFaceSearchResponse,
    ResponseModel,
    S3Object,
    SearchFacesRequest,
    SearchUsersRequest,
    open_enum,
)

from ._support import OPERATIONS, model_class, output_shape

FACE_ID = "11111111-1111-1111-1111-111111111111"


def rejected(cls: Any, data: dict[str, Any]) -> tuple[str, str]:
    """(parameter path, rule) of the InvalidRequestError the client would raise."""
    with pytest.raises(ValidationError) as caught:
        cls.model_validate(data)
    error = invalid_request_from(caught.value)
    return error.parameter, error.rule


# ------------------------------------------------------------------ request types


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        (10**30, "less than or equal to 4096"),
        (2**31, "less than or equal to 4096"),
        (True, "valid integer"),
        (1.0, "valid integer"),
        ("3", "valid integer"),
    ],
)
def test_integers_are_strict_and_in_range(value: Any, rule: str) -> None:
    data = {"CollectionId": "c", "FaceId": FACE_ID, "MaxFaces": value}
    parameter, message = rejected(SearchFacesRequest, data)
    assert parameter == "max_faces" and rule in message


def test_integers_without_a_documented_range_are_32_bit() -> None:
    # ListFaces.MaxResults is a PageSize (0..4096); MaxUsers 1..500; UInteger is 0..2**31-1.
    from rekog.models import DescribeProjectsRequest

    assert DescribeProjectsRequest.model_validate({"MaxResults": 100}).max_results == 100
    cls = models.GetFaceSearchRequest
    parameter, rule = rejected(cls, {"JobId": "j", "MaxResults": 2**31})
    assert parameter == "max_results" and "2147483647" in rule
    assert cls.model_validate({"JobId": "j", "MaxResults": 2**31 - 1}).max_results == 2**31 - 1


def test_bool_is_not_an_integer_nor_a_float() -> None:
    assert (
        rejected(SearchUsersRequest, {"CollectionId": "c", "UserId": "u", "MaxUsers": True})[0]
        == "max_users"
    )
    parameter, _ = rejected(
        SearchUsersRequest, {"CollectionId": "c", "UserId": "u", "UserMatchThreshold": True}
    )
    assert parameter == "user_match_threshold"


def test_bytes_are_not_strings() -> None:
    parameter, rule = rejected(models.CreateCollectionRequest, {"CollectionId": b"abc"})
    assert parameter == "collection_id" and "valid string" in rule


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_numbers_are_finite(value: float) -> None:
    data = {"Image": {"Bytes": b"x"}, "MinConfidence": value}
    parameter, rule = rejected(models.DetectLabelsRequest, data)
    assert parameter == "min_confidence" and "finite" in rule


def test_lists_are_lists_not_any_iterable() -> None:
    for value in ({"DEFAULT"}, iter(["DEFAULT"]), "DEFAULT"):
        parameter, _ = rejected(DetectFacesRequest, {"Image": {"Bytes": b"x"}, "Attributes": value})
        assert parameter == "attributes"
    ok = DetectFacesRequest.model_validate({"Image": {"Bytes": b"x"}, "Attributes": ("ALL",)})
    assert ok.attributes == ["ALL"]


# ------------------------------------------------------------------ unknown keys


def test_unknown_key_of_a_request_only_shape_is_refused() -> None:
    parameter, rule = rejected(DetectFacesRequest, {"Image": {"Bytez": b"x"}})
    assert parameter == "image.bytez" and "Extra inputs" in rule


def test_unknown_key_of_a_shared_shape_is_refused_in_a_request() -> None:
    data = {"Image": {"S3Object": {"Bucket": "bucket", "Name": "k", "Verzion": "1"}}}
    parameter, rule = rejected(DetectFacesRequest, data)
    assert parameter == "image.s3_object.verzion" and "Extra inputs" in rule


def test_unknown_top_level_argument_is_refused() -> None:
    parameter, _ = rejected(DetectFacesRequest, {"Image": {"Bytes": b"x"}, "Atributes": ["ALL"]})
    assert parameter == "atributes"


def test_responses_keep_unknown_members() -> None:
    data = {"JobStatus": "SUCCEEDED", "Video": {"S3Object": {"Bucket": "b", "Future": 1}}}
    parsed = GetFaceSearchResponse.model_validate(data)
    assert parsed.video is not None and parsed.video.s3_object is not None
    assert parsed.video.s3_object.model_extra == {"Future": 1}
    assert parsed.to_wire() == data


# ------------------------------------------------------------------ enums


def test_unknown_request_enum_value_is_kept_and_warned_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="rekog"):
        for _ in range(3):
            request = models.SearchFacesByImageRequest.model_validate(
                {"CollectionId": "c", "Image": {"Bytes": b"x"}, "QualityFilter": "ULTRA_2031"}
            )
            assert request.to_wire()["QualityFilter"] == "ULTRA_2031"
    warnings = [r.getMessage() for r in caplog.records if "ULTRA_2031" in r.getMessage()]
    assert len(warnings) == 1
    assert "QualityFilter" in warnings[0] and "NONE, AUTO, LOW, MEDIUM, HIGH" in warnings[0]


@pytest.mark.parametrize("value", [5, b"AUTO", "AUTO\n", "A" * 100_000, ""])
def test_impossible_enum_values_are_refused(value: Any) -> None:
    data = {"CollectionId": "c", "Image": {"Bytes": b"x"}, "QualityFilter": value}
    parameter, _ = rejected(models.SearchFacesByImageRequest, data)
    assert parameter == "quality_filter"


def test_list_of_enums_refuses_lines_of_a_file(tmp_path: Any) -> None:
    path = tmp_path / "attributes.txt"
    path.write_text("DEFAULT\nALL\n")
    with path.open() as lines:
        parameter, _ = rejected(DetectFacesRequest, {"Image": {"Bytes": b"x"}, "Attributes": lines})
    assert parameter == "attributes"
    parameter, _ = rejected(
        DetectFacesRequest, {"Image": {"Bytes": b"x"}, "Attributes": ["DEFAULT\n"]}
    )
    assert parameter == "attributes[0]"


def test_unknown_enum_values_do_not_grow_memory() -> None:
    before = dict(EmotionName._value2member_map_)
    gc.collect()
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        for index in range(20_000):
            value = EmotionName(f"FEELING_{index}")
            assert value == f"FEELING_{index}" and not value.is_known
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0] - baseline
    finally:
        tracemalloc.stop()
    assert EmotionName._value2member_map_ == before
    assert len(open_enum._PSEUDO_MEMBERS[EmotionName]) <= open_enum._PSEUDO_CACHE_SIZE
    assert retained < 1_000_000, f"{retained} bytes retained by 20,000 unknown values"


def test_unknown_enum_values_still_round_trip_and_compare() -> None:
    parsed = GetFaceSearchResponse.from_response_json(b'{"JobStatus": "PAUSED"}')
    assert parsed.job_status == "PAUSED" and str(parsed.job_status) == "PAUSED"
    assert parsed.job_status is not None and not parsed.job_status.is_known
    assert parsed.to_wire() == {"JobStatus": "PAUSED"}
    assert models.VideoJobStatus("PAUSED") == models.VideoJobStatus("PAUSED")
    assert models.VideoJobStatus("SUCCEEDED") is models.VideoJobStatus.SUCCEEDED
    assert list(models.VideoJobStatus) == [
        models.VideoJobStatus.IN_PROGRESS,
        models.VideoJobStatus.SUCCEEDED,
        models.VideoJobStatus.FAILED,
    ]


# ------------------------------------------------------------------ responses


def test_every_operation_output_is_a_response_model() -> None:
    outputs = {output_shape(name) for name in OPERATIONS}
    assert len(outputs) == 75
    for name in outputs:
        assert name is not None and issubclass(model_class(name), ResponseModel), name


def test_stored_boto3_response_never_meets_request_rules() -> None:
    stored = {
        "JobStatus": "SUCCEEDED",
        "Video": {"S3Object": {"Bucket": "b", "Name": "k" * 2000, "Version": "v"}},
        "Persons": [],
    }
    parsed = GetFaceSearchResponse.model_validate(stored)
    assert parsed.to_wire() == stored
    # Request models and shared shapes built on their own stay strict.
    with pytest.raises(ValidationError):
        S3Object(bucket="b")
    with pytest.raises(ValidationError):
        models.StartFaceSearchRequest.model_validate(
            {"Video": {"S3Object": {"Bucket": "b", "Name": "k"}}, "CollectionId": "c"}
        )


def test_every_video_get_response_accepts_what_requests_refuse() -> None:
    video_gets = [n for n in OPERATIONS if n.startswith("Get") and n.endswith(
        ("Detection", "Search", "Recognition", "Moderation", "Tracking")
    )]  # fmt: skip
    assert len(video_gets) == 8
    for name in video_gets:
        cls = model_class(f"{name}Response")
        data = {"JobStatus": "SUCCEEDED", "Video": {"S3Object": {"Bucket": "b!", "Name": ""}}}
        assert cls.model_validate(data).to_wire() == data


def test_timestamps_dump_as_epoch_seconds() -> None:
    body = b'{"CollectionARN": "arn", "CreationTimestamp": 1602000000.125, "FaceCount": 2}'
    parsed = models.DescribeCollectionResponse.from_response_json(body)
    dumped = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == {"CollectionARN": "arn", "CreationTimestamp": 1602000000.125, "FaceCount": 2}
    whole = models.DescribeCollectionResponse.from_response_json(b'{"CreationTimestamp": 16}')
    assert whole.model_dump_json(by_alias=True, exclude_unset=True) == '{"CreationTimestamp":16}'
