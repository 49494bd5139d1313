"""Many threads against one emulator: the lock keeps the state consistent and covers only state."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from rekog.local import LocalRekognition, RekognitionError, make_face_image

from .conftest import http_client


def test_parallel_clients(emulator: LocalRekognition) -> None:
    emulator.call("CreateCollection", CollectionId="crowd")
    with emulator.serve() as server:

        def work(worker: int) -> list[str]:
            client = http_client(server.endpoint_url)
            ids = []
            for i in range(10):
                image = {"Bytes": make_face_image(f"w{worker}-{i}")}
                result = client.index_faces(
                    CollectionId="crowd", Image=image, ExternalImageId=f"w{worker}-{i}"
                )
                ids.append(result["FaceRecords"][0]["Face"]["FaceId"])
            client.create_user(CollectionId="crowd", UserId=f"user-{worker}")
            client.associate_faces(CollectionId="crowd", UserId=f"user-{worker}", FaceIds=ids[:1])
            return ids

        with ThreadPoolExecutor(max_workers=8) as pool:
            all_ids = [face for ids in pool.map(work, range(8)) for face in ids]
    assert len(set(all_ids)) == 80
    described = emulator.call("DescribeCollection", CollectionId="crowd")
    assert (described["FaceCount"], described["UserCount"]) == (80, 8)


def test_image_decoding_runs_outside_the_lock(
    emulator: LocalRekognition, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rekog.local.backend import context

    entered, release = threading.Event(), threading.Event()
    real_decode = context.decode_image

    def slow_decode(data: bytes) -> Any:
        entered.set()
        assert release.wait(10)
        return real_decode(data)

    monkeypatch.setattr(context, "decode_image", slow_decode)
    with ThreadPoolExecutor(max_workers=1) as pool:
        detecting = pool.submit(
            emulator.call, "DetectFaces", Image={"Bytes": make_face_image("slow")}
        )
        assert entered.wait(10)
        # The decode is stuck, yet other calls go through: it does not hold the lock.
        emulator.call("CreateCollection", CollectionId="meanwhile")
        release.set()
        assert len(detecting.result(timeout=10)["FaceDetails"]) == 1
    assert "meanwhile" in emulator.backend.state.collections


def test_errors_keep_their_order_with_early_decoding(emulator: LocalRekognition) -> None:
    # A missing collection is reported before a bad image, as the service does.
    with pytest.raises(RekognitionError) as info:
        emulator.call("IndexFaces", CollectionId="missing", Image={"Bytes": b"not an image"})
    assert info.value.code == "ResourceNotFoundException"
    emulator.call("CreateCollection", CollectionId="here")
    with pytest.raises(RekognitionError) as info:
        emulator.call("IndexFaces", CollectionId="here", Image={"Bytes": b"not an image"})
    assert info.value.code == "InvalidImageFormatException"


def test_search_index_follows_changes(emulator: LocalRekognition) -> None:
    emulator.call("CreateCollection", CollectionId="idx")
    image = {"Bytes": make_face_image("carol")}
    first = emulator.call("IndexFaces", CollectionId="idx", Image=image)["FaceRecords"][0]
    found = emulator.call("SearchFacesByImage", CollectionId="idx", Image=image)["FaceMatches"]
    assert [m["Face"]["FaceId"] for m in found] == [first["Face"]["FaceId"]]
    second = emulator.call("IndexFaces", CollectionId="idx", Image=image)["FaceRecords"][0]
    emulator.call("DeleteFaces", CollectionId="idx", FaceIds=[first["Face"]["FaceId"]])
    found = emulator.call("SearchFacesByImage", CollectionId="idx", Image=image)["FaceMatches"]
    assert [m["Face"]["FaceId"] for m in found] == [second["Face"]["FaceId"]]
    emulator.call("CreateUser", CollectionId="idx", UserId="carol")
    emulator.call(
        "AssociateFaces", CollectionId="idx", UserId="carol", FaceIds=[second["Face"]["FaceId"]]
    )
    users = emulator.call("SearchUsersByImage", CollectionId="idx", Image=image)["UserMatches"]
    assert [(u["User"]["UserId"], u["Similarity"]) for u in users] == [("carol", 100.0)]
