"""Every error the emulator reproduces, with the AWS error code a boto3 client sees."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from rekog.local import LocalRekognition, make_blank_image, make_face_image, make_video

from .helpers import error_code

if TYPE_CHECKING:
    from mypy_boto3_rekognition.type_defs import VideoTypeDef

MISSING_FACE = "00000000-0000-4000-8000-000000000000"
LIMIT = 5 * 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def client(rekognition: Any) -> Any:
    """A client with a collection ``c`` holding one face of ``alice`` and a user ``u``."""
    rekognition.create_collection(CollectionId="c")
    rekognition.index_faces(CollectionId="c", Image={"Bytes": make_face_image("alice")})
    rekognition.create_user(CollectionId="c", UserId="u")
    return rekognition


def face_id(client: Any) -> str:
    faces = client.list_faces(CollectionId="c")["Faces"]
    return str(faces[0]["FaceId"])


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("describe_collection", {"CollectionId": "nope"}),
        ("delete_collection", {"CollectionId": "nope"}),
        ("list_faces", {"CollectionId": "nope"}),
        ("list_users", {"CollectionId": "nope"}),
        ("index_faces", {"CollectionId": "nope", "Image": {"Bytes": make_face_image("x")}}),
        (
            "search_faces_by_image",
            {"CollectionId": "nope", "Image": {"Bytes": make_face_image("x")}},
        ),
        ("create_user", {"CollectionId": "nope", "UserId": "u"}),
        ("delete_user", {"CollectionId": "c", "UserId": "ghost"}),
        ("associate_faces", {"CollectionId": "c", "UserId": "ghost", "FaceIds": [MISSING_FACE]}),
        ("search_users", {"CollectionId": "c", "UserId": "ghost"}),
        ("get_face_search", {"JobId": "0" * 64}),
        ("get_text_detection", {"JobId": "0" * 64}),
        (
            "start_face_search",
            {"CollectionId": "nope", "Video": {"S3Object": {"Bucket": "bucket", "Name": "v.json"}}},
        ),
    ],
)
def test_resource_not_found(client: Any, method: str, kwargs: dict[str, Any]) -> None:
    assert error_code(getattr(client, method), **kwargs) == "ResourceNotFoundException"


def test_duplicates(client: Any) -> None:
    assert (
        error_code(client.create_collection, CollectionId="c") == "ResourceAlreadyExistsException"
    )
    assert error_code(client.create_user, CollectionId="c", UserId="u") == "ConflictException"
    client.create_user(CollectionId="c", UserId="v", ClientRequestToken="token-1")
    client.create_user(
        CollectionId="c", UserId="v", ClientRequestToken="token-1"
    )  # a retry, not a duplicate
    code = error_code(
        client.create_user, CollectionId="c", UserId="v", ClientRequestToken="token-2"
    )
    assert code == "ConflictException"
    code = error_code(
        client.create_user, CollectionId="c", UserId="w", ClientRequestToken="token-1"
    )
    assert code == "IdempotentParameterMismatchException"


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("create_collection", {"CollectionId": "bad id!"}),
        ("create_collection", {"CollectionId": "x" * 256}),
        ("create_user", {"CollectionId": "c", "UserId": "no spaces"}),
        ("search_faces", {"CollectionId": "c", "FaceId": "not-a-uuid"}),
        ("delete_faces", {"CollectionId": "c", "FaceIds": ["NOT-A-UUID"]}),
        (
            "index_faces",
            {
                "CollectionId": "c",
                "Image": {"Bytes": make_face_image("a")},
                "ExternalImageId": "a/b.png",
            },
        ),
        ("list_users", {"CollectionId": "c", "MaxResults": 501}),
        (
            "search_faces",
            {"CollectionId": "c", "FaceId": MISSING_FACE, "FaceMatchThreshold": 101.0},
        ),
    ],
)
def test_constraint_violations_are_validation_errors(
    client: Any, method: str, kwargs: dict[str, Any]
) -> None:
    with pytest.raises(ClientError) as info:
        getattr(client, method)(**kwargs)
    error = info.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith("1 validation error detected: Value ")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_botocore_still_validates_client_side(client: Any) -> None:
    with pytest.raises(ParamValidationError):
        client.create_collection(CollectionId="")


def test_invalid_parameters(client: Any) -> None:
    blank = make_blank_image()
    assert error_code(client.search_faces_by_image, CollectionId="c", Image={"Bytes": blank}) == (
        "InvalidParameterException"
    )
    assert error_code(client.search_users_by_image, CollectionId="c", Image={"Bytes": blank}) == (
        "InvalidParameterException"
    )
    both = {"CollectionId": "c", "UserId": "u", "FaceId": face_id(client)}
    assert error_code(client.search_users, **both) == "InvalidParameterException"
    assert error_code(client.search_users, CollectionId="c") == "InvalidParameterException"
    assert (
        error_code(client.search_faces, CollectionId="c", FaceId=MISSING_FACE)
        == "InvalidParameterException"
    )
    image = {"Bytes": make_face_image("a"), "S3Object": {"Bucket": "bucket", "Name": "a.png"}}
    assert error_code(client.detect_faces, Image=image) == "InvalidParameterException"


@pytest.mark.parametrize(
    "data",
    [
        b"this is not an image",
        b"GIF89a" + b"\x00" * 100,
        PNG + b"\x00" * 100,  # PNG magic, garbage after it
        make_face_image("a", format="JPEG")[:200],  # truncated JPEG
    ],
)
def test_invalid_image_format(client: Any, data: bytes) -> None:
    assert error_code(client.detect_faces, Image={"Bytes": data}) == "InvalidImageFormatException"
    assert (
        error_code(client.index_faces, CollectionId="c", Image={"Bytes": data})
        == "InvalidImageFormatException"
    )


def test_image_too_large(client: Any) -> None:
    # botocore's service-2.json: ImageBlob has "max": 5242880; the service answers a larger
    # Image.Bytes with a ValidationException naming the member and the constraint.
    at_limit = PNG + b"\x00" * (LIMIT - len(PNG))
    over_limit = at_limit + b"\x00"
    for call, params in (
        (client.detect_text, {}),
        (client.index_faces, {"CollectionId": "c"}),
    ):
        with pytest.raises(ClientError) as caught:
            call(Image={"Bytes": over_limit}, **params)
        error = caught.value.response["Error"]
        assert error["Code"] == "ValidationException"
        assert error["Message"] == (
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=5242881 "
            "cap=5242881]' at 'image.bytes' failed to satisfy constraint: Member must have "
            "length less than or equal to 5242880"
        )
    # 5,242,880 bytes is allowed (then rejected for being garbage, not for its size).
    assert (
        error_code(client.detect_text, Image={"Bytes": at_limit}) == "InvalidImageFormatException"
    )


def test_invalid_s3_object(client: Any, emulator: LocalRekognition) -> None:
    missing = {"S3Object": {"Bucket": "bucket", "Name": "missing.png"}}
    assert error_code(client.detect_faces, Image=missing) == "InvalidS3ObjectException"
    assert (
        error_code(client.index_faces, CollectionId="c", Image=missing)
        == "InvalidS3ObjectException"
    )
    emulator.backend.put_object("bucket", "alice.png", make_face_image("alice"))
    found = client.search_faces_by_image(
        CollectionId="c", Image={"S3Object": {"Bucket": "bucket", "Name": "alice.png"}}
    )
    assert len(found["FaceMatches"]) == 1
    assert (
        error_code(
            client.detect_faces,
            Image={"S3Object": {"Bucket": "bucket", "Name": "alice.png", "Version": "9"}},
        )
        == "InvalidS3ObjectException"
    )


@pytest.mark.parametrize(
    "token", ["garbage", "eyJvIjoiTGlzdEZhY2VzIn0.0000000000000000", "x" * 200]
)
def test_invalid_pagination_token(client: Any, emulator: LocalRekognition, token: str) -> None:
    assert (
        error_code(client.list_faces, CollectionId="c", NextToken=token)
        == "InvalidPaginationTokenException"
    )
    assert error_code(client.list_collections, NextToken=token) == "InvalidPaginationTokenException"
    assert (
        error_code(client.list_users, CollectionId="c", NextToken=token)
        == "InvalidPaginationTokenException"
    )
    emulator.backend.put_object("bucket", "v.json", make_video())
    job = client.start_face_search(
        CollectionId="c", Video={"S3Object": {"Bucket": "bucket", "Name": "v.json"}}
    )
    emulator.clock.sleep(5)
    assert error_code(client.get_face_search, JobId=job["JobId"], NextToken=token) == (
        "InvalidPaginationTokenException"
    )


def test_token_of_another_collection_is_rejected(client: Any) -> None:
    client.create_collection(CollectionId="other")
    for variant in (1, 2):
        client.index_faces(
            CollectionId="other", Image={"Bytes": make_face_image("bob", variant=variant)}
        )
    token = client.list_faces(CollectionId="other", MaxResults=1)["NextToken"]
    assert (
        error_code(client.list_faces, CollectionId="c", NextToken=token)
        == "InvalidPaginationTokenException"
    )
    assert (
        error_code(client.list_users, CollectionId="other", NextToken=token)
        == "InvalidPaginationTokenException"
    )


def test_unknown_liveness_session(client: Any) -> None:
    with pytest.raises(ClientError) as info:
        client.get_face_liveness_session_results(SessionId="00000000-0000-4000-8000-000000000000")
    assert info.value.response["Error"]["Code"] == "SessionNotFoundException"


def test_concurrent_job_limit(clock: Any) -> None:
    with LocalRekognition(clock=clock, max_concurrent_jobs=2) as local:
        client = local.client()
        local.backend.put_object("bucket", "v.json", make_video())
        video: VideoTypeDef = {"S3Object": {"Bucket": "bucket", "Name": "v.json"}}
        client.start_text_detection(Video=video)
        client.start_text_detection(Video=video)
        assert error_code(client.start_text_detection, Video=video) == "LimitExceededException"
        clock.advance(2)
        client.start_text_detection(Video=video)


def _raw(url: str, body: bytes, target: str | None) -> tuple[int, Any, dict[str, Any]]:
    """POST a raw request; the headers come back case-insensitive, as HTTP has them."""
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    if target:
        headers["X-Amz-Target"] = target
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


def test_wire_level_errors_over_http(emulator: LocalRekognition) -> None:
    with emulator.serve() as server:
        url = server.endpoint_url + "/"
        status, headers, body = _raw(
            url, b'{"CollectionId": "x"}', "RekognitionService.DescribeCollection"
        )
        assert status == 400
        assert body["__type"] == "ResourceNotFoundException"
        assert body["Message"] == "The collection id: x does not exist"
        assert headers["x-amzn-ErrorType"] == "ResourceNotFoundException"
        assert headers["x-amzn-RequestId"] == body["Logref"]
        assert headers["Content-Type"] == "application/x-amz-json-1.1"
        assert (
            _raw(url, b"{not json", "RekognitionService.ListCollections")[2]["__type"]
            == "SerializationException"
        )
        assert _raw(url, b"{}", "Bogus.Target")[2]["__type"] == "UnknownOperationException"
        assert _raw(url, b"{}", None)[2]["__type"] == "UnknownOperationException"
        assert _raw(url, b'{"CollectionId": 5}', "RekognitionService.CreateCollection")[2][
            "__type"
        ] == ("SerializationException")
        status, headers, body = _raw(url, b"", "RekognitionService.ListCollections")
        assert (status, body) == (200, {"CollectionIds": [], "FaceModelVersions": []})
