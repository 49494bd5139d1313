"""The emulator at the service's documented limits, over HTTP with plain boto3.

Each test cites where the behaviour is documented: botocore's service model
(``botocore/data/rekognition/2016-06-27/service-2.json``), an operation's API reference, or
"Guidelines and quotas in Amazon Rekognition" (docs.aws.amazon.com/rekognition/latest/dg/limits.html).
"""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from PIL import Image

from rekog.local import (
    LocalRekognition,
    LocalServer,
    VideoPerson,
    make_face_image,
    make_scene,
    make_video,
)
from rekog.local.emulator import dummy_session

from .conftest import NO_RETRIES
from .helpers import error_code


@pytest.fixture
def server(emulator: LocalRekognition) -> Iterator[LocalServer]:
    with emulator.serve(aws_services=True) as running:
        yield running


def client(server: LocalServer, service: str = "rekognition", region: str = "us-east-1") -> Any:
    session: Any = dummy_session(region)
    return session.client(service, endpoint_url=server.endpoint_url, config=NO_RETRIES)


def error(call: Any, /, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    found: dict[str, str] = info.value.response["Error"]
    return found


def grid_boxes(count: int, columns: int) -> list[dict[str, float]]:
    side = 1 / columns
    return [
        {"Left": (i % columns) * side, "Top": (i // columns) * side, "Width": side, "Height": side}
        for i in range(count)
    ]


def plain_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 120, 150)).save(out, "PNG")
    return out.getvalue()


def test_index_faces_indexes_at_most_100_faces(server: LocalServer) -> None:
    # IndexFaces API reference: "IndexFaces returns no more than 100 detected faces in an
    # image, even if you specify a larger value for MaxFaces"; DetectFaces "detects the 100
    # largest faces in the image".
    rekognition = client(server)
    rekognition.create_collection(CollectionId="crowd")
    faces = [{"id": f"p{i}", "box": box} for i, box in enumerate(grid_boxes(110, columns=11))]
    crowd = make_scene(faces, size=(1100, 1100))
    indexed = rekognition.index_faces(CollectionId="crowd", Image={"Bytes": crowd}, MaxFaces=500)
    assert len(indexed["FaceRecords"]) == 100
    assert len(indexed["UnindexedFaces"]) == 10
    assert {r for u in indexed["UnindexedFaces"] for r in u["Reasons"]} == {"EXCEEDS_MAX_FACES"}
    assert len(rekognition.detect_faces(Image={"Bytes": crowd})["FaceDetails"]) == 100
    rekognition.create_user(CollectionId="crowd", UserId="u")
    rekognition.associate_faces(
        CollectionId="crowd", UserId="u", FaceIds=[indexed["FaceRecords"][0]["Face"]["FaceId"]]
    )
    searched = rekognition.search_users_by_image(CollectionId="crowd", Image={"Bytes": crowd})
    assert len(searched["UnsearchedFaces"]) == 99


def test_associate_and_disassociate_ignore_faces_with_nothing_to_do(server: LocalServer) -> None:
    # AssociateFaces API reference: faces already associated with the user are ignored;
    # DisassociateFaces: faces not associated with any user are ignored.
    rekognition = client(server)
    rekognition.create_collection(CollectionId="c")
    ids = [
        r["Face"]["FaceId"]
        for r in rekognition.index_faces(
            CollectionId="c", Image={"Bytes": make_scene(["ann", "ann"])}
        )["FaceRecords"]
    ]
    rekognition.create_user(CollectionId="c", UserId="ann")
    first = rekognition.associate_faces(CollectionId="c", UserId="ann", FaceIds=[ids[0]])
    assert first["AssociatedFaces"] == [{"FaceId": ids[0]}]
    again = rekognition.associate_faces(CollectionId="c", UserId="ann", FaceIds=ids)
    assert again["AssociatedFaces"] == [{"FaceId": ids[1]}]
    assert again["UnsuccessfulFaceAssociations"] == []
    rekognition.disassociate_faces(CollectionId="c", UserId="ann", FaceIds=[ids[1]])
    removed = rekognition.disassociate_faces(CollectionId="c", UserId="ann", FaceIds=ids)
    assert removed["DisassociatedFaces"] == [{"FaceId": ids[0]}]
    assert removed["UnsuccessfulFaceDisassociations"] == []


def test_image_bytes_over_the_model_maximum_is_a_validation_error(server: LocalServer) -> None:
    # service-2.json: ImageBlob {"type": "blob", "max": 5242880, "min": 1}.
    rekognition = client(server)
    found = error(rekognition.detect_labels, Image={"Bytes": b"\x89PNG" + b"\0" * 5_767_164})
    assert found["Code"] == "ValidationException"
    assert found["Message"].endswith(
        "at 'image.bytes' failed to satisfy constraint: Member must have length less than or "
        "equal to 5242880"
    )


def test_body_over_the_limit_gets_a_code_of_the_model(server: LocalServer) -> None:
    request = urllib.request.Request(
        server.endpoint_url,
        data=b" " * (9 * 1024 * 1024),
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "RekognitionService.ListCollections",
        },
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=30)
    assert info.value.code == 413
    assert json.loads(info.value.read())["__type"] == "ValidationException"


def test_protective_equipment_limits(server: LocalServer) -> None:
    # DetectProtectiveEquipment API reference: "detects PPE worn by up to 15 persons"; the
    # image is "64 x 64 pixels minimum", "4096 x 4096 pixels maximum", at most 4 MB as bytes.
    rekognition = client(server)
    persons = [{"box": box} for box in grid_boxes(20, columns=5)]
    found = rekognition.detect_protective_equipment(
        Image={"Bytes": make_scene(ppe=persons, size=(500, 400))}
    )["Persons"]
    assert len(found) == 15
    wide = make_scene(ppe=persons, size=(5000, 100))
    assert error_code(rekognition.detect_protective_equipment, Image={"Bytes": wide}) == (
        "ImageTooLargeException"
    )
    small = plain_png(50, 50)
    assert error_code(rekognition.detect_protective_equipment, Image={"Bytes": small}) == (
        "InvalidParameterException"
    )
    heavy = plain_png(300, 300) + b"\0" * (4_500_000)  # a PNG with trailing bytes: 4.5 MB
    assert error_code(rekognition.detect_protective_equipment, Image={"Bytes": heavy}) == (
        "ImageTooLargeException"
    )
    # The same image is fine for an operation with the general 5 MB limit.
    assert rekognition.detect_labels(Image={"Bytes": heavy})["Labels"] == []


@pytest.mark.parametrize(
    "operation",
    ["detect_faces", "index_faces", "search_faces_by_image", "search_users_by_image"],
)
def test_face_operations_refuse_images_under_80_pixels(server: LocalServer, operation: str) -> None:
    # Guidelines and quotas: "The minimum image dimensions is 80 pixels for both height and
    # width" (face detection and search).
    rekognition = client(server)
    rekognition.create_collection(CollectionId="c")
    params: dict[str, Any] = {} if operation == "detect_faces" else {"CollectionId": "c"}
    tiny = make_face_image("ann", size=(79, 200))
    found = error(getattr(rekognition, operation), Image={"Bytes": tiny}, **params)
    assert found["Code"] == "InvalidParameterException"
    assert "80 pixels" in found["Message"]
    at_minimum = make_face_image("ann", size=(80, 80))
    assert len(rekognition.detect_faces(Image={"Bytes": at_minimum})["FaceDetails"]) == 1


def test_regions_are_isolated(server: LocalServer) -> None:
    # Rekognition resources are regional: a collection exists in the region it was made in,
    # and its ARN names that region (CreateCollection API reference: CollectionArn).
    ireland, virginia = client(server, region="eu-west-1"), client(server)
    arn = ireland.create_collection(CollectionId="photos")["CollectionArn"]
    assert arn.startswith("aws:rekognition:eu-west-1:")  # the service omits "arn:" here
    assert virginia.list_collections()["CollectionIds"] == []
    assert error_code(virginia.describe_collection, CollectionId="photos") == (
        "ResourceNotFoundException"
    )
    assert ireland.list_collections()["CollectionIds"] == ["photos"]
    virginia.create_collection(CollectionId="photos")  # no conflict: another region
    assert ireland.describe_collection(CollectionId="photos")["CollectionARN"] == arn


@pytest.mark.parametrize(
    "start",
    [
        "start_label_detection",
        "start_face_detection",
        "start_content_moderation",
        "start_celebrity_recognition",
        "start_person_tracking",
        "start_text_detection",
        "start_segment_detection",
        "start_face_search",
    ],
)
def test_start_on_a_missing_object_is_invalid_s3_object(server: LocalServer, start: str) -> None:
    # service-2.json lists InvalidS3ObjectException in the errors of every Start* operation.
    rekognition = client(server)
    rekognition.create_collection(CollectionId="c")
    params: dict[str, Any] = {"Video": {"S3Object": {"Bucket": "videos", "Name": "gone.mp4"}}}
    if start == "start_face_search":
        params["CollectionId"] = "c"
    if start == "start_segment_detection":
        params["SegmentTypes"] = ["SHOT"]
    assert error_code(getattr(rekognition, start), **params) == "InvalidS3ObjectException"


def test_regions_are_isolated_in_process_and_persisted(tmp_path: Any) -> None:
    data = tmp_path / "state.db"
    with LocalRekognition(data=data) as local:
        local.client(region_name="eu-west-1").create_collection(CollectionId="photos")
        assert local.client().list_collections()["CollectionIds"] == []
    with LocalRekognition(data=data) as restarted:
        ireland = restarted.client(region_name="eu-west-1")
        assert ireland.list_collections()["CollectionIds"] == ["photos"]
        assert restarted.client().list_collections()["CollectionIds"] == []


def test_video_person_without_times_appears_at_the_start(
    server: LocalServer, emulator: LocalRekognition
) -> None:
    # docs/local.md ("Test videos"): a person given no time is shown once, at 0 ms.
    rekognition, s3 = client(server), client(server, "s3")
    rekognition.create_collection(CollectionId="staff")
    rekognition.index_faces(CollectionId="staff", Image={"Bytes": make_face_image("p1")})
    s3.create_bucket(Bucket="videos")
    s3.put_object(Bucket="videos", Key="v.json", Body=make_video(persons=[VideoPerson("p1")]))
    job = rekognition.start_face_search(
        CollectionId="staff", Video={"S3Object": {"Bucket": "videos", "Name": "v.json"}}
    )["JobId"]
    emulator.clock.sleep(2)
    persons = rekognition.get_face_search(JobId=job)["Persons"]
    assert [(p["Timestamp"], len(p["FaceMatches"])) for p in persons] == [(0, 1)]


def test_video_person_with_an_unknown_key_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown person key\(s\) \['id'\]"):
        make_video(persons=[{"id": "p1"}])
