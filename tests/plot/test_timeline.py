"""Timelines: the spans drawn are rekog.results' spans; one page in memory at a time."""

from __future__ import annotations

import gc
import tracemalloc
from typing import Any

import boto3
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from rekog import InvalidRequestError, PollPolicy, Rekognition
from rekog.local import (
    DUMMY_CREDENTIALS,
    LocalRekognition,
    VideoPerson,
    make_face_image,
    make_video,
)
from rekog.models import (
    GetCelebrityRecognitionResponse,
    GetContentModerationResponse,
    GetFaceSearchResponse,
    GetLabelDetectionResponse,
    GetPersonTrackingResponse,
    GetSegmentDetectionResponse,
    PersonMatch,
)
from rekog.paging import Pager
from rekog.plot import collect, timeline
from rekog.results import TimeSpan, appearances


def drawn_spans(figure: Figure) -> dict[str, list[tuple[float, float]]]:
    """Row name -> (start, end) of every bar drawn in the figure, read back from its artists."""
    (axes,) = figure.axes
    rows: dict[str, list[tuple[float, float]]] = {}
    for collection in axes.collections:
        if not isinstance(collection, PolyCollection):
            continue
        spans = []
        for path in collection.get_paths():
            xs = path.vertices[:, 0]
            spans.append((float(xs.min()), float(xs.max())))
        rows[str(collection.get_gid())] = sorted(spans)
    return rows


def as_pairs(spans: dict[Any, list[TimeSpan]], name: Any) -> dict[str, list[tuple[float, float]]]:
    return {name(k): [(float(s.start_ms), float(s.end_ms)) for s in v] for k, v in spans.items()}


@pytest.fixture(scope="module")
def face_search_pages() -> list[GetFaceSearchResponse]:
    session = boto3.Session(**DUMMY_CREDENTIALS, region_name="us-east-1")
    rk = Rekognition(session=session)
    emulator = LocalRekognition(job_seconds=0.05)
    emulator.attach(rk.client)
    rk.create_collection(collection_id="plot-tests")
    for person in ("alice", "bob"):
        indexed = rk.index_faces(
            collection_id="plot-tests", image=make_face_image(person), external_image_id=person
        )
        rk.create_user(collection_id="plot-tests", user_id=person)
        face_ids = [r.face.face_id for r in indexed.face_records if r.face and r.face.face_id]
        rk.associate_faces(collection_id="plot-tests", user_id=person, face_ids=face_ids)
    emulator.backend.object_store.put(
        "videos",
        "lobby.mp4",
        make_video(
            persons=[
                VideoPerson("alice", timestamps=[0, 400, 800, 5000, 5400, 9000]),
                VideoPerson("bob", from_ms=2000, to_ms=7000, every_ms=500),
                VideoPerson("stranger", timestamps=[3000, 3100]),
            ],
            duration_ms=10_000,
        ),
    )
    job = rk.jobs.start_face_search(
        video="s3://videos/lobby.mp4", collection_id="plot-tests", poll=PollPolicy(initial=0.05)
    )
    job.wait(timeout=60)
    return list(job.results(page_size=4).pages())


@pytest.mark.parametrize("key", ["person", "face", "user"])
def test_face_search_spans_match_rekog_results(
    face_search_pages: list[GetFaceSearchResponse], key: Any
) -> None:
    persons = [p for page in face_search_pages for p in page.persons]
    expected = appearances(persons, key)
    assert expected
    figure = timeline(face_search_pages, key=key)
    drawn = drawn_spans(figure)
    assert sorted(map(sorted, drawn.values())) == sorted(
        sorted((float(s.start_ms), float(s.end_ms)) for s in spans) for spans in expected.values()
    )
    if key == "user":
        assert drawn == as_pairs(expected, lambda k: f"user {k}")
    if key == "person":
        assert drawn == as_pairs(expected, lambda k: f"person {k}")


def test_auto_key_prefers_users_and_duration_comes_from_the_pages(
    face_search_pages: list[GetFaceSearchResponse],
) -> None:
    data = collect(face_search_pages)
    assert set(data.rows) == {"user alice", "user bob"}
    assert data.duration_ms == 10_000
    persons = [p for page in face_search_pages for p in page.persons]
    assert data.items == len(persons)
    # Pages, items and a gap change all agree with rekog.results.
    assert collect(persons, gap_ms=0).rows == {
        f"user {k}": v for k, v in appearances(persons, "user", gap_ms=0).items()
    }


def response(model: Any, **data: Any) -> Any:
    return model.from_response({"JobStatus": "SUCCEEDED", **data})


def test_label_detection_points_and_segments() -> None:
    page = response(
        GetLabelDetectionResponse,
        VideoMetadata={"DurationMillis": 20_000},
        Labels=[
            {"Timestamp": 0, "Label": {"Name": "Car", "Confidence": 99.0}},
            {"Timestamp": 500, "Label": {"Name": "Car", "Confidence": 98.0}},
            {"Timestamp": 4000, "Label": {"Name": "Car", "Confidence": 97.0}},
            {"Timestamp": 500, "Label": {"Name": "Person", "Confidence": 90.0}},
            {
                "Timestamp": 6000,
                "StartTimestampMillis": 6000,
                "EndTimestampMillis": 9000,
                "DurationMillis": 3000,
                "Label": {"Name": "Dog"},
            },
        ],
    )
    figure = timeline([page])
    assert drawn_spans(figure) == {
        "Car": [(0.0, 500.0), (4000.0, 4000.0)],
        "Dog": [(6000.0, 9000.0)],
        "Person": [(500.0, 500.0)],
    }
    assert figure.axes[0].get_xlim() == (0.0, 20_000.0 * 1.02)


def test_segments_shots_and_technical_cues() -> None:
    page = response(
        GetSegmentDetectionResponse,
        Segments=[
            {
                "Type": "TECHNICAL_CUE",
                "StartTimestampMillis": 0,
                "EndTimestampMillis": 1000,
                "TechnicalCueSegment": {"Type": "ColorBars", "Confidence": 99.0},
            },
            {
                "Type": "SHOT",
                "StartTimestampMillis": 1000,
                "EndTimestampMillis": 5000,
                "ShotSegment": {"Index": 0, "Confidence": 99.0},
            },
            {
                "Type": "SHOT",
                "StartTimestampMillis": 5000,
                "EndTimestampMillis": 12_000,
                "ShotSegment": {"Index": 1, "Confidence": 99.0},
            },
            {
                "Type": "TECHNICAL_CUE",
                "StartTimestampMillis": 12_000,
                "EndTimestampMillis": 13_000,
                "TechnicalCueSegment": {"Type": "BlackFrames", "Confidence": 99.0},
            },
            {"Type": "TECHNICAL_CUE_2030", "StartTimestampMillis": 13_000},
        ],
    )
    data = collect([page])
    assert list(data.rows)[0] == "shots"
    assert data.rows["shots"] == [TimeSpan(1000, 5000), TimeSpan(5000, 12_000)]
    assert data.rows["cue: BlackFrames"] == [TimeSpan(12_000, 13_000)]
    assert data.rows["cue: ?"] == [TimeSpan(13_000, 13_000)]
    assert drawn_spans(timeline([page]))["cue: ColorBars"] == [(0.0, 1000.0)]


def test_moderation_celebrities_and_person_tracking() -> None:
    moderation = response(
        GetContentModerationResponse,
        ModerationLabels=[
            {
                "Timestamp": 1000,
                "ModerationLabel": {"Name": "Smoking", "ParentName": "Drugs & Tobacco"},
            },
            {
                "Timestamp": 1500,
                "ModerationLabel": {"Name": "Smoking", "ParentName": "Drugs & Tobacco"},
            },
        ],
    )
    assert collect([moderation]).rows == {"Drugs & Tobacco / Smoking": [TimeSpan(1000, 1500)]}
    celebrities = response(
        GetCelebrityRecognitionResponse,
        Celebrities=[
            {"Timestamp": 0, "Celebrity": {"Name": "Jane", "Id": "1"}},
            {"Timestamp": 3000, "Celebrity": {"Id": "2"}},
        ],
    )
    assert collect([celebrities]).rows == {"Jane": [TimeSpan(0, 0)], "2": [TimeSpan(3000, 3000)]}
    tracking = response(
        GetPersonTrackingResponse,
        Persons=[
            {"Timestamp": t, "Person": {"Index": (t // 250) % 2}} for t in range(0, 4000, 250)
        ],
    )
    figure = timeline(tracking.persons)
    assert drawn_spans(figure) == {"person 0": [(0.0, 3500.0)], "person 1": [(250.0, 3750.0)]}


def test_max_rows_keeps_the_longest_and_says_how_many_are_hidden() -> None:
    labels = [
        {"Timestamp": t, "Label": {"Name": f"L{n}"}}
        for n in range(40)
        for t in range(0, n * 100 + 1, 100)
    ]
    data = collect([response(GetLabelDetectionResponse, Labels=labels)], max_rows=5)
    assert list(data.rows) == ["L39", "L38", "L37", "L36", "L35"]
    assert data.hidden_rows == 35
    figure = timeline([response(GetLabelDetectionResponse, Labels=labels)], max_rows=5)
    assert "35 more not shown" in figure.axes[0].get_title()


def test_empty_results_and_bad_input() -> None:
    figure = timeline([])
    assert isinstance(figure, Figure) and drawn_spans(figure) == {}
    with pytest.raises(InvalidRequestError, match="results"):
        timeline(42)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="mixes"):
        collect(
            [
                PersonMatch.from_response({"Timestamp": 1}),
                response(GetLabelDetectionResponse, Labels=[{"Timestamp": 1}]),
            ]
        )
    with pytest.raises(InvalidRequestError, match="key"):
        collect([], key="nobody")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="face search only"):
        collect(response(GetLabelDetectionResponse, Labels=[{"Timestamp": 1}]).labels, key="user")
    with pytest.raises(InvalidRequestError, match="max_rows"):
        collect([], max_rows=0)
    with pytest.raises(InvalidRequestError, match="must hold items"):
        collect(["text"])


# -- memory: one page at a time --------------------------------------------------------------

PAGES, PAGE_SIZE = 10, 1000


def page_dict(number: int) -> dict[str, Any]:
    persons = []
    for i in range(PAGE_SIZE):
        t = (number * PAGE_SIZE + i) * 40
        face = {
            "FaceId": f"{i % 7:08d}-0000-0000-0000-000000000000",
            "UserId": f"user-{i % 7}",
            "ExternalImageId": f"person-{i % 7}",
            "BoundingBox": {"Width": 0.1, "Height": 0.2, "Left": 0.3, "Top": 0.4},
            "Confidence": 99.5,
        }
        persons.append(
            {
                "Timestamp": t,
                "Person": {
                    "Index": i % 7,
                    "BoundingBox": {"Width": 0.1, "Height": 0.2, "Left": 0.3, "Top": 0.4},
                    "Face": {
                        "BoundingBox": {"Width": 0.1, "Height": 0.2, "Left": 0.3, "Top": 0.4},
                        "Confidence": 99.0,
                    },
                },
                "FaceMatches": [{"Similarity": 99.0, "Face": face}],
            }
        )
    page: dict[str, Any] = {"JobStatus": "SUCCEEDED", "Persons": persons}
    if number + 1 < PAGES:
        page["NextToken"] = f"page-{number + 1}"
    return page


def pager() -> Pager[GetFaceSearchResponse, PersonMatch]:
    def fetch(extra: dict[str, Any]) -> GetFaceSearchResponse:
        token = extra.get("NextToken")
        number = int(token.split("-")[1]) if token else 0
        return GetFaceSearchResponse.from_response(page_dict(number))

    return Pager(fetch, items=lambda page: page.persons, operation="GetFaceSearch")


def peak_bytes(run: Any) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_ten_thousand_results_plot_with_one_page_in_memory() -> None:
    GetFaceSearchResponse.from_response(page_dict(PAGES - 1))  # build the schema outside
    holder: dict[str, Any] = {}

    def all_pages() -> None:
        holder["pages"] = list(pager().pages())

    def plot() -> None:
        holder["figure"] = timeline(pager())

    everything = peak_bytes(all_pages)
    assert sum(len(p.persons) for p in holder.pop("pages")) == PAGES * PAGE_SIZE
    streamed = peak_bytes(plot)
    spans = drawn_spans(holder["figure"])
    assert set(spans) == {f"user user-{i}" for i in range(7)}
    # A page is a tenth of everything; the plot holds about one page plus the figure.
    assert streamed < everything / 3, (streamed, everything)
