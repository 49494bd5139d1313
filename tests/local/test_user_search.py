"""SearchUsers / SearchUsersByImage over HTTP: the vectorised ranking agrees with a brute-force
one (best similarity per user, threshold, ties by user age, MaxUsers, the searched user left out)."""

from __future__ import annotations

from typing import Any

from rekog.local import LocalRekognition, make_face_image, make_scene, similarity

from .conftest import http_client


def brute_force(emulator: LocalRekognition, probe: int, threshold: float) -> list[str]:
    state = emulator.backend.state
    best: dict[str, float] = {}
    for face in state.faces["c"].values():
        if face.user_id is not None:
            score = similarity(probe, face.signature)
            best[face.user_id] = max(best.get(face.user_id, -1.0), score)
    seq = {uid: user.seq for uid, user in state.users["c"].items()}
    ranked = sorted(
        (uid for uid, score in best.items() if score >= threshold),
        key=lambda uid: (-best[uid], seq[uid]),
    )
    return ranked


def test_user_search_matches_a_brute_force_ranking(emulator: LocalRekognition) -> None:
    with emulator.serve() as server:
        rekognition: Any = http_client(server.endpoint_url)
        rekognition.create_collection(CollectionId="c")
        people = ["ann", "bob", "cy", "dee", "eve", "fay"]
        faces: dict[str, list[str]] = {}
        for name in people:
            scene = make_scene([name, f"{name}-twin", "ann"], size=(300, 120))
            records = rekognition.index_faces(CollectionId="c", Image={"Bytes": scene})
            faces[name] = [r["Face"]["FaceId"] for r in records["FaceRecords"]]
        for name in reversed(people):  # creation order differs from indexing order
            rekognition.create_user(CollectionId="c", UserId=name)
            rekognition.associate_faces(
                CollectionId="c", UserId=name, FaceIds=faces[name], UserMatchThreshold=0
            )
        probe = make_face_image("ann")
        for threshold, limit in ((0.0, 100), (0.0, 2), (60.0, 100), (99.0, 100)):
            found = rekognition.search_users_by_image(
                CollectionId="c",
                Image={"Bytes": probe},
                UserMatchThreshold=threshold,
                MaxUsers=limit,
            )["UserMatches"]
            expected = brute_force(
                emulator, emulator.backend.state.faces["c"][faces["ann"][0]].signature, threshold
            )
            assert [m["User"]["UserId"] for m in found] == expected[:limit]
            assert all(m["User"]["UserStatus"] == "ACTIVE" for m in found)
        by_user = rekognition.search_users(CollectionId="c", UserId="ann", UserMatchThreshold=0)
        assert "ann" not in [m["User"]["UserId"] for m in by_user["UserMatches"]]
        assert len(by_user["UserMatches"]) == len(people) - 1
