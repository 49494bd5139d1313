"""State survives a restart when the emulator persists to an SQLite file."""

from __future__ import annotations

from pathlib import Path

from rekog.local import (
    LocalRekognition,
    ManualClock,
    VideoPerson,
    make_face_image,
    make_video,
    serve,
)

from .conftest import http_client

VIDEO = {"S3Object": {"Bucket": "videos", "Name": "v.json"}}


def test_state_survives_a_server_restart(tmp_path: Path) -> None:
    data = tmp_path / "state" / "rekog.db"
    clock = ManualClock()
    with serve(data=data, clock=clock, job_seconds=2) as server:
        client = http_client(server.endpoint_url)
        client.create_collection(CollectionId="family")
        alice = client.index_faces(CollectionId="family", Image={"Bytes": make_face_image("alice")})
        alice_id = alice["FaceRecords"][0]["Face"]["FaceId"]
        client.index_faces(CollectionId="family", Image={"Bytes": make_face_image("bob")})
        client.create_user(CollectionId="family", UserId="alice", ClientRequestToken="create-alice")
        client.associate_faces(CollectionId="family", UserId="alice", FaceIds=[alice_id])
        server.emulator.backend.put_object(
            "videos", "v.json", make_video([VideoPerson("alice", [0, 40])])
        )
        job_id = client.start_face_search(
            CollectionId="family", Video=VIDEO, ClientRequestToken="job-1"
        )["JobId"]
        first_page = client.list_faces(CollectionId="family", MaxResults=1)
    assert data.exists()

    with serve(data=data, clock=clock, job_seconds=2) as server:
        client = http_client(server.endpoint_url)
        assert client.list_collections()["CollectionIds"] == ["family"]
        described = client.describe_collection(CollectionId="family")
        assert (described["FaceCount"], described["UserCount"]) == (2, 1)
        assert client.list_users(CollectionId="family")["Users"] == [
            {"UserId": "alice", "UserStatus": "ACTIVE"}
        ]
        # Tokens issued before the restart still work.
        rest = client.list_faces(CollectionId="family", NextToken=first_page["NextToken"])
        assert len(rest["Faces"]) == 1
        found = client.search_users_by_image(
            CollectionId="family", Image={"Bytes": make_face_image("alice", variant=4)}
        )
        assert found["UserMatches"][0]["User"]["UserId"] == "alice"
        # Idempotency survives: a retried request after the restart is not a duplicate.
        client.create_user(CollectionId="family", UserId="alice", ClientRequestToken="create-alice")
        again = client.start_face_search(
            CollectionId="family", Video=VIDEO, ClientRequestToken="job-1"
        )
        assert again["JobId"] == job_id
        # The job is still running, then completes on schedule.
        assert client.get_face_search(JobId=job_id)["JobStatus"] == "IN_PROGRESS"
        clock.advance(2)
        assert len(client.get_face_search(JobId=job_id)["Persons"]) == 2
        # New ids never collide with persisted ones.
        carol = client.index_faces(CollectionId="family", Image={"Bytes": make_face_image("carol")})
        ids = {f["FaceId"] for f in client.list_faces(CollectionId="family")["Faces"]}
        assert len(ids) == 3 and carol["FaceRecords"][0]["Face"]["FaceId"] in ids
        client.delete_collection(CollectionId="family")

    with LocalRekognition(data=data, clock=clock) as local:
        assert local.call("ListCollections")["CollectionIds"] == []
        assert local.backend.state.faces == {}
        assert local.backend.state.jobs[job_id].status == "SUCCEEDED"


def test_restart_on_the_same_port(tmp_path: Path) -> None:
    data = tmp_path / "rekog.db"
    with serve(data=data) as server:
        port = server.port
        client = http_client(server.endpoint_url)  # keeps its connection alive
        client.create_collection(CollectionId="one")
    with serve(port=port, data=data) as server:
        client.create_collection(CollectionId="two")  # same client, new server process state
        assert client.list_collections()["CollectionIds"] == ["one", "two"]
