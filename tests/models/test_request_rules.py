"""Bad request values fail before anything is sent, with an error naming the field and the rule."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from rekog.models import (
    AssociateFacesRequest,
    ConnectedHomeSettings,
    CreateCollectionRequest,
    CreateStreamProcessorRequest,
    DeleteFacesRequest,
    Image,
    MediaAnalysisInput,
    MediaAnalysisOutputConfig,
    S3Object,
    SearchFacesRequest,
    SearchUsersByImageRequest,
    SearchUsersByImageResponse,
    StartFaceSearchRequest,
    StreamProcessorDataSharingPreference,
    StreamProcessorNotificationChannel,
    StreamProcessorSettings,
    Video,
)

from ._support import SHAPES

FACE_ID = "0b683aed-a0f1-48b2-9b5e-139e9cc2a757"
MAX_IMAGE = SHAPES["ImageBlob"]["max"]
MAX_USERS = SHAPES["MaxUserResults"]["max"]
MIN_USERS = SHAPES["MaxUserResults"]["min"]


def only_error(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, Any]:
    errors = exc.value.errors()
    assert len(errors) == 1, errors
    return dict(errors[0])


def search_users_by_image(**overrides: Any) -> SearchUsersByImageRequest:
    values: dict[str, Any] = {"CollectionId": "family-photos", "Image": {"Bytes": b"\xff\xd8\xff"}}
    values.update(overrides)
    return SearchUsersByImageRequest.model_validate(values)


def test_service_limits_are_what_the_tests_assume() -> None:
    assert MAX_IMAGE == 5_242_880
    assert (MIN_USERS, MAX_USERS) == (1, 500)
    assert SHAPES["CollectionId"]["max"] == 255


# --------------------------------------------------------------------------- CollectionId


def test_collection_id_pattern() -> None:
    with pytest.raises(ValidationError) as exc:
        search_users_by_image(CollectionId="bad id!")
    error = only_error(exc)
    assert error["loc"] == ("CollectionId",)
    assert error["type"] == "string_pattern_mismatch"
    assert error["input"] == "bad id!"
    text = str(exc.value)
    assert "CollectionId" in text and "[a-zA-Z0-9_.\\-]+" in text and "pattern" in text


@pytest.mark.parametrize("bad", ["", "a b", "trailing\n", "ü", "a/b"])
def test_collection_id_pattern_is_a_full_match(bad: str) -> None:
    with pytest.raises(ValidationError) as exc:
        CreateCollectionRequest(collection_id=bad)
    assert exc.value.errors()[0]["loc"] == ("collection_id",)


def test_collection_id_length() -> None:
    with pytest.raises(ValidationError) as exc:
        search_users_by_image(CollectionId="a" * 256)
    error = only_error(exc)
    assert error["loc"] == ("CollectionId",)
    assert error["type"] == "string_too_long"
    assert error["ctx"] == {"max_length": 255}
    assert "255" in str(exc.value)
    assert search_users_by_image(CollectionId="a" * 255).collection_id == "a" * 255


@pytest.mark.parametrize("good", ["a", "family-photos", "My_Collection.v2", "0-9_.-"])
def test_collection_id_valid(good: str) -> None:
    assert CreateCollectionRequest(collection_id=good).to_wire() == {"CollectionId": good}


# --------------------------------------------------------------------------- Image bytes


def test_image_bytes_empty() -> None:
    with pytest.raises(ValidationError) as exc:
        search_users_by_image(Image={"Bytes": b""})
    error = only_error(exc)
    assert error["loc"] == ("Image", "Bytes")
    assert error["type"] == "bytes_too_short"
    assert "Image.Bytes" in str(exc.value)


def test_image_bytes_too_large() -> None:
    with pytest.raises(ValidationError) as exc:
        search_users_by_image(Image={"Bytes": b"\0" * (MAX_IMAGE + 1)})
    error = only_error(exc)
    assert error["loc"] == ("Image", "Bytes")
    assert error["type"] == "bytes_too_long"
    assert error["ctx"] == {"max_length": MAX_IMAGE}
    # The limit itself is fine, and the error message never dumps the image.
    assert len(search_users_by_image(Image={"Bytes": b"\0" * MAX_IMAGE}).image.bytes or b"") == (
        MAX_IMAGE
    )
    assert len(str(exc.value)) < 1000


def test_image_model_directly() -> None:
    with pytest.raises(ValidationError):
        Image(bytes=b"")
    assert Image(bytes=b"x").to_wire() == {"Bytes": b"x"}


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(("value", "rule"), [(MIN_USERS - 1, "greater_than_equal"),
                                             (MAX_USERS + 1, "less_than_equal"),
                                             (-5, "greater_than_equal")])  # fmt: skip
def test_max_users_range(value: int, rule: str) -> None:
    with pytest.raises(ValidationError) as exc:
        search_users_by_image(MaxUsers=value)
    error = only_error(exc)
    assert error["loc"] == ("MaxUsers",)
    assert error["type"] == rule
    assert "MaxUsers" in str(exc.value)


@pytest.mark.parametrize("value", [MIN_USERS, 7, MAX_USERS])
def test_max_users_valid(value: int) -> None:
    assert search_users_by_image(MaxUsers=value).max_users == value


@pytest.mark.parametrize(("value", "rule"), [(100.01, "less_than_equal"), (101, "less_than_equal"),
                                             (-0.5, "greater_than_equal")])  # fmt: skip
def test_face_match_threshold_range(value: float, rule: str) -> None:
    with pytest.raises(ValidationError) as exc:
        SearchFacesRequest(collection_id="c", face_id=FACE_ID, face_match_threshold=value)
    error = only_error(exc)
    assert error["loc"] == ("face_match_threshold",)
    assert error["type"] == rule
    assert "100" in str(exc.value) or "0" in str(exc.value)


def test_face_match_threshold_bounds_are_inclusive() -> None:
    for value in (0, 0.0, 55.5, 100):
        request = SearchFacesRequest(collection_id="c", face_id=FACE_ID, face_match_threshold=value)
        assert request.face_match_threshold == value


def test_user_match_threshold_range() -> None:
    with pytest.raises(ValidationError) as exc:
        search_users_by_image(UserMatchThreshold=100.5)
    assert only_error(exc)["loc"] == ("UserMatchThreshold",)


# --------------------------------------------------------------------------- required, patterns


def test_missing_required_member() -> None:
    with pytest.raises(ValidationError) as exc:
        SearchUsersByImageRequest(image={"Bytes": b"x"})  # type: ignore[call-arg]
    error = only_error(exc)
    assert error["type"] == "missing"
    assert error["loc"] == ("CollectionId",)
    assert "CollectionId" in str(exc.value) and "required" in str(exc.value)


def test_every_missing_required_member_is_reported() -> None:
    with pytest.raises(ValidationError) as exc:
        AssociateFacesRequest.model_validate({})
    assert {e["loc"][0] for e in exc.value.errors()} == {"CollectionId", "UserId", "FaceIds"}
    assert {e["type"] for e in exc.value.errors()} == {"missing"}


def test_face_id_must_be_a_uuid() -> None:
    with pytest.raises(ValidationError) as exc:
        SearchFacesRequest(collection_id="c", face_id="not-a-uuid")
    error = only_error(exc)
    assert error["loc"] == ("face_id",)
    assert error["type"] == "string_pattern_mismatch"
    assert "[0-9a-f]{8}" in str(exc.value)
    with pytest.raises(ValidationError):
        SearchFacesRequest(collection_id="c", face_id=FACE_ID + "0")
    with pytest.raises(ValidationError):
        SearchFacesRequest(collection_id="c", face_id=FACE_ID.upper())
    assert SearchFacesRequest(collection_id="c", face_id=FACE_ID).face_id == FACE_ID


def test_anchored_pattern() -> None:
    video = {"S3Object": {"Bucket": "videos", "Name": "a.mp4"}}
    good = StartFaceSearchRequest(
        video=video, collection_id="c", client_request_token="job-1_retry"
    )
    assert good.client_request_token == "job-1_retry"
    with pytest.raises(ValidationError) as exc:
        StartFaceSearchRequest(video=video, collection_id="c", client_request_token="job 1")
    assert only_error(exc)["loc"] == ("client_request_token",)


# --------------------------------------------------------------------------- lists


def test_list_too_long() -> None:
    max_items = SHAPES["UserFaceIdList"]["max"]
    with pytest.raises(ValidationError) as exc:
        AssociateFacesRequest(
            collection_id="c", user_id="alice", face_ids=[FACE_ID] * (max_items + 1)
        )
    error = only_error(exc)
    assert error["loc"] == ("face_ids",)
    assert error["type"] == "too_long"
    assert str(max_items) in str(exc.value)
    ok = AssociateFacesRequest(collection_id="c", user_id="alice", face_ids=[FACE_ID] * max_items)
    assert len(ok.face_ids) == max_items


def test_list_too_short() -> None:
    with pytest.raises(ValidationError) as exc:
        DeleteFacesRequest(collection_id="c", face_ids=[])
    error = only_error(exc)
    assert error["loc"] == ("face_ids",)
    assert error["type"] == "too_short"


def test_list_items_are_checked() -> None:
    with pytest.raises(ValidationError) as exc:
        DeleteFacesRequest(collection_id="c", face_ids=[FACE_ID, "nope"])
    error = only_error(exc)
    assert error["loc"] == ("face_ids", 1)
    assert error["type"] == "string_pattern_mismatch"


# --------------------------------------------------------------------------- names


def test_snake_case_and_aws_names_both_populate() -> None:
    by_alias = SearchUsersByImageRequest.model_validate(
        {"CollectionId": "c", "Image": {"S3Object": {"Bucket": "bkt", "Name": "k"}}, "MaxUsers": 3}
    )
    by_name = SearchUsersByImageRequest(
        collection_id="c", image=Image(s3_object=S3Object(bucket="bkt", name="k")), max_users=3
    )
    mixed = SearchUsersByImageRequest.model_validate(
        {
            "collection_id": "c",
            "Image": {"s3_object": {"Bucket": "bkt", "name": "k"}},
            "MaxUsers": 3,
        }
    )
    wire = {
        "CollectionId": "c",
        "Image": {"S3Object": {"Bucket": "bkt", "Name": "k"}},
        "MaxUsers": 3,
    }
    assert by_alias == by_name == mixed
    for request in (by_alias, by_name, mixed):
        assert request.collection_id == "c"
        assert request.image.s3_object is not None and request.image.s3_object.bucket == "bkt"
        assert request.to_wire() == wire
        assert not request.model_extra  # unknown members are refused, none kept


def test_valid_request_round_trips() -> None:
    wire = {
        "CollectionId": "family-photos",
        "Image": {"Bytes": b"\xff\xd8\xff\xe0"},
        "UserMatchThreshold": 85.0,
        "MaxUsers": 10,
        "QualityFilter": "AUTO",
    }
    request = SearchUsersByImageRequest.model_validate(wire)
    assert request.to_wire() == wire
    assert (
        SearchUsersByImageRequest.model_validate_json(
            request.model_dump_json(by_alias=True, exclude_unset=True)
        ).to_wire()
        == wire
    )


def test_request_only_rules_hold_even_as_a_response() -> None:
    with pytest.raises(ValidationError):
        SearchUsersByImageRequest.from_response(
            {"CollectionId": "bad id!", "Image": {"Bytes": b"x"}}
        )


# --------------------------------------------------------------------------- shared shapes


def test_shared_shape_rules_apply_to_requests() -> None:
    with pytest.raises(ValidationError) as exc:
        S3Object(bucket="ab", name="k")
    error = only_error(exc)
    assert error["loc"] == ("bucket",)
    assert error["type"] == "too_short"
    assert "3" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        search_users_by_image(Image={"S3Object": {"Bucket": "ab", "Name": "k"}})
    assert only_error(exc)["loc"] == ("Image", "S3Object", "Bucket")
    with pytest.raises(ValidationError):
        S3Object(bucket="bad bucket!")
    with pytest.raises(ValidationError):
        Video(s3_object={"Bucket": "x" * 256})


def test_shared_shape_rules_are_skipped_in_responses() -> None:
    assert S3Object.from_response({"Bucket": "ab"}).bucket == "ab"
    assert Video.from_response({"S3Object": {"Bucket": "ab"}}).to_wire() == {
        "S3Object": {"Bucket": "ab"}
    }
    face_search = {
        "Video": {"S3Object": {"Bucket": "ab", "Name": ""}},
    }
    from rekog.models import GetFaceSearchResponse

    assert GetFaceSearchResponse.from_response(face_search).to_wire() == face_search


@pytest.mark.parametrize(
    ("cls", "member", "attr"),
    [
        (StreamProcessorNotificationChannel, "SNSTopicArn", "sns_topic_arn"),
        (MediaAnalysisInput, "S3Object", "s3_object"),
        (MediaAnalysisOutputConfig, "S3Bucket", "s3_bucket"),
        (StreamProcessorDataSharingPreference, "OptIn", "opt_in"),
        (ConnectedHomeSettings, "Labels", "labels"),
    ],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_shared_shape_required_member(cls: Any, member: str, attr: str) -> None:
    """Required when built for a request; optional when parsed from a response."""
    with pytest.raises(ValidationError) as exc:
        cls()
    assert attr in str(exc.value) or member in str(exc.value)
    assert exc.value.errors()[0]["type"] == "missing"
    parsed = cls.from_response({})
    assert parsed.to_wire() == {}
    assert getattr(parsed, attr) in (None, [])


def test_shared_shape_required_member_nested_in_a_request() -> None:
    with pytest.raises(ValidationError) as exc:
        CreateStreamProcessorRequest(
            input={"KinesisVideoStream": {"Arn": "arn:aws:kinesisvideo:us-east-1:123456789012:x"}},
            output={"S3Destination": {"Bucket": "out"}},
            name="proc",
            settings={"FaceSearch": {"CollectionId": "c"}},
            role_arn="arn:aws:iam::123456789012:role/rekog",
            notification_channel={},
        )
    assert exc.value.errors()[0]["loc"][0] == "notification_channel"
    assert "sns_topic_arn" in str(exc.value)


def test_shared_shape_valid_values_pass() -> None:
    channel = StreamProcessorNotificationChannel(
        SNSTopicArn="arn:aws:sns:us-east-1:123456789012:topic"
    )
    assert channel.to_wire() == {"SNSTopicArn": "arn:aws:sns:us-east-1:123456789012:topic"}
    assert StreamProcessorDataSharingPreference(opt_in=False).to_wire() == {"OptIn": False}
    settings = StreamProcessorSettings(connected_home={"Labels": ["PERSON"], "MinConfidence": 80})
    assert settings.to_wire() == {"ConnectedHome": {"Labels": ["PERSON"], "MinConfidence": 80}}
    with pytest.raises(ValidationError):
        ConnectedHomeSettings(labels=[])  # min 1 item


def test_response_never_rejected_for_request_rules() -> None:
    wire = {
        "UserMatches": [{"Similarity": 100.0, "User": {"UserId": "x" * 300}}],
        "SearchedFace": {"FaceDetail": {"Confidence": 100.0}},
    }
    assert SearchUsersByImageResponse.from_response(wire).to_wire() == wire
