"""Backend semantics on wire dicts, without boto3."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from rekog.local import FaceSpec, ManualClock, RekognitionBackend, make_face_image, make_scene
from rekog.local.errors import RekognitionError


@pytest.fixture
def backend() -> Iterator[RekognitionBackend]:
    with RekognitionBackend(clock=ManualClock(), user_update_seconds=1.0, seed=5) as instance:
        instance.handle("CreateCollection", {"CollectionId": "c"})
        yield instance


def index(backend: RekognitionBackend, data: bytes, **extra: Any) -> dict[str, Any]:
    return backend.handle("IndexFaces", {"CollectionId": "c", "Image": {"Bytes": data}, **extra})


def test_image_bytes_as_bytes_or_base64(backend: RekognitionBackend) -> None:
    data = make_face_image("a")
    raw = backend.handle("DetectFaces", {"Image": {"Bytes": data}})
    encoded = backend.handle("DetectFaces", {"Image": {"Bytes": base64.b64encode(data).decode()}})
    assert raw == encoded


def test_index_faces_quality_filter_and_max_faces(backend: RekognitionBackend) -> None:
    scene = make_scene(
        [
            FaceSpec("small", box={"Left": 0.0, "Top": 0.0, "Width": 0.1, "Height": 0.1}),
            FaceSpec("big", box={"Left": 0.2, "Top": 0.2, "Width": 0.5, "Height": 0.5}),
            FaceSpec(
                "blurry", box={"Left": 0.8, "Top": 0.0, "Width": 0.2, "Height": 0.2}, quality="LOW"
            ),
            FaceSpec(
                "medium",
                box={"Left": 0.8, "Top": 0.5, "Width": 0.15, "Height": 0.15},
                quality="MEDIUM",
            ),
        ]
    )
    result = index(backend, scene, MaxFaces=2)
    indexed = [r["Face"]["BoundingBox"]["Width"] for r in result["FaceRecords"]]
    assert indexed == [0.5, 0.15]
    reasons = [u["Reasons"] for u in result["UnindexedFaces"]]
    assert reasons == [["LOW_FACE_QUALITY"], ["EXCEEDS_MAX_FACES"]]
    image_ids = {r["Face"]["ImageId"] for r in result["FaceRecords"]}
    assert len(image_ids) == 1
    strict = index(backend, scene, QualityFilter="HIGH")
    assert len(strict["FaceRecords"]) == 2
    everything = index(backend, scene, QualityFilter="NONE")
    assert len(everything["FaceRecords"]) == 4


def test_ids_are_deterministic_for_a_seed() -> None:
    def run() -> list[str]:
        with RekognitionBackend(clock=ManualClock(), seed=42) as instance:
            instance.handle("CreateCollection", {"CollectionId": "c"})
            result = instance.handle(
                "IndexFaces", {"CollectionId": "c", "Image": {"Bytes": make_scene(["a", "b"])}}
            )
            return [r["Face"]["FaceId"] for r in result["FaceRecords"]]

    assert run() == run()


def test_search_faces_threshold_and_max_faces(backend: RekognitionBackend) -> None:
    ids = []
    for variant in range(4):
        ids.append(
            index(backend, make_face_image("twin", variant=variant))["FaceRecords"][0]["Face"][
                "FaceId"
            ]
        )
    index(backend, make_face_image("other"))
    found = backend.handle("SearchFaces", {"CollectionId": "c", "FaceId": ids[0], "MaxFaces": 2})
    similarities = [m["Similarity"] for m in found["FaceMatches"]]
    assert len(similarities) == 2 and similarities == sorted(similarities, reverse=True)
    everyone = backend.handle(
        "SearchFaces", {"CollectionId": "c", "FaceId": ids[0], "FaceMatchThreshold": 0}
    )
    assert len(everyone["FaceMatches"]) == 4
    assert everyone["FaceMatches"][-1]["Similarity"] < 80


def test_user_status_and_association_reasons(backend: RekognitionBackend) -> None:
    a1 = index(backend, make_face_image("a"))["FaceRecords"][0]["Face"]["FaceId"]
    a2 = index(backend, make_face_image("a", variant=1))["FaceRecords"][0]["Face"]["FaceId"]
    b = index(backend, make_face_image("b"))["FaceRecords"][0]["Face"]["FaceId"]
    backend.handle("CreateUser", {"CollectionId": "c", "UserId": "ua"})
    backend.handle("CreateUser", {"CollectionId": "c", "UserId": "ub"})
    first = backend.handle("AssociateFaces", {"CollectionId": "c", "UserId": "ua", "FaceIds": [a1]})
    assert first["UserStatus"] == "UPDATING"
    backend.clock.sleep(1.0)
    assert backend.handle("ListUsers", {"CollectionId": "c"})["Users"][0] == {
        "UserId": "ua",
        "UserStatus": "ACTIVE",
    }
    missing = "11111111-1111-4111-8111-111111111111"
    result = backend.handle(
        "AssociateFaces", {"CollectionId": "c", "UserId": "ub", "FaceIds": [a1, missing, b]}
    )
    assert result["AssociatedFaces"] == [{"FaceId": b}]
    assert result["UnsuccessfulFaceAssociations"] == [
        {"FaceId": a1, "UserId": "ua", "Reasons": ["ASSOCIATED_TO_A_DIFFERENT_USER"]},
        {"FaceId": missing, "Reasons": ["FACE_NOT_FOUND"]},
    ]
    low = backend.handle(
        "AssociateFaces",
        {"CollectionId": "c", "UserId": "ua", "FaceIds": [a2], "UserMatchThreshold": 100},
    )
    if low["UnsuccessfulFaceAssociations"]:
        assert low["UnsuccessfulFaceAssociations"][0]["Reasons"] == ["LOW_MATCH_CONFIDENCE"]
    undone = backend.handle(
        "DisassociateFaces", {"CollectionId": "c", "UserId": "ub", "FaceIds": [a1, b, missing]}
    )
    assert undone["DisassociatedFaces"] == [{"FaceId": b}]
    assert [u["Reasons"] for u in undone["UnsuccessfulFaceDisassociations"]] == [
        ["ASSOCIATED_TO_A_DIFFERENT_USER"],
        ["FACE_NOT_FOUND"],
    ]
    backend.clock.sleep(1.0)
    statuses = {
        u["UserId"]: u["UserStatus"]
        for u in backend.handle("ListUsers", {"CollectionId": "c"})["Users"]
    }
    assert statuses["ub"] == "CREATED"


def test_search_users_by_user(backend: RekognitionBackend) -> None:
    for user, who in (("u1", "x"), ("u2", "x"), ("u3", "y")):
        face = index(backend, make_face_image(who, variant=len(user)))["FaceRecords"][0]["Face"][
            "FaceId"
        ]
        backend.handle("CreateUser", {"CollectionId": "c", "UserId": user})
        backend.handle("AssociateFaces", {"CollectionId": "c", "UserId": user, "FaceIds": [face]})
    found = backend.handle("SearchUsers", {"CollectionId": "c", "UserId": "u1"})
    assert [m["User"]["UserId"] for m in found["UserMatches"]] == ["u2"]
    assert found["SearchedUser"] == {"UserId": "u1"}


def test_idempotent_associate(backend: RekognitionBackend) -> None:
    face = index(backend, make_face_image("a"))["FaceRecords"][0]["Face"]["FaceId"]
    backend.handle("CreateUser", {"CollectionId": "c", "UserId": "u"})
    request = {"CollectionId": "c", "UserId": "u", "FaceIds": [face], "ClientRequestToken": "t1"}
    assert backend.handle("AssociateFaces", request) == backend.handle("AssociateFaces", request)
    backend.handle("DeleteUser", {"CollectionId": "c", "UserId": "u", "ClientRequestToken": "d1"})
    assert (
        backend.handle(
            "DeleteUser", {"CollectionId": "c", "UserId": "u", "ClientRequestToken": "d1"}
        )
        == {}
    )
    with pytest.raises(RekognitionError) as info:
        backend.handle("DeleteUser", {"CollectionId": "c", "UserId": "u"})
    assert info.value.code == "ResourceNotFoundException"


def test_responses_are_copies(backend: RekognitionBackend) -> None:
    listed = backend.handle("ListCollections", {})
    listed["CollectionIds"].append("tampered")
    assert backend.handle("ListCollections", {})["CollectionIds"] == ["c"]


def test_unknown_and_unsupported_operations(
    backend: RekognitionBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rekog.local.backend import core
    from rekog.local.validation import operation_names

    assert backend.operations == operation_names()  # all 75
    # An operation a newer botocore adds before the emulator does names itself.
    monkeypatch.delitem(core.OPERATIONS, "GetFaceLivenessSessionResults")
    with pytest.raises(RekognitionError) as info:
        backend.handle("GetFaceLivenessSessionResults", {"SessionId": "0" * 36})
    assert info.value.code == "UnsupportedOperationException"
    assert "does not implement GetFaceLivenessSessionResults" in info.value.message
    with pytest.raises(RekognitionError) as unknown:
        backend.handle("MakeCoffee", {})
    assert unknown.value.code == "UnknownOperationException"
    assert {"DetectLabels", "StartLabelDetection", "GetSegmentDetection"} <= backend.operations
    assert {
        "CreateProjectVersion",
        "StartMediaAnalysisJob",
        "CreateStreamProcessor",
    } <= backend.operations
