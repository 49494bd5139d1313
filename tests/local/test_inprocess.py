"""The in-process hook: any boto3 client, sessions, global patching, moto side by side."""

from __future__ import annotations

from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from rekog.local import LocalRekognition, ManualClock, make_face_image, mock_rekognition

from .conftest import NO_RETRIES


def test_attach_to_a_client_created_elsewhere() -> None:
    client = boto3.client("rekognition", region_name="eu-west-1")
    with mock_rekognition(client, region="eu-west-1") as local:
        arn = client.create_collection(CollectionId="x")["CollectionArn"]
        assert arn == "aws:rekognition:eu-west-1:123456789012:collection/x"
        assert "x" in local.backend.state.collections


def test_detach_restores_the_network_path() -> None:
    client = boto3.client(
        "rekognition", region_name="us-east-1", endpoint_url="http://127.0.0.1:9", config=NO_RETRIES
    )
    local = LocalRekognition(clock=ManualClock())
    local.attach(client)
    assert client.list_collections()["CollectionIds"] == []
    local.detach(client)
    with pytest.raises(Exception) as info:  # nothing listens on port 9
        client.list_collections()
    assert not isinstance(info.value, ClientError)
    local.close()


def test_patch_every_new_client() -> None:
    with mock_rekognition(clock=ManualClock()) as local:
        boto3.client("rekognition", region_name="us-east-1").create_collection(CollectionId="a")
        boto3.session.Session(region_name="us-east-1").client("rekognition").create_collection(
            CollectionId="b"
        )
        plain: Any = botocore.session.get_session().create_client(
            "rekognition", region_name="us-east-1"
        )
        plain.create_collection(CollectionId="c")
        assert sorted(local.backend.state.collections) == ["a", "b", "c"]
    # Clients created after the block no longer reach the emulator.
    leftover = boto3.client(
        "rekognition", region_name="us-east-1", endpoint_url="http://127.0.0.1:9", config=NO_RETRIES
    )
    with pytest.raises(Exception) as info:
        leftover.list_collections()
    assert not isinstance(info.value, ClientError)


def test_patch_a_session() -> None:
    session = boto3.session.Session(region_name="us-east-1")
    with mock_rekognition(session) as local:
        session.client("rekognition").create_collection(CollectionId="from-session")
        assert list(local.backend.state.collections) == ["from-session"]


def test_works_next_to_moto() -> None:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="photos")
        s3.put_object(Bucket="photos", Key="a.jpg", Body=make_face_image("a", format="JPEG"))
        with mock_rekognition(s3=s3) as local:
            client = boto3.client("rekognition", region_name="us-east-1")
            faces = client.detect_faces(Image={"S3Object": {"Bucket": "photos", "Name": "a.jpg"}})[
                "FaceDetails"
            ]
            assert len(faces) == 1
            client.create_collection(CollectionId="c")  # moto does not implement collections
            assert list(local.backend.state.collections) == ["c"]


def test_an_emulator_can_be_shared() -> None:
    with LocalRekognition(clock=ManualClock()) as local:
        with mock_rekognition(emulator=local):
            boto3.client("rekognition", region_name="us-east-1").create_collection(
                CollectionId="kept"
            )
        assert local.call("ListCollections")["CollectionIds"] == ["kept"]
        with local.serve() as server:
            client = boto3.client(
                "rekognition", region_name="us-east-1", endpoint_url=server.endpoint_url
            )
            assert client.list_collections()["CollectionIds"] == ["kept"]
