"""Shared builders for the pagination and video-job tests (fake wire pages, clocks, clients)."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.stub import Stubber

JOB_ID = "a" * 64
VIDEO_METADATA = {
    "Codec": "h264",
    "DurationMillis": 3_000_000,
    "Format": "QuickTime / MOV",
    "FrameRate": 25.0,
    "FrameHeight": 720,
    "FrameWidth": 1280,
}


def rekognition_client() -> Any:
    """A real boto3 client that never reaches the network (used under Stubber)."""
    return boto3.client(
        "rekognition",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def person(i: int) -> dict[str, Any]:
    """The i-th PersonMatch on the wire; its timestamp is i, so order is checkable."""
    return {
        "Timestamp": i,
        "Person": {"Index": i % 7},
        "FaceMatches": [{"Similarity": 99.0, "Face": {"FaceId": f"face-{i % 3}"}}],
    }


def face_search_page(
    start: int, count: int, next_token: str | None, status: str = "SUCCEEDED"
) -> dict[str, Any]:
    page: dict[str, Any] = {
        "JobStatus": status,
        "VideoMetadata": VIDEO_METADATA,
        "Persons": [person(i) for i in range(start, start + count)],
    }
    if next_token is not None:
        page["NextToken"] = next_token
    return page


def stub_pages(
    stubber: Stubber,
    pages: list[tuple[str | None, dict[str, Any]]],
    *,
    page_size: int | None = 1000,
) -> None:
    """Queue GetFaceSearch responses, each expecting the token it must be fetched with."""
    for token, page in pages:
        expected: dict[str, Any] = {"JobId": JOB_ID}
        if token is not None:
            expected["NextToken"] = token
        if page_size is not None:
            expected["MaxResults"] = page_size
        stubber.add_response("get_face_search", page, expected)


THREE_PAGES: list[tuple[str | None, dict[str, Any]]] = [
    (None, face_search_page(0, 1000, "tok-1")),
    ("tok-1", face_search_page(1000, 1000, "tok-2")),
    ("tok-2", face_search_page(2000, 500, None)),
]


class FakeClock:
    """A monotonic clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds
