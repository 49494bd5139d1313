"""Result helpers on hand-built responses with known answers."""

from __future__ import annotations

from typing import Any

import pytest

from rekog.models import DetectTextResponse, GetFaceSearchResponse, GetTextDetectionResponse
from rekog.results import (
    TextLine,
    TimeSpan,
    appearances,
    group_by_face,
    group_by_person,
    group_by_user,
    lines_by_timestamp,
    text_lines,
    time_spans,
)


def match(ts: int, index: int | None, *faces: tuple[str, str | None]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "Timestamp": ts,
        "FaceMatches": [
            {"Similarity": 99.0, "Face": {"FaceId": face_id, **({"UserId": user} if user else {})}}
            for face_id, user in faces
        ],
    }
    if index is not None:
        entry["Person"] = {"Index": index}
    return entry


# Person 0 is Alice (two enrolled faces, one user); person 1 is Bob (no user); person 2 is
# matched to nobody. Alice is on screen 0-400 ms and again 5000-5200 ms; Bob at 200-2400 ms.
RESPONSE = GetFaceSearchResponse.from_response(
    {
        "JobStatus": "SUCCEEDED",
        "Persons": [
            match(0, 0, ("alice-1", "alice")),
            match(200, 1, ("bob-1", None)),
            match(200, 0, ("alice-1", "alice"), ("alice-2", "alice")),
            match(400, 0, ("alice-2", "alice")),
            match(1400, 1, ("bob-1", None)),
            match(2400, 1, ("bob-1", None)),
            match(3000, 2),
            match(5000, 0, ("alice-1", "alice")),
            match(5200, 0, ("alice-2", "alice")),
            match(6000, None, ("bob-1", None)),
        ],
    }
)
PERSONS = RESPONSE.persons


def stamps(groups: dict[Any, list[Any]]) -> dict[Any, list[int]]:
    return {key: [m.timestamp for m in matches] for key, matches in groups.items()}


def test_group_by_person() -> None:
    assert stamps(group_by_person(PERSONS)) == {
        0: [0, 200, 400, 5000, 5200],
        1: [200, 1400, 2400],
        2: [3000],
    }


def test_group_by_face_lists_a_match_under_every_face_it_matched() -> None:
    assert stamps(group_by_face(PERSONS)) == {
        "alice-1": [0, 200, 5000],
        "bob-1": [200, 1400, 2400, 6000],
        "alice-2": [200, 400, 5200],
    }


def test_group_by_user_lists_a_match_once_per_user() -> None:
    assert stamps(group_by_user(PERSONS)) == {"alice": [0, 200, 400, 5000, 5200]}


def test_time_spans_merge_timestamps_within_the_gap() -> None:
    alice = group_by_person(PERSONS)[0]
    assert time_spans(alice) == [TimeSpan(0, 400), TimeSpan(5000, 5200)]
    assert time_spans(alice, gap_ms=5000) == [TimeSpan(0, 5200)]
    assert time_spans(alice, gap_ms=0) == [TimeSpan(t, t) for t in (0, 200, 400, 5000, 5200)]
    assert time_spans(reversed(alice)) == time_spans(alice)  # any order
    assert time_spans([]) == []
    assert TimeSpan(5000, 5200).duration_ms == 200


def test_appearances_by_person_face_and_user() -> None:
    assert appearances(PERSONS) == {
        0: [TimeSpan(0, 400), TimeSpan(5000, 5200)],
        1: [TimeSpan(200, 200), TimeSpan(1400, 2400)],
        2: [TimeSpan(3000, 3000)],
    }
    assert appearances(PERSONS, "face") == {
        "alice-1": [TimeSpan(0, 200), TimeSpan(5000, 5000)],
        "bob-1": [TimeSpan(200, 200), TimeSpan(1400, 2400), TimeSpan(6000, 6000)],
        "alice-2": [TimeSpan(200, 400), TimeSpan(5200, 5200)],
    }
    assert appearances(PERSONS, "user", gap_ms=1000) == {
        "alice": [TimeSpan(0, 400), TimeSpan(5000, 5200)]
    }


def test_appearances_read_a_one_shot_iterator_once() -> None:
    assert appearances(iter(PERSONS), "user") == appearances(PERSONS, "user")
    with pytest.raises(ValueError):
        appearances(PERSONS, "nose")  # type: ignore[call-overload]


def text(ident: int, kind: str, value: str, parent: int | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"Id": ident, "Type": kind, "DetectedText": value, "Confidence": 99.0}
    if parent is not None:
        entry["ParentId"] = parent
    return entry


def test_text_lines_of_detect_text() -> None:
    response = DetectTextResponse.from_response(
        {
            "TextDetections": [
                text(0, "LINE", "IT'S MONDAY"),
                text(1, "LINE", "but keep"),
                text(2, "WORD", "IT'S", 0),
                text(3, "WORD", "MONDAY", 0),
                text(4, "WORD", "but", 1),
                text(5, "WORD", "keep", 1),
                text(6, "WORD", "orphan", 9),
            ]
        }
    )

    lines = text_lines(response.text_detections)

    assert [line.text for line in lines] == ["IT'S MONDAY", "but keep"]
    assert [[w.detected_text for w in line.words] for line in lines] == [
        ["IT'S", "MONDAY"],
        ["but", "keep"],
    ]
    assert all(isinstance(line, TextLine) and line.timestamp is None for line in lines)


def test_text_lines_of_video_match_words_within_their_timestamp() -> None:
    # Ids restart at every timestamp: word 1 at 1000 ms belongs to line 0 at 1000 ms.
    response = GetTextDetectionResponse.from_response(
        {
            "JobStatus": "SUCCEEDED",
            "TextDetections": [
                {"Timestamp": 0, "TextDetection": text(1, "WORD", "EXIT", 0)},  # before its line
                {"Timestamp": 0, "TextDetection": text(0, "LINE", "EXIT")},
                {"Timestamp": 1000, "TextDetection": text(0, "LINE", "OPEN NOW")},
                {"Timestamp": 1000, "TextDetection": text(1, "WORD", "OPEN", 0)},
                {"Timestamp": 1000, "TextDetection": text(2, "WORD", "NOW", 0)},
            ],
        }
    )

    grouped = lines_by_timestamp(response.text_detections)

    assert {
        ts: [(line.text, [w.detected_text for w in line.words]) for line in lines]
        for ts, lines in grouped.items()
    } == {
        0: [("EXIT", ["EXIT"])],
        1000: [("OPEN NOW", ["OPEN", "NOW"])],
    }
    assert [line.timestamp for line in text_lines(response.text_detections)] == [0, 1000]
