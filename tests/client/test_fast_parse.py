"""Typed responses built straight from the raw bytes equal those built from botocore's dicts."""

from __future__ import annotations

import base64
import gc
import threading
from typing import Any

import boto3
import pytest
from botocore.config import Config
from support.stub_server import Reply, StubServer

from rekog import Rekognition
from rekog._parsing import RAW_BODY_KEY
from rekog.errors import ResourceNotFoundException


def face_search_page(persons: int) -> dict[str, Any]:
    return {
        "JobStatus": "SUCCEEDED",
        "VideoMetadata": {
            "Codec": "h264",
            "DurationMillis": 60000,
            "Format": "MP4",
            "FrameRate": 30.0,
            "FrameHeight": 720,
            "FrameWidth": 1280,
            "ColorRange": "LIMITED",
        },
        "Persons": [
            {
                "Timestamp": i * 40,
                "Person": {
                    "Index": i % 7,
                    "BoundingBox": {"Width": 0.1, "Height": 0.2, "Left": 0.3, "Top": 0.4},
                    "Face": {
                        "Confidence": 99.0,
                        "Emotions": [{"Type": "CALM", "Confidence": 90.0}],
                        "Landmarks": [{"Type": "eyeLeft", "X": 0.1, "Y": 0.2}],
                        "Pose": {"Roll": 1.0, "Yaw": 2.0, "Pitch": 3.0},
                    },
                },
                "FaceMatches": [
                    {
                        "Similarity": 97.5,
                        "Face": {
                            "FaceId": f"{i:08d}-1111-1111-1111-111111111111",
                            "ExternalImageId": "alice",
                            "Confidence": 99.0,
                        },
                    }
                ],
            }
            for i in range(persons)
        ],
        "NextToken": "next-page",
    }


def typed_both_ways(
    server: StubServer, operation: str, body: dict[str, Any], **arguments: Any
) -> tuple[Any, Any]:
    server.script(Reply(body=body))
    fast = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    plain = boto3.client(
        "rekognition",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        config=Config(retries={"total_max_attempts": 1}),
    )
    slow = Rekognition(client=plain)
    method = getattr(fast, operation)
    return method(**arguments), getattr(slow, operation)(**arguments)


def test_face_search_page_fast_equals_botocore_path(server: StubServer) -> None:
    fast, slow = typed_both_ways(server, "get_face_search", face_search_page(50), job_id="job-1")
    assert fast == slow
    assert fast.to_wire() == face_search_page(50)
    assert len(fast.persons) == 50


def test_timestamps_and_blobs_decode_like_botocore(server: StubServer) -> None:
    body = {
        "SessionId": "s-1",
        "Status": "SUCCEEDED",
        "Confidence": 99.0,
        "ReferenceImage": {
            "Bytes": base64.b64encode(b"\xff\xd8\xffimage").decode(),
            "BoundingBox": {"Width": 0.5, "Height": 0.5, "Left": 0.1, "Top": 0.1},
        },
    }
    fast, slow = typed_both_ways(
        server,
        "get_face_liveness_session_results",
        body,
        session_id="11111111-1111-1111-1111-111111111111",
    )
    assert fast.reference_image.bytes == b"\xff\xd8\xffimage" == slow.reference_image.bytes
    described = {
        "FaceCount": 3,
        "FaceModelVersion": "7.0",
        "CollectionARN": "arn:c",
        "CreationTimestamp": 1700000000.5,
        "UserCount": 1,
    }
    fast, slow = typed_both_ways(server, "describe_collection", described, collection_id="c1")
    assert fast.creation_timestamp == slow.creation_timestamp
    assert fast.creation_timestamp.timestamp() == 1700000000.5


def test_unknown_members_survive_the_fast_path(server: StubServer) -> None:
    body = {"CollectionIds": ["a"], "FaceModelVersions": ["7.0"], "BrandNewMember": {"x": [1, 2]}}
    fast, _ = typed_both_ways(server, "list_collections", body)
    assert fast.to_wire() == body


def test_errors_still_go_through_botocore(server: StubServer) -> None:
    server.script(Reply.error("ResourceNotFoundException", message="no collection"))
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    with pytest.raises(ResourceNotFoundException) as caught:
        rk.describe_collection(collection_id="gone")
    assert caught.value.message == "no collection"


def test_the_hook_keeps_the_raw_body_only_on_rekog_clients(server: StubServer) -> None:
    server.script(Reply(body={"CollectionIds": []}))
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    assert RAW_BODY_KEY in rk.client.list_collections()
    plain = boto3.client("rekognition", region_name="us-east-1", endpoint_url=server.endpoint_url)
    assert RAW_BODY_KEY not in plain.list_collections()


def test_gc_is_restored_after_parsing_in_threads(server: StubServer) -> None:
    server.script(Reply(body=face_search_page(200)))
    rk = Rekognition(region="us-east-1", endpoint_url=server.endpoint_url)
    assert gc.isenabled()
    threshold = gc.get_threshold()
    results: list[int] = []
    enabled_while_parsing: list[bool] = []

    def work() -> None:
        for _ in range(3):
            results.append(len(rk.get_face_search(job_id="job-1").persons))
            enabled_while_parsing.append(gc.isenabled())

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 18
    assert gc.isenabled()
    assert all(enabled_while_parsing)  # the collector is never switched off
    assert gc.get_threshold() == threshold
