"""Real MP4 video with the vision perception: metadata from the container, faces from frames."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from rekog.local import LocalRekognition

from .media import astronaut, encode, mp4, text_picture

pytestmark = pytest.mark.vision

VIDEO = {"S3Object": {"Bucket": "videos", "Name": "clip.mp4"}}


@pytest.fixture(scope="module")
def clip() -> bytes:
    """4 s at 25 fps: 2 s of the portrait, then 2 s of a blank wall."""
    return mp4([(astronaut(), 2.0), (Image.new("RGB", astronaut().size, (180, 180, 180)), 2.0)])


def run(local: LocalRekognition, start: str, get: str, **request: Any) -> dict[str, Any]:
    job = local.call(start, Video=VIDEO, **request)["JobId"]
    result = local.call(get, JobId=job)
    assert result["JobStatus"] == "SUCCEEDED", result
    return result


def test_faces_only_while_the_portrait_shows(vision: LocalRekognition, clip: bytes) -> None:
    vision.backend.put_object("videos", "clip.mp4", clip)
    result = run(vision, "StartFaceDetection", "GetFaceDetection")
    meta = result["VideoMetadata"]
    assert abs(meta["DurationMillis"] - 4000) <= 400
    assert meta["FrameRate"] == 25.0
    assert (meta["FrameWidth"], meta["FrameHeight"]) == astronaut().size
    assert meta["Codec"] == "h264"
    assert meta["Format"] == "QuickTime / MOV"  # ffmpeg's (and the service's) name for MP4/MOV
    times = [face["Timestamp"] for face in result["Faces"]]
    assert times and all(t < 2000 for t in times)
    assert len(times) >= 3  # sampled twice a second


def test_face_search_matches_the_indexed_face(vision: LocalRekognition, clip: bytes) -> None:
    vision.backend.put_object("videos", "clip.mp4", clip)
    vision.call("CreateCollection", CollectionId="crew")
    (record,) = vision.call(
        "IndexFaces", CollectionId="crew", Image={"Bytes": encode(astronaut())}
    )["FaceRecords"]
    result = run(vision, "StartFaceSearch", "GetFaceSearch", CollectionId="crew")
    assert result["Persons"]
    for person in result["Persons"]:
        assert person["Timestamp"] < 2000
        assert person["Person"]["Index"] == 0  # one person, tracked across samples
        (match,) = person["FaceMatches"]
        assert match["Face"]["FaceId"] == record["Face"]["FaceId"]
        assert match["Similarity"] >= 80
    tracked = run(vision, "StartPersonTracking", "GetPersonTracking")
    assert {p["Person"]["Index"] for p in tracked["Persons"]} == {0}


def test_second_job_on_the_same_video_is_cached(vision: LocalRekognition, clip: bytes) -> None:
    vision.backend.put_object("videos", "clip.mp4", clip)
    perception = vision.backend.perception
    first = run(vision, "StartFaceDetection", "GetFaceDetection")
    looked = perception.faces
    calls = []
    perception.faces = lambda image: calls.append(image) or looked(image)  # type: ignore[method-assign]
    second = run(vision, "StartFaceDetection", "GetFaceDetection")
    assert calls == [] and second["Faces"] == first["Faces"]


def test_text_in_a_video(vision: LocalRekognition) -> None:
    sign = Image.open(io.BytesIO(text_picture(["EXIT 12"], 48)))
    vision.backend.put_object("videos", "clip.mp4", mp4([(sign.resize((320, 160)), 1.0)]))
    result = run(vision, "StartTextDetection", "GetTextDetection")
    lines = {
        d["TextDetection"]["DetectedText"]
        for d in result["TextDetections"]
        if d["TextDetection"]["Type"] == "LINE"
    }
    assert lines == {"EXIT 12"}


def test_a_corrupt_mp4_fails_the_job(vision: LocalRekognition) -> None:
    vision.backend.put_object("videos", "clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    job = vision.call("StartFaceDetection", Video=VIDEO)["JobId"]
    result = vision.call("GetFaceDetection", JobId=job)
    assert result["JobStatus"] == "FAILED"


def test_declared_videos_still_work(vision: LocalRekognition) -> None:
    from rekog.local import VideoPerson, make_video

    vision.backend.put_object(
        "videos", "clip.mp4", make_video(persons=[VideoPerson(face="bob", timestamps=(0, 500))])
    )
    result = run(vision, "StartFaceDetection", "GetFaceDetection")
    assert [face["Timestamp"] for face in result["Faces"]] == [0, 500]
