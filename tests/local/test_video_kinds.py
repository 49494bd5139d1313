"""All eight stored-video job kinds through rekog's job handles and pagers, plus the raw
``Get*`` shapes, ``AggregateBy``, idempotent starts, SNS messages and the concurrency limit."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from rekog import Rekognition, RetryPolicy
from rekog.errors import LimitExceededException
from rekog.local import (
    DUMMY_CREDENTIALS,
    LocalRekognition,
    ManualClock,
    VideoItem,
    VideoPerson,
    VideoSegment,
    VideoText,
    make_face_image,
    make_video,
    serve,
)
from rekog.local.backend.video_kinds import BY_GET

from .conftest import NO_RETRIES, http_client
from .shapes import shape_problems

BUCKET, KEY = "videos", "everything.json"
VIDEO = {"S3Object": {"Bucket": BUCKET, "Name": KEY}}
TOPIC = "arn:aws:sns:us-east-1:123456789012:AmazonRekognitionDone"
CHANNEL = {"SNSTopicArn": TOPIC, "RoleArn": "arn:aws:iam::123456789012:role/rekognition"}

EVERYTHING = make_video(
    persons=[
        VideoPerson("alice", from_ms=0, to_ms=3000, every_ms=500),  # 6 appearances
        VideoPerson(None, timestamps=[250, 750, 1250]),  # a person without a known face
        VideoPerson("bob", timestamps=[100, 2600]),
    ],
    text=[VideoText("EXIT 12", timestamps=[0, 1000, 2000])],  # a line and 2 words each time
    labels=[
        VideoItem("Dog", from_ms=0, to_ms=3000, every_ms=500, confidence=96.0),  # + 4 parents
        VideoItem(
            "Car",
            timestamps=[4000, 4500],
            confidence=60.0,
            box={"Left": 0.5, "Top": 0.5, "Width": 0.2, "Height": 0.1},
        ),  # + 2 parents
        VideoItem("Tree", timestamps=[0], confidence=30.0),  # below the default 50
    ],
    faces=[VideoItem("carol", timestamps=[0, 1000, 2000])],
    celebrities=[
        VideoItem("Ada Lovelace", from_ms=0, to_ms=4000, every_ms=1000, confidence=98.0),
        VideoItem(
            "Zed Star",
            timestamps=[500, 1500, 2500],
            details={"id": "Z9", "urls": ["www.example.com/zed"], "gender": "Male"},
        ),
    ],
    moderation=[
        VideoItem("Smoking", timestamps=[0, 500, 1000, 5000], confidence=90.0),  # + 2 ancestors
        VideoItem("Weapons", timestamps=[2000], confidence=55.0),  # + Violence
    ],
    technical_cues=[
        VideoSegment(0, 500, "BlackFrames", 99.0),
        VideoSegment(8000, 9000, "EndCredits", 70.0),
    ],
    shots=[
        VideoSegment(0, 2000),
        VideoSegment(2000, 4000),
        VideoSegment(4000, 6000, confidence=60.0),
        VideoSegment(6000, 9000),
    ],
    duration_ms=9000,
    frame_rate=25.0,
)


@dataclass(frozen=True)
class Kind:
    """How to start one kind and what its results must be."""

    name: str
    items: int  # how many results the video gives
    page_size: int
    sorts: dict[str | None, Callable[[Any], Any]]  # sort_by -> key the items must be ordered by
    start: dict[str, Any] = field(default_factory=dict)


def _ts(member: str, key: str) -> Callable[[Any], Any]:
    return lambda item: (item.timestamp, getattr(getattr(item, member), key))


def _by(member: str, key: str) -> Callable[[Any], Any]:
    return lambda item: (getattr(getattr(item, member), key), item.timestamp)


KINDS = [
    Kind(
        "face_search",
        8,
        3,
        {"TIMESTAMP": _ts("person", "index"), "INDEX": _by("person", "index")},
        {"collection_id": "guests"},
    ),
    Kind("text_detection", 9, 3, {None: lambda item: item.timestamp}),
    Kind(
        "label_detection",
        6 * 5 + 2 * 3,
        10,
        {"TIMESTAMP": _ts("label", "name"), "NAME": _by("label", "name")},
    ),
    Kind("face_detection", 6 + 2 + 3, 4, {None: lambda item: item.timestamp}),
    Kind(
        "person_tracking",
        11,
        4,
        {"TIMESTAMP": _ts("person", "index"), "INDEX": _by("person", "index")},
    ),
    Kind(
        "celebrity_recognition",
        7,
        2,
        {"TIMESTAMP": _ts("celebrity", "id"), "ID": _by("celebrity", "id")},
    ),
    Kind(
        "content_moderation",
        4 * 3 + 2,
        4,
        {"TIMESTAMP": _ts("moderation_label", "name"), "NAME": _by("moderation_label", "name")},
    ),
    Kind(
        "segment_detection",
        6,
        2,
        {None: lambda item: item.start_timestamp_millis},
        {"segment_types": ["SHOT", "TECHNICAL_CUE"]},
    ),
]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def local(clock: ManualClock) -> Iterator[LocalRekognition]:
    with LocalRekognition(clock=clock, job_seconds=2.0) as emulator:
        emulator.backend.put_object(BUCKET, KEY, EVERYTHING)
        yield emulator


def typed(local: LocalRekognition, retry: RetryPolicy | None = None) -> Rekognition:
    session = boto3.Session(**DUMMY_CREDENTIALS, region_name="us-east-1")
    rk = Rekognition(session=session, retry=retry)
    local.attach(rk.client)
    return rk


def prepare_collection(local: LocalRekognition) -> None:
    local.call("CreateCollection", CollectionId="guests")
    for name in ("alice", "bob"):
        local.call("IndexFaces", CollectionId="guests", Image={"Bytes": make_face_image(name)})


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_job_kind_start_wait_and_page_every_sort_order(
    kind: Kind, local: LocalRekognition, clock: ManualClock
) -> None:
    prepare_collection(local)
    rk = typed(local)
    start = getattr(rk.jobs, f"start_{kind.name}")
    job = start(
        video=VIDEO,
        client_request_token=f"token-{kind.name}",
        job_tag="nightly",
        notification_channel=CHANNEL,
        **kind.start,
    )
    assert job.status() == "IN_PROGRESS"
    assert job.last_response is not None and job.last_response.job_id == job.job_id
    # a retried start with the same token is the same job
    again = start(
        video=VIDEO,
        client_request_token=f"token-{kind.name}",
        job_tag="nightly",
        notification_channel=CHANNEL,
        **kind.start,
    )
    assert again.job_id == job.job_id
    assert len(local.backend.state.jobs) == 1
    clock.advance(2.0)
    assert job.wait(timeout=5) is job and job.status() == "SUCCEEDED"
    for sort_by, key in kind.sorts.items():
        extra = {"sort_by": sort_by} if sort_by else {}
        pages = list(job.results(page_size=kind.page_size, **extra).pages())
        assert len(pages) >= 3
        assert all(page.job_id == job.job_id and page.job_tag == "nightly" for page in pages)
        assert all(page.video is not None and page.video.s3_object is not None for page in pages)
        assert pages[0].video_metadata
        items = [item for page in pages for item in job.kind.paged.items(page)]
        assert len(items) == kind.items
        assert [key(item) for item in items] == sorted(key(item) for item in items)
    # SNS completion message with the right API value
    [(topic, message)] = local.backend.notifications
    body = json.loads(message)
    assert topic == TOPIC
    assert body["API"] == job.kind.start_operation and body["Status"] == "SUCCEEDED"
    assert body["JobId"] == job.job_id and body["JobTag"] == "nightly"
    assert body["Video"] == {"S3ObjectName": KEY, "S3Bucket": BUCKET}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_get_responses_fit_the_service_shape(
    kind: Kind, local: LocalRekognition, clock: ManualClock
) -> None:
    prepare_collection(local)
    stem = "".join(part.title() for part in kind.name.split("_"))
    start = {"CollectionId": "guests"} if kind.name == "face_search" else {}
    if kind.name == "segment_detection":
        start = {"SegmentTypes": ["SHOT", "TECHNICAL_CUE"]}
    job_id = local.backend.handle(f"Start{stem}", {"Video": VIDEO, "JobTag": "t", **start})["JobId"]
    running = local.backend.handle(f"Get{stem}", {"JobId": job_id})
    assert running["JobStatus"] == "IN_PROGRESS" and shape_problems(f"Get{stem}", running) == []
    clock.advance(2.0)
    variants: list[dict[str, Any]] = [{}]
    if kind.name in ("label_detection", "content_moderation"):
        variants += [{"AggregateBy": "SEGMENTS"}, {"AggregateBy": "SEGMENTS", "SortBy": "NAME"}]
    for extra in variants:
        done = local.backend.handle(f"Get{stem}", {"JobId": job_id, "MaxResults": 5, **extra})
        assert (
            done["JobStatus"] == "SUCCEEDED" and done["JobId"] == job_id and done["JobTag"] == "t"
        )
        assert done["Video"] == VIDEO and done["VideoMetadata"]
        assert shape_problems(f"Get{stem}", done) == []


def test_label_detection_aggregate_by_segments_and_filters(
    local: LocalRekognition, clock: ManualClock
) -> None:
    client = local.client(config=NO_RETRIES)
    job_id = client.start_label_detection(Video=VIDEO)["JobId"]
    strict = client.start_label_detection(
        Video=VIDEO,
        MinConfidence=70,
        Settings={"GeneralLabels": {"LabelCategoryExclusionFilters": ["Animals and Pets"]}},
    )["JobId"]
    clock.advance(2.0)
    segments = client.get_label_detection(JobId=job_id, AggregateBy="SEGMENTS", SortBy="NAME")
    assert segments["GetRequestMetadata"] == {"SortBy": "NAME", "AggregateBy": "SEGMENTS"}
    assert segments["LabelModelVersion"] == "3.0"
    by_name = {s["Label"]["Name"]: s for s in segments["Labels"]}
    assert [s["Label"]["Name"] for s in segments["Labels"]] == sorted(by_name)
    dog = by_name["Dog"]
    assert (dog["StartTimestampMillis"], dog["EndTimestampMillis"], dog["DurationMillis"]) == (
        0,
        2500,
        2500,
    )
    assert dog["Timestamp"] == 0 and dog["Label"]["Confidence"] == 96.0
    assert (by_name["Car"]["StartTimestampMillis"], by_name["Car"]["EndTimestampMillis"]) == (
        4000,
        4500,
    )
    timestamps = client.get_label_detection(JobId=job_id)
    assert timestamps["GetRequestMetadata"] == {"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"}
    car = next(x for x in timestamps["Labels"] if x["Label"]["Name"] == "Car")
    assert car["Label"]["Instances"][0]["BoundingBox"]["Left"] == 0.5
    assert "Tree" not in {x["Label"]["Name"] for x in timestamps["Labels"]}
    # MinConfidence 70 drops Car (60); the category filter drops Dog and its parents
    assert client.get_label_detection(JobId=strict)["Labels"] == []


def test_content_moderation_segments_and_min_confidence(
    local: LocalRekognition, clock: ManualClock
) -> None:
    client = local.client(config=NO_RETRIES)
    job_id = client.start_content_moderation(Video=VIDEO)["JobId"]
    strict = client.start_content_moderation(Video=VIDEO, MinConfidence=60)["JobId"]
    clock.advance(2.0)
    segments = client.get_content_moderation(JobId=job_id, AggregateBy="SEGMENTS")
    smoking = [s for s in segments["ModerationLabels"] if s["ModerationLabel"]["Name"] == "Smoking"]
    # 0, 500, 1000 are one segment; 5000 is another
    assert [(s["StartTimestampMillis"], s["EndTimestampMillis"]) for s in smoking] == [
        (0, 1000),
        (5000, 5000),
    ]
    assert smoking[0]["ModerationLabel"]["TaxonomyLevel"] == 3
    assert segments["ModerationModelVersion"] == "7.0"
    names = {
        x["ModerationLabel"]["Name"]
        for x in client.get_content_moderation(JobId=strict)["ModerationLabels"]
    }
    assert "Weapons" not in names and "Smoking" in names


def test_segment_detection_types_filters_and_timecodes(
    local: LocalRekognition, clock: ManualClock
) -> None:
    client = local.client(config=NO_RETRIES)
    shots_only = client.start_segment_detection(
        Video=VIDEO, SegmentTypes=["SHOT"], Filters={"ShotFilter": {"MinSegmentConfidence": 80}}
    )["JobId"]
    cues = client.start_segment_detection(
        Video=VIDEO,
        SegmentTypes=["TECHNICAL_CUE"],
        Filters={"TechnicalCueFilter": {"MinSegmentConfidence": 80}},
    )["JobId"]
    clock.advance(2.0)
    shots = client.get_segment_detection(JobId=shots_only)
    assert [s["ShotSegment"]["Index"] for s in shots["Segments"]] == [
        0,
        1,
        2,
    ]  # the 60% shot is gone
    assert [s["Type"] for s in shots["Segments"]] == ["SHOT"] * 3
    assert shots["SelectedSegmentTypes"] == [{"Type": "SHOT", "ModelVersion": "1.0"}]
    second = shots["Segments"][1]
    assert (
        second["StartTimecodeSMPTE"] == "00:00:02:00"
        and second["EndTimecodeSMPTE"] == "00:00:04:00"
    )
    assert (second["StartFrameNumber"], second["EndFrameNumber"], second["DurationFrames"]) == (
        50,
        99,
        50,
    )
    assert (
        shots["VideoMetadata"][0]["FrameRate"] == 25.0
        and shots["AudioMetadata"][0]["DurationMillis"] == 9000
    )
    cue_segments = client.get_segment_detection(JobId=cues)["Segments"]
    assert [s["TechnicalCueSegment"]["Type"] for s in cue_segments] == ["BlackFrames"]


def test_unknown_job_wrong_kind_and_failed_jobs(
    local: LocalRekognition, clock: ManualClock
) -> None:
    client = local.client(config=NO_RETRIES)
    labels = client.start_label_detection(Video=VIDEO)["JobId"]
    with pytest.raises(ClientError) as wrong_kind:
        client.get_person_tracking(JobId=labels)
    assert wrong_kind.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as unknown:
        client.get_celebrity_recognition(JobId="0" * 64)
    assert unknown.value.response["Error"]["Code"] == "ResourceNotFoundException"
    local.backend.put_object(BUCKET, "broken.json", b"not a video")
    failed = client.start_face_detection(
        Video={"S3Object": {"Bucket": BUCKET, "Name": "broken.json"}}
    )["JobId"]
    clock.advance(2.0)
    response = client.get_face_detection(JobId=failed)
    assert (
        response["JobStatus"] == "FAILED"
        and response["StatusMessage"] == "Unsupported codec/format."
    )
    with pytest.raises(ClientError) as mismatch:
        client.start_label_detection(Video=VIDEO, ClientRequestToken="t1")
        client.start_label_detection(Video=VIDEO, ClientRequestToken="t1", MinConfidence=10)
    assert mismatch.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"


def test_the_21st_concurrent_job_is_limited_and_retried_with_the_longer_backoff(
    local: LocalRekognition, clock: ManualClock
) -> None:
    client = local.client(config=NO_RETRIES)
    for index in range(20):
        start = [client.start_label_detection, client.start_person_tracking][index % 2]
        start(Video=VIDEO)
    with pytest.raises(ClientError) as limited:
        client.start_celebrity_recognition(Video=VIDEO)
    assert limited.value.response["Error"]["Code"] == "LimitExceededException"

    sleeps: list[float] = []
    policy = RetryPolicy(
        max_attempts=3,
        initial=0.001,
        limit_exceeded_initial=0.5,
        limit_exceeded_maximum=60,
        jitter=False,
        deadline=None,
        sleep=sleeps.append,
    )
    rk = typed(local, policy)
    with pytest.raises(LimitExceededException) as info:
        rk.jobs.start_segment_detection(video=VIDEO, segment_types=["SHOT"])
    assert info.value.attempts == 3
    assert sleeps == [0.5, 1.0]  # the LimitExceeded backoff, not the 0.001 s one

    def sleep_and_let_jobs_finish(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(2.0)

    sleeps.clear()
    patient = typed(
        local,
        RetryPolicy(
            max_attempts=3,
            limit_exceeded_initial=0.25,
            jitter=False,
            deadline=None,
            sleep=sleep_and_let_jobs_finish,
        ),
    )
    job = patient.jobs.start_segment_detection(video=VIDEO, segment_types=["SHOT"])
    assert sleeps == [0.25] and job.status() == "IN_PROGRESS"


def test_max_concurrent_jobs_is_configurable(clock: ManualClock) -> None:
    with LocalRekognition(clock=clock, job_seconds=1.0, max_concurrent_jobs=2) as emulator:
        emulator.backend.put_object(BUCKET, KEY, EVERYTHING)
        client = emulator.client(config=NO_RETRIES)
        client.start_face_detection(Video=VIDEO)
        client.start_face_detection(Video=VIDEO)
        with pytest.raises(ClientError) as limited:
            client.start_face_detection(Video=VIDEO)
        assert limited.value.response["Error"]["Code"] == "LimitExceededException"
        clock.advance(1.0)
        assert client.start_face_detection(Video=VIDEO)["JobId"]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_over_http_with_plain_boto3(kind: Kind) -> None:
    stem = "".join(part.title() for part in kind.name.split("_"))
    start_params: dict[str, Any] = {
        "face_search": {"CollectionId": "guests"},
        "segment_detection": {"SegmentTypes": ["SHOT", "TECHNICAL_CUE"]},
    }.get(kind.name, {})
    with serve(port=0, job_seconds=0) as server:
        server.emulator.backend.put_object(BUCKET, KEY, EVERYTHING)
        prepare_collection(server.emulator)
        client = http_client(server.endpoint_url)
        start = getattr(client, f"start_{kind.name}")
        get = getattr(client, f"get_{kind.name}")
        job_id = start(Video=VIDEO, ClientRequestToken="same", **start_params)["JobId"]
        assert start(Video=VIDEO, ClientRequestToken="same", **start_params)["JobId"] == job_id
        assert get(JobId=job_id, MaxResults=1)["JobStatus"] == "SUCCEEDED"
        items, pages, token = [], 0, None
        while True:
            page = get(
                JobId=job_id, MaxResults=kind.page_size, **({"NextToken": token} if token else {})
            )
            items += page[BY_GET[f"Get{stem}"].items_key]
            pages += 1
            token = page.get("NextToken")
            if not token:
                break
        assert len(items) == kind.items and pages >= 3
        with pytest.raises(ClientError) as unknown:
            get(JobId="f" * 64)
        assert unknown.value.response["Error"]["Code"] == "ResourceNotFoundException"
        with pytest.raises(ClientError) as tampered:
            get(JobId=job_id, NextToken="garbage.0000")
        assert tampered.value.response["Error"]["Code"] == "InvalidPaginationTokenException"


def test_typed_pager_keeps_sort_and_aggregation_across_pages(
    local: LocalRekognition, clock: ManualClock
) -> None:
    rk = typed(local)
    job = rk.jobs.start_label_detection(video=VIDEO)
    clock.advance(2.0)
    pages = list(job.results(page_size=3, sort_by="NAME", aggregate_by="SEGMENTS").pages())
    segments = [item for page in pages for item in page.labels]
    # Dog and its 4 parents: one segment each (0..2500); Car and its 2 parents: one each
    assert len(pages) == 3 and len(segments) == 8
    assert [s.label.name for s in segments if s.label] == sorted(
        ["Dog", "Animal", "Canine", "Mammal", "Pet", "Car", "Transportation", "Vehicle"]
    )
    assert all(page.get_request_metadata is not None for page in pages)
    dog = next(s for s in segments if s.label and s.label.name == "Dog")
    assert (dog.start_timestamp_millis, dog.end_timestamp_millis) == (0, 2500)
