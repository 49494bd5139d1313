"""moto's Rekognition answers are a real peer's output: rekog must parse them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto import mock_aws

from rekog import Rekognition
from rekog.models import TextTypes, VideoJobStatus


@pytest.fixture
def rk() -> Iterator[Rekognition]:
    with mock_aws():
        yield Rekognition(region="us-east-1")


def test_detect_text_from_moto(rk: Rekognition) -> None:
    result = rk.detect_text(image="s3://photos/sign.jpg")
    assert result.text_detections, "moto returns canned detections"
    kinds = {d.type for d in result.text_detections}
    assert TextTypes.LINE in kinds and TextTypes.WORD in kinds
    words = [d for d in result.text_detections if d.type == TextTypes.WORD]
    line_ids = {d.id for d in result.text_detections if d.type == TextTypes.LINE}
    assert all(w.parent_id in line_ids for w in words)
    assert all(
        d.geometry is not None and d.geometry.bounding_box is not None
        for d in result.text_detections
    )


def test_face_search_job_from_moto(rk: Rekognition) -> None:
    started = rk.start_face_search(video="s3://videos/party.mp4", collection_id="people")
    assert started.job_id
    page = rk.get_face_search(job_id=started.job_id)
    assert page.job_status is VideoJobStatus.SUCCEEDED
    assert page.video_metadata is not None and page.video_metadata.duration_millis
    assert page.persons and page.persons[0].person is not None
    assert page.persons[0].face_matches[0].similarity is not None
    # The typed result keeps every member moto sent: it round-trips.
    assert page.to_wire()["Persons"][0]["Person"]["Index"] == page.persons[0].person.index
