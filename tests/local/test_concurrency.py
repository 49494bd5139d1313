"""Many threads against one HTTP server: the backend's lock keeps the state consistent."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from rekog.local import LocalRekognition, make_face_image

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
