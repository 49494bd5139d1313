"""Identities with the vision perception: edits of one photo match, different people do not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rekog.local import LocalRekognition, RekognitionError

from .media import astronaut, declare, edits, encode, grace_hopper

pytestmark = pytest.mark.vision


def vectors(local: LocalRekognition, data: bytes) -> list[np.ndarray]:
    content = local.backend.perception.see(data)
    return [np.asarray(face.vector) for face in content.faces]


def test_model_distances_edits_near_people_far(vision: LocalRekognition) -> None:
    (original,) = vectors(vision, encode(astronaut()))
    for name, data in edits(astronaut()).items():
        (edited,) = vectors(vision, data)
        assert np.linalg.norm(edited - original) <= 0.4, name
    (other,) = vectors(vision, encode(grace_hopper()))
    assert np.linalg.norm(other - original) >= 0.6


def test_search_by_image_finds_the_portrait_through_edits(client: Any) -> None:
    client.create_collection(CollectionId="crew")
    indexed = client.index_faces(
        CollectionId="crew", Image={"Bytes": encode(astronaut())}, ExternalImageId="collins"
    )
    (record,) = indexed["FaceRecords"]
    client.index_faces(CollectionId="crew", Image={"Bytes": encode(grace_hopper())})
    for name in ("mirror", "half size", "jpeg q30"):
        found = client.search_faces_by_image(
            CollectionId="crew", Image={"Bytes": edits(astronaut())[name]}, FaceMatchThreshold=0
        )
        first, *others = found["FaceMatches"]
        assert first["Face"]["FaceId"] == record["Face"]["FaceId"], name
        assert first["Similarity"] >= 90, name
        assert all(match["Similarity"] < 80 for match in others), name
    by_default = client.search_faces_by_image(
        CollectionId="crew", Image={"Bytes": encode(grace_hopper())}
    )
    # Grace Hopper finds herself, not the astronaut.
    assert [m["Face"].get("ExternalImageId") for m in by_default["FaceMatches"]] == [None]


def test_search_users_by_image_finds_the_user(client: Any) -> None:
    client.create_collection(CollectionId="users")
    face_id = client.index_faces(CollectionId="users", Image={"Bytes": encode(astronaut())})[
        "FaceRecords"
    ][0]["Face"]["FaceId"]
    client.index_faces(CollectionId="users", Image={"Bytes": encode(grace_hopper())})
    client.create_user(CollectionId="users", UserId="eileen")
    client.associate_faces(CollectionId="users", UserId="eileen", FaceIds=[face_id])
    found = client.search_users_by_image(
        CollectionId="users", Image={"Bytes": edits(astronaut())["mirror"]}
    )
    assert [m["User"]["UserId"] for m in found["UserMatches"]] == ["eileen"]
    assert found["UserMatches"][0]["Similarity"] >= 90
    nobody = client.search_users_by_image(
        CollectionId="users", Image={"Bytes": encode(grace_hopper())}
    )
    assert nobody["UserMatches"] == []


def test_compare_faces_uses_the_vectors(client: Any) -> None:
    same = client.compare_faces(
        SourceImage={"Bytes": encode(astronaut())},
        TargetImage={"Bytes": edits(astronaut())["half size"]},
    )
    assert len(same["FaceMatches"]) == 1 and same["FaceMatches"][0]["Similarity"] >= 90
    other = client.compare_faces(
        SourceImage={"Bytes": encode(astronaut())}, TargetImage={"Bytes": encode(grace_hopper())}
    )
    assert other["FaceMatches"] == [] and len(other["UnmatchedFaces"]) == 1


def test_declared_identities_live_in_the_same_space(client: Any) -> None:
    alice = [{"id": "alice", "box": {"Left": 0.1, "Top": 0.1, "Width": 0.3, "Height": 0.4}}]
    client.create_collection(CollectionId="mixed")
    client.index_faces(CollectionId="mixed", Image={"Bytes": declare(grace_hopper(), alice)})
    client.index_faces(CollectionId="mixed", Image={"Bytes": encode(astronaut())})
    again = client.search_faces_by_image(
        CollectionId="mixed", Image={"Bytes": declare(astronaut(), alice)}
    )
    assert [m["Similarity"] for m in again["FaceMatches"]] == [100.0]
    real = client.search_faces_by_image(
        CollectionId="mixed", Image={"Bytes": encode(astronaut())}, FaceMatchThreshold=0
    )
    assert real["FaceMatches"][0]["Similarity"] == 100.0
    assert (
        real["FaceMatches"][1]["Similarity"] < 80
    )  # a declared identity never matches a real face


def test_collections_refuse_to_mix_identity_spaces(tmp_path: Path) -> None:
    data = tmp_path / "state.db"
    with LocalRekognition(data=data) as declared:
        declared.call("CreateCollection", CollectionId="old")
        declared.call("IndexFaces", CollectionId="old", Image={"Bytes": encode(astronaut())})
    with LocalRekognition(data=data, perception="vision") as vision:
        vision.call("CreateCollection", CollectionId="new")
        for operation, extra in [
            ("IndexFaces", {"Image": {"Bytes": encode(astronaut())}}),
            ("SearchFacesByImage", {"Image": {"Bytes": encode(astronaut())}}),
            ("SearchUsersByImage", {"Image": {"Bytes": encode(astronaut())}}),
        ]:
            with pytest.raises(RekognitionError) as info:
                vision.call(operation, CollectionId="old", **extra)
            assert info.value.code == "InvalidParameterException"
            assert "identity spaces do not mix" in str(info.value)
        vision.call("IndexFaces", CollectionId="new", Image={"Bytes": encode(astronaut())})
    with LocalRekognition(data=data) as declared, pytest.raises(RekognitionError) as info:
        declared.call(
            "SearchFacesByImage", CollectionId="new", Image={"Bytes": encode(astronaut())}
        )
    assert "'vision' perception" in str(info.value)
