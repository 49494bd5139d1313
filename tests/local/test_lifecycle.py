"""A whole collection/user lifecycle through a plain boto3 client, in-process and over HTTP."""

from __future__ import annotations

from typing import Any

from rekog.local import FaceSpec, make_face_image, make_scene

from .helpers import error_code


def test_collection_and_user_lifecycle(rekognition: Any) -> None:
    client = rekognition
    created = client.create_collection(CollectionId="family")
    assert created["StatusCode"] == 200
    assert created["FaceModelVersion"] == "7.0"
    assert created["CollectionArn"].endswith(":collection/family")
    assert "x-amzn-requestid" in created["ResponseMetadata"]["HTTPHeaders"]

    # Index two photos of alice and one of bob.
    alice_ids = []
    for variant in (0, 1):
        indexed = client.index_faces(
            CollectionId="family",
            Image={"Bytes": make_face_image("alice", variant=variant)},
            ExternalImageId=f"alice-{variant}",
        )
        assert indexed["FaceModelVersion"] == "7.0"
        assert indexed["UnindexedFaces"] == []
        (record,) = indexed["FaceRecords"]
        assert record["Face"]["ExternalImageId"] == f"alice-{variant}"
        assert set(record["FaceDetail"]) >= {
            "BoundingBox",
            "Landmarks",
            "Pose",
            "Quality",
            "Confidence",
        }
        alice_ids.append(record["Face"]["FaceId"])
    bob = client.index_faces(
        CollectionId="family", Image={"Bytes": make_face_image("bob", format="JPEG")}
    )
    bob_id = bob["FaceRecords"][0]["Face"]["FaceId"]

    # List faces one page at a time.
    seen, token, pages = [], None, 0
    while True:
        kwargs: dict[str, Any] = {"NextToken": token} if token else {}
        page = client.list_faces(CollectionId="family", MaxResults=1, **kwargs)
        pages += 1
        seen += [face["FaceId"] for face in page["Faces"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == [*alice_ids, bob_id]
    assert pages == 3
    description = client.describe_collection(CollectionId="family")
    assert description["FaceCount"] == 3
    assert description["UserCount"] == 0

    # A user for alice.
    client.create_user(CollectionId="family", UserId="alice")
    assert client.list_users(CollectionId="family")["Users"] == [
        {"UserId": "alice", "UserStatus": "CREATED"}
    ]
    associated = client.associate_faces(CollectionId="family", UserId="alice", FaceIds=alice_ids)
    assert sorted(f["FaceId"] for f in associated["AssociatedFaces"]) == sorted(alice_ids)
    assert associated["UnsuccessfulFaceAssociations"] == []
    assert associated["UserStatus"] == "ACTIVE"
    # Bob's face does not look like alice.
    refused = client.associate_faces(CollectionId="family", UserId="alice", FaceIds=[bob_id])
    assert refused["UnsuccessfulFaceAssociations"][0]["Reasons"] == ["LOW_MATCH_CONFIDENCE"]

    # Search users by a new photo of alice in a scene with a smaller, low-quality stranger.
    scene = make_scene(
        [
            FaceSpec("alice", box={"Left": 0.1, "Top": 0.1, "Width": 0.5, "Height": 0.6}),
            FaceSpec(
                "stranger",
                box={"Left": 0.7, "Top": 0.1, "Width": 0.2, "Height": 0.2},
                quality="LOW",
            ),
        ]
    )
    found = client.search_users_by_image(CollectionId="family", Image={"Bytes": scene})
    assert [m["User"]["UserId"] for m in found["UserMatches"]] == ["alice"]
    assert found["UserMatches"][0]["Similarity"] > 95
    assert found["SearchedFace"]["FaceDetail"]["BoundingBox"]["Width"] == 0.5
    assert found["UnsearchedFaces"][0]["Reasons"] == ["FACE_NOT_LARGEST"]
    filtered = client.search_users_by_image(
        CollectionId="family", Image={"Bytes": scene}, QualityFilter="AUTO"
    )
    assert filtered["UnsearchedFaces"][0]["Reasons"] == ["FACE_NOT_LARGEST", "LOW_FACE_QUALITY"]
    by_user = client.search_users(CollectionId="family", FaceId=alice_ids[0])
    assert by_user["UserMatches"][0]["User"] == {"UserId": "alice", "UserStatus": "ACTIVE"}
    assert by_user["SearchedFace"] == {"FaceId": alice_ids[0]}

    # Search faces by face id: the other photo of alice, not bob, not itself.
    matches = client.search_faces(CollectionId="family", FaceId=alice_ids[0])
    assert [m["Face"]["FaceId"] for m in matches["FaceMatches"]] == [alice_ids[1]]
    assert matches["FaceMatches"][0]["Face"]["UserId"] == "alice"
    by_image = client.search_faces_by_image(
        CollectionId="family", Image={"Bytes": make_face_image("bob", (200, 160))}
    )
    assert [m["Face"]["FaceId"] for m in by_image["FaceMatches"]] == [bob_id]

    # Faces of a user cannot be deleted until disassociated.
    blocked = client.delete_faces(CollectionId="family", FaceIds=[alice_ids[0]])
    assert blocked["UnsuccessfulFaceDeletions"][0]["Reasons"] == ["ASSOCIATED_TO_AN_EXISTING_USER"]
    gone = client.disassociate_faces(CollectionId="family", UserId="alice", FaceIds=[alice_ids[0]])
    assert gone["DisassociatedFaces"] == [{"FaceId": alice_ids[0]}]
    assert gone["UserStatus"] == "ACTIVE"
    assert client.delete_faces(CollectionId="family", FaceIds=[alice_ids[0]])["DeletedFaces"] == [
        alice_ids[0]
    ]
    assert [
        f["FaceId"] for f in client.list_faces(CollectionId="family", UserId="alice")["Faces"]
    ] == [alice_ids[1]]

    client.delete_user(CollectionId="family", UserId="alice")
    assert client.list_users(CollectionId="family")["Users"] == []
    assert "UserId" not in client.list_faces(CollectionId="family")["Faces"][0]
    assert client.delete_collection(CollectionId="family")["StatusCode"] == 200
    assert client.list_collections()["CollectionIds"] == []
    assert (
        error_code(client.describe_collection, CollectionId="family") == "ResourceNotFoundException"
    )


def test_detect_faces_and_text(rekognition: Any) -> None:
    scene = make_scene(["ann", "ben"], ["Hello brave world", "EXIT 12"])
    faces = rekognition.detect_faces(Image={"Bytes": scene}, Attributes=["ALL"])["FaceDetails"]
    assert len(faces) == 2
    assert {"AgeRange", "Emotions", "Smile", "EyeDirection"} <= set(faces[0])
    detected = rekognition.detect_text(Image={"Bytes": scene})
    lines = [d for d in detected["TextDetections"] if d["Type"] == "LINE"]
    words = [d for d in detected["TextDetections"] if d["Type"] == "WORD"]
    assert [line["DetectedText"] for line in lines] == ["Hello brave world", "EXIT 12"]
    assert [w["DetectedText"] for w in words if w["ParentId"] == lines[0]["Id"]] == [
        "Hello",
        "brave",
        "world",
    ]
    assert len(words[0]["Geometry"]["Polygon"]) == 4
    filtered = rekognition.detect_text(
        Image={"Bytes": scene}, Filters={"WordFilter": {"MinBoundingBoxWidth": 0.11}}
    )["TextDetections"]
    assert {d["DetectedText"] for d in filtered if d["Type"] == "WORD"} == {
        "Hello",
        "brave",
        "world",
    }


def test_list_collections_pages(rekognition: Any) -> None:
    for name in ("a", "b", "c", "d", "e"):
        rekognition.create_collection(CollectionId=name)
    first = rekognition.list_collections(MaxResults=2)
    assert first["CollectionIds"] == ["a", "b"]
    assert first["FaceModelVersions"] == ["7.0", "7.0"]
    second = rekognition.list_collections(MaxResults=2, NextToken=first["NextToken"])
    third = rekognition.list_collections(MaxResults=2, NextToken=second["NextToken"])
    assert second["CollectionIds"] + third["CollectionIds"] == ["c", "d", "e"]
    assert "NextToken" not in third


def test_list_users_pages_and_status(rekognition: Any) -> None:
    rekognition.create_collection(CollectionId="c")
    for i in range(5):
        rekognition.create_user(CollectionId="c", UserId=f"user-{i}")
    first = rekognition.list_users(CollectionId="c", MaxResults=3)
    rest = rekognition.list_users(CollectionId="c", MaxResults=3, NextToken=first["NextToken"])
    assert [u["UserId"] for u in first["Users"] + rest["Users"]] == [f"user-{i}" for i in range(5)]
    assert "NextToken" not in rest
