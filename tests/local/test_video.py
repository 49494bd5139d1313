"""Video jobs: IN_PROGRESS then SUCCEEDED/FAILED, pages of results, SNS notifications."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from moto import mock_aws

from rekog.local import (
    LocalRekognition,
    VideoPerson,
    VideoText,
    make_face_image,
    make_video,
    mock_rekognition,
)

from .conftest import NO_RETRIES
from .helpers import error_code

if TYPE_CHECKING:
    from mypy_boto3_rekognition.type_defs import NotificationChannelTypeDef, VideoTypeDef

VIDEO: VideoTypeDef = {"S3Object": {"Bucket": "videos", "Name": "party.json"}}


def collect_pages(call: Any, key: str, **kwargs: Any) -> list[list[dict[str, Any]]]:
    pages, token = [], None
    while True:
        page = call(**kwargs, **({"NextToken": token} if token else {}))
        assert page["JobStatus"] == "SUCCEEDED"
        pages.append(page[key])
        token = page.get("NextToken")
        if not token:
            return pages


def test_face_search_2500_results_in_three_pages(
    rekognition: Any, emulator: LocalRekognition
) -> None:
    rekognition.create_collection(CollectionId="guests")
    indexed = rekognition.index_faces(
        CollectionId="guests", Image={"Bytes": make_face_image("alice")}
    )
    alice = indexed["FaceRecords"][0]["Face"]["FaceId"]
    rekognition.index_faces(CollectionId="guests", Image={"Bytes": make_face_image("bob")})
    emulator.backend.put_object(
        "videos",
        "party.json",
        make_video(
            persons=[
                VideoPerson("alice", from_ms=0, to_ms=100_000, every_ms=40),  # 2,500 appearances
                VideoPerson(
                    "nobody-we-know", timestamps=[0, 1000]
                ),  # matches nothing: not reported
            ],
            duration_ms=100_000,
            frame_rate=25.0,
        ),
    )
    job_id = rekognition.start_face_search(CollectionId="guests", Video=VIDEO, JobTag="party")[
        "JobId"
    ]
    assert len(job_id) == 64

    status = rekognition.get_face_search(JobId=job_id)
    assert status["JobStatus"] == "IN_PROGRESS"
    assert status["JobTag"] == "party"
    assert status["Video"] == VIDEO
    assert "Persons" not in status
    emulator.clock.sleep(1.0)
    assert rekognition.get_face_search(JobId=job_id)["JobStatus"] == "IN_PROGRESS"
    emulator.clock.sleep(1.0)

    first = rekognition.get_face_search(JobId=job_id, MaxResults=1000)
    assert first["JobStatus"] == "SUCCEEDED"
    assert first["VideoMetadata"]["DurationMillis"] == 100_000
    assert first["VideoMetadata"]["FrameRate"] == 25.0
    pages = collect_pages(rekognition.get_face_search, "Persons", JobId=job_id, MaxResults=1000)
    assert [len(page) for page in pages] == [1000, 1000, 500]
    persons = [person for page in pages for person in page]
    assert [p["Timestamp"] for p in persons] == list(range(0, 100_000, 40))
    match = persons[0]
    assert match["Person"]["Index"] == 0
    assert set(match["Person"]) == {"Index", "BoundingBox", "Face"}
    assert [m["Face"]["FaceId"] for m in match["FaceMatches"]] == [alice]
    assert match["FaceMatches"][0]["Similarity"] >= 95
    # Default page size is 1000 too; bigger requests are capped at 1000.
    assert len(rekognition.get_face_search(JobId=job_id, MaxResults=5000)["Persons"]) == 1000


def test_face_search_sort_by_index(emulator: LocalRekognition) -> None:
    client = emulator.client(config=NO_RETRIES)
    client.create_collection(CollectionId="c")
    for who in ("ann", "ben"):
        client.index_faces(CollectionId="c", Image={"Bytes": make_face_image(who)})
    emulator.backend.put_object(
        "videos",
        "party.json",
        make_video([VideoPerson("ben", [0, 500]), VideoPerson("ann", [250, 750])]),
    )
    job_id = client.start_face_search(CollectionId="c", Video=VIDEO, FaceMatchThreshold=90)["JobId"]
    emulator.clock.sleep(2)
    by_time = client.get_face_search(JobId=job_id)["Persons"]
    assert [(p["Timestamp"], p["Person"]["Index"]) for p in by_time] == [
        (0, 0),
        (250, 1),
        (500, 0),
        (750, 1),
    ]
    by_index = client.get_face_search(JobId=job_id, SortBy="INDEX")["Persons"]
    assert [(p["Timestamp"], p["Person"]["Index"]) for p in by_index] == [
        (0, 0),
        (500, 0),
        (250, 1),
        (750, 1),
    ]
    token = client.get_face_search(JobId=job_id, SortBy="INDEX", MaxResults=1)["NextToken"]
    assert (
        error_code(client.get_face_search, JobId=job_id, NextToken=token)
        == "InvalidPaginationTokenException"
    )


def test_text_detection_job(rekognition: Any, emulator: LocalRekognition) -> None:
    emulator.backend.put_object(
        "videos",
        "party.json",
        make_video(
            text=[
                VideoText("WELCOME HOME", from_ms=0, to_ms=3000, every_ms=1000),
                VideoText("EXIT", [1000]),
            ]
        ),
    )
    job_id = rekognition.start_text_detection(Video=VIDEO)["JobId"]
    assert rekognition.get_text_detection(JobId=job_id)["JobStatus"] == "IN_PROGRESS"
    emulator.clock.sleep(2)
    pages = collect_pages(
        rekognition.get_text_detection, "TextDetections", JobId=job_id, MaxResults=4
    )
    assert [len(p) for p in pages] == [4, 4, 3]
    results = [r for page in pages for r in page]
    at_1000 = [r["TextDetection"] for r in results if r["Timestamp"] == 1000]
    lines = {d["Id"]: d["DetectedText"] for d in at_1000 if d["Type"] == "LINE"}
    assert sorted(lines.values()) == ["EXIT", "WELCOME HOME"]
    words = [(d["DetectedText"], lines[d["ParentId"]]) for d in at_1000 if d["Type"] == "WORD"]
    assert ("HOME", "WELCOME HOME") in words
    final = rekognition.get_text_detection(JobId=job_id)
    assert final["TextModelVersion"] == "3.0"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01 definitely not a video", "Unsupported codec/format."),
        (
            b'{"rekog:video": {"persons": [{"face": "a", "every_ms": 10}]}}',
            "Unsupported codec/format.",
        ),
    ],
)
def test_unreadable_video_fails(
    rekognition: Any, emulator: LocalRekognition, content: bytes | None, message: str
) -> None:
    if content is not None:
        emulator.backend.put_object("videos", "party.json", content)
    rekognition.create_collection(CollectionId="c")
    job_id = rekognition.start_face_search(CollectionId="c", Video=VIDEO)["JobId"]
    assert rekognition.get_face_search(JobId=job_id)["JobStatus"] == "IN_PROGRESS"
    emulator.clock.sleep(2)
    failed = rekognition.get_face_search(JobId=job_id)
    assert failed["JobStatus"] == "FAILED"
    assert failed["StatusMessage"].startswith(message)
    assert "Persons" not in failed


def test_real_mp4_is_a_video_that_shows_nothing(emulator: LocalRekognition) -> None:
    client = emulator.client(config=NO_RETRIES)
    emulator.backend.put_object("videos", "party.json", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    job_id = client.start_text_detection(Video=VIDEO)["JobId"]
    emulator.clock.sleep(2)
    done = client.get_text_detection(JobId=job_id)
    assert done["JobStatus"] == "SUCCEEDED"
    assert done["TextDetections"] == []


def test_start_is_idempotent_with_a_client_request_token(
    rekognition: Any, emulator: LocalRekognition
) -> None:
    emulator.backend.put_object("videos", "party.json", make_video())
    rekognition.create_collection(CollectionId="c")
    first = rekognition.start_face_search(
        CollectionId="c", Video=VIDEO, ClientRequestToken="start-1"
    )
    again = rekognition.start_face_search(
        CollectionId="c", Video=VIDEO, ClientRequestToken="start-1"
    )
    other = rekognition.start_face_search(
        CollectionId="c", Video=VIDEO, ClientRequestToken="start-2"
    )
    assert first["JobId"] == again["JobId"] != other["JobId"]
    assert len(emulator.backend.state.jobs) == 2
    assert (
        error_code(
            rekognition.start_face_search,
            CollectionId="c",
            Video=VIDEO,
            ClientRequestToken="start-1",
            JobTag="x",
        )
        == "IdempotentParameterMismatchException"
    )


def test_job_ids_are_not_interchangeable(emulator: LocalRekognition) -> None:
    client = emulator.client(config=NO_RETRIES)
    emulator.backend.put_object("videos", "party.json", make_video())
    job_id = client.start_text_detection(Video=VIDEO)["JobId"]
    assert error_code(client.get_face_search, JobId=job_id) == "ResourceNotFoundException"


def test_moto_s3_video_and_sns_to_sqs_notification(clock: Any) -> None:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        sns = boto3.client("sns", region_name="us-east-1")
        sqs = boto3.client("sqs", region_name="us-east-1")
        s3.create_bucket(Bucket="videos")
        s3.put_object(
            Bucket="videos", Key="party.json", Body=make_video([VideoPerson("alice", [0, 40, 80])])
        )
        topic = sns.create_topic(Name="rekognition-jobs")["TopicArn"]
        queue_url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)

        rekognition = boto3.client("rekognition", region_name="us-east-1", config=NO_RETRIES)
        with mock_rekognition(rekognition, clock=clock, s3=s3, sns=sns) as local:
            rekognition.create_collection(CollectionId="c")
            s3.put_object(Bucket="videos", Key="alice.png", Body=make_face_image("alice"))
            rekognition.index_faces(
                CollectionId="c", Image={"S3Object": {"Bucket": "videos", "Name": "alice.png"}}
            )
            assert (
                error_code(
                    rekognition.index_faces,
                    CollectionId="c",
                    Image={"S3Object": {"Bucket": "videos", "Name": "nope.png"}},
                )
                == "InvalidS3ObjectException"
            )
            job_id = rekognition.start_face_search(
                CollectionId="c",
                Video=VIDEO,
                JobTag="party-1",
                NotificationChannel={
                    "SNSTopicArn": topic,
                    "RoleArn": "arn:aws:iam::123456789012:role/rekognition",
                },
            )["JobId"]
            assert sqs.receive_message(QueueUrl=queue_url).get("Messages", []) == []
            clock.advance(2)  # the job completes and notifies without anyone polling
            messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
            assert len(messages) == 1
            notification = json.loads(json.loads(messages[0]["Body"])["Message"])
            assert notification["JobId"] == job_id
            assert notification["Status"] == "SUCCEEDED"
            assert notification["API"] == "StartFaceSearch"
            assert notification["JobTag"] == "party-1"
            assert notification["Video"] == {"S3ObjectName": "party.json", "S3Bucket": "videos"}
            assert notification["Timestamp"] == int(clock.now() * 1000)
            assert len(rekognition.get_face_search(JobId=job_id)["Persons"]) == 3
            assert [t for t, _ in local.backend.notifications] == [topic]


def test_jobs_complete_on_the_real_clock_without_polling() -> None:
    published: list[tuple[str, str]] = []
    topic = "arn:aws:sns:us-east-1:123456789012:jobs"
    channel: NotificationChannelTypeDef = {
        "SNSTopicArn": topic,
        "RoleArn": "arn:aws:iam::123456789012:role/r",
    }
    with LocalRekognition(
        job_seconds=0.05, sns=lambda arn, msg: published.append((arn, msg))
    ) as local:
        local.backend.put_object("videos", "party.json", make_video())
        job_id = local.client().start_text_detection(Video=VIDEO, NotificationChannel=channel)[
            "JobId"
        ]
        deadline = time.monotonic() + 5
        while not published and time.monotonic() < deadline:
            time.sleep(0.01)
    assert published and json.loads(published[0][1])["JobId"] == job_id
