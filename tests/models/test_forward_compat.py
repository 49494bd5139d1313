"""AWS ships new enum values and members over time: responses carrying them parse and round-trip."""

from __future__ import annotations

import copy
import json
import pickle
import threading
from typing import Any

import pytest

from rekog.models import (
    EmotionName,
    FaceDetail,
    GetFaceSearchResponse,
    LandmarkType,
    OpenEnum,
    QualityFilter,
    SearchUsersByImageRequest,
    SearchUsersByImageResponse,
    UnsearchedFaceReason,
    VideoJobStatus,
)

from ._support import ENUMS, SHAPES, model_class, plain

# --------------------------------------------------------------------------- enums

UNKNOWN_VALUES = [
    (EmotionName, "FEAR_2030"),
    (LandmarkType, "upperJawlineLeft2"),
    (UnsearchedFaceReason, "SOMETHING_NEW"),
    (QualityFilter, "ULTRA"),
    (VideoJobStatus, "PAUSED"),
]


@pytest.mark.parametrize(("cls", "value"), UNKNOWN_VALUES)
def test_unknown_enum_value_is_kept(cls: type[OpenEnum], value: str) -> None:
    known = [member.value for member in cls]
    member = cls(value)
    assert isinstance(member, cls)
    assert isinstance(member, str)
    assert str(member) == value
    assert f"{member}" == value
    assert member == value
    assert member.value == value
    assert member.is_known is False
    assert hash(member) == hash(value)
    # Not listed as a member of the enum.
    assert [m.value for m in cls] == known
    assert value not in [m.value for m in cls]
    assert value not in cls.__members__
    assert len(cls.__members__) == len(known)
    # Stable identity, so `is` comparisons and caches behave.
    assert cls(value) is member
    assert pickle.loads(pickle.dumps(member)) is member
    assert copy.deepcopy(member) is member


def test_known_enum_values_still_known() -> None:
    assert EmotionName("FEAR") is EmotionName.FEAR
    assert EmotionName.FEAR.is_known
    assert LandmarkType("upperJawlineLeft").is_known
    assert UnsearchedFaceReason("LOW_FACE_QUALITY").is_known


@pytest.mark.parametrize("name", ENUMS)
def test_member_name_used_as_value_is_unknown(name: str) -> None:
    """A value that happens to spell a member's *name* (not its value) is still unknown.

    ``LandmarkType.EYELEFT`` has the value ``"eyeLeft"``; ``"EYELEFT"`` is not a value the
    service has ever sent, so it must parse as an unknown pseudo-member.
    """
    cls = model_class(name)
    values = set(SHAPES[name]["enum"])
    for member_name in cls.__members__:
        if member_name in values:
            continue
        member = cls(member_name)
        assert member == member_name
        assert member.is_known is False, f"{name}({member_name!r}) claims to be known"
        assert [m.value for m in cls] == list(SHAPES[name]["enum"])


@pytest.mark.parametrize("name", ENUMS)
def test_enum_members_hash_like_their_values(name: str) -> None:
    """``member == value`` holds, so ``hash(member) == hash(value)`` must hold too.

    Otherwise a dict or Counter keyed by members misses lookups by the wire string
    (``counts["eyeLeft"]`` for a key ``LandmarkType.EYELEFT``), and sets mixing the two hold
    duplicates.
    """
    cls = model_class(name)
    for member in cls:
        assert member == member.value
        assert hash(member) == hash(member.value), f"{name}.{member.name}"
        assert {member: 1}.get(member.value) == 1
        assert len({member, member.value}) == 1


def test_pseudo_members_are_created_once_across_threads() -> None:
    results: list[Any] = []
    barrier = threading.Barrier(8)

    def make() -> None:
        barrier.wait()
        results.append(EmotionName("CONCURRENT_2031"))

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(member) for member in results}) == 1


def test_non_string_enum_value_is_rejected() -> None:
    with pytest.raises(ValueError):
        EmotionName(3)  # type: ignore[arg-type]


def future_face_detail() -> dict[str, Any]:
    return {
        "Confidence": 99.5,
        "Emotions": [
            {"Type": "FEAR_2030", "Confidence": 61.5},
            {"Type": "HAPPY", "Confidence": 12.0},
        ],
        "Landmarks": [
            {"Type": "upperJawlineLeft2", "X": 0.25, "Y": 0.75},
            {"Type": "eyeLeft", "X": 0.5, "Y": 0.5},
        ],
    }


def test_unknown_enum_values_in_a_response_round_trip() -> None:
    wire = {
        "SearchedFace": {"FaceDetail": future_face_detail()},
        "UnsearchedFaces": [{"Reasons": ["SOMETHING_NEW", "LOW_FACE_QUALITY"]}],
    }
    resp = SearchUsersByImageResponse.from_response(wire)
    assert resp.searched_face is not None and resp.searched_face.face_detail is not None
    emotion = resp.searched_face.face_detail.emotions[0].type
    assert emotion == "FEAR_2030" and str(emotion) == "FEAR_2030"
    assert emotion is not None and emotion.is_known is False
    assert isinstance(emotion, EmotionName)
    assert resp.searched_face.face_detail.emotions[1].type is EmotionName.HAPPY
    landmark = resp.searched_face.face_detail.landmarks[0].type
    assert landmark == "upperJawlineLeft2" and landmark is not None and not landmark.is_known
    reason = resp.unsearched_faces[0].reasons[0]
    assert reason == "SOMETHING_NEW" and not reason.is_known
    assert resp.unsearched_faces[0].reasons[1] is UnsearchedFaceReason.LOW_FACE_QUALITY

    assert resp.to_wire() == wire
    assert plain(resp.to_wire()) == wire
    text = resp.model_dump_json(by_alias=True, exclude_unset=True)
    assert json.loads(text) == wire
    assert SearchUsersByImageResponse.from_response_json(text).to_wire() == wire
    assert SearchUsersByImageResponse.from_response_json(json.dumps(wire)).to_wire() == wire


def test_unknown_enum_value_in_a_request() -> None:
    request = SearchUsersByImageRequest(
        collection_id="family", image={"Bytes": b"\xff\xd8"}, quality_filter="ULTRA_2030"
    )
    assert request.quality_filter == "ULTRA_2030"
    assert request.quality_filter is not None and not request.quality_filter.is_known
    assert plain(request.to_wire()) == {
        "CollectionId": "family",
        "Image": {"Bytes": b"\xff\xd8"},
        "QualityFilter": "ULTRA_2030",
    }
    assert (
        json.loads(request.model_dump_json(by_alias=True, exclude_unset=True))["QualityFilter"]
        == "ULTRA_2030"
    )
    known = SearchUsersByImageRequest(
        CollectionId="family", Image={"Bytes": b"\xff"}, QualityFilter="HIGH"
    )
    assert known.quality_filter is QualityFilter.HIGH


# --------------------------------------------------------------------------- unknown members


def future_get_face_search() -> dict[str, Any]:
    face = future_face_detail()
    face["FaceTattoos"] = {"Value": True, "Confidence": 88.0}  # deep: Persons[].Person.Face
    return {
        "JobStatus": "SUCCEEDED",
        "JobSummary": {"Frames": 360, "Tags": ["a", "b"]},  # top level
        "VideoMetadata": {"Codec": "h264", "HdrFormat": "HDR10"},  # nested structure
        "Persons": [
            {
                "Timestamp": 1000,
                "TrackId": "t-1",  # inside a list item
                "Person": {"Index": 0, "Face": face, "Posture": "standing"},
                "FaceMatches": [
                    {"Similarity": 99.5, "Face": {"FaceId": "f", "Liveness": 0.5}},
                ],
            }
        ],
    }


def test_unknown_members_are_kept_at_every_depth() -> None:
    wire = future_get_face_search()
    resp = GetFaceSearchResponse.from_response(wire)
    assert resp.model_extra == {"JobSummary": {"Frames": 360, "Tags": ["a", "b"]}}
    assert resp.video_metadata is not None
    assert resp.video_metadata.model_extra == {"HdrFormat": "HDR10"}
    person = resp.persons[0]
    assert person.model_extra == {"TrackId": "t-1"}
    assert person.person is not None and person.person.model_extra == {"Posture": "standing"}
    assert person.person.face is not None
    assert person.person.face.model_extra == {"FaceTattoos": {"Value": True, "Confidence": 88.0}}
    assert person.face_matches[0].face is not None
    assert person.face_matches[0].face.model_extra == {"Liveness": 0.5}
    # Known members next to the unknown ones still parse as usual.
    assert person.person.face.emotions[0].type == "FEAR_2030"
    assert person.person.face.confidence == 99.5

    assert resp.to_wire() == wire
    text = resp.model_dump_json(by_alias=True, exclude_unset=True)
    assert json.loads(text) == wire
    assert GetFaceSearchResponse.from_response_json(text).to_wire() == wire
    assert GetFaceSearchResponse.from_response_json(json.dumps(wire).encode()).to_wire() == wire


def test_unknown_member_in_a_nested_face_detail() -> None:
    wire = {"Emotions": [{"Type": "CALM", "Confidence": 1.0, "Intensity": 0.3}], "Age": 31}
    detail = FaceDetail.from_response(wire)
    assert detail.model_extra == {"Age": 31}
    assert detail.emotions[0].model_extra == {"Intensity": 0.3}
    assert detail.to_wire() == wire
    full = json.loads(detail.model_dump_json(by_alias=True))  # every member, absent ones null
    assert full["Age"] == 31 and full["AgeRange"] is None and full["Landmarks"] == []
    assert FaceDetail.from_response_json(json.dumps(full)).to_wire() == full
    assert json.loads(detail.model_dump_json(by_alias=True, exclude_unset=True)) == wire


def test_unknown_members_survive_pickle_and_copy() -> None:
    wire = future_get_face_search()
    resp = GetFaceSearchResponse.from_response(wire)
    assert pickle.loads(pickle.dumps(resp)).to_wire() == wire
    assert copy.deepcopy(resp).to_wire() == wire
    assert resp.model_copy().to_wire() == wire


# --------------------------------------------------------------------------- absent members


def test_absent_members_read_as_empty_or_none() -> None:
    # An IN_PROGRESS poll: no StatusMessage, no Persons, no VideoMetadata.
    wire = {"JobStatus": "IN_PROGRESS", "JobId": "j-1"}
    resp = GetFaceSearchResponse.from_response(wire)
    assert resp.job_status is VideoJobStatus.IN_PROGRESS
    assert resp.persons == []
    assert resp.status_message is None
    assert resp.video_metadata is None
    assert resp.next_token is None
    assert resp.to_wire() == wire
    assert "Persons" not in resp.to_wire()
    assert json.loads(resp.model_dump_json(by_alias=True, exclude_unset=True)) == wire

    empty = SearchUsersByImageResponse.from_response({})
    assert empty.user_matches == [] and empty.unsearched_faces == []
    assert empty.searched_face is None and empty.face_model_version is None
    assert empty.to_wire() == {}

    detail = FaceDetail.from_response({"Confidence": 90.0})
    assert detail.emotions == [] and detail.landmarks == []
    assert detail.age_range is None and detail.smile is None
    assert detail.to_wire() == {"Confidence": 90.0}

    # Default lists are distinct objects per instance.
    other = FaceDetail.from_response({})
    assert other.emotions is not detail.emotions


def test_present_but_empty_list_is_kept() -> None:
    wire = {"JobStatus": "SUCCEEDED", "Persons": []}
    resp = GetFaceSearchResponse.from_response(wire)
    assert resp.to_wire() == wire
