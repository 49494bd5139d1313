"""The nine operations that completed the emulator, over HTTP with plain boto3: Face Liveness
sessions, tags, project policies and UpdateStreamProcessor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from support.installed_botocore import unknown_output_members

from rekog.local import LocalRekognition, LocalServer, ManualClock, make_face_image
from rekog.local.backend.catalog import operations_table
from rekog.local.emulator import dummy_session

from .conftest import NO_RETRIES
from .helpers import error_code

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "rekognition:CopyProjectVersion",
                "Resource": "*",
            }
        ],
    }
)


@pytest.fixture
def server(emulator: LocalRekognition) -> Iterator[LocalServer]:
    with emulator.serve(aws_services=True) as running:
        yield running


def client(server: LocalServer, service: str = "rekognition") -> Any:
    session: Any = dummy_session()
    return session.client(service, endpoint_url=server.endpoint_url, config=NO_RETRIES)


def test_every_operation_is_implemented() -> None:
    assert operations_table().startswith("75 of 75 operations are implemented.")


def test_liveness_session_declared_and_default_results(
    server: LocalServer, clock: ManualClock
) -> None:
    rekognition = client(server)
    session = rekognition.create_face_liveness_session(Settings={"AuditImagesLimit": 2})
    session_id = session["SessionId"]
    before = rekognition.get_face_liveness_session_results(SessionId=session_id)
    assert before["Status"] == "CREATED" and "Confidence" not in before
    # Defaults of a declaration: SUCCEEDED, 99.0, a generated face as the reference image.
    server.emulator.backend.declare_liveness(session_id)
    live = rekognition.get_face_liveness_session_results(SessionId=session_id)
    assert (live["Status"], live["Confidence"]) == ("SUCCEEDED", 99.0)
    if not unknown_output_members("GetFaceLivenessSessionResults", {"Challenge": {}}):
        # botocore drops a member its model predates (Challenge is newer than the floor).
        assert live["Challenge"] == {"Type": "FaceMovementAndLightChallenge", "Version": "1.0.0"}
    reference = live["ReferenceImage"]["Bytes"]
    assert reference[:3] == b"\xff\xd8\xff" and len(live["AuditImages"]) == 2
    # The reference image is a face that can be searched for.
    rekognition.create_collection(CollectionId="c")
    rekognition.index_faces(CollectionId="c", Image={"Bytes": reference})
    assert rekognition.search_faces_by_image(CollectionId="c", Image={"Bytes": reference})[
        "FaceMatches"
    ]
    # A declared spoof with a declared picture.
    spoof = rekognition.create_face_liveness_session()["SessionId"]
    picture = make_face_image("mallory", format="JPEG")
    server.emulator.backend.declare_liveness(spoof, confidence=3.5, reference_image=picture)
    answer = rekognition.get_face_liveness_session_results(SessionId=spoof)
    assert answer["Confidence"] == 3.5 and answer["ReferenceImage"]["Bytes"] == picture
    assert answer["AuditImages"] == []
    # Undeclared for 3 minutes: EXPIRED.
    stale = rekognition.create_face_liveness_session()["SessionId"]
    clock.advance(180)
    assert rekognition.get_face_liveness_session_results(SessionId=stale)["Status"] == "EXPIRED"
    unknown = "00000000-0000-4000-8000-000000000000"
    assert (
        error_code(rekognition.get_face_liveness_session_results, SessionId=unknown)
        == "SessionNotFoundException"
    )


def test_liveness_images_go_to_the_output_bucket(server: LocalServer) -> None:
    rekognition, s3 = client(server), client(server, "s3")
    s3.create_bucket(Bucket="liveness")
    session_id = rekognition.create_face_liveness_session(
        Settings={"OutputConfig": {"S3Bucket": "liveness", "S3KeyPrefix": "runs"}},
        ClientRequestToken="once",
    )["SessionId"]
    again = rekognition.create_face_liveness_session(
        Settings={"OutputConfig": {"S3Bucket": "liveness", "S3KeyPrefix": "runs"}},
        ClientRequestToken="once",
    )["SessionId"]
    assert again == session_id  # "the same session is returned" for the same token
    server.emulator.backend.declare_liveness(session_id)
    result = rekognition.get_face_liveness_session_results(SessionId=session_id)
    where = result["ReferenceImage"]["S3Object"]
    assert where["Bucket"] == "liveness" and where["Name"] == f"runs/{session_id}/reference.jpg"
    body = s3.get_object(Bucket="liveness", Key=where["Name"])["Body"].read()
    assert body[:3] == b"\xff\xd8\xff"


def test_tags_round_trip_on_every_taggable_resource(server: LocalServer) -> None:
    rekognition = client(server)
    collection = rekognition.create_collection(CollectionId="c", Tags={"team": "a"})[
        "CollectionArn"
    ]
    project = rekognition.create_project(ProjectName="p", Tags={"team": "b"})["ProjectArn"]
    processor = rekognition.create_stream_processor(
        Name="sp",
        Input={
            "KinesisVideoStream": {"Arn": "arn:aws:kinesisvideo:us-east-1:123456789012:stream/s/1"}
        },
        Output={"KinesisDataStream": {"Arn": "arn:aws:kinesis:us-east-1:123456789012:stream/o"}},
        RoleArn="arn:aws:iam::123456789012:role/r",
        Settings={"FaceSearch": {"CollectionId": "c"}},
        Tags={"team": "c"},
    )["StreamProcessorArn"]
    for arn, team in ((collection, "a"), (project, "b"), (processor, "c")):
        assert rekognition.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"team": team}
        rekognition.tag_resource(ResourceArn=arn, Tags={"env": "test", "team": "z"})
        assert rekognition.list_tags_for_resource(ResourceArn=arn)["Tags"] == {
            "team": "z",
            "env": "test",
        }
        rekognition.untag_resource(ResourceArn=arn, TagKeys=["team", "absent"])
        assert rekognition.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"env": "test"}
    # "arn:" in front of a collection ARN names the same collection.
    assert rekognition.list_tags_for_resource(ResourceArn="arn:" + collection)["Tags"]
    many = {f"k{i}": "v" for i in range(50)}
    assert (
        error_code(rekognition.tag_resource, ResourceArn=collection, Tags=many)
        == "ServiceQuotaExceededException"
    )
    assert (
        error_code(rekognition.create_collection, CollectionId="d", Tags={**many, "one": "more"})
        == "ServiceQuotaExceededException"
    )
    missing = "arn:aws:rekognition:us-east-1:123456789012:collection/nope"
    assert (
        error_code(rekognition.list_tags_for_resource, ResourceArn=missing)
        == "ResourceNotFoundException"
    )


def test_project_policies_with_revisions_and_conflicts(server: LocalServer) -> None:
    rekognition = client(server)
    project = rekognition.create_project(ProjectName="shared")["ProjectArn"]
    first = rekognition.put_project_policy(
        ProjectArn=project, PolicyName="copy", PolicyDocument=POLICY
    )["PolicyRevisionId"]
    assert error_code(
        rekognition.put_project_policy, ProjectArn=project, PolicyName="copy", PolicyDocument=POLICY
    ) == ("ResourceAlreadyExistsException")
    assert error_code(
        rekognition.put_project_policy,
        ProjectArn=project,
        PolicyName="copy",
        PolicyDocument=POLICY,
        PolicyRevisionId="0" * 32,
    ) == ("InvalidPolicyRevisionIdException")
    second = rekognition.put_project_policy(
        ProjectArn=project, PolicyName="copy", PolicyDocument=POLICY, PolicyRevisionId=first
    )["PolicyRevisionId"]
    assert second != first
    listed = rekognition.list_project_policies(ProjectArn=project)["ProjectPolicies"]
    assert [(p["PolicyName"], p["PolicyRevisionId"]) for p in listed] == [("copy", second)]
    assert json.loads(listed[0]["PolicyDocument"]) == json.loads(POLICY)
    assert error_code(
        rekognition.put_project_policy, ProjectArn=project, PolicyName="bad", PolicyDocument="{"
    ) == ("MalformedPolicyDocumentException")
    for n in range(4):
        rekognition.put_project_policy(
            ProjectArn=project, PolicyName=f"p{n}", PolicyDocument=POLICY
        )
    assert error_code(
        rekognition.put_project_policy, ProjectArn=project, PolicyName="p9", PolicyDocument=POLICY
    ) == ("LimitExceededException")
    assert error_code(
        rekognition.delete_project_policy,
        ProjectArn=project,
        PolicyName="copy",
        PolicyRevisionId=first,
    ) == ("InvalidPolicyRevisionIdException")
    rekognition.delete_project_policy(
        ProjectArn=project, PolicyName="copy", PolicyRevisionId=second
    )
    assert (
        error_code(rekognition.delete_project_policy, ProjectArn=project, PolicyName="copy")
        == "ResourceNotFoundException"
    )
    names = [
        p["PolicyName"]
        for page in rekognition.get_paginator("list_project_policies").paginate(
            ProjectArn=project, PaginationConfig={"PageSize": 3}
        )
        for p in page["ProjectPolicies"]
    ]
    assert names == ["p0", "p1", "p2", "p3"]


def test_update_stream_processor(server: LocalServer, clock: ManualClock) -> None:
    rekognition = client(server)
    common: dict[str, Any] = {
        "Input": {
            "KinesisVideoStream": {"Arn": "arn:aws:kinesisvideo:us-east-1:123456789012:stream/s/1"}
        },
        "RoleArn": "arn:aws:iam::123456789012:role/r",
    }
    rekognition.create_stream_processor(
        Name="door",
        Output={"S3Destination": {"Bucket": "door-clips"}},
        NotificationChannel={"SNSTopicArn": "arn:aws:sns:us-east-1:123456789012:t"},
        Settings={"ConnectedHome": {"Labels": ["PERSON"], "MinConfidence": 80}},
        **common,
    )
    rekognition.update_stream_processor(
        Name="door",
        SettingsForUpdate={"ConnectedHomeForUpdate": {"Labels": ["PET", "PACKAGE"]}},
        DataSharingPreferenceForUpdate={"OptIn": False},
        ParametersToDelete=["ConnectedHomeMinConfidence"],
    )
    described = rekognition.describe_stream_processor(Name="door")
    assert described["Status"] == "UPDATING"
    assert described["Settings"]["ConnectedHome"] == {"Labels": ["PET", "PACKAGE"]}
    assert described["DataSharingPreference"] == {"OptIn": False}
    clock.advance(2)
    assert rekognition.describe_stream_processor(Name="door")["Status"] == "STOPPED"
    rekognition.create_collection(CollectionId="c")
    rekognition.create_stream_processor(
        Name="faces",
        Output={"KinesisDataStream": {"Arn": "arn:aws:kinesis:us-east-1:123456789012:stream/o"}},
        Settings={"FaceSearch": {"CollectionId": "c"}},
        **common,
    )
    assert error_code(
        rekognition.update_stream_processor,
        Name="faces",
        SettingsForUpdate={"ConnectedHomeForUpdate": {"MinConfidence": 50}},
    ) == ("InvalidParameterException")
    assert (
        error_code(rekognition.update_stream_processor, Name="nope") == "ResourceNotFoundException"
    )


def test_liveness_declaration_is_checked(emulator: LocalRekognition) -> None:
    client = emulator.client(config=NO_RETRIES)
    session_id = client.create_face_liveness_session()["SessionId"]
    with pytest.raises(ValueError, match="status must be one of"):
        emulator.backend.declare_liveness(session_id, status="LIVE")
    with pytest.raises(KeyError):
        emulator.backend.declare_liveness("00000000-0000-4000-8000-000000000000")
    emulator.backend.declare_liveness(session_id, status="FAILED", confidence=None)
    failed = client.get_face_liveness_session_results(SessionId=session_id)
    assert failed["Status"] == "FAILED" and "ReferenceImage" not in failed
    # The emulator validates the id's pattern too (a non-botocore SDK might not).
    with pytest.raises(Exception, match="ValidationException"):
        emulator.call("GetFaceLivenessSessionResults", SessionId="x" * 36)
